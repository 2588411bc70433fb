/*
 * A grid's boundary drawn on a map in the admin form (governance/widgets.py).
 *
 * The textarea stays the field: every shape drawn, edited or deleted with Leaflet.draw is
 * written back into it as WGS-84 GeoJSON (one part a Polygon, several a MultiPolygon), and
 * what an expert types into it is drawn again. The server checks the shape whatever comes in
 * (governance/models/grids.py validate_boundary). Without this script the textarea is shown
 * open and works alone.
 */
(function () {
  "use strict";

  var OWN = {
    color: "#0b5cad",
    weight: 2,
    fillColor: "#2f7fd1",
    fillOpacity: 0.25,
    className: "boundary-field__own",
  };
  var PARENT = { color: "#555", weight: 2, dashArray: "6 4", fill: false, interactive: false };
  var SIBLING = { color: "#888", weight: 1, fillColor: "#999", fillOpacity: 0.12 };
  var CHINA = { lat: 35.0, lon: 105.0, zoom: 4 };

  function speakChinese() {
    if (!L.drawLocal || L.drawLocal.civicChinese) return;
    var draw = L.drawLocal.draw;
    var edit = L.drawLocal.edit;
    draw.toolbar.actions = { title: "取消绘制", text: "取消" };
    draw.toolbar.finish = { title: "完成绘制", text: "完成" };
    draw.toolbar.undo = { title: "删除最后一个点", text: "删除最后一个点" };
    draw.toolbar.buttons.polygon = "绘制多边形";
    draw.toolbar.buttons.rectangle = "绘制矩形";
    draw.handlers.polygon.tooltip = {
      start: "点击地图开始绘制边界。",
      cont: "继续点击添加顶点。",
      end: "点击第一个点闭合边界。",
    };
    draw.handlers.polyline.error = "<strong>错误：</strong>边线不能相交！";
    draw.handlers.rectangle.tooltip = { start: "按住并拖动绘制矩形。" };
    draw.handlers.simpleshape.tooltip = { end: "松开完成绘制。" };
    edit.toolbar.actions.save = { title: "保存修改", text: "保存" };
    edit.toolbar.actions.cancel = { title: "取消修改，恢复原样", text: "取消" };
    edit.toolbar.actions.clearAll = { title: "删除全部边界", text: "全部删除" };
    edit.toolbar.buttons = {
      edit: "修改边界",
      editDisabled: "没有可修改的边界",
      remove: "删除边界",
      removeDisabled: "没有可删除的边界",
    };
    edit.handlers.edit.tooltip = { text: "拖动顶点修改边界。", subtext: "点击“取消”撤销修改。" };
    edit.handlers.remove.tooltip = { text: "点击要删除的部分。" };
    L.drawLocal.civicChinese = true;
  }

  function readJSON(id, fallback) {
    var source = id && document.getElementById(id);
    if (!source) return fallback;
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return fallback;
    }
  }

  /* The polygons' coordinate arrays of a Polygon or MultiPolygon, or null if it is neither. */
  function partsOf(geometry) {
    if (!geometry || !Array.isArray(geometry.coordinates)) return null;
    if (geometry.type === "Polygon") return [geometry.coordinates];
    if (geometry.type === "MultiPolygon") return geometry.coordinates;
    return null;
  }

  function start(box) {
    var textarea = document.getElementById(box.getAttribute("data-target"));
    var mapElement = box.querySelector("[data-boundary-map]");
    if (!textarea || !mapElement || !window.L || !L.Control.Draw || !window.CivicMap) return;
    speakChinese();
    mapElement.hidden = false;
    box.querySelector("[data-boundary-help]").hidden = false;
    var raw = box.querySelector("[data-boundary-raw]");
    // An expert's typing is kept open; otherwise the map is the field.
    if (!box.closest(".w-field--error, .error")) raw.open = false;
    mapElement.setAttribute("data-map-config", box.getAttribute("data-map-config"));

    var civic = CivicMap.create(mapElement);
    var map = civic.map;
    var reference = civic
      .geoJSON(readJSON(box.getAttribute("data-reference"), null) || [], {
        style: function (feature) {
          return feature.properties.role === "parent" ? PARENT : SIBLING;
        },
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(feature.properties.name, { sticky: true });
        },
      })
      .addTo(map);
    var parentInput = document.getElementById(box.getAttribute("data-parent-input") || "");
    var neighboursUrl = box.getAttribute("data-neighbours-url");
    var drawn = new L.FeatureGroup().addTo(map);
    var writing = false;

    function load() {
      drawn.clearLayers();
      var text = textarea.value.trim();
      if (!text || text === "null") return true;
      var geometry;
      try {
        geometry = JSON.parse(text);
      } catch (error) {
        return false;
      }
      var parts = partsOf(geometry);
      if (!parts) return false;
      parts.forEach(function (rings) {
        civic.geoJSON({ type: "Polygon", coordinates: rings }, { style: OWN }).eachLayer(function (layer) {
          drawn.addLayer(layer);
        });
      });
      return true;
    }

    function write() {
      var polygons = [];
      drawn.eachLayer(function (layer) {
        polygons.push(civic.toGeoJSONGeometry(layer).coordinates);
      });
      var geometry = null;
      if (polygons.length === 1) geometry = { type: "Polygon", coordinates: polygons[0] };
      if (polygons.length > 1) geometry = { type: "MultiPolygon", coordinates: polygons };
      writing = true;
      textarea.value = geometry ? JSON.stringify(geometry) : "";
      // Wagtail's "unsaved changes" warning listens for these.
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      textarea.dispatchEvent(new Event("change", { bubbles: true }));
      writing = false;
    }

    function look() {
      var bounds = drawn.getLayers().length ? drawn.getBounds() : reference.getBounds();
      if (bounds.isValid()) {
        map.fitBounds(bounds, { padding: [12, 12] });
        return;
      }
      var centre = (box.getAttribute("data-centre") || "").split(",").map(Number);
      if (centre.length === 2 && isFinite(centre[0]) && isFinite(centre[1])) {
        map.setView(civic.toDisplay(centre[0], centre[1]), 15);
      } else {
        map.setView([CHINA.lat, CHINA.lon], CHINA.zoom);
      }
    }

    map.addControl(
      new L.Control.Draw({
        position: "topright",
        draw: {
          polygon: { allowIntersection: false, showArea: false, shapeOptions: OWN },
          // showArea stays off: Leaflet.draw 1.0.4 fails computing it with Leaflet 1.9.
          rectangle: { showArea: false, shapeOptions: OWN },
          polyline: false,
          circle: false,
          circlemarker: false,
          marker: false,
        },
        edit: { featureGroup: drawn, poly: { allowIntersection: false } },
      })
    );
    map.on(L.Draw.Event.CREATED, function (event) {
      drawn.addLayer(event.layer);
      write();
    });
    map.on(L.Draw.Event.EDITED, write);
    map.on(L.Draw.Event.DELETED, write);
    textarea.addEventListener("change", function () {
      if (writing) return;
      if (load()) look();
    });
    // A new grid's parent chosen in the form: draw that parent and its grids instead.
    if (parentInput && neighboursUrl && window.fetch) {
      parentInput.addEventListener("change", function () {
        reference.clearLayers();
        if (!parentInput.value) return;
        fetch(neighboursUrl + "?parent=" + encodeURIComponent(parentInput.value), {
          credentials: "same-origin",
        })
          .then(function (response) {
            return response.ok ? response.json() : null;
          })
          .then(function (shapes) {
            if (!shapes) return;
            reference.addData(shapes);
            if (!drawn.getLayers().length) look();
          });
      });
    }

    load();
    look();
    // The map may first be laid out inside a collapsed panel, at no size at all.
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        map.invalidateSize();
      }).observe(mapElement);
    }
    box.setAttribute("data-boundary-ready", "");
  }

  function startAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-boundary-field]"), start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
