/* conflict-kg timeline: incidents per month or week, stacked by type or by perpetrator,
   in plain SVG. Dragging across the chart picks a period (the "brush"), which the page
   applies to the map and the network; a double-click clears it. */
window.kgTimeline = function (svg, keys, opts) {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf"];
  var step = "month", by = "kind", shownIds = null, range = [null, null];

  function make(tag, attrs) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(d) { return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()); }
  function day(text) { return new Date(text + "T00:00:00Z"); }
  /* [first day, last day] of the bucket holding a date; month-precision dates fall in
     their month, and in the week of the month's first day. */
  function bucketOf(date) {
    if (!date || date.length < 7) return null;
    var d = day(date.length === 7 ? date + "-01" : date.slice(0, 10));
    if (isNaN(d)) return null;
    if (step === "month") {
      var first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
      var last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
      return [iso(first), iso(last)];
    }
    var monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86400000);
    return [iso(monday), iso(new Date(monday.getTime() + 6 * 86400000))];
  }
  function nextBucket(b) {
    var d = day(b[1]);
    return bucketOf(iso(new Date(d.getTime() + 86400000)));
  }

  var geometry = null;  // the drawn buckets and their x positions, for the brush
  function seriesOf(inc, top) {
    if (by === "kind") return inc.kind;
    var p = inc.perpetrators && inc.perpetrators.length ? inc.perpetrators[0] : "unknown perpetrator";
    return top.indexOf(p) >= 0 ? p : "other";
  }
  function draw() {
    svg.textContent = "";
    keys.textContent = "";
    var list = opts.incidents.filter(function (i) { return !shownIds || shownIds[i.id]; });
    var counts = {};
    list.forEach(function (i) {
      var p = i.perpetrators && i.perpetrators.length ? i.perpetrators[0] : "unknown perpetrator";
      counts[p] = (counts[p] || 0) + 1;
    });
    var top = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); }).slice(0, 7);
    var buckets = {}, first = null, last = null, undated = 0, colours = {}, order = [];
    list.forEach(function (i) {
      var b = bucketOf(i.date);
      if (!b) { undated += 1; return; }
      var s = seriesOf(i, top);
      if (!(s in colours)) {
        colours[s] = by === "kind" ? i.colour : PALETTE[top.indexOf(s) >= 0 ? top.indexOf(s) : 7];
        order.push(s);
      }
      var cell = buckets[b[0]] = buckets[b[0]] || {};
      cell[s] = (cell[s] || 0) + 1;
      if (!first || b[0] < first[0]) first = b;
      if (!last || b[0] > last[0]) last = b;
    });
    var all = [];
    for (var b = first; b && last && b[0] <= last[0]; b = nextBucket(b)) all.push(b);
    var r = svg.getBoundingClientRect();
    var W = r.width || 800, H = r.height || 120, left = 28, bottom = 16, top2 = 6;
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    var peak = 1;
    all.forEach(function (b) {
      var total = 0, cell = buckets[b[0]] || {};
      Object.keys(cell).forEach(function (s) { total += cell[s]; });
      peak = Math.max(peak, total);
    });
    var bw = all.length ? (W - left - 4) / all.length : 0;
    var yScale = (H - bottom - top2) / peak;
    svg.appendChild(make("line", { x1: left, y1: H - bottom, x2: W - 4, y2: H - bottom, stroke: "#999" }));
    var peakLabel = make("text", { x: left - 4, y: top2 + 8, "text-anchor": "end", "class": "kg-axis" });
    peakLabel.textContent = String(peak);
    svg.appendChild(peakLabel);
    var every = Math.max(1, Math.ceil(all.length / Math.max(1, W / 70)));
    all.forEach(function (b, k) {
      var x = left + k * bw, y = H - bottom, cell = buckets[b[0]] || {};
      order.forEach(function (s) {
        if (!cell[s]) return;
        var h = cell[s] * yScale;
        y -= h;
        var bar = make("rect", { x: x + 0.5, y: y, width: Math.max(1, bw - 1), height: h, fill: colours[s] });
        var t = make("title");
        t.textContent = b[0] + ": " + cell[s] + " \u00b7 " + s;
        bar.appendChild(t);
        svg.appendChild(bar);
      });
      if (k % every === 0) {
        var tick = make("text", { x: x + 1, y: H - 3, "class": "kg-axis" });
        tick.textContent = step === "month" ? b[0].slice(0, 7) : b[0];
        svg.appendChild(tick);
      }
    });
    order.forEach(function (s) {
      var key = document.createElement("span");
      key.className = "kg-key";
      var sw = document.createElement("span");
      sw.style.cssText = "display:inline-block;width:10px;height:10px;background:" + colours[s];
      key.appendChild(sw);
      key.appendChild(document.createTextNode(s));
      keys.appendChild(key);
    });
    if (undated) keys.appendChild(document.createTextNode("(" + undated + " undated or year only, not drawn)"));
    geometry = { all: all, left: left, bw: bw, H: H, bottom: bottom };
    svg.setAttribute("data-kg-buckets", String(all.length));
    drawBrush();
  }

  var brush = null;
  function xOf(date, end) {
    var g = geometry;
    if (!g || !g.all.length) return null;
    for (var k = 0; k < g.all.length; k++) {
      if (date <= g.all[k][1]) return g.left + (k + (end ? 1 : 0)) * g.bw;
    }
    return g.left + g.all.length * g.bw;
  }
  function drawBrush() {
    if (brush) brush.remove();
    brush = null;
    svg.removeAttribute("data-kg-brush");
    if (!geometry || !geometry.all.length || (!range[0] && !range[1])) return;
    var x0 = range[0] ? xOf(range[0], false) : geometry.left;
    var x1 = range[1] ? xOf(range[1], true) : geometry.left + geometry.all.length * geometry.bw;
    if (range[1] && range[1] < geometry.all[0][0]) x1 = geometry.left;
    brush = make("rect", { x: x0, y: 0, width: Math.max(1, x1 - x0), height: geometry.H - geometry.bottom, "class": "kg-brush" });
    svg.appendChild(brush);
    svg.setAttribute("data-kg-brush", (range[0] || "") + "/" + (range[1] || ""));
  }

  function bucketAt(e) {
    var g = geometry, r = svg.getBoundingClientRect();
    if (!g || !g.all.length) return null;
    var k = Math.floor((e.clientX - r.left - g.left) / g.bw);
    return g.all[Math.max(0, Math.min(g.all.length - 1, k))];
  }
  var start = null;
  svg.addEventListener("pointerdown", function (e) {
    start = bucketAt(e);
    if (start) svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener("pointermove", function (e) {
    if (!start) return;
    var here = bucketAt(e);
    range = here[0] < start[0] ? [here[0], start[1]] : [start[0], here[1]];
    drawBrush();
  });
  svg.addEventListener("pointerup", function (e) {
    if (!start) return;
    var here = bucketAt(e);
    range = here[0] < start[0] ? [here[0], start[1]] : [start[0], here[1]];
    start = null;
    opts.onBrush(range[0], range[1]);
  });
  svg.addEventListener("dblclick", function () { range = [null, null]; opts.onBrush(null, null); });

  if (window.ResizeObserver) new ResizeObserver(function () { draw(); }).observe(svg);
  return {
    show: function (ids) { shownIds = ids; draw(); },
    setRange: function (from, to) { range = [from || null, to || null]; drawBrush(); },
    setStep: function (value) { step = value; draw(); },
    setBy: function (value) { by = value; draw(); }
  };
};
