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
  // an index. Each kind of mark (sites, events) is ONE layer on Leaflet's canvas renderer that draws all
  // of its points in a pass and hit-tests them itself, so thousands of sites cost no DOM and no Leaflet
  // object each. Tooltips and popups are built when they open, from the shared actor, force and source
  // tables. Shapes are drawn by footprint.draw, so later styling (confidence, date uncertainty, fanned-out
  // co-located sites, labels) can wrap or replace one function without touching hit-testing or updates.

  var draw = {
    // The pie of the sending states present, sized by personnel, with a white rim and a dark outline.
    site: function (ctx, x, y, r, layer, i) {
      var colours = layer.colours[i], n = colours.length, step = 2 * Math.PI / n, start = -Math.PI / 2;
      for (var k = 0; k < n; k++) {
        ctx.beginPath();
        if (n > 1) { ctx.moveTo(x, y); }
        ctx.arc(x, y, r, start + k * step, start + (k + 1) * step, false);
        ctx.closePath();
        ctx.fillStyle = colours[k];
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
    // The dashed ring of doubt around a site whose location is approximate, ``r`` pixels across the ground.
    ring: function (ctx, x, y, r) {
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI, false);
      ctx.setLineDash([3, 3]);
      ctx.lineWidth = 1;
      ctx.strokeStyle = "#555";
      ctx.stroke();
      ctx.setLineDash([]);
    },
    // A white diamond with the actor's colour as its border.
    event: function (ctx, x, y, r, layer, i) {
      ctx.beginPath();
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      ctx.closePath();
      ctx.fillStyle = "#fff";
      ctx.fill();
      ctx.lineWidth = 3;
      ctx.strokeStyle = layer.colours[i];
      ctx.stroke();
    },
  };

  // Above the basemap and shading (SVG in the overlay pane, 400), below tooltips and popups (650, 700).
  var PANE = "fp-markers";
  var EVENT_OFFSET = [10, -8]; // pixels from the place, so a diamond does not hide the site under it
  var EARTH_CIRCUMFERENCE_M = 40075016.686;

  // Many points drawn by draw[kind] in one pass. ``points`` = {lat, lon, radius (px), ring (metres, sites
  // only), colours (per point: a list for sites, one colour for events), ids}; hit-testing sets ``hit``
  // to the topmost point under the pointer (the last drawn), -1 for none.
  var Points = L.Path.extend({
    options: { interactive: true, stroke: false },
    initialize: function (kind, options) {
      L.setOptions(this, options);
      this.kind = kind;
      this.hit = -1;
      this._set({ lat: [], lon: [], radius: [], colours: [], ids: [] });
    },
    _set: function (points) {
      this.lat = points.lat;
      this.lon = points.lon;
      this.radius = points.radius;
      this.ring = points.ring || null;
      this.colours = points.colours;
      this.ids = points.ids;
      this.hit = -1;
    },
    setPoints: function (points) {
      this._set(points);
      return this.redraw();
    },
    // Not getLatLng: Leaflet would then take the layer for a marker and place mouse events at that point.
    hitLatLng: function () { return this.hit >= 0 ? L.latLng(this.lat[this.hit], this.lon[this.hit]) : null; },
    // The point under the pointer as GeoJSON: what streamlit-folium sends back to the app on a click.
    toGeoJSON: function () {
      var i = this.hit;
      if (i < 0) { return { type: "Feature", properties: {}, geometry: null }; }
      return { type: "Feature", properties: this.ids ? { site_id: this.ids[i] } : {},
        geometry: { type: "Point", coordinates: [this.lon[i], this.lat[i]] } };
    },
    _project: function () {
      var map = this._map, n = this.lat.length, offset = this.options.offset || [0, 0];
      var x = this._x = new Float64Array(n), y = this._y = new Float64Array(n);
      var ringPx = this._ringPx = this.ring ? new Float64Array(n) : null;
      var perPixel = EARTH_CIRCUMFERENCE_M / (256 * Math.pow(2, map.getZoom()));
      var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (var i = 0; i < n; i++) {
        var p = map.latLngToLayerPoint([this.lat[i], this.lon[i]]);
        x[i] = p.x + offset[0];
        y[i] = p.y + offset[1];
        var reach = this.radius[i] + 2;
        if (ringPx) {
          ringPx[i] = this.ring[i] / (perPixel * Math.cos(this.lat[i] * Math.PI / 180));
          reach = Math.max(reach, ringPx[i] + 1);
        }
        minX = Math.min(minX, x[i] - reach); maxX = Math.max(maxX, x[i] + reach);
        minY = Math.min(minY, y[i] - reach); maxY = Math.max(maxY, y[i] + reach);
      }
      this._pxBounds = n ? L.bounds([minX, minY], [maxX, maxY]) : null;
    },
    _update: function () { if (this._map) { this._updatePath(); } },
    _empty: function () { return !this.lat.length; },
    _updatePath: function () {
      var renderer = this._renderer;
      if (!renderer._drawing || this._empty()) { return; }
      var ctx = renderer._ctx, b = renderer._redrawBounds || renderer._bounds, n = this.lat.length, i, r;
      var x = this._x, y = this._y, shape = draw[this.kind];
      ctx.globalAlpha = 1;
      ctx.setLineDash([]);
      if (this._ringPx) { // all rings under all markers
        for (i = 0; i < n; i++) {
          r = this._ringPx[i];
          if (r > 1 && x[i] + r >= b.min.x && x[i] - r <= b.max.x && y[i] + r >= b.min.y && y[i] - r <= b.max.y) {
            draw.ring(ctx, x[i], y[i], r, this, i);
          }
        }
      }
      for (i = 0; i < n; i++) {
        r = this.radius[i] + 2;
        if (x[i] + r >= b.min.x && x[i] - r <= b.max.x && y[i] + r >= b.min.y && y[i] - r <= b.max.y) {
          shape(ctx, x[i], y[i], this.radius[i], this, i);
        }
      }
    },
    _containsPoint: function (p) {
      var tolerance = this._clickTolerance(), x = this._x, y = this._y;
      this.hit = -1;
      if (!x) { return false; }
      for (var i = this.lat.length - 1; i >= 0; i--) {
        var dx = p.x - x[i], dy = p.y - y[i], r = this.radius[i] + tolerance;
        if (dx * dx + dy * dy <= r * r) { this.hit = i; return true; }
      }
      return false;
    },
  });

  function sourceItems(positions, table) {
    if (!positions || !positions.length) { return ""; }
    return "<ol class='fp-sources'>" + positions.map(function (i) {
      var s = table[i];
      var label = s.outlet + (s.about ? " (" + s.about + ")" : "") + (s.published ? ", " + s.published : "") +
        (s.title ? ": " + s.title : "");
      return "<li>" + (s.url ? "<a href='" + s.url + "' target='_blank' rel='noopener noreferrer'>" + label + "</a>" : label) +
        "</li>";
    }).join("") + "</ol>";
  }

  // A column sent as distinct values and codes (footprint/mapping.py _coded), as a plain array.
  function decoded(column) {
    if (Array.isArray(column)) { return column; }
    var values = column.values;
    return column.codes.map(function (code) { return values[code]; });
  }

  function decodeAll(table) {
    Object.keys(table).forEach(function (name) { table[name] = decoded(table[name]); });
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

  // A popup that fits the map on screen: no wider or taller than it (its content scrolls instead), panned
  // into view with room for the controls, however narrow the window.
  function popupOptions(map, site) {
    // Room for the zoom buttons on the left, and for the popup's own frame (about 50 px around its content).
    var size = map.getSize(), left = 54, right = 16, top = 16, bottom = 16, chrome = 50;
    var width = Math.max(160, Math.min(site ? 460 : 420, size.x - left - right - chrome));
    var options = { maxWidth: width, minWidth: Math.min(site ? 300 : 0, width),
      maxHeight: Math.max(120, size.y - top - bottom - chrome - 20), autoPan: true, keepInView: true,
      autoPanPaddingTopLeft: L.point(left, top), autoPanPaddingBottomRight: L.point(right, bottom) };
    if (!site) { options.offset = L.point(EVENT_OFFSET); }
    return options;
  }

  // Everything that follows the filters, kept for the life of the map: setData swaps what is drawn
  // without touching the map's view, the basemap, or the renderer's canvas.
  var Footprint = L.Layer.extend({
    initialize: function () {
      this._renderer = L.canvas({ padding: 0.3, tolerance: 2, pane: PANE });
      this._eventMarks = new Points("event", { renderer: this._renderer, offset: EVENT_OFFSET });
      this._siteMarks = new Points("site", { renderer: this._renderer });
      // Events under sites: the canvas hands a click to the last layer drawn that contains the point.
      this._group = L.featureGroup([this._eventMarks, this._siteMarks]);
      this._tooltip = L.tooltip({ direction: "top", opacity: 0.95 });
      this._shown = null;
      this._data = null;
      this._group.on("mouseover mousemove", this._hover, this);
      this._group.on("mouseout", this._unhover, this);
      this._group.on("click", this._open, this);
    },
    onAdd: function (map) {
      if (!map.getPane(PANE)) { map.createPane(PANE).style.zIndex = 450; }
      this._group.addTo(map);
      this._renderer._container.style.pointerEvents = "none";
      map.on("mousemove", this._passThrough, this);
      map.on("click", this._tapThrough, this);
      map.on("mouseout", this._letThrough, this);
    },
    onRemove: function (map) {
      map.off("mousemove", this._passThrough, this);
      map.off("click", this._tapThrough, this);
      map.off("mouseout", this._letThrough, this);
      map.removeLayer(this._group);
      map.closePopup();
      this._unhover();
    },
    _over: function (point) {
      return this._siteMarks._containsPoint(point) || this._eventMarks._containsPoint(point);
    },
    // The canvas spans the whole map above the overlay pane: it takes the pointer only over a mark, so
    // layers under it (the optional ACLED events, say) stay clickable everywhere else.
    _passThrough: function (e) {
      var canvas = this._renderer._container, over = this._over(e.layerPoint);
      if (over) { canvas.style.pointerEvents = "auto"; return; }
      if (canvas.style.pointerEvents !== "none") {
        canvas.style.pointerEvents = "none";
        this._renderer._handleMouseOut(e.originalEvent);
        this._unhover();
      }
    },
    _letThrough: function () { this._renderer._container.style.pointerEvents = "none"; },
    // A click or tap that reached the map while the canvas let the pointer through (no move before it).
    _tapThrough: function (e) {
      var canvas = this._renderer._container;
      if (canvas.style.pointerEvents === "none" && this._over(e.layerPoint)) {
        canvas.style.pointerEvents = "auto"; // first: the renderer's click reaches the map again
        this._renderer._onClick(e.originalEvent);
      }
    },
    _hover: function (e) {
      var layer = e.layer, i = layer && layer.hit;
      if (!layer || i < 0) { this._unhover(); return; }
      if (this._shown && this._shown[0] === layer && this._shown[1] === i) { return; }
      this._shown = [layer, i];
      var site = layer === this._siteMarks;
      this._tooltip.options.offset = L.point(site ? [0, -layer.radius[i]] : [EVENT_OFFSET[0], EVENT_OFFSET[1] - 6]);
      this._tooltip.setLatLng(layer.hitLatLng())
        .setContent(site ? siteTooltip(this._data, i) : eventTooltip(this._data, i));
      if (!this._map.hasLayer(this._tooltip)) { this._map.openTooltip(this._tooltip); }
    },
    _unhover: function () {
      this._shown = null;
      if (this._map && this._map.hasLayer(this._tooltip)) { this._map.closeTooltip(this._tooltip); }
    },
    _open: function (e) {
      var layer = e.layer, i = layer && layer.hit;
      if (!layer || i < 0 || !this._map) { return; }
      var site = layer === this._siteMarks;
      this._unhover();
      L.popup(popupOptions(this._map, site))
        .setLatLng(layer.hitLatLng())
        .setContent(site ? sitePopup(this._data, i) : eventPopup(this._data, i))
        .openOn(this._map);
    },
    setData: function (data) {
      [data.sites, data.forces, data.events].forEach(decodeAll);
      var s = data.sites, e = data.events;
      if (this._map) { this._map.closePopup(); }
      this._unhover();
      this._data = data;
      this._eventMarks.setPoints({ lat: e.lat, lon: e.lon, radius: e.lat.map(function () { return 6; }),
        colours: e.actor.map(function (code) { return actorOf(data, code)[1]; }) });
      this._siteMarks.setPoints({ lat: s.lat, lon: s.lon, radius: s.radius, ring: s.ring, ids: s.id,
        colours: s.actors.map(function (codes) { return codes.map(function (code) { return actorOf(data, code)[1]; }); }) });
      return this;
    },
    // Where each drawn site is: [site id, latitude, longitude, radius in pixels], in drawing order.
    sites: function () {
      var s = this._siteMarks;
      return s.lat.map(function (lat, i) { return [s.ids[i], lat, s.lon[i], s.radius[i]]; });
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

  // --- framing ----------------------------------------------------------------------------------
  // The app asks for a frame (bounds to fit, or a centre and a zoom) only when the filters call for a new
  // one; it is applied here, where the map's real size is known, with room for the largest marker. A map
  // that has just been built (a first visit, a return from another page) shows the view in the page's link
  // instead, when the link has one. Until the user moves the map, a resize (a narrower window, the sidebar
  // folding away) fits the frame again.
  function markerRoom(map) {
    var radii = map._footprint ? map._footprint.layer._siteMarks.radius : [], most = 0;
    for (var i = 0; i < radii.length; i++) { most = Math.max(most, radii[i]); }
    return Math.ceil(most) + 6;
  }

  function linkView() {
    try {
      var params = new URL(window.parent.location.href).searchParams;
      var lat = parseFloat(params.get("lat")), lon = parseFloat(params.get("lon")), zoom = parseInt(params.get("zoom"), 10);
      return isFinite(lat) && isFinite(lon) && isFinite(zoom) ? { center: [lat, lon], zoom: zoom } : null;
    } catch (e) { return null; /* another origin */ }
  }

  function applyFrame(map, view) {
    if (view.bounds) {
      var room = markerRoom(map);
      map.fitBounds(view.bounds, { padding: [room, room], animate: false });
    } else {
      map.setView(view.center, view.zoom, { animate: false });
    }
    map._footprintFramed = { center: map.getCenter(), zoom: map.getZoom() };
  }

  function frame(map, view) {
    var key = JSON.stringify(view), kept = map._footprintFrame;
    if (kept && kept.key === key) { return; }
    map._footprintFrame = { key: key, view: view };
    var link = kept || view.link === false ? null : linkView();
    if (link) {
      map.setView(link.center, link.zoom, { animate: false });
    } else {
      applyFrame(map, view);
    }
    if (!kept) {
      map.on("resize", function () {
        var framed = map._footprintFramed;
        if (framed && map.getZoom() === framed.zoom && map.getCenter().equals(framed.center, 1e-6)) {
          applyFrame(map, map._footprintFrame.view);
        }
      });
    }
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

  window.footprint = { trackView: trackView, basemap: basemap, show: show, frame: frame, drawnSites: drawnSites,
    timelapse: timelapse,
    draw: draw, Points: Points, Footprint: Footprint };
})();
