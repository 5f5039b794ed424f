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

  /* The card shown as a tooltip and in the details panel. */
  function card(info, full) {
    var box = el("div", null, "kg-card");
    box.appendChild(el("div", info.label, "kg-card-title"));
    box.appendChild(el("div", info.type + " \u00b7 " + info.group, "kg-card-type"));
    if (info.aliases) box.appendChild(el("div", "Also: " + info.aliases));
    if (info.date) box.appendChild(el("div", "Date: " + info.date));
    if (info.event_type) box.appendChild(el("div", "ACLED: " + info.event_type));
    if (info.fatalities !== undefined) {
      var deaths = String(info.fatalities);
      if (info.fatalities_max !== undefined && info.fatalities_max !== info.fatalities) {
        deaths += "\u2013" + info.fatalities_max;
      }
      box.appendChild(el("div", "Fatalities: " + deaths));
    }
    if (info.injured !== undefined) box.appendChild(el("div", "Injured: " + info.injured));
    if (info.sources) box.appendChild(el("div", "Sources: " + info.sources));
    var evidence = info.evidence || [];
    var shown = full ? evidence : evidence.slice(0, 3);
    if (shown.length) {
      var list = el("ul");
      shown.forEach(function (item) {
        var li = el("li");
        li.appendChild(el("q", item[1]));
        if (item[0]) li.appendChild(el("span", " \u2014 " + item[0], "kg-src"));
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    var more = evidence.length - shown.length + (info.more_evidence || 0);
    if (more > 0) box.appendChild(el("div", "+ " + more + " more sentence(s)", "kg-src"));
    if (full && info.iri) box.appendChild(el("div", info.iri, "kg-iri"));
    return box;
  }

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var status = document.getElementById("kg-status");

  if (data.notes && data.notes.length) {
    var note = document.getElementById("kg-note");
    note.hidden = false;
    note.textContent = data.notes.join(" ");
  }

  var byId = {};
  var nodeItems = data.nodes.map(function (n) {
    byId[n.id] = n;
    var item = {};
    Object.keys(n).forEach(function (k) { if (k !== "ckg") item[k] = n[k]; });
    item.title = card(n.ckg, false);  // a DOM element: vis-network appends it as is
    return item;
  });
  var edgeItems = data.edges.map(function (e, i) {
    var item = {};
    Object.keys(e).forEach(function (k) { if (k !== "ckg") item[k] = e[k]; });
    item.id = i;
    item.title = el("div", e.ckg.relation + " (" + e.ckg.evidence_count + " evidence)");
    return item;
  });

  /* ---- filters: class (legend), date range (events only) ---- */
  var hiddenTypes = {};
  var dateFrom = document.getElementById("kg-from");
  var dateTo = document.getElementById("kg-to");

  function dateBounds(d) {  // "2024" and "2024-04" cover a range of days
    if (d.length === 4) return [d + "-01-01", d + "-12-31"];
    if (d.length === 7) return [d + "-01", d + "-31"];
    return [d.slice(0, 10), d.slice(0, 10)];
  }
  function nodeShown(item) {
    var info = byId[item.id].ckg;
    if (hiddenTypes[info.type]) return false;
    if (info.group !== "Event" || (!dateFrom.value && !dateTo.value)) return true;
    if (!info.date) return false;  // a date filter shows dated events only
    var b = dateBounds(info.date);
    return (!dateFrom.value || b[1] >= dateFrom.value) && (!dateTo.value || b[0] <= dateTo.value);
  }

  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var nodeView = new vis.DataView(nodes, { filter: nodeShown });
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edges }, data.options);

  function showStatus(prefix) {
    var text = (prefix ? prefix + " " : "") + nodeView.length + " of " + data.nodes.length +
      " nodes shown (" + data.edges.length + " edges in this view)";
    if (data.total.nodes !== data.nodes.length) text += " (the graph has " + data.total.nodes + " nodes)";
    status.textContent = text + ".";
  }
  function refresh() { nodeView.refresh(); showStatus(""); }

  /* ---- legend ---- */
  var typeCounts = {};
  data.nodes.forEach(function (n) { typeCounts[n.ckg.type] = (typeCounts[n.ckg.type] || 0) + 1; });
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
  data.edges.forEach(function (e) { relCounts[e.ckg.relation] = (relCounts[e.ckg.relation] || 0) + 1; });
  var relLegend = document.getElementById("kg-relations");
  Object.keys(relCounts).sort().forEach(function (rel) {
    var row = el("div", null, "kg-legend-row");
    row.appendChild(swatch("line", data.relations[rel] || "#888888"));
    row.appendChild(el("span", rel));
    row.appendChild(el("span", relCounts[rel], "kg-count"));
    relLegend.appendChild(row);
  });

  /* ---- details and search ---- */
  var details = document.getElementById("kg-details");
  function showDetails(id) {
    details.textContent = "";
    if (id !== null && byId[id]) details.appendChild(card(byId[id].ckg, true));
  }
  network.on("click", function (params) { if (params.nodes.length) showDetails(params.nodes[0]); });

  var names = document.getElementById("kg-names");
  data.nodes.forEach(function (n) {
    if (n.ckg.group === "Event") return;
    var option = el("option");
    option.value = n.ckg.label;
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
      var label = String(n.ckg.label).toLowerCase();
      var aliases = String(n.ckg.aliases || "").toLowerCase();
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
  document.getElementById("kg-reset").addEventListener("click", function () {
    hiddenTypes = {};
    dateFrom.value = dateTo.value = search.value = "";
    searchResult.textContent = "";
    legend.querySelectorAll("input").forEach(function (box) { box.checked = true; });
    refresh();
  });

  /* A view can be shared as a link: #q=BLA&from=2024-01-01&to=2024-06-30&hide=Clash,City */
  function applyHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    dateFrom.value = params.get("from") || "";
    dateTo.value = params.get("to") || "";
    (params.get("hide") || "").split(",").forEach(function (type) {
      if (typeBoxes[type]) { hiddenTypes[type] = true; typeBoxes[type].checked = false; }
    });
    nodeView.refresh();
    if (params.get("q")) { search.value = params.get("q"); runSearch(); }
  }

  /* ---- layout: stabilise, then freeze, then say so (tests read data-kg-drawn) ---- */
  network.on("stabilizationProgress", function (p) {
    status.textContent = "Laying out\u2026 " + Math.round((100 * p.iterations) / p.total) + "%";
  });
  function drawn() {
    network.setOptions({ physics: { enabled: false } });
    if (data.focus !== null) {
      network.selectNodes([data.focus]);
      showDetails(data.focus);
    }
    if (location.hash.length > 1) applyHash();
    showStatus("Drawn:");
    root.setAttribute("data-kg-drawn", String(Object.keys(network.getPositions()).length));
  }
  if (data.nodes.length) network.once("stabilizationIterationsDone", drawn);
  else drawn();
})();
