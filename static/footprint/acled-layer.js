/* The optional ACLED events layer: circles clustered by the vendored leaflet.markercluster until the
   map is zoomed in. Every popup string was HTML-escaped by footprint/acled.py before it got here. */
(function () {
  "use strict";
  window.footprintAcled = function (payload) {
    var group = L.markerClusterGroup({
      disableClusteringAtZoom: payload.unclusterAt, maxClusterRadius: 45, chunkedLoading: true,
      showCoverageOnHover: false
    });
    var markers = payload.events.map(function (e) {
      // [lat, lon, index of the event type, popup HTML]
      var marker = L.circleMarker([e[0], e[1]], {
        radius: 5, color: "#222", weight: 1, fillColor: payload.colours[e[2]], fillOpacity: 0.85,
        className: "fp-acled"
      });
      marker.bindPopup(e[3], { maxWidth: 340 });
      return marker;
    });
    group.addLayers(markers);
    return group;
  };
})();
