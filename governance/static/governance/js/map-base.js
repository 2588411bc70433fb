/*
 * The grid map's common ground, for the public map and the admin maps alike.
 *
 * CivicMap.create(element, config) makes a Leaflet map on the base the server configured
 * (governance/geo/basemap.py, passed as JSON): "offline" has no tiles at all, so nothing
 * leaves the browser for anyone else's server and the map is shapes on a plain background.
 * Boundaries are stored in WGS-84; on GCJ-02 tiles (Amap, Tencent) shapes are shifted on the
 * way in (toDisplay) and points picked on the map shifted back (fromDisplay), with the same
 * arithmetic as governance/geo/china.py.
 */
(function () {
  "use strict";

  var A = 6378245.0;
  var EE = 0.00669342162296594323;

  function outsideChina(lon, lat) {
    return !(lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271);
  }

  function shiftLat(x, y) {
    var v = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    v += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
    v += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
    v += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
    return v;
  }

  function shiftLon(x, y) {
    var v = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    v += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
    v += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
    v += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2) / 3;
    return v;
  }

  function wgs84ToGcj02(lon, lat) {
    if (outsideChina(lon, lat)) return [lon, lat];
    var dLat = shiftLat(lon - 105.0, lat - 35.0);
    var dLon = shiftLon(lon - 105.0, lat - 35.0);
    var radians = (lat / 180.0) * Math.PI;
    var magic = 1 - EE * Math.sin(radians) * Math.sin(radians);
    var root = Math.sqrt(magic);
    dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * root)) * Math.PI);
    dLon = (dLon * 180.0) / ((A / root) * Math.cos(radians) * Math.PI);
    return [lon + dLon, lat + dLat];
  }

  function gcj02ToWgs84(lon, lat) {
    var guessLon = lon;
    var guessLat = lat;
    for (var i = 0; i < 6; i++) {
      var shifted = wgs84ToGcj02(guessLon, guessLat);
      guessLon -= shifted[0] - lon;
      guessLat -= shifted[1] - lat;
    }
    return [guessLon, guessLat];
  }

  function readConfig(element) {
    var source = document.getElementById(element.getAttribute("data-map-config") || "map-config");
    if (!source) return { base: "offline", datum: "wgs84", tiles: [], attribution: "" };
    return JSON.parse(source.textContent);
  }

  function create(element, options) {
    var config = readConfig(element);
    var gcj = config.datum === "gcj02";
    var map = L.map(element, Object.assign({ zoomSnap: 0.5, attributionControl: true }, options || {}));
    map.attributionControl.setPrefix(false);
    if (!config.tiles.length) element.classList.add("civic-map--plain");
    config.tiles.forEach(function (layer) {
      L.tileLayer(layer.url, {
        subdomains: layer.subdomains || "abc",
        maxZoom: 18,
        attribution: config.attribution || "",
      }).addTo(map);
    });

    /* [lon, lat] in WGS-84 -> a Leaflet LatLng on this base. */
    function toDisplay(lon, lat) {
      var p = gcj ? wgs84ToGcj02(lon, lat) : [lon, lat];
      return L.latLng(p[1], p[0]);
    }
    /* A Leaflet LatLng on this base -> [lon, lat] in WGS-84. */
    function fromDisplay(latlng) {
      return gcj ? gcj02ToWgs84(latlng.lng, latlng.lat) : [latlng.lng, latlng.lat];
    }
    function geoJSON(data, layerOptions) {
      return L.geoJSON(
        data,
        Object.assign({}, layerOptions || {}, {
          coordsToLatLng: function (coords) {
            return toDisplay(coords[0], coords[1]);
          },
        })
      );
    }
    /* A Leaflet layer's rings back to a GeoJSON geometry in WGS-84. */
    function toGeoJSONGeometry(layer) {
      var geometry = layer.toGeoJSON(6).geometry;
      function walk(coords) {
        if (typeof coords[0] === "number") {
          var p = fromDisplay(L.latLng(coords[1], coords[0]));
          return [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
        }
        return coords.map(walk);
      }
      return { type: geometry.type, coordinates: walk(geometry.coordinates) };
    }
    /* A permanent label wider than its shape on screen would cover its neighbours' labels: it
       stays hidden until zoomed in far enough (the shape still answers a tap). */
    function hideCrowdedLabels(layers) {
      function fit() {
        layers.forEach(function (layer) {
          var tooltip = layer.getTooltip && layer.getTooltip();
          var label = tooltip && tooltip.getElement();
          if (!label) return;
          var bounds = layer.getBounds();
          var west = map.latLngToLayerPoint(bounds.getSouthWest());
          var east = map.latLngToLayerPoint(bounds.getNorthEast());
          var fits = label.offsetWidth <= Math.abs(east.x - west.x) + 4;
          label.style.visibility = fits ? "" : "hidden";
        });
      }
      map.on("zoomend", fit);
      fit();
    }
    return {
      map: map,
      config: config,
      hideCrowdedLabels: hideCrowdedLabels,
      toDisplay: toDisplay,
      fromDisplay: fromDisplay,
      geoJSON: geoJSON,
      toGeoJSONGeometry: toGeoJSONGeometry,
    };
  }

  window.CivicMap = {
    create: create,
    wgs84ToGcj02: wgs84ToGcj02,
    gcj02ToWgs84: gcj02ToWgs84,
  };
})();
