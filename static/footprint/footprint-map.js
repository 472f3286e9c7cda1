/* Footprint's map layers. Every string in the payload was HTML-escaped by footprint/mapping.py
   before it got here, so the templates below only concatenate. */
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

  // --- sites and events on one canvas ------------------------------------------------------------
  // The payload is columnar (see footprint/mapping.py map_payload): one array per field, so a site is
  // an index. Markers hold only that index; tooltips and popups are built when they open, from the
  // shared actor, force and source tables. Drawing goes through footprint.draw so that later styling
  // (confidence, date uncertainty, fanned-out co-located sites, labels) can wrap or replace one
  // function without touching hit-testing or updates.

  var draw = {
    // The pie of the sending states present, sized by personnel, with a white rim and a dark outline.
    site: function (ctx, x, y, r, layer) {
      var colours = layer.options.colours, n = colours.length, step = 2 * Math.PI / n, start = -Math.PI / 2;
      for (var i = 0; i < n; i++) {
        ctx.beginPath();
        if (n > 1) { ctx.moveTo(x, y); }
        ctx.arc(x, y, r, start + i * step, start + (i + 1) * step, false);
        ctx.closePath();
        ctx.fillStyle = colours[i];
        ctx.fill();
      }
      ctx.beginPath();
      ctx.arc(x, y, r - 1, 0, 2 * Math.PI, false);
      ctx.lineWidth = 2;
      ctx.strokeStyle = "#fff";
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(x, y, r + 0.5, 0, 2 * Math.PI, false);
      ctx.lineWidth = 1;
      ctx.strokeStyle = "#333";
      ctx.stroke();
    },
    // A white diamond with the actor's colour as its border, up and to the right of the place.
    event: function (ctx, x, y, r, layer) {
      ctx.beginPath();
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      ctx.closePath();
      ctx.fillStyle = "#fff";
      ctx.fill();
      ctx.lineWidth = 3;
      ctx.strokeStyle = layer.options.colour;
      ctx.stroke();
    },
  };

  // Above the basemap and shading (SVG in the overlay pane, 400), below tooltips and popups (650, 700).
  var PANE = "fp-markers";
  var EVENT_OFFSET = [10, -8]; // pixels from the place, so a diamond does not hide the site under it

  // A canvas circle marker whose shape is drawn by footprint.draw[kind]; Leaflet's canvas renderer does
  // the hit-testing (hover, click) against its radius around its drawn centre.
  var Mark = L.CircleMarker.extend({
    _centre: function () { return this.options.offset ? this._point.add(this.options.offset) : this._point; },
    _updateBounds: function () {
      var r = this._radius + this._clickTolerance(), c = this._centre();
      this._pxBounds = L.bounds(c.subtract([r, r]), c.add([r, r]));
    },
    _updatePath: function () {
      var renderer = this._renderer;
      if (!renderer._drawing || this._empty()) { return; }
      var c = this._centre(), ctx = renderer._ctx;
      ctx.setLineDash([]); // left over from a dashed ring drawn before
      ctx.globalAlpha = 1;
      draw[this.options.kind](ctx, c.x, c.y, this._radius, this);
    },
    _containsPoint: function (p) { return p.distanceTo(this._centre()) <= this._radius + this._clickTolerance(); },
  });

  function sourceItems(positions, table) {
    if (!positions || !positions.length) { return ""; }
    return "<ol class='fp-sources'>" + positions.map(function (i) {
      var s = table[i]; // [outlet, title, published, url]
      var label = s[0] + (s[2] ? ", " + s[2] : "") + (s[1] ? ": " + s[1] : "");
      return "<li>" + (s[3] ? "<a href='" + s[3] + "' target='_blank' rel='noopener noreferrer'>" + label + "</a>" : label) +
        "</li>";
    }).join("") + "</ol>";
  }

  function actorOf(data, code) { return data.actors[code] || [code, "#777"]; }

  function siteTooltip(data, i) {
    var s = data.sites;
    return "<b>" + s.name[i] + "</b> (" + s.host[i] + ")<br>" +
      s.actors[i].map(function (code) { return actorOf(data, code)[0]; }).join(", ");
  }

  function sitePopup(data, i) {
    var s = data.sites, f = data.forces, rows = "";
    for (var k = s.first[i], end = s.first[i] + s.count[i]; k < end; k++) {
      var actor = actorOf(data, f.actor[k]);
      rows += "<tr><td><span class='fp-chip' style='background:" + actor[1] + "'></span>" + actor[0] +
        (f.force[k] ? "<br><small>" + f.force[k] + "</small>" : "") + "</td><td>" + (f.personnel[k] || "?") +
        "</td><td>" + f.since[k] + " to " + (f.until[k] || "present") +
        (f.certain[k] ? "" : " <small>(dates uncertain)</small>") + "</td><td>" + f.role[k] + "</td><td>" +
        f.confidence[k] + "</td></tr>";
    }
    return "<div class='fp-popup'><h4>" + s.name[i] + "</h4><div class='fp-sub'>" + s.type[i] + ", " + s.host[i] +
      " &middot; location " + s.precision[i] + "</div><table><thead><tr><th>Force</th><th>Personnel</th>" +
      "<th>Dates</th><th>Role</th><th>Confidence</th></tr></thead><tbody>" + rows + "</tbody></table>" +
      "<div class='fp-sub'>Sources</div>" + sourceItems(s.sources[i], data.sources) + "</div>";
  }

  function eventTooltip(data, i) {
    var e = data.events;
    return "<b>" + e.date[i] + "</b> " + actorOf(data, e.actor[i])[0] + ": " + e.type[i];
  }

  function eventPopup(data, i) {
    var e = data.events;
    return "<div class='fp-popup'><h4>" + e.date[i] + ": " + e.type[i] + "</h4><p>" + e.summary[i] +
      "</p><div class='fp-sub'>Sources</div>" + sourceItems(e.sources[i], data.sources) + "</div>";
  }

  // Everything that follows the filters, kept for the life of the map: setData swaps what is drawn
  // without touching the map's view, the basemap, or the renderer's canvas.
  var Footprint = L.Layer.extend({
    initialize: function () {
      this._renderer = L.canvas({ padding: 0.3, tolerance: 2, pane: PANE });
      this._group = L.featureGroup();
      this._data = null;
      this._sites = [];
      var self = this;
      this._group.bindTooltip(function (layer) { return self._tooltip(layer); },
        { direction: "top", offset: [0, -8], opacity: 0.95 });
      this._group.on("click", function (e) { self._open(e.layer); });
    },
    onAdd: function (map) {
      if (!map.getPane(PANE)) { map.createPane(PANE).style.zIndex = 450; }
      this._group.addTo(map);
    },
    onRemove: function (map) { map.removeLayer(this._group); map.closePopup(); },
    _tooltip: function (layer) {
      return layer.options.kind === "site" ? siteTooltip(this._data, layer.options.index)
        : eventTooltip(this._data, layer.options.index);
    },
    _open: function (layer) {
      if (!layer || !this._map) { return; }
      var site = layer.options.kind === "site";
      var content = site ? sitePopup(this._data, layer.options.index) : eventPopup(this._data, layer.options.index);
      L.popup(site ? { maxWidth: 460, minWidth: 300 } : { maxWidth: 420 })
        .setLatLng(layer.getLatLng()).setContent(content).openOn(this._map);
    },
    setData: function (data) {
      var group = this._group, renderer = this._renderer, layers = [], sites = [];
      if (this._map) { this._map.closePopup(); }
      group.clearLayers();
      this._data = data;
      var s = data.sites, e = data.events, i;
      // Rings of doubt first, then events, then sites: the canvas hit-tests the last drawn first.
      for (i = 0; i < s.id.length; i++) {
        if (s.ring[i] > 0) {
          layers.push(L.circle([s.lat[i], s.lon[i]], { radius: s.ring[i], renderer: renderer, color: "#555",
            weight: 1, dashArray: "3 3", fill: false, interactive: false }));
        }
      }
      for (i = 0; i < e.date.length; i++) {
        var ev = new Mark([e.lat[i], e.lon[i]], { kind: "event", index: i, radius: 6, renderer: renderer,
          offset: L.point(EVENT_OFFSET), colour: actorOf(data, e.actor[i])[1] });
        ev.feature = { type: "Feature", properties: {} };
        layers.push(ev);
      }
      for (i = 0; i < s.id.length; i++) {
        var site = new Mark([s.lat[i], s.lon[i]], { kind: "site", index: i, radius: s.radius[i], renderer: renderer,
          colours: s.actors[i].map(function (code) { return actorOf(data, code)[1]; }) });
        // What the app reads back on a click (streamlit-folium sends the clicked layer's GeoJSON).
        site.feature = { type: "Feature", properties: { site_id: s.id[i] } };
        layers.push(site);
        sites.push(site);
      }
      for (i = 0; i < layers.length; i++) { group.addLayer(layers[i]); }
      this._sites = sites;
      return this;
    },
    // Where each drawn site is: [site id, latitude, longitude, radius in pixels], in drawing order.
    sites: function () {
      return this._sites.map(function (m) {
        var ll = m.getLatLng();
        return [m.feature.properties.site_id, ll.lat, ll.lng, m.getRadius()];
      });
    },
  });
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
      url.searchParams.set("lat", c.lat.toFixed(4));
      url.searchParams.set("lon", c.lng.toFixed(4));
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

  // Sites, events, legend and host shading for ``map``, kept from one call to the next: a date or filter
  // change updates them in place instead of building a new layer, so nothing old stays behind.
  // ``state`` = {payload, legend, shading}; shading null switches it off.
  var shownOn = [];

  function show(map, state) {
    if (!map._footprint) {
      map._footprint = { layer: new Footprint().addTo(map) };
      shownOn.push(map);
    }
    var kept = map._footprint;
    kept.layer.setData(state.payload);
    if (kept.legend) { map.removeLayer(kept.legend); }
    kept.legend = legend(state.legend).addTo(map);
    if (kept.shading) { map.removeLayer(kept.shading); kept.shading = null; }
    if (state.shading) { kept.shading = hostShading(state.shading).addTo(map); }
    return kept.layer;
  }

  // Every site drawn on any map of this page, as Footprint.sites() gives them (for tests and tools).
  function drawnSites() {
    return shownOn.reduce(function (all, map) { return map._footprint ? all.concat(map._footprint.layer.sites()) : all; }, []);
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
      onRemove: function (map) {
        this.stop();
        this._control.remove();
        if (map._footprint) { map.removeLayer(map._footprint.layer); map.removeLayer(map._footprint.legend); }
        map._footprint = null;
      },
      show: function (index) {
        var frame = frames[index];
        show(this._map, { payload: frame.payload, legend: frame.legend });
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

  window.footprint = { trackView: trackView, basemap: basemap, show: show, drawnSites: drawnSites, timelapse: timelapse,
    draw: draw, Footprint: Footprint };
})();
