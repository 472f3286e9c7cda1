/* Footprint's map layers. Every string in the GeoJSON properties was HTML-escaped by
   footprint/mapping.py before it got here, so the templates below only concatenate. */
(function () {
  "use strict";
  var basemapLayer = null;
  var basemapWaiters = [];

  function basemapStyle() {
    return { color: "#8a8a8a", weight: 0.6, fillColor: "#f3f1ea", fillOpacity: 1, interactive: false,
      className: "fp-country" };
  }

  function whenBasemap(callback) {
    if (basemapLayer && basemapLayer.getLayers().length) { callback(basemapLayer); } else { basemapWaiters.push(callback); }
  }

  function basemap(source) {
    var layer = L.geoJson(null, { style: basemapStyle, interactive: false });
    basemapLayer = layer;
    function add(data) {
      layer.addData(data);
      layer.eachLayer(function (l) { l.bringToBack && l.bringToBack(); });
      var waiting = basemapWaiters; basemapWaiters = [];
      waiting.forEach(function (cb) { cb(layer); });
    }
    if (typeof source === "string") {
      fetch(source).then(function (r) { return r.json(); }).then(add);
    } else {
      add(source);
    }
    return layer;
  }

  function sourceList(positions, table) {
    if (!positions.length) { return ""; }
    return "<ol class='fp-sources'>" + positions.map(function (i) {
      var s = table[i];
      var label = s.outlet + (s.about ? " (" + s.about + ")" : "") + (s.published ? ", " + s.published : "") +
        (s.title ? ": " + s.title : "");
      return "<li>" + (s.url ? "<a href='" + s.url + "' target='_blank' rel='noopener noreferrer'>" + label + "</a>" : label) + "</li>";
    }).join("") + "</ol>";
  }

  function markerHtml(p) {
    var n = p.colours.length, stops = [];
    p.colours.forEach(function (c, i) {
      stops.push(c + " " + (i * 360 / n) + "deg " + ((i + 1) * 360 / n) + "deg");
    });
    var size = Math.round(p.radius * 2);
    return "<div class='fp-site' style='width:" + size + "px;height:" + size + "px;background:conic-gradient(" +
      stops.join(",") + ")'></div>";
  }

  function tooltipHtml(p) {
    return "<b>" + p.name + "</b> (" + p.host + ")<br>" + p.actors.join(", ");
  }

  function popupHtml(p, table, actors) {
    // f = [actor code, force, personnel, since, until, role, confidence, certain]; actors[code] = [name, colour]
    var rows = p.forces.map(function (f) {
      var actor = actors[f[0]] || [f[0], "#777"];
      return "<tr><td><span class='fp-chip' style='background:" + actor[1] + "'></span>" + actor[0] +
        (f[1] ? "<br><small>" + f[1] + "</small>" : "") + "</td><td>" + (f[2] || "?") + "</td><td>" +
        f[3] + " to " + (f[4] || "present") + (f[7] ? "" : " <small>(dates uncertain)</small>") +
        "</td><td>" + f[5] + "</td><td>" + f[6] + "</td></tr>";
    }).join("");
    return "<div class='fp-popup'><h4>" + p.name + "</h4><div class='fp-sub'>" + p.site_type + ", " + p.host +
      " &middot; location " + p.location_precision + "</div><table><thead><tr><th>Force</th><th>Personnel</th>" +
      "<th>Dates</th><th>Role</th><th>Confidence</th></tr></thead><tbody>" + rows + "</tbody></table>" +
      "<div class='fp-sub'>Sources</div>" + sourceList(p.sources, table) + "</div>";
  }

  function sites(data, table, actors) {
    return L.geoJson(data, {
      pointToLayer: function (feature, latlng) {
        var p = feature.properties, size = Math.round(p.radius * 2);
        return L.marker(latlng, {
          icon: L.divIcon({ className: "fp-site-icon", html: markerHtml(p), iconSize: [size, size] }),
          title: "", riseOnHover: true, keyboard: true, alt: "",
        });
      },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(tooltipHtml(feature.properties), { direction: "top", offset: [0, -8] });
        layer.bindPopup(popupHtml(feature.properties, table, actors), { maxWidth: 460, minWidth: 300 });
      },
    });
  }

  function uncertainty(data) {
    return L.geoJson(data, {
      filter: function (feature) { return feature.properties.uncertainty_m > 0; },
      pointToLayer: function (feature, latlng) {
        return L.circle(latlng, { radius: feature.properties.uncertainty_m, color: "#555", weight: 1,
          dashArray: "3 3", fill: false, interactive: false });
      },
    });
  }

  // e = [date, event type, summary, actor name, colour, source positions]
  function events(data, table) {
    return L.geoJson(data, {
      pointToLayer: function (feature, latlng) {
        return L.marker(latlng, { icon: L.divIcon({ className: "fp-event-icon",
          html: "<div class='fp-event' style='border-color:" + feature.properties.e[4] + "'></div>",
          iconSize: [12, 12], iconAnchor: [-4, 14] }) });
      },
      onEachFeature: function (feature, layer) {
        var e = feature.properties.e;
        layer.bindTooltip("<b>" + e[0] + "</b> " + e[3] + ": " + e[1]);
        layer.bindPopup("<div class='fp-popup'><h4>" + e[0] + ": " + e[1] + "</h4><p>" + e[2] +
          "</p><div class='fp-sub'>Sources</div>" + sourceList(e[5], table) + "</div>", { maxWidth: 420 });
      },
    });
  }

  var SHADES = ["#f3f1ea", "#fde0c5", "#f9b98a", "#f08d5a", "#d9603b", "#b13a2a"];

  function hostShading(data) {
    var ShadeLayer = L.Layer.extend({
      onAdd: function () {
        whenBasemap(function (base) {
          base.setStyle(function (feature) {
            var count = data.counts[feature.properties.iso3] || 0;
            var style = basemapStyle();
            style.fillColor = SHADES[Math.min(count, SHADES.length - 1)];
            return style;
          });
        });
      },
      onRemove: function () { whenBasemap(function (base) { base.setStyle(basemapStyle); }); },
    });
    return new ShadeLayer();
  }

  function legend(entries) {
    var LegendLayer = L.Layer.extend({
      onAdd: function (map) {
        var control = L.control({ position: "bottomright" });
        control.onAdd = function () {
          var div = L.DomUtil.create("div", "fp-legend");
          div.innerHTML = "<b>Sending state</b>" + (entries.length ? entries.map(function (e) {
            return "<div><span class='fp-chip' style='background:" + e.colour + "'></span>" + e.name + "</div>";
          }).join("") : "<div>none on this date</div>");
          return div;
        };
        this._control = control.addTo(map);
      },
      onRemove: function () { if (this._control) { this._control.remove(); } },
    });
    return new LegendLayer();
  }

  // Keep the page's URL in step with the map view without asking the app to rerun. The app
  // rewrites its URL from server state when filters change, which drops the view, so the
  // view is put back whenever it has gone missing.
  function trackView(map) {
    var host;
    try { host = window.parent; if (!host || host === window) { return; } host.location.href; }
    catch (e) { return; /* another origin: nothing to update */ }
    function apply(onlyIfMissing) {
      var url = new URL(host.location.href);
      if (onlyIfMissing && url.searchParams.has("zoom")) { return; }
      var c = map.getCenter();
      // Panning across the antimeridian takes the centre past +-180; the link names the same place in range.
      url.searchParams.set("lat", c.lat.toFixed(4));
      url.searchParams.set("lon", L.Util.wrapNum(c.lng, [-180, 180], true).toFixed(4));
      url.searchParams.set("zoom", String(map.getZoom()));
      host.history.replaceState(host.history.state, "", url.toString());
    }
    // The exact extent on screen, for exports: the page reads it when the user asks for a file.
    function publish() {
      var b = map.getBounds(), c = map.getCenter(), size = map.getSize();
      host.footprintMapView = { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth(),
        lat: c.lat, lon: c.lng, zoom: map.getZoom(), width: size.x, height: size.y };
      host.dispatchEvent(new host.CustomEvent("footprint:view", { detail: host.footprintMapView }));
    }
    map.on("moveend", function () { apply(false); publish(); });
    map.on("resize", publish);
    map.whenReady(publish);
    window.setInterval(function () { apply(true); }, 500);
  }

  // Rings under events under sites, so the markers stay clickable.
  function layers(payload) {
    return L.featureGroup([uncertainty(payload.sites), events(payload.events, payload.sources),
      sites(payload.sites, payload.sources, payload.actors)]);
  }

  // A month-by-month player: a slider, a play button, the date and counts; one frame's layers at a time.
  function timelapse(frames, interval) {
    var Player = L.Layer.extend({
      onAdd: function (map) {
        var self = this;
        this._map = map;
        this._control = L.control({ position: "bottomleft" });
        this._control.onAdd = function () {
          var div = L.DomUtil.create("div", "fp-legend fp-player");
          div.innerHTML = "<button type='button' class='fp-play'>Play</button> " +
            "<input type='range' min='0' max='" + (frames.length - 1) + "' value='0' class='fp-slider'>" +
            "<div class='fp-when'></div>";
          L.DomEvent.disableClickPropagation(div);
          self._slider = div.querySelector(".fp-slider");
          self._label = div.querySelector(".fp-when");
          self._button = div.querySelector(".fp-play");
          self._slider.addEventListener("input", function () { self.show(+self._slider.value); });
          self._button.addEventListener("click", function () { self.toggle(); });
          return div;
        };
        this._control.addTo(map);
        this.show(0);
      },
      onRemove: function () { this.stop(); this._clear(); this._control.remove(); },
      _clear: function () {
        if (this._layers) { this._map.removeLayer(this._layers); }
        if (this._legend) { this._map.removeLayer(this._legend); }
      },
      show: function (index) {
        var frame = frames[index];
        this._clear();
        this._layers = layers(frame.payload).addTo(this._map);
        this._legend = legend(frame.legend).addTo(this._map);
        this._slider.value = String(index);
        this._label.innerHTML = "<b>" + frame.label + "</b><br>" + frame.counts;
        this.index = index;
      },
      toggle: function () { if (this._timer) { this.stop(); } else { this.play(); } },
      play: function () {
        var self = this;
        if (this.index >= frames.length - 1) { this.show(0); }
        this._button.textContent = "Pause";
        this._timer = window.setInterval(function () {
          if (self.index >= frames.length - 1) { self.stop(); return; }
          self.show(self.index + 1);
        }, interval);
      },
      stop: function () {
        if (this._timer) { window.clearInterval(this._timer); this._timer = null; }
        if (this._button) { this._button.textContent = "Play"; }
      },
    });
    return new Player();
  }

  window.footprint = { trackView: trackView, basemap: basemap, layers: layers, timelapse: timelapse,
    hostShading: hostShading, legend: legend };
})();
