/* conflict-kg map: incidents over the region's country and province borders, in plain
   SVG so the page needs no tile server and no library. Markers are sized by toll and
   coloured by type; markers closer than a few pixels merge into a cluster that shows
   its count, and split as the analyst zooms in (wheel) or clicks it. Text from the graph
   only ever reaches the page through textContent. */
window.kgMap = function (svg, note, opts) {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var incidents = opts.incidents || [];
  var base = opts.basemap || {};
  var located = incidents.filter(function (i) { return typeof i.lat === "number" && typeof i.lon === "number"; });
  var unlocated = incidents.filter(function (i) { return located.indexOf(i) < 0; });
  var lats = located.map(function (i) { return i.lat; });
  var midLat = lats.length ? (Math.min.apply(null, lats) + Math.max.apply(null, lats)) / 2 : 30;
  var cosLat = Math.cos((midLat * Math.PI) / 180);
  function project(lon, lat) { return [lon * cosLat, -lat]; }

  function make(tag, attrs) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }
  var borders = make("g");
  var markers = make("g");
  svg.appendChild(borders);
  svg.appendChild(markers);
  [["coast", "kg-coast"], ["provinces", "kg-province"], ["countries", "kg-country"]].forEach(function (layer) {
    (base[layer[0]] || []).forEach(function (line) {
      var d = line.map(function (p, k) {
        var xy = project(p[0], p[1]);
        return (k ? "L" : "M") + xy[0].toFixed(3) + " " + xy[1].toFixed(3);
      }).join("");
      borders.appendChild(make("path", { d: d, "class": layer[1] }));
    });
  });

  /* The first view frames the incidents (or the region when none has coordinates). */
  var box;
  (function () {
    var pts = located.map(function (i) { return project(i.lon, i.lat); });
    if (!pts.length && base.bbox) pts = [project(base.bbox[0], base.bbox[1]), project(base.bbox[2], base.bbox[3])];
    if (!pts.length) pts = [[0, 0], [1, 1]];
    var xs = pts.map(function (p) { return p[0]; }), ys = pts.map(function (p) { return p[1]; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var pad = Math.max(1, (x1 - x0) * 0.1, (y1 - y0) * 0.1);
    box = { x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad };
  })();
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  function applyBox() { svg.setAttribute("viewBox", [box.x, box.y, box.w, box.h].join(" ")); }
  function unitsPerPixel() {
    var r = svg.getBoundingClientRect();
    return Math.max(box.w / (r.width || 400), box.h / (r.height || 300));
  }

  var CELL = 30;  // pixels: incidents closer than this on screen form one cluster
  var visible = null;  // ids shown; null: all
  function cluster() {
    var upp = unitsPerPixel(), cell = CELL * upp, groups = {};
    located.forEach(function (i) {
      if (visible && !visible[i.id]) return;
      var xy = project(i.lon, i.lat);
      var key = Math.floor(xy[0] / cell) + ":" + Math.floor(xy[1] / cell);
      (groups[key] = groups[key] || []).push({ inc: i, xy: xy });
    });
    return Object.keys(groups).map(function (k) { return groups[k]; });
  }
  function draw() {
    applyBox();
    markers.textContent = "";
    var upp = unitsPerPixel(), shown = 0;
    // Line widths in map units, one pixel wide at this zoom (see the stroke note below).
    borders.setAttribute("stroke-width", String(upp));
    cluster().forEach(function (members) {
      shown += members.length;
      var x = 0, y = 0, toll = 0, kinds = {};
      members.forEach(function (m) {
        x += m.xy[0]; y += m.xy[1];
        toll += m.inc.fatalities_max || m.inc.fatalities || 0;
        kinds[m.inc.colour] = (kinds[m.inc.colour] || 0) + 1;
      });
      x /= members.length; y /= members.length;
      var colour = Object.keys(kinds).sort(function (a, b) { return kinds[b] - kinds[a]; })[0];
      // Radius grows with the toll but stays within the cluster's cell, so markers of
      // neighbouring cells never cover one another.
      var px = Math.min(CELL / 2, 3 + 1.3 * Math.sqrt(toll));
      if (members.length > 1) px = Math.max(px, 8);
      // Stroke in map units: Chromium clips circles drawn with a non-scaling stroke.
      var dot = make("circle", { cx: x, cy: y, r: px * upp, fill: colour, "class": "kg-marker",
                                 "stroke-width": upp });
      var title = make("title");
      title.textContent = members.length === 1 ? members[0].inc.label
        : members.length + " incidents, " + toll + " killed";
      dot.appendChild(title);
      dot.addEventListener("click", function (e) {
        e.stopPropagation();
        var xs = members.map(function (m) { return m.xy[0]; }), ys = members.map(function (m) { return m.xy[1]; });
        var spread = Math.max(Math.max.apply(null, xs) - Math.min.apply(null, xs),
                              Math.max.apply(null, ys) - Math.min.apply(null, ys));
        if (members.length > 1 && spread > 1e-6) zoomAt(x, y, 0.35);
        else opts.onPick(members.map(function (m) { return m.inc.id; }));
      });
      markers.appendChild(dot);
      if (members.length > 1) {
        var label = make("text", { x: x, y: y, "class": "kg-cluster-count", "font-size": 10 * upp });
        label.textContent = String(members.length);
        markers.appendChild(label);
      }
    });
    svg.setAttribute("data-kg-markers", String(shown));
  }

  function zoomAt(cx, cy, factor) {
    box = { x: cx - (cx - box.x) * factor, y: cy - (cy - box.y) * factor, w: box.w * factor, h: box.h * factor };
    draw();
  }
  function toMap(e) {
    var pt = svg.createSVGPoint();
    pt.x = e.clientX; pt.y = e.clientY;
    var m = svg.getScreenCTM();
    return m ? pt.matrixTransform(m.inverse()) : { x: box.x + box.w / 2, y: box.y + box.h / 2 };
  }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var p = toMap(e);
    zoomAt(p.x, p.y, e.deltaY < 0 ? 0.8 : 1.25);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (e) {
    drag = { x: e.clientX, y: e.clientY, box: { x: box.x, y: box.y, w: box.w, h: box.h } };
  });
  window.addEventListener("pointermove", function (e) {
    if (!drag) return;
    if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 3) drag.moved = true;
    var upp = unitsPerPixel();
    box.x = drag.box.x - (e.clientX - drag.x) * upp;
    box.y = drag.box.y - (e.clientY - drag.y) * upp;
    applyBox();
  });
  // Redraw only after a real pan: redrawing on a plain click would replace the marker
  // under the pointer before its click event fires.
  window.addEventListener("pointerup", function () {
    if (drag && drag.moved) draw();
    drag = null;
  });

  /* Incidents whose place has no coordinates are listed, not dropped. */
  function writeNote() {
    note.textContent = "";
    var onMap = located.filter(function (i) { return !visible || visible[i.id]; }).length;
    var off = unlocated.filter(function (i) { return !visible || visible[i.id]; });
    note.appendChild(document.createTextNode(onMap + " incident" + (onMap === 1 ? "" : "s") +
      " on the map (wheel to zoom, drag to pan). Borders: " + (base.source || "none") + ". "));
    if (off.length) {
      note.appendChild(document.createTextNode(off.length + " without coordinates: "));
      off.forEach(function (i, k) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = i.label;
        b.addEventListener("click", function () { opts.onPick([i.id]); });
        note.appendChild(b);
        if (k < off.length - 1) note.appendChild(document.createTextNode("; "));
      });
    }
    svg.setAttribute("data-kg-unlocated", String(off.length));
  }

  var api = {
    show: function (ids) { visible = ids; draw(); writeNote(); },
    redraw: draw
  };
  if (window.ResizeObserver) new ResizeObserver(function () { draw(); }).observe(svg);
  api.show(null);
  return api;
};
