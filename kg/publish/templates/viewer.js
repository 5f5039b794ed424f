/* conflict-kg viewer. Every text from the graph goes into the page through textContent
   or DOM attributes set one by one -- never as markup -- so an article that contains
   a script tag, an img with onerror or a closing script tag is shown as text and
   runs nothing. */
(function () {
  "use strict";
  var root = document.documentElement;
  var problems = [];

  function report(text) {
    problems.push(String(text));
    root.setAttribute("data-kg-errors", String(problems.length));
    var box = document.getElementById("kg-errors");
    box.hidden = false;
    box.textContent = "Viewer problem: " + problems.join(" | ");
  }
  window.addEventListener("error", function (e) { report(e.message || "script error"); });
  window.addEventListener("unhandledrejection", function (e) { report(e.reason); });
  // The page's CSP forbids every fetch and inline handler; a violation means something tried.
  document.addEventListener("securitypolicyviolation", function (e) {
    report("blocked by the page's security policy: " + e.violatedDirective + " " + (e.blockedURI || ""));
  });
  var consoleError = console.error;
  console.error = function () {
    report(Array.prototype.join.call(arguments, " "));
    return consoleError.apply(console, arguments);
  };

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  var SVG = "http://www.w3.org/2000/svg";
  function swatch(shape, color) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "14");
    svg.setAttribute("height", "14");
    var mark;
    if (shape === "triangle") {
      mark = document.createElementNS(SVG, "polygon");
      mark.setAttribute("points", "7,1 13,13 1,13");
    } else if (shape === "diamond") {
      mark = document.createElementNS(SVG, "polygon");
      mark.setAttribute("points", "7,0 14,7 7,14 0,7");
    } else if (shape === "square") {
      mark = document.createElementNS(SVG, "rect");
      mark.setAttribute("x", "2"); mark.setAttribute("y", "2");
      mark.setAttribute("width", "10"); mark.setAttribute("height", "10");
    } else if (shape === "line") {
      mark = document.createElementNS(SVG, "rect");
      mark.setAttribute("x", "0"); mark.setAttribute("y", "6");
      mark.setAttribute("width", "14"); mark.setAttribute("height", "3");
    } else {
      mark = document.createElementNS(SVG, "circle");
      mark.setAttribute("cx", "7"); mark.setAttribute("cy", "7"); mark.setAttribute("r", "6");
    }
    mark.setAttribute("fill", color);
    svg.appendChild(mark);
    return svg;
  }

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var status = document.getElementById("kg-status");
  var info = data.info;

  /* Only http(s) links become anchors; anything else (javascript:, data:) stays text. */
  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
  }
  function link(url, text) {
    var safe = safeUrl(url);
    if (!safe) return el("span", text);
    var a = el("a", text);
    a.href = safe;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  }
  function toll(c) {
    if (c.fatalities === null || c.fatalities === undefined) return "\u2013";
    var text = String(c.fatalities);
    if (c.fatalities_max !== null && c.fatalities_max !== undefined && c.fatalities_max !== c.fatalities) {
      text += "\u2013" + c.fatalities_max;
    }
    return text;
  }

  /* Sentences grouped by document, each document cited by outlet, date and link. */
  function sourceList(item, full) {
    var box = el("div");
    var byDoc = {}, docs = [];
    (item.evidence || []).forEach(function (e) {
      if (!(e[0] in byDoc)) { byDoc[e[0]] = []; docs.push(e[0]); }
      byDoc[e[0]].push(e[1]);
    });
    (item.sources || []).forEach(function (d) { if (!(d in byDoc)) { byDoc[d] = []; docs.push(d); } });
    var shownDocs = full ? docs : docs.slice(0, 2);
    shownDocs.forEach(function (d) {
      var a = data.articles[d] || {};
      var head = el("div", null, "kg-source");
      var name = a.outlet || d || "unsourced";
      head.appendChild(el("strong", name));
      if (a.published) head.appendChild(el("span", ", " + a.published));
      if (full && a.url) { head.appendChild(el("br")); head.appendChild(link(a.url, a.url)); }
      box.appendChild(head);
      var sentences = full ? byDoc[d] : byDoc[d].slice(0, 1);
      if (sentences.length) {
        var list = el("ul");
        sentences.forEach(function (text) { var li = el("li"); li.appendChild(el("q", text)); list.appendChild(li); });
        box.appendChild(list);
      }
    });
    var more = docs.length - shownDocs.length;
    if (more > 0) box.appendChild(el("div", "+ " + more + " more source(s)", "kg-src"));
    if (item.more_evidence) box.appendChild(el("div", "+ " + item.more_evidence + " more sentence(s)", "kg-src"));
    return box;
  }

  /* What each source said of the toll, side by side, when an incident has claims. */
  function claimTable(id) {
    var claims = data.claims[id];
    if (!claims || !claims.length) return null;
    var distinct = {};
    claims.forEach(function (c) { distinct[toll(c)] = true; });
    var box = el("div");
    box.appendChild(el("div", Object.keys(distinct).length > 1 ? "Sources disagree on the toll:" : "Claims:", "kg-card-type"));
    var table = el("table", null, "kg-claims");
    var head = el("tr");
    ["Source", "Date", "Killed", "Injured"].forEach(function (h) { head.appendChild(el("th", h)); });
    table.appendChild(head);
    claims.forEach(function (c) {
      var a = data.articles[c.doc] || {};
      var row = el("tr");
      var cell = el("td");
      cell.appendChild(link(a.url, a.outlet || c.doc));
      row.appendChild(cell);
      row.appendChild(el("td", a.published || c.date || ""));
      row.appendChild(el("td", toll(c)));
      row.appendChild(el("td", c.injured === null || c.injured === undefined ? "\u2013" : c.injured));
      table.appendChild(row);
    });
    box.appendChild(table);
    return box;
  }

  /* The card shown as a tooltip and in the details panel. */
  function card(id, full) {
    var item = info[id];
    var box = el("div", null, "kg-card");
    box.appendChild(el("div", item.label, "kg-card-title"));
    box.appendChild(el("div", item.type + " \u00b7 " + item.group, "kg-card-type"));
    if (item.aliases) box.appendChild(el("div", "Also: " + item.aliases));
    if (item.date) box.appendChild(el("div", "Date: " + item.date));
    if (item.event_type) box.appendChild(el("div", "ACLED: " + item.event_type));
    if (item.fatalities !== undefined) {
      // Lowest claim, best estimate (the latest report's), highest claim, as UCDP gives them.
      var spread = (item.fatalities_min !== undefined && item.fatalities_min !== item.fatalities) ||
        (item.fatalities_max !== undefined && item.fatalities_max !== item.fatalities);
      box.appendChild(el("div", "Fatalities: " + item.fatalities + (spread ? " (best; claims " +
        (item.fatalities_min !== undefined ? item.fatalities_min : item.fatalities) + "\u2013" +
        (item.fatalities_max !== undefined ? item.fatalities_max : item.fatalities) + ")" : "")));
    }
    if (item.injured !== undefined) box.appendChild(el("div", "Injured: " + item.injured));
    if (full) { var claims = claimTable(id); if (claims) box.appendChild(claims); }
    box.appendChild(sourceList(item, full));
    if (full && item.iri) box.appendChild(el("div", item.iri, "kg-iri"));
    return box;
  }

  if (data.notes && data.notes.length) {
    var note = document.getElementById("kg-note");
    note.hidden = false;
    note.textContent = data.notes.join(" ");
  }

  var FIRST_LABELS = 20;  // nodes labelled at the first view, by PageRank
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var nodeItems = data.nodes.map(function (n) {
    var item = { id: n.id, x: n.x, y: n.y, shape: n.shape, color: n.color, size: n.size,
                 borderWidth: n.borderWidth, label: n.order < FIRST_LABELS || n.id === data.focus ? n.label : "" };
    item.title = card(n.id, false);  // a DOM element: vis-network appends it as is
    return item;
  });
  var edgeItems = data.edges.map(function (e, i) {
    var rel = data.relations[e.relation] || { name: e.relation, color: e.color };
    return { id: i, from: e.from, to: e.to, color: { color: rel.color, highlight: rel.color, hover: rel.color },
             title: el("div", rel.name) };
  });

  /* Event neighbours of every drawn node, for the period filter. */
  var eventNeighbours = {};
  data.edges.forEach(function (e) {
    [[e.from, e.to], [e.to, e.from]].forEach(function (p) {
      if (info[p[1]].group === "Event") (eventNeighbours[p[0]] = eventNeighbours[p[0]] || []).push(p[1]);
    });
  });

  /* ---- filters: class (legend), period (dates, brush), unlinked nodes ---- */
  var hiddenTypes = {};
  var dateFrom = document.getElementById("kg-from");
  var dateTo = document.getElementById("kg-to");
  var isolatedBox = document.getElementById("kg-isolated");

  function dateBounds(d) {  // "2024" and "2024-04" cover a range of days
    if (d.length === 4) return [d + "-01-01", d + "-12-31"];
    if (d.length === 7) return [d + "-01", d + "-31"];
    return [d.slice(0, 10), d.slice(0, 10)];
  }
  function periodSet() { return Boolean(dateFrom.value || dateTo.value); }
  function eventShown(id) {
    var item = info[id];
    if (hiddenTypes[item.type]) return false;
    if (!periodSet()) return true;
    if (!item.date) return false;  // a period shows dated events only
    var b = dateBounds(item.date);
    return (!dateFrom.value || b[1] >= dateFrom.value) && (!dateTo.value || b[0] <= dateTo.value);
  }
  function nodeShown(item) {
    var n = byId[item.id], i = info[item.id];
    if (i.group === "Event") return eventShown(item.id);
    if (hiddenTypes[i.type]) return false;
    if (n.isolated && !isolatedBox.checked) return false;
    // With a period set, actors and places stay only while one of their events does.
    if (periodSet() && eventNeighbours[item.id]) return eventNeighbours[item.id].some(eventShown);
    return !periodSet() || Boolean(n.isolated);
  }

  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var nodeView = new vis.DataView(nodes, { filter: nodeShown });
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edges }, data.options);

  /* Labels: the most central nodes at first sight, more as the analyst zooms in. */
  var labelled = {};
  data.nodes.forEach(function (n) { labelled[n.id] = Boolean(nodes.get(n.id).label); });
  var firstScale = null;
  /* Labels: the most central nodes at first sight, more as the analyst zooms in; a
     label that would overlap one of a more central node waits for a closer zoom. */
  var byOrder = data.nodes.slice().sort(function (a, b) { return a.order - b.order; });
  function updateLabels() {
    var scale = network.getScale();
    if (firstScale === null) firstScale = scale;
    var k = Math.round(FIRST_LABELS * Math.pow(Math.max(scale / firstScale, 1), 2));
    // Labels stay about 13 px on screen at any zoom, so the first view can be read.
    var size = Math.round(Math.max(13, 13 / scale));
    var boxes = [], want = {}, placed = 0;
    var pos = network.getPositions(byOrder.slice(0, 4 * k).map(function (n) { return n.id; }));
    for (var i = 0; i < byOrder.length && placed < k; i++) {
      var n = byOrder[i], p = pos[n.id];
      if (!p || !nodeView.get(n.id)) continue;
      var w = (n.label.length * 7 + 6) / scale, h = 18 / scale, top = p.y + n.size;
      var box = [p.x - w / 2, top, p.x + w / 2, top + h];
      var clash = boxes.some(function (b) { return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]; });
      if (clash && n.id !== data.focus) continue;
      boxes.push(box);
      want[n.id] = true;
      placed += 1;
    }
    if (data.focus !== null) want[data.focus] = true;
    var changes = [];
    data.nodes.forEach(function (n) {
      var on = Boolean(want[n.id]);
      if (on !== Boolean(labelled[n.id]) || (on && labelled[n.id] !== size)) {
        changes.push({ id: n.id, label: on ? n.label : "", font: { size: size } });
        labelled[n.id] = on ? size : false;
      }
    });
    if (changes.length) nodes.update(changes);
    root.setAttribute("data-kg-labels", String(data.nodes.filter(function (n) { return labelled[n.id]; }).length));
  }
  var labelTimer = null;
  network.on("zoom", function () { clearTimeout(labelTimer); labelTimer = setTimeout(updateLabels, 120); });

  var isolatedCount = data.nodes.filter(function (n) { return n.isolated; }).length;
  document.getElementById("kg-isolated-count").textContent = "(" + isolatedCount + ")";

  function showStatus(prefix) {
    var text = (prefix ? prefix + " " : "") + nodeView.length + " of " + data.nodes.length +
      " nodes shown (" + data.edges.length + " edges in this view)";
    if (data.total.nodes !== data.nodes.length) text += " (the graph has " + data.total.nodes + " nodes)";
    if (isolatedCount && !isolatedBox.checked) text += "; " + isolatedCount + " unlinked nodes hidden";
    status.textContent = text + ".";
  }

  /* ---- map and timeline ---- */
  var details = document.getElementById("kg-details");
  function showDetails(id) {
    details.textContent = "";
    if (id !== null && info[id]) details.appendChild(card(id, true));
  }
  function pick(ids) {
    if (ids.length === 1) {
      showDetails(ids[0]);
      if (byId[ids[0]] && nodeView.get(ids[0])) network.selectNodes([ids[0]]);
      return;
    }
    details.textContent = "";
    details.appendChild(el("div", ids.length + " incidents here:", "kg-card-title"));
    var list = el("ul");
    ids.forEach(function (id) {
      var li = el("li"), b = el("button", info[id].label, "kg-link");
      b.type = "button";
      b.addEventListener("click", function () { pick([id]); });
      li.appendChild(b);
      list.appendChild(li);
    });
    details.appendChild(list);
  }
  var map = window.kgMap(document.getElementById("kg-map"), document.getElementById("kg-map-note"),
                         { incidents: data.incidents, basemap: data.basemap, onPick: pick });
  var timeline = window.kgTimeline(document.getElementById("kg-timeline"), document.getElementById("kg-time-keys"), {
    incidents: data.incidents,
    onBrush: function (from, to) { dateFrom.value = from || ""; dateTo.value = to || ""; refresh(); }
  });
  document.getElementById("kg-time-step").addEventListener("change", function (e) { timeline.setStep(e.target.value); });
  document.getElementById("kg-time-by").addEventListener("change", function (e) { timeline.setBy(e.target.value); });

  function refresh() {
    nodeView.refresh();
    if (firstScale !== null) updateLabels();
    var byType = {}, inPeriod = {};
    data.incidents.forEach(function (i) {
      if (!hiddenTypes[i.kind]) byType[i.id] = true;
      if (eventShown(i.id)) inPeriod[i.id] = true;
    });
    timeline.show(byType);
    timeline.setRange(dateFrom.value, dateTo.value);
    map.show(inPeriod);
    showStatus("");
  }

  /* ---- legend ---- */
  var typeCounts = {};
  data.nodes.forEach(function (n) { var t = info[n.id].type; typeCounts[t] = (typeCounts[t] || 0) + 1; });
  var legend = document.getElementById("kg-legend");
  var typeBoxes = {};
  Object.keys(typeCounts).sort().forEach(function (type) {
    var style = data.styles[type] || { shape: "dot", color: "#7f7f7f" };
    var row = el("label", null, "kg-legend-row");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    typeBoxes[type] = box;
    box.addEventListener("change", function () { hiddenTypes[type] = !box.checked; refresh(); });
    row.appendChild(box);
    row.appendChild(swatch(style.shape, style.color));
    row.appendChild(el("span", type));
    row.appendChild(el("span", typeCounts[type], "kg-count"));
    legend.appendChild(row);
  });
  var relCounts = {};
  data.edges.forEach(function (e) { relCounts[e.relation] = (relCounts[e.relation] || 0) + 1; });
  var relLegend = document.getElementById("kg-relations");
  Object.keys(relCounts).sort().forEach(function (rel) {
    var style = data.relations[rel] || { name: rel, color: "#888888" };
    var row = el("div", null, "kg-legend-row");
    row.appendChild(swatch("line", style.color));
    row.appendChild(el("span", style.name));
    row.appendChild(el("span", relCounts[rel], "kg-count"));
    relLegend.appendChild(row);
  });

  /* ---- details and search ---- */
  network.on("click", function (params) { if (params.nodes.length) showDetails(params.nodes[0]); });

  var names = document.getElementById("kg-names");
  data.nodes.forEach(function (n) {
    if (info[n.id].group === "Event") return;
    var option = el("option");
    option.value = info[n.id].label;
    names.appendChild(option);
  });
  var search = document.getElementById("kg-search");
  var searchResult = document.getElementById("kg-search-result");
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    if (!q) { searchResult.textContent = ""; network.unselectAll(); return; }
    var exact = [], partial = [];
    data.nodes.forEach(function (n) {
      if (!nodeView.get(n.id)) return;
      var label = String(info[n.id].label).toLowerCase();
      var aliases = String(info[n.id].aliases || "").toLowerCase();
      if (label === q) exact.push(n.id);
      else if (label.indexOf(q) >= 0 || aliases.indexOf(q) >= 0) partial.push(n.id);
    });
    var hits = exact.concat(partial);
    searchResult.textContent = hits.length + " match" + (hits.length === 1 ? "" : "es");
    network.selectNodes(hits);
    if (hits.length) {
      network.focus(hits[0], { scale: 1.2, animation: { duration: 400 } });
      showDetails(hits[0]);
    }
  }
  search.addEventListener("change", runSearch);
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") runSearch(); });

  dateFrom.addEventListener("change", refresh);
  dateTo.addEventListener("change", refresh);
  isolatedBox.addEventListener("change", refresh);
  document.getElementById("kg-reset").addEventListener("click", function () {
    hiddenTypes = {};
    dateFrom.value = dateTo.value = search.value = "";
    searchResult.textContent = "";
    legend.querySelectorAll("input").forEach(function (box) { box.checked = true; });
    refresh();
    updateLabels();
  });

  /* A view can be shared as a link: #q=BLA&from=2024-01-01&to=2024-06-30&hide=Clash,City
     &unlinked=1&pick=IRI&step=week&by=perpetrator */
  function applyHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    [["step", "kg-time-step", ["month", "week"]], ["by", "kg-time-by", ["kind", "perpetrator"]]].forEach(function (c) {
      var value = params.get(c[0]);
      if (c[2].indexOf(value) < 0) return;
      document.getElementById(c[1]).value = value;
      if (c[0] === "step") timeline.setStep(value); else timeline.setBy(value);
    });
    dateFrom.value = params.get("from") || "";
    dateTo.value = params.get("to") || "";
    isolatedBox.checked = params.get("unlinked") === "1";
    (params.get("hide") || "").split(",").forEach(function (type) {
      if (typeBoxes[type]) { hiddenTypes[type] = true; typeBoxes[type].checked = false; }
    });
    refresh();
    if (params.get("q")) { search.value = params.get("q"); runSearch(); }
    var wanted = params.get("pick");
    if (wanted) info.forEach(function (item, id) { if (item.iri === wanted) pick([id]); });
  }

  /* ---- first view: laid out at build time, so draw once, then say so ---- */
  function fitted() {
    network.fit();
    // A margin for the labels, which fit() does not count and would cut at the edges.
    network.moveTo({ scale: network.getScale() * 0.9 });
    // A handful of nodes would otherwise fill the pane at many times their size.
    if (network.getScale() > 1) network.moveTo({ scale: 1 });
  }
  function drawn() {
    network.redraw();
    fitted();  // again, now that the page's grid has given the canvas its final size
    if (data.focus !== null) {
      network.selectNodes([data.focus]);
      showDetails(data.focus);
    }
    if (location.hash.length > 1) applyHash();
    else refresh();
    updateLabels();
    showStatus("Drawn:");
    // Milliseconds from navigation to the first complete view (benchmarks read it).
    root.setAttribute("data-kg-first-draw-ms", String(Math.round(performance.now())));
    root.setAttribute("data-kg-drawn", String(nodeView.length));
  }
  refresh();
  if (data.nodes.length) {
    network.once("afterDrawing", function () { setTimeout(drawn, 0); });
    fitted();
  } else {
    drawn();
  }
})();
