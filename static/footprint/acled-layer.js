/* The optional ACLED events layer: circles clustered by the vendored leaflet.markercluster until the
   map is zoomed in. Every popup string was HTML-escaped by footprint/acled.py before it got here. */
(function () {
  "use strict";
  // Below Leaflet's overlay pane (z-index 400), so the sites stay on top and clickable.
  var PANE = "fpAcled";
  window.footprintAcled = function (payload) {
    var group = L.markerClusterGroup({
      disableClusteringAtZoom: payload.unclusterAt, maxClusterRadius: 45, chunkedLoading: true,
      showCoverageOnHover: false, clusterPane: PANE
    });
    var markers = payload.events.map(function (e) {
      // [lat, lon, index of the event type, popup HTML]
      var marker = L.circleMarker([e[0], e[1]], {
        radius: 5, color: "#222", weight: 1, fillColor: payload.colours[e[2]], fillOpacity: 0.85,
        className: "fp-acled", pane: PANE
      });
      marker.bindPopup(e[3], { maxWidth: 340 });
      return marker;
    });
    group.addLayers(markers);
    // Clustering needs a highest zoom; the local basemap has no tiles to give one, so name the usual 18.
    var onAdd = group.onAdd;
    group.onAdd = function (map) {
      if (map.options.maxZoom === undefined && map.getMaxZoom() === Infinity) { map.options.maxZoom = 18; }
      if (!map.getPane(PANE)) { map.createPane(PANE).style.zIndex = 390; }
      return onAdd.call(this, map);
    };
    return group;
  };
})();
