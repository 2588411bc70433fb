/*
 * 网格地图 (governance/views/grid_map.py): the grids the server coloured, each labelled with its
 * name and value; a click opens the map one level down, or the grid's own page. The table
 * under the map holds the same values and links, so the page works without this script.
 */
(function () {
  "use strict";

  function start() {
    var box = document.querySelector("[data-grid-map]");
    var canvas = box && box.querySelector("[data-grid-map-canvas]");
    var source = document.getElementById("grid-map-data");
    if (!canvas || !source || !window.L || !window.CivicMap) return;

    // A chooser changed: the ones below it still name grids of the old choice, so drop them.
    var choosers = box.querySelector("[data-grid-map-choosers]");
    if (choosers) {
      choosers.addEventListener("change", function (event) {
        var level = Number(event.target.getAttribute("data-level"));
        if (level) {
          choosers.querySelectorAll("select[data-level]").forEach(function (select) {
            if (Number(select.getAttribute("data-level")) > level) select.value = "";
          });
        }
        choosers.submit();
      });
    }

    var drawn = JSON.parse(source.textContent);
    if (!drawn.grids.features.length) return;
    canvas.hidden = false;
    canvas.setAttribute("data-map-config", "grid-map-config");
    var civic = CivicMap.create(canvas);
    var map = civic.map;

    if (drawn.outline) {
      civic
        .geoJSON(drawn.outline, {
          style: { color: "#333", weight: 2, dashArray: "6 4", fill: false },
          interactive: false,
        })
        .addTo(map);
    }
    var grids = civic
      .geoJSON(drawn.grids, {
        style: function (feature) {
          return {
            color: "#333",
            weight: 1,
            fillColor: feature.properties.colour,
            fillOpacity: 0.75,
          };
        },
        onEachFeature: function (feature, layer) {
          var label = document.createElement("span");
          var name = document.createElement("span");
          name.textContent = feature.properties.label;
          var value = document.createElement("strong");
          value.textContent = feature.properties.shown;
          label.appendChild(name);
          label.appendChild(document.createElement("br"));
          label.appendChild(value);
          layer.bindTooltip(label, {
            permanent: true,
            direction: "center",
            className: "grid-map__label",
          });
          layer.on("click", function () {
            window.location.href = feature.properties.url;
          });
          layer.on("mouseover", function () {
            layer.setStyle({ weight: 3 });
          });
          layer.on("mouseout", function () {
            layer.setStyle({ weight: 1 });
          });
        },
      })
      .addTo(map);
    map.fitBounds(grids.getBounds(), { padding: [8, 8] });

    // Crowded labels wait for a closer zoom (the table lists every value).
    civic.hideCrowdedLabels(grids.getLayers());
    canvas.setAttribute("data-grid-map-ready", "");
  }

  // The admin loads its scripts in the page's head.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
