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

  // A static file's JSON, fetched and parsed once per browser tab: every map frame of the app (Compare shows
  // two at once, and each page switch builds new ones) asks the top window, which keeps the promise. The top
  // window's own fetch, so that a frame removed mid-way does not cancel it for the others.
  function sharedJson(url) {
    var home = window;
    try {
      if (window.top !== window && window.top.location.origin === window.location.origin) { home = window.top; }
    } catch (e) { home = window; } // a frame of another origin keeps its own copy
    var kept = home.__footprintFiles || (home.__footprintFiles = {});
    if (!kept[url]) {
      kept[url] = home.fetch(url).then(function (r) {
        if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
        return r.json();
      });
      kept[url].catch(function () { delete kept[url]; }); // a later map tries again
    }
    return kept[url];
  }

  // The countries: ``source`` is the URL of the light outlines (or the outlines themselves, inlined in a file);
  // ``detailed`` ({url, zoom}, optional) the finer ones, fetched when the map is first shown at ``zoom`` or
  // closer and kept from then on (footprint/mapping.py DETAILED_BASEMAP_ZOOM).
  function basemap(source, detailed) {
    var layer = L.geoJson(null, { style: basemapStyle, interactive: false });
    basemapLayer = layer;
    // Host shading restyles the countries; outlines swapped in later take the style last set.
    var setStyle = layer.setStyle;
    layer.setStyle = function (style) { layer.options.style = style; return setStyle.call(layer, style); };
    var drawn = 0; // 1 light, 2 detailed
    function add(rank, data) {
      if (rank <= drawn) { return; } // the light file came after the detailed one
      drawn = rank;
      layer.clearLayers();
      layer.addData(data);
      layer.eachLayer(function (l) { l.bringToBack && l.bringToBack(); });
      var waiting = basemapWaiters; basemapWaiters = [];
      waiting.forEach(function (cb) { cb(layer); });
    }
    function load(rank, from) {
      if (typeof from === "string") {
        sharedJson(from).then(function (data) { add(rank, data); });
      } else {
        add(rank, from);
      }
    }
    load(1, source);
    if (detailed) {
      var asked = false;
      var closer = function (event) {
        var map = event.target;
        if (asked || map.getZoom() < detailed.zoom) { return; }
        asked = true;
        map.off("zoomend", closer);
        load(2, detailed.url);
      };
      layer.on("add", function () {
        if (asked) { return; }
        layer._map.on("zoomend", closer);
        closer({ target: layer._map });
      });
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

  // A wedge (or the whole disc when ``whole``) as the current path.
  function wedgePath(ctx, x, y, r, from, to, whole) {
    ctx.beginPath();
    if (!whole) { ctx.moveTo(x, y); }
    ctx.arc(x, y, r, from, to, false);
    ctx.closePath();
  }

  // The current path filled in ``colour`` as sure as ``rank`` says (footprint/style.py): 2 (high) solid,
  // 1 (medium) pale with stripes of the colour, 0 (low) pale with sparse spots of it (so that a light state's
  // solid colour never passes for a pale one). ``pale`` is the pale fill's opacity.
  function fillSure(ctx, x, y, r, colour, rank, pale) {
    if (rank >= 2) { ctx.fillStyle = colour; ctx.fill(); return; }
    var faded = ctx.globalAlpha; // below 1 while a fan of co-located marks is open
    ctx.fillStyle = "#fff";
    ctx.fill();
    ctx.globalAlpha = faded * pale;
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.globalAlpha = faded;
    ctx.save();
    ctx.clip();
    ctx.beginPath();
    var d, e;
    if (rank === 1) {
      for (d = -2 * r; d <= 2 * r; d += 4) { ctx.moveTo(x + d - r, y + r); ctx.lineTo(x + d + r, y - r); }
      ctx.lineWidth = 1.6;
      ctx.strokeStyle = colour;
      ctx.stroke();
    } else {
      for (d = -r; d <= r; d += 4) {
        for (e = -r + ((d / 4) % 2 ? 2 : 0); e <= r; e += 4) { ctx.moveTo(x + d + 0.9, y + e); ctx.arc(x + d, y + e, 0.9, 0, 2 * Math.PI); }
      }
      ctx.fillStyle = colour;
      ctx.fill();
    }
    ctx.restore();
  }

  var draw = {
    // The pie of the sending states present, sized by personnel, with a white rim and a dark outline. Each
    // wedge shows how sure its state's presence is (``layer.marks.confidence``); the outline is dotted when a
    // force's dates are known only to the month or year around the date shown (``layer.marks.dates``).
    site: function (ctx, x, y, r, layer, i) {
      var colours = layer.colours[i], n = colours.length, step = 2 * Math.PI / n, start = -Math.PI / 2;
      var marks = layer.marks, ranks = marks && marks.confidence ? marks.confidence[i] : null;
      var pale = marks ? marks.pale : 1; // footprint/style.py PALE_ALPHA, sent with the payload
      for (var k = 0; k < n; k++) {
        wedgePath(ctx, x, y, r, start + k * step, start + (k + 1) * step, n === 1);
        fillSure(ctx, x, y, r, colours[k], ranks ? ranks[k] : 2, pale);
      }
      ctx.beginPath();
      ctx.arc(x, y, r - 1, 0, 2 * Math.PI, false);
      ctx.lineWidth = 2;
      ctx.strokeStyle = "#fff";
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(x, y, r + 0.5, 0, 2 * Math.PI, false);
      if (marks && marks.dates && marks.dates[i]) {
        ctx.setLineDash(marks.dash);
        ctx.lineWidth = 2;
        ctx.strokeStyle = marks.outline;
      } else {
        ctx.lineWidth = 1;
        ctx.strokeStyle = "#333";
      }
      ctx.stroke();
      ctx.setLineDash([]);
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

  // Thin legs from a place to each of its fanned-out marks, and a dot where they meet.
  draw.fanLegs = function (ctx, x, y, ends) {
    ctx.beginPath();
    ends.forEach(function (end) { ctx.moveTo(x, y); ctx.lineTo(end[0], end[1]); });
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = "#333";
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(x, y, 3, 0, 2 * Math.PI, false);
    ctx.fillStyle = "#333";
    ctx.fill();
  };

  // Above the basemap and shading (SVG in the overlay pane, 400), below tooltips and popups (650, 700).
  var PANE = "fp-markers";
  var FAN_CIRCLE_MAX = 8; // more sites at one place fan out on a spiral
  var FADED = 0.35; // opacity of the marks not fanned out, while some are
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
      this._fan = null;
      this._set({ lat: [], lon: [], radius: [], colours: [], ids: [] });
    },
    _set: function (points) {
      this.lat = points.lat;
      this.lon = points.lon;
      this.radius = points.radius;
      this.ring = points.ring || null;
      this.colours = points.colours;
      this.marks = points.marks || null; // what draw[kind] needs beyond colours (sites: confidence, dates)
      this.ids = points.ids;
      this.hit = -1;
      this._fan = null;
      this.dimmed = false;
    },
    setPoints: function (points) {
      this._set(points);
      return this.redraw();
    },
    // Not getLatLng: Leaflet would then take the layer for a marker and place mouse events at that point.
    // A fanned-out point is where it is drawn, away from its place.
    hitLatLng: function () {
      var i = this.hit;
      if (i < 0) { return null; }
      if (this.fanned(i)) { return this._map.layerPointToLatLng([this._x[i], this._y[i]]); }
      return L.latLng(this.lat[i], this.lon[i]);
    },
    // --- points at one place, fanned out around it so that each can be reached -------------------
    // ``members`` are point indices; they are drawn on a circle (a spiral when many) around where they
    // are, each joined to it by a leg, until unfan(), a new fan, new points or a zoom.
    fan: function (members) {
      var order = {};
      members.forEach(function (i, k) { order[i] = k; });
      this._fan = { members: members.slice(), order: order };
      return this.redraw();
    },
    unfan: function () {
      if (!this._fan) { return this; }
      this._fan = null;
      return this.redraw();
    },
    fanned: function (i) { return !!(this._fan && this._fan.order.hasOwnProperty(i)); },
    // Every point (not fanned out) whose mark covers the layer point ``p``, topmost first.
    stackAt: function (p) {
      var x = this._x, y = this._y, tolerance = this._clickTolerance(), found = [];
      if (!x) { return found; }
      for (var i = this.lat.length - 1; i >= 0; i--) {
        var dx = p.x - x[i], dy = p.y - y[i], r = this.radius[i] + tolerance;
        if (!this.fanned(i) && dx * dx + dy * dy <= r * r) { found.push(i); }
      }
      return found;
    },
    // Projected positions are for one zoom and pixel origin; other layers read them through here.
    fresh: function () {
      var map = this._map;
      if (map && (this._zoom !== map.getZoom() || !this._origin || !this._origin.equals(map.getPixelOrigin()))) {
        this._project();
      }
      return this;
    },
    _spread: function () {
      var fan = this._fan, members = fan.members, n = members.length, x = this._x, y = this._y;
      var cx = 0, cy = 0, widest = 0, k, i;
      for (k = 0; k < n; k++) {
        i = members[k]; cx += x[i] / n; cy += y[i] / n; widest = Math.max(widest, this.radius[i]);
      }
      fan.x = cx; fan.y = cy;
      var gap = 2 * widest + 6; // centre to centre, so that neighbouring marks do not touch
      if (n <= FAN_CIRCLE_MAX) {
        var ring = Math.max(gap * n / (2 * Math.PI), widest + gap / 2 + 4);
        for (k = 0; k < n; k++) {
          var angle = -Math.PI / 2 + 2 * Math.PI * k / n;
          x[members[k]] = cx + ring * Math.cos(angle); y[members[k]] = cy + ring * Math.sin(angle);
        }
        return;
      }
      // An Archimedean spiral whose turns are one gap apart, with marks a gap apart along it.
      var turn = gap / (2 * Math.PI), theta = (widest + gap) / turn;
      for (k = 0; k < n; k++) {
        var reach = turn * theta;
        x[members[k]] = cx + reach * Math.cos(theta); y[members[k]] = cy + reach * Math.sin(theta);
        theta += gap / reach;
      }
    },
    // The point under the pointer as GeoJSON: what streamlit-folium sends back to the app on a click.
    toGeoJSON: function () {
      var i = this.hit;
      if (i < 0) { return { type: "Feature", properties: {}, geometry: null }; }
      // ``click`` counts clicks, so that the app tells a new click on a site from the last one it saw.
      return { type: "Feature", properties: this.ids ? { site_id: this.ids[i], click: this.clicks || 0 } : {},
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
      }
      if (this._fan) { this._spread(); }
      for (i = 0; i < n; i++) {
        var reach = this.radius[i] + 2;
        if (ringPx) {
          ringPx[i] = this.ring[i] / (perPixel * Math.cos(this.lat[i] * Math.PI / 180));
          reach = Math.max(reach, ringPx[i] + 1);
        }
        minX = Math.min(minX, x[i] - reach); maxX = Math.max(maxX, x[i] + reach);
        minY = Math.min(minY, y[i] - reach); maxY = Math.max(maxY, y[i] + reach);
      }
      this._zoom = map.getZoom();
      this._origin = map.getPixelOrigin();
      this._pxBounds = n ? L.bounds([minX, minY], [maxX, maxY]) : null;
    },
    _update: function () { if (this._map) { this._updatePath(); } },
    _empty: function () { return !this.lat.length; },
    _updatePath: function () {
      var renderer = this._renderer;
      if (!renderer._drawing || this._empty()) { return; }
      var ctx = renderer._ctx, b = renderer._redrawBounds || renderer._bounds, n = this.lat.length, i, r;
      var x = this._x, y = this._y, shape = draw[this.kind];
      // While marks are fanned out, the others fade, so that the fan reads among its neighbours.
      ctx.globalAlpha = this.dimmed ? FADED : 1;
      ctx.setLineDash([]);
      if (this._ringPx) { // all rings under all markers
        for (i = 0; i < n; i++) {
          r = this._ringPx[i];
          if (r > 1 && !this.fanned(i) &&
              x[i] + r >= b.min.x && x[i] - r <= b.max.x && y[i] + r >= b.min.y && y[i] - r <= b.max.y) {
            draw.ring(ctx, x[i], y[i], r, this, i);
          }
        }
      }
      for (i = 0; i < n; i++) {
        r = this.radius[i] + 2;
        if (!this.fanned(i) && x[i] + r >= b.min.x && x[i] - r <= b.max.x && y[i] + r >= b.min.y && y[i] - r <= b.max.y) {
          shape(ctx, x[i], y[i], this.radius[i], this, i);
        }
      }
      ctx.globalAlpha = 1;
      if (this._fan) { // on top of everything else: legs, then the fanned-out marks
        var fan = this._fan;
        draw.fanLegs(ctx, fan.x, fan.y, fan.members.map(function (k) { return [x[k], y[k]]; }));
        fan.members.forEach(function (k) { shape(ctx, x[k], y[k], this.radius[k], this, k); }, this);
      }
    },
    _containsPoint: function (p) {
      var tolerance = this._clickTolerance(), x = this._x, y = this._y;
      this.hit = -1;
      if (!x) { return false; }
      var members = this._fan ? this._fan.members : [];
      for (var k = members.length - 1; k >= 0; k--) { // fanned out marks are drawn on top
        var fx = p.x - x[members[k]], fy = p.y - y[members[k]], fr = this.radius[members[k]] + tolerance;
        if (fx * fx + fy * fy <= fr * fr) { this.hit = members[k]; return true; }
      }
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

  // One row per force, each followed by the sources that support that row.
  function sitePopup(data, i) {
    var s = data.sites, f = data.forces, rows = "";
    for (var k = s.first[i], end = s.first[i] + s.count[i]; k < end; k++) {
      var actor = actorOf(data, f.actor[k]);
      rows += "<tr class='fp-force'><td><span class='fp-chip' style='background:" + actor[1] + "'></span>" + actor[0] +
        (f.force[k] ? "<br><small>" + f.force[k] + "</small>" : "") + "</td><td>" + (f.personnel[k] || "?") +
        "</td><td>" + f.since[k] + " to " + (f.until[k] || "present") +
        (f.doubt[k] ? " <small>(imprecise dates: may not cover this date)</small>" : "") + "</td><td>" + f.role[k] + "</td><td>" +
        f.confidence[k] + "</td></tr>" +
        "<tr class='fp-cites'><td colspan='5'><span class='fp-sub'>Sources for this row</span>" +
        sourceItems(f.sources ? f.sources[k] : [], data.sources) + "</td></tr>";
    }
    return "<div class='fp-popup'><h4>" + s.name[i] + "</h4><div class='fp-sub'>" + s.type[i] + ", " + s.host[i] +
      " &middot; location " + s.precision[i] + "</div><div class='fp-forces'><table><thead><tr><th>Force</th>" +
      "<th>Personnel</th><th>Dates</th><th>Role</th><th>Confidence</th></tr></thead><tbody>" + rows +
      "</tbody></table></div></div>";
  }

  function stackTooltip(data, stack, site) {
    return "<b>" + stack.length + (site ? " sites" : " events") + " here</b><br>" + stack.map(function (i) {
      return site ? data.sites.name[i] : eventTooltip(data, i);
    }).join("<br>") + "<br><small>Click to spread them out</small>";
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
    // Redraw what depends on where the marks are (the labels).
    _moved: function () { if (this._map) { this._map.fire("footprint:drawn"); } },
    // Fan out the sites (or events: ``layer``) at one place, given as indices; unfan() folds them back.
    fan: function (members, layer) {
      layer = layer || this._siteMarks;
      this._unhover();
      var other = layer === this._siteMarks ? this._eventMarks : this._siteMarks;
      other.dimmed = layer.dimmed = true;
      other._fan = null;
      other.redraw();
      layer.fan(members);
      this._moved();
    },
    unfan: function () {
      if (!this._siteMarks._fan && !this._eventMarks._fan) { return; }
      if (this._map) { this._map.closePopup(); }
      this._siteMarks.dimmed = this._eventMarks.dimmed = false;
      this._siteMarks.unfan();
      this._eventMarks.unfan();
      this._moved();
    },
    // Open the story popup of the site ``id`` where it is drawn, fanning out the sites that share its place;
    // false when it is not drawn. Nothing is sent to the app: it asked for this.
    openSite: function (id) {
      var marks = this._siteMarks, i = marks.ids.indexOf(id);
      if (i < 0 || !this._map) { return false; }
      marks.fresh();
      if (!marks.fanned(i)) {
        var stack = marks.stackAt(L.point(marks._x[i], marks._y[i]));
        if (stack.length > 1) { this.fan(stack); } else { this.unfan(); }
      }
      marks.hit = i;
      this._popup(marks, i);
      marks.hit = -1;
      return true;
    },
    _popup: function (layer, i) {
      var site = layer === this._siteMarks;
      this._unhover();
      // A fanned-out event is where it is drawn already; one at its place is drawn beside it.
      var options = popupOptions(this._map, site);
      if (!site && layer.fanned(i)) { options.offset = L.point(0, 0); }
      L.popup(options)
        .setLatLng(layer.hitLatLng())
        .setContent(site ? sitePopup(this._data, i) : eventPopup(this._data, i))
        .openOn(this._map);
    },
    onAdd: function (map) {
      if (!map.getPane(PANE)) { map.createPane(PANE).style.zIndex = 450; }
      this._group.addTo(map);
      this._renderer._container.style.pointerEvents = "none";
      map.on("mousemove", this._passThrough, this);
      map.on("click", this._tapThrough, this);
      map.on("mouseout", this._letThrough, this);
      map.on("zoomstart", this.unfan, this);
      map.on("keydown", this._key, this);
    },
    onRemove: function (map) {
      map.off("mousemove", this._passThrough, this);
      map.off("click", this._tapThrough, this);
      map.off("mouseout", this._letThrough, this);
      map.off("zoomstart", this.unfan, this);
      map.off("keydown", this._key, this);
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
    _key: function (e) { if (e.originalEvent && e.originalEvent.key === "Escape") { this.unfan(); } },
    _letThrough: function () { this._renderer._container.style.pointerEvents = "none"; },
    // A click or tap that reached the map while the canvas let the pointer through (no move before it).
    // A click beside every mark folds fanned-out sites back.
    _tapThrough: function (e) {
      var canvas = this._renderer._container;
      if (e.originalEvent && e.originalEvent === this._clicked) { return; } // a mark's click, handled in _open
      if (!this._over(e.layerPoint)) { this.unfan(); return; }
      if (canvas.style.pointerEvents === "none") {
        canvas.style.pointerEvents = "auto"; // first: the renderer's click reaches the map again
        this._renderer._onClick(e.originalEvent);
      }
    },
    _hover: function (e) {
      var layer = e.layer, i = layer && layer.hit;
      if (!layer || i < 0) { this._unhover(); return; }
      var site = layer === this._siteMarks;
      var stack = layer.fanned(i) ? [i] : layer.stackAt(e.layerPoint);
      if (this._shown && this._shown[0] === layer && this._shown[1] === i && this._shown[2] === stack.length) { return; }
      this._shown = [layer, i, stack.length];
      this._tooltip.options.offset = L.point(site || layer.fanned(i) ? [0, -layer.radius[i]] :
        [EVENT_OFFSET[0], EVENT_OFFSET[1] - 6]);
      this._tooltip.setLatLng(layer.hitLatLng())
        .setContent(stack.length > 1 ? stackTooltip(this._data, stack, site) :
          site ? siteTooltip(this._data, i) : eventTooltip(this._data, i));
      layer.hit = i;
      if (!this._map.hasLayer(this._tooltip)) { this._map.openTooltip(this._tooltip); }
    },
    _unhover: function () {
      this._shown = null;
      if (this._map && this._map.hasLayer(this._tooltip)) { this._map.closeTooltip(this._tooltip); }
    },
    // A click on one mark opens its popup (and the app opens the site's story, from toGeoJSON); a click on
    // marks that share the spot fans them out instead, and sends the app no site.
    _open: function (e) {
      var layer = e.layer, i = layer && layer.hit;
      if (!layer || i < 0 || !this._map) { return; }
      this._clicked = e.originalEvent;
      layer.clicks = (layer.clicks || 0) + 1;
      if (!layer.fanned(i)) {
        var stack = layer.stackAt(e.layerPoint);
        if (stack.length > 1) {
          layer.hit = -1;
          this._map.closePopup();
          this.fan(stack, layer);
          return;
        }
      }
      this._popup(layer, i);
    },
    // ``payload`` = {sites, forces, events}; ``tables`` = {sources, actors, marks}, shared by every date and
    // filter (a file's payload carries its own: then both are the payload).
    setData: function (payload, tables) {
      [payload.sites, payload.forces, payload.events].forEach(decodeAll);
      tables = tables || payload;
      var data = { sites: payload.sites, forces: payload.forces, events: payload.events, sources: tables.sources,
        actors: tables.actors, marks: tables.marks };
      var s = data.sites, e = data.events;
      if (this._map) { this._map.closePopup(); }
      this._unhover();
      this._data = data;
      this._eventMarks.setPoints({ lat: e.lat, lon: e.lon, radius: e.lat.map(function () { return 6; }),
        colours: e.actor.map(function (code) { return actorOf(data, code)[1]; }) });
      this._siteMarks.setPoints({ lat: s.lat, lon: s.lon, radius: s.radius, ring: s.ring, ids: s.id,
        marks: { confidence: s.confidence, dates: s.dates_uncertain, pale: data.marks.pale, dash: data.marks.dash,
          outline: data.marks.outline },
        colours: s.actors.map(function (codes) { return codes.map(function (code) { return actorOf(data, code)[1]; }); }) });
      this._moved();
      return this;
    },
    // Where each drawn site is: [site id, latitude, longitude, radius in pixels], in drawing order; a
    // fanned-out site where it is drawn.
    sites: function () {
      var s = this._siteMarks, map = this._map;
      if (map) { s.fresh(); }
      return s.lat.map(function (lat, i) {
        var at = s.fanned(i) ? map.layerPointToLatLng([s._x[i], s._y[i]]) : L.latLng(lat, s.lon[i]);
        return [s.ids[i], at.lat, at.lng, s.radius[i]];
      });
    },
    // The marks in layer pixels, for the labels: sites {x, y, radius, names, fanned} and events {x, y, radius}.
    marks: function () {
      var s = this._siteMarks.fresh(), e = this._eventMarks.fresh();
      return { sites: { x: s._x || [], y: s._y || [], radius: s.radius, names: this._data ? this._data.sites.name : [],
        fanned: function (i) { return s.fanned(i); } }, events: { x: e._x || [], y: e._y || [], radius: e.radius } };
    },
  });

  function hostShading(data) {
    var shades = data.shades;
    var ShadeLayer = L.Layer.extend({
      onAdd: function () {
        whenBasemap(function (base) {
          base.setStyle(function (feature) {
            var count = data.counts[feature.properties.iso3] || 0, style = basemapStyle();
            if (count) { style.fillColor = shades[Math.min(count, shades.length) - 1]; }
            return style;
          });
        });
      },
      onRemove: function () { whenBasemap(function (base) { base.setStyle(basemapStyle); }); },
    });
    return new ShadeLayer();
  }

  // A small canvas with one symbol drawn by the map's own code (``paint(ctx, x, y)``), for the legend.
  function swatch(width, height, paint) {
    var scale = window.devicePixelRatio || 1;
    var canvas = document.createElement("canvas");
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    canvas.style.width = width + "px";
    canvas.style.height = height + "px";
    canvas.className = "fp-swatch";
    var ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    paint(ctx, width / 2, height / 2);
    return canvas;
  }

  var KEY_GREY = "#6a7178"; // symbols that do not depend on a state's colour are shown in grey

  function keySite(rank, uncertain, radius, marks) {
    return function (ctx, x, y) {
      draw.site(ctx, x, y, radius || 7, { colours: [[KEY_GREY]], marks: { confidence: [[rank]], dates: [uncertain ? 1 : 0],
        pale: marks.pale, dash: marks.dash, outline: marks.outline } }, 0);
    };
  }

  // A line of the legend's key: symbols, each followed by its words, with an optional caption before them.
  function keyLine(parent, caption, items) {
    var line = L.DomUtil.create("div", "fp-key-line", parent);
    if (caption) { line.insertAdjacentHTML("beforeend", "<span class='fp-key-caption'>" + caption + "</span>"); }
    items.forEach(function (item) {
      var cell = L.DomUtil.create("span", "fp-key-item", line);
      cell.appendChild(item[0]);
      cell.insertAdjacentHTML("beforeend", "<span class='fp-key-label'>" + item[1] + "</span>");
    });
    return line;
  }

  // The legend's key below the states: every other symbol on the map, drawn by the map's own code and named.
  function fillKey(parent, key, marks) {
    var sizes = key.sizes, tallest = 2 * sizes[sizes.length - 1][1] + 4;
    keyLine(parent, "Known personnel", sizes.map(function (size) {
      return [swatch(2 * size[1] + 4, tallest, keySite(2, false, size[1], marks)), size[0]];
    })).className += " fp-key-sizes";
    keyLine(parent, "Confidence", [[swatch(16, 16, keySite(2, false, 6, marks)), "high"],
      [swatch(16, 16, keySite(1, false, 6, marks)), "medium"], [swatch(16, 16, keySite(0, false, 6, marks)), "low"]]);
    keyLine(parent, "", [[swatch(16, 16, keySite(2, true, 6, marks)), "Dates known only to the month or year"]]);
    keyLine(parent, "", [
      [swatch(22, 22, function (ctx, x, y) {
        draw.site(ctx, x, y, 4, { colours: [[KEY_GREY]], marks: null }, 0);
        draw.ring(ctx, x, y, 10);
      }), "Approximate location"],
      [swatch(16, 16, function (ctx, x, y) { draw.event(ctx, x, y, 5, { colours: [KEY_GREY] }, 0); }), "Event"],
    ]);
    if (key.shades) {
      var ramp = document.createElement("span");
      ramp.className = "fp-key-ramp";
      ramp.innerHTML = key.shades.map(function (colour, k) {
        return "<span style='background:" + colour + "'>" + (k + 1) + (k === key.shades.length - 1 ? "+" : "") + "</span>";
      }).join("");
      keyLine(parent, "Host state", [[ramp, "sending states"]]);
    }
  }

  // The key starts open on a map tall enough to show it beside the states (shut on Compare's small maps, say),
  // then stays as the user left it when the legend is redrawn for a new date.
  var KEY_OPEN_FROM_PX = 520;
  var keyOpen = null;

  // The states' list is open unless the frame finds it would hide sites (see fitKey), or the user chose.
  function statesOpen(map) {
    return map._footprintStatesOpen !== undefined ? map._footprintStatesOpen : !map._footprintStatesShut;
  }

  function legend(entries, key, marks) {
    var LegendLayer = L.Layer.extend({
      onAdd: function (map) {
        var control = L.control({ position: "bottomright" });
        control.onAdd = function () {
          var div = L.DomUtil.create("div", "fp-legend");
          // Hidden until footprint-map.css applies (it shows the key with !important): the stylesheet comes with
          // the map, maybe after this script, and an unstyled key's text can be unreadable (the dark theme's).
          div.style.visibility = "hidden";
          var states = L.DomUtil.create("details", "fp-legend-states", div);
          states.innerHTML = "<summary><b>Sending state</b>" + (key && marks ? "<b class='fp-legend-more'> and symbols</b>" : "") +
            "</summary>" + (entries.length ? entries.map(function (e) {
              return "<div class='fp-legend-state'><span class='fp-chip' style='background:" + e.colour + "'></span>" +
                e.name + "</div>";
            }).join("") : "<div class='fp-legend-state'>none on this date</div>");
          states.open = statesOpen(map);
          states.firstChild.addEventListener("click", function () { map._footprintStatesOpen = !states.open; });
          if (key && marks) {
            var symbols = L.DomUtil.create("details", "fp-key", states);
            symbols.open = keyOpen === null ? map.getSize().y >= KEY_OPEN_FROM_PX : keyOpen;
            symbols.innerHTML = "<summary><b>Symbols</b></summary>";
            symbols.addEventListener("toggle", function () { keyOpen = symbols.open; });
            fillKey(symbols, key, marks);
          }
          L.DomEvent.disableScrollPropagation(div);
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
      url.searchParams.set("zoom", String(Math.round(map.getZoom()))); // the link's zoom is a whole step
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
  // ``state.tables``, when there, names the data version whose shared tables the payload refers to: the app
  // sends them (``tables``) once per data version instead of with every step.
  var shownOn = [];
  var sharedTables = null; // the latest data version's only: an older one is never drawn again
  var TABLES_ASK_MS = 4000; // a request the app has not answered by then is sent again
  var TABLES_ASKS = 5;

  // The app page around the map, when it is this page's own origin (else null).
  function hostPage() {
    try { var host = window.parent; return host && host !== window && host.location.href ? host : null; }
    catch (e) { return null; }
  }

  // The tables are also kept by the page around the map, built by its own JSON.parse so that they hold
  // nothing of this frame, which a switch to another page discards: a map built on the return finds them.
  function tables(shared) {
    sharedTables = shared;
    var host = hostPage();
    if (host) { try { host.footprintMapTables = host.JSON.parse(JSON.stringify(shared)); } catch (e) { /* kept here only */ } }
  }

  function tablesFor(state) {
    if (!state.tables) { return state.payload; }
    if (!sharedTables || sharedTables.version !== state.tables) {
      var host = hostPage(), kept = host && host.footprintMapTables;
      if (kept && kept.version === state.tables) { sharedTables = kept; }
    }
    return sharedTables && sharedTables.version === state.tables ? sharedTables : null;
  }

  // Ask the app for the tables of data ``version`` (a message was lost, the page around the map is another
  // origin), as a click that streamlit-folium reports; after the evaluation that called show, which hooks its handler.
  function askTables(map, version, tries) {
    var kept = map._footprint;
    kept.waiting = version;
    kept.asks = (kept.asks || 0) + 1;
    var ask = kept.asks, request = { toGeoJSON: function () {
      return { type: "Feature", properties: { tables_wanted: version, ask: ask }, geometry: null };
    } };
    window.setTimeout(function () {
      if (kept.waiting !== version || kept.asks !== ask) { return; }
      kept.layer.fire("click", { layer: request });
      window.setTimeout(function () {
        if (kept.waiting === version && kept.asks === ask && tries < TABLES_ASKS) { askTables(map, version, tries + 1); }
      }, TABLES_ASK_MS);
    }, 0);
  }

  function show(map, state) {
    if (!map._footprint) {
      map._footprint = { layer: new Footprint().addTo(map) };
      shownOn.push(map);
    }
    var kept = map._footprint, shared = tablesFor(state);
    if (!shared) { askTables(map, state.tables, 1); return kept.layer; }
    kept.waiting = null;
    kept.layer.setData(state.payload, shared);
    if (kept.legend) { map.removeLayer(kept.legend); }
    kept.legend = legend(state.legend, state.key, shared.marks).addTo(map);
    var framed = map._footprintFrame;
    if (framed && !framed.view.bounds && map._footprintStatesShut === undefined) { shutKeyOverSites(map); }
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

  // The key sits in the bottom-right corner: the frame keeps the sites clear of it (beside it, else above it)
  // when that costs no zoom level, and lets it cover them otherwise (a narrow map needs every pixel).
  function keyRoom(map, bounds, room) {
    var key = map.getContainer().querySelector(".fp-legend"), size = map.getSize();
    if (!key || !key.offsetWidth) { return null; }
    var plain = map.getBoundsZoom(bounds, false, L.point(2 * room, 2 * room)), corners = [];
    // A key not laid out yet can measure the map's whole width: only a corner it plausibly takes is tried.
    if (key.offsetWidth < size.x / 2) { corners.push(L.point(room + key.offsetWidth + 10, room)); }
    if (key.offsetHeight < size.y / 2) { corners.push(L.point(room, room + key.offsetHeight + 10)); }
    for (var k = 0; k < corners.length; k++) {
      var zoom = map.getBoundsZoom(bounds, false, corners[k].add([room, room]));
      if (isFinite(zoom) && isFinite(plain) && zoom >= plain) { return corners[k]; }
    }
    return null;
  }

  // The room the key needs: open, where that keeps the sites clear of it; else (a small map: one of Compare's,
  // a narrow window) shut to its one-line summary, which the user opens on click, unless the user chose.
  function fitKey(map, bounds, room) {
    var states = map.getContainer().querySelector(".fp-legend-states");
    if (!states || map._footprintStatesOpen !== undefined) { return keyRoom(map, bounds, room); }
    states.open = true;
    var corner = keyRoom(map, bounds, room);
    map._footprintStatesShut = !corner;
    if (corner) { return corner; }
    states.open = false;
    return keyRoom(map, bounds, room);
  }

  // A frame given as a centre and a zoom (the world, a link's view) cannot move the sites clear of the key,
  // so the states' list shuts to its one line when, open, it would cover a site (a world map at 800 px).
  function shutKeyOverSites(map, tries) {
    var states = map.getContainer().querySelector(".fp-legend-states");
    if (!states || map._footprintStatesOpen !== undefined || !map._footprint) { return; }
    var sites = map._footprint.layer.sites(), wasOpen = states.open;
    states.open = true;
    var key = map.getContainer().querySelector(".fp-legend").getBoundingClientRect();
    var box = map.getContainer().getBoundingClientRect();
    // Decided once the sites are drawn and the key sits in its corner (until the styles apply it lies below
    // the map); the tables or the styles may still be on their way.
    if (!sites.length || !key.width || key.bottom > box.bottom + 1 || key.right > box.right + 1) {
      states.open = wasOpen;
      tries = tries || 0;
      if (tries < 50) { window.setTimeout(function () { shutKeyOverSites(map, tries + 1); }, 100); }
      return;
    }
    var covered = sites.some(function (site) {
      var at = map.latLngToContainerPoint([site[1], site[2]]), x = box.left + at.x, y = box.top + at.y, r = site[3];
      return x + r > key.left && x - r < key.right && y + r > key.top && y - r < key.bottom;
    });
    map._footprintStatesShut = covered;
    states.open = !covered;
  }

  // A frame as wide as the world fits at a quarter zoom step: at whole steps a 980 px map shows it 512 px wide
  // (zoom 1), half the map empty. Other frames keep whole steps, as the tiles and the basemap's and names'
  // zoom thresholds were made for; the next zoom by the user comes back to a whole step.
  var WORLD_ZOOM_SNAP = 0.25;

  function applyFrame(map, view) {
    if (view.bounds) {
      var snap = map.options.zoomSnap;
      if (view.bounds[1][1] - view.bounds[0][1] >= 360) { map.options.zoomSnap = WORLD_ZOOM_SNAP; }
      try { // the key's room is weighed in the same steps as the fit
        var room = markerRoom(map), corner = fitKey(map, L.latLngBounds(view.bounds), room);
        map.fitBounds(view.bounds, { paddingTopLeft: [room, room], paddingBottomRight: corner || [room, room],
          animate: false });
      } finally {
        map.options.zoomSnap = snap;
      }
    } else {
      map.setView(view.center, view.zoom, { animate: false });
      shutKeyOverSites(map);
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

  // --- names on the map -------------------------------------------------------------------------
  // Countries, capitals and towns (static/basemap/places.json, footprint/places.py: offline) while the
  // local basemap shows, and the names of the sites drawn from SITE_LABEL_ZOOM in. On every redraw the
  // labels in view are placed greedily, most important first (sites, countries, capitals, towns), each
  // where it covers no mark and no label already placed, or left out.
  var LABEL_PANE = "fp-labels";
  var labelled = []; // maps with a names layer
  var SITE_LABEL_ZOOM = 6;
  var KINDS = ["country", "capital", "town"]; // as footprint/places.py numbers them
  var LABEL_STYLE = {
    site: { font: "bold 12px sans-serif", ink: "#0b2545" },
    country: { font: "600 11px sans-serif", ink: "#6e6e6e", upper: true },
    capital: { font: "bold 11px sans-serif", ink: "#222", dot: 3 },
    town: { font: "11px sans-serif", ink: "#444", dot: 2 },
  };
  var LABEL_HEIGHT = 14;
  var LABEL_MARGIN = 2;
  var COUNTRY_SHIFTS = [0, -16, 16, -32, 32]; // pixels up or down from the country's centre
  var TOWN_UNDER_MARK_GAPS = [10, 16, 24]; // pixels from a town's spot when a site's mark covers it
  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#x27;": "'" };

  // The payload's HTML-escaped text as the plain text a canvas draws (fillText never reads markup).
  function plain(text) {
    return String(text).replace(/&(amp|lt|gt|quot|#x27);/g, function (entity) { return ENTITIES[entity]; });
  }

  // Boxes [x0, y0, x1, y1] (layer pixels) in grid cells, to find overlaps among thousands quickly.
  // A box may name an ``owner``: a label overlaps its own owner's marks freely.
  function Boxes(cell) { this.cell = cell; this.cells = new Map(); }
  Boxes.prototype._keys = function (b) {
    var c = this.cell, keys = [];
    for (var gx = Math.floor(b[0] / c); gx <= Math.floor(b[2] / c); gx++) {
      for (var gy = Math.floor(b[1] / c); gy <= Math.floor(b[3] / c); gy++) { keys.push(gx + ":" + gy); }
    }
    return keys;
  };
  Boxes.prototype.add = function (b, owner) {
    b.owner = owner;
    this._keys(b).forEach(function (key) {
      var list = this.cells.get(key);
      if (!list) { this.cells.set(key, list = []); }
      list.push(b);
    }, this);
  };
  // Free when nothing but the owner's marks comes within LABEL_MARGIN pixels of ``b``.
  Boxes.prototype.free = function (b, owner) {
    b = [b[0] - LABEL_MARGIN, b[1] - LABEL_MARGIN, b[2] + LABEL_MARGIN, b[3] + LABEL_MARGIN];
    var keys = this._keys(b);
    for (var k = 0; k < keys.length; k++) {
      var list = this.cells.get(keys[k]) || [];
      for (var j = 0; j < list.length; j++) {
        var o = list[j];
        if (owner != null && o.owner === owner) { continue; }
        if (o[0] < b[2] && b[0] < o[2] && o[1] < b[3] && b[1] < o[3]) { return false; }
      }
    }
    return true;
  };

  var Labels = L.Path.extend({
    options: { interactive: false, stroke: false },
    initialize: function (places, options) {
      L.setOptions(this, options);
      this.places = places || [];
      this.placed = [];
      this._widths = {};
    },
    setPlaces: function (places) { this.places = places; return this._map ? this.redraw() : this; },
    _project: function () {
      var map = this._map, zoom = map.getZoom(), places = this.places, shown = [];
      for (var i = 0; i < places.length; i++) {
        if (places[i][3] <= zoom) {
          var p = map.latLngToLayerPoint([places[i][1], places[i][2]]);
          shown.push([i, p.x, p.y]);
        }
      }
      this._shown = shown;
      this._pxBounds = null; // every redraw is of the whole canvas
    },
    _update: function () { if (this._map) { this._updatePath(); } },
    _empty: function () { return false; },
    _containsPoint: function () { return false; },
    _width: function (ctx, style, text) {
      var key = style.font + "|" + text;
      if (!(key in this._widths)) { ctx.font = style.font; this._widths[key] = ctx.measureText(text).width; }
      return this._widths[key];
    },
    // The first of the boxes beside a point (right, left, below, above; ``r`` pixels away, then further
    // for each of ``further``) that is free, or null.
    _beside: function (ctx, style, text, x, y, r, taken, owner, further) {
      var w = this._width(ctx, style, text), h = LABEL_HEIGHT, gaps = [r].concat(further || []);
      for (var g = 0; g < gaps.length; g++) {
        var gap = gaps[g] + 3;
        var tries = [[x + gap, y - h / 2], [x - gap - w, y - h / 2], [x - w / 2, y + gap - 1], [x - w / 2, y - gap - h + 1]];
        for (var k = 0; k < tries.length; k++) {
          var b = [tries[k][0], tries[k][1], tries[k][0] + w, tries[k][1] + h];
          if (this._inView(b) && taken.free(b, owner)) { return b; }
        }
      }
      return null;
    },
    _inView: function (b) {
      var v = this._view;
      return b[0] >= v[0] && b[1] >= v[1] && b[2] <= v[2] && b[3] <= v[3];
    },
    _layout: function (ctx) {
      var map = this._map, zoom = map.getZoom(), size = map.getSize();
      var corner = map.containerPointToLayerPoint([0, 0]);
      this._view = [corner.x + 2, corner.y + 2, corner.x + size.x - 2, corner.y + size.y - 2];
      var taken = new Boxes(96), placed = [], k, i, b;
      var fp = map._footprint && map._footprint.layer, marks = fp ? fp.marks() : null;
      var owners = [], stacks = {};
      if (marks) { // every mark is in the way of every label but its own
        var s = marks.sites, e = marks.events;
        for (i = 0; i < s.x.length; i++) {
          var key = s.fanned(i) ? "f" + i : Math.round(s.x[i]) + ":" + Math.round(s.y[i]);
          owners.push(key);
          (stacks[key] = stacks[key] || []).push(i);
          taken.add([s.x[i] - s.radius[i] - 1, s.y[i] - s.radius[i] - 1, s.x[i] + s.radius[i] + 1,
            s.y[i] + s.radius[i] + 1], key);
        }
        for (i = 0; i < e.x.length; i++) {
          taken.add([e.x[i] - e.radius[i] - 2, e.y[i] - e.radius[i] - 2, e.x[i] + e.radius[i] + 2, e.y[i] + e.radius[i] + 2]);
        }
        if (zoom >= SITE_LABEL_ZOOM) { // one label per place: its biggest site's name, and how many more
          Object.keys(stacks).map(function (key) { return stacks[key]; })
            .sort(function (a, c) { return s.radius[c[0]] - s.radius[a[0]] || a[0] - c[0]; })
            .forEach(function (stack) {
              var top = stack.reduce(function (best, j) { return s.radius[j] > s.radius[best] ? j : best; }, stack[0]);
              var text = plain(s.names[top]) + (stack.length > 1 ? " +" + (stack.length - 1) : "");
              var box = this._beside(ctx, LABEL_STYLE.site, text, s.x[top], s.y[top], s.radius[top], taken, owners[top]);
              if (box) { taken.add(box); placed.push({ text: text, kind: "site", box: box }); }
            }, this);
        }
      }
      if (this._withPlaces()) {
        for (k = 0; k < this._shown.length; k++) {
          var place = this.places[this._shown[k][0]], x = this._shown[k][1], y = this._shown[k][2];
          var kind = KINDS[place[4]], style = LABEL_STYLE[kind], text = plain(place[0]);
          if (style.upper) { text = text.toUpperCase(); }
          var dotted = false;
          if (kind === "country") { // at its centre, or a little above or below it
            var w = this._width(ctx, style, text);
            b = null;
            for (var shift = 0; shift < COUNTRY_SHIFTS.length && !b; shift++) {
              var top = y + COUNTRY_SHIFTS[shift] - LABEL_HEIGHT / 2, box = [x - w / 2, top, x + w / 2, top + LABEL_HEIGHT];
              if (this._inView(box) && taken.free(box)) { b = box; }
            }
          } else {
            // A town under a site's mark loses its dot (the mark shows the spot) and is named beside the mark.
            var dot = [x - style.dot - 1, y - style.dot - 1, x + style.dot + 1, y + style.dot + 1];
            if (!this._inView(dot)) { continue; }
            dotted = taken.free(dot);
            b = this._beside(ctx, style, text, x, y, style.dot, taken, null, dotted ? [] : TOWN_UNDER_MARK_GAPS);
            if (b && dotted) { taken.add(dot); }
          }
          if (!b) { continue; }
          taken.add(b);
          placed.push({ text: text, kind: kind, box: b, x: x, y: y, dot: dotted });
        }
      }
      return placed;
    },
    _withPlaces: function () { return !!(basemapLayer && this._map.hasLayer(basemapLayer)); },
    _updatePath: function () {
      var renderer = this._renderer;
      if (!renderer._drawing || !this._shown) { return; }
      var ctx = renderer._ctx;
      this.placed = this._layout(ctx);
      ctx.save();
      ctx.globalAlpha = 1;
      ctx.setLineDash([]);
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      this.placed.forEach(function (label) {
        var style = LABEL_STYLE[label.kind], b = label.box;
        if (label.dot) {
          ctx.beginPath();
          if (label.kind === "capital") { ctx.rect(label.x - style.dot, label.y - style.dot, 2 * style.dot, 2 * style.dot); }
          else { ctx.arc(label.x, label.y, style.dot, 0, 2 * Math.PI, false); }
          ctx.fillStyle = style.ink; ctx.lineWidth = 1; ctx.strokeStyle = "#fff";
          ctx.fill(); ctx.stroke();
        }
        ctx.font = style.font;
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255,255,255,0.9)"; // a halo, so that names read over borders and shading
        ctx.strokeText(label.text, b[0], (b[1] + b[3]) / 2);
        ctx.fillStyle = style.ink;
        ctx.fillText(label.text, b[0], (b[1] + b[3]) / 2);
      });
      ctx.restore();
    },
  });

  // The names layer of a map: ``source`` is the URL of places.json or its rows. Below the marks (450),
  // above the basemap; it never takes the pointer.
  function labels(source) {
    var LabelLayer = L.Layer.extend({
      onAdd: function (map) {
        if (!map.getPane(LABEL_PANE)) { map.createPane(LABEL_PANE).style.zIndex = 440; }
        this._renderer = L.canvas({ padding: 0, pane: LABEL_PANE });
        this._names = new Labels([], { renderer: this._renderer }).addTo(map);
        this._renderer._container.style.pointerEvents = "none";
        map.on("footprint:drawn baselayerchange", this._refresh, this);
        map._footprintLabels = this._names;
        if (labelled.indexOf(map) < 0) { labelled.push(map); }
        var names = this._names;
        if (typeof source === "string") {
          sharedJson(source).then(function (rows) { names.setPlaces(rows); });
        } else {
          names.setPlaces(source);
        }
        whenBasemap(function () { names.redraw(); });
      },
      onRemove: function (map) {
        map.off("footprint:drawn baselayerchange", this._refresh, this);
        map.removeLayer(this._names);
        map._footprintLabels = null;
      },
      _refresh: function () { if (this._names._map) { this._names.redraw(); } },
    });
    return new LabelLayer();
  }

  // The labels drawn on every map of the page: {text, kind (site, country, capital, town), box} each.
  function placedLabels() {
    return labelled.reduce(function (all, map) {
      return map._footprintLabels ? all.concat(map._footprintLabels.placed) : all;
    }, []);
  }

  // --- a site found with the app's search --------------------------------------------------------
  var FOCUS_ZOOM = 9;
  var FOCUS_KEY = "footprint.focus";

  // Frame the site ``target`` = {id, name, lat, lon, token} and open its popup, fanning out the sites at
  // its place; once per token, because the app sends the same target again with every later update of
  // the layers, and again to a map rebuilt after a page change (the tab's sessionStorage outlives both).
  function focus(map, target) {
    var done;
    try { done = window.sessionStorage.getItem(FOCUS_KEY); } catch (e) { done = map._footprintFocus; }
    if (done === target.token) { return; }
    try { window.sessionStorage.setItem(FOCUS_KEY, target.token); } catch (e) { /* no storage: this map only */ }
    map._footprintFocus = target.token;
    // After the current script: streamlit-folium next moves the map to the view the app last knew.
    window.setTimeout(function () {
      map.setView([target.lat, target.lon], Math.max(map.getZoom(), FOCUS_ZOOM), { animate: false });
      if (map._footprint && map._footprint.layer.openSite(target.id)) { return; }
      L.popup({ maxWidth: 320 }).setLatLng([target.lat, target.lon])
        .setContent("<div class='fp-popup'><h4>" + target.name + "</h4><div class='fp-sub'>Not on the map with " +
          "these filters: its story is below the map.</div></div>").openOn(map);
    }, 0);
  }

  // A month-by-month player: a slider, a play button, the date and counts; one frame's layers at a time.
  function timelapse(frames, interval) {
    var Player = L.Layer.extend({
      onAdd: function (map) {
        var self = this;
        this._map = map;
        this._control = L.control({ position: "bottomleft" });
        this._control.onAdd = function () {
          // Its own class: the key's code finds the key by ".fp-legend", and the player sits before it in the page.
          var div = L.DomUtil.create("div", "fp-player");
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
        show(this._map, { payload: frame.payload, legend: frame.legend, key: frame.key });
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

  window.footprint = { trackView: trackView, basemap: basemap, show: show, tables: tables, frame: frame,
    drawnSites: drawnSites,
    timelapse: timelapse, draw: draw, Points: Points, Footprint: Footprint, labels: labels,
    placedLabels: placedLabels, focus: focus };
})();
