/* conflict-kg report: draws the brief's map and timeline with the viewer's scripts.
   Nothing here is interactive beyond zooming the map; the page is meant for print. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = {};
  data.incidents.forEach(function (i) { byId[i.id] = i; });
  var picked = document.getElementById("kg-picked");
  window.kgMap(document.getElementById("kg-map"), document.getElementById("kg-map-note"), {
    incidents: data.incidents,
    basemap: data.basemap,
    onPick: function (ids) {
      picked.textContent = ids.map(function (id) { return byId[id].label; }).join("; ");
    }
  });
  window.kgTimeline(document.getElementById("kg-timeline"), document.getElementById("kg-time-keys"), {
    incidents: data.incidents,
    onBrush: function () {}
  });
  document.documentElement.setAttribute("data-kg-drawn", String(data.incidents.length));
})();
