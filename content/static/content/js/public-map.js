/*
 * 网格地图 · 一刻钟服务圈 on a community page and its service guide
 * (templates/components/public_map.html).
 *
 * The community's grid boundaries with short labels, its service points by kind, the 5/10/15
 * minute walking rings around the community's centre and the warm stations, on the base map the
 * server configured (map-base.js; by default no tiles, so a plain background). Tapping a grid,
 * choosing it from the list, or "我在哪个网格" (the browser's position, looked up on the server)
 * opens that grid's contact card under the map. All data comes from the public registry API;
 * everything it returns is written with textContent, never parsed as HTML.
 *
 * Without this script the section stays hidden and the page is its lists.
 */
(function () {
  "use strict";

  var section = document.querySelector("[data-public-map]");
  if (!section || !window.L || !window.CivicMap || !window.fetch) return;

  // The API's grid levels ("1 district … 5 micro grid"): cards are kept per third-level grid.
  var COMMUNITY_LEVEL = 3;
  var GRID_LEVEL = 4;
  // One colour per ring, innermost first (一刻钟服务圈: three rings in three colours). The rings'
  // radii are not here: they come from governance/geo/rings.py ({% walking_rings %}).
  var RING_COLOURS = ["#2e7d32", "#d97706", "#1565c0"];
  // Service point kinds, in order of their names; warm stations have their own marker.
  var KIND_COLOURS = [
    "#6a1b9a", "#00838f", "#ad1457", "#5d4037", "#283593", "#558b2f", "#c62828", "#455a64",
  ];
  var WARM_COLOUR = "#e65100";
  var GRID_STYLE = { color: "#3b5b92", weight: 2, fillColor: "#ffffff", fillOpacity: 0.55 };
  var EXCLUSIVE_STYLE = {
    color: "#7b1fa2", weight: 2, dashArray: "6 4", fillColor: "#f3e5f5", fillOpacity: 0.6,
  };
  var CHOSEN_STYLE = { color: "#b3261e", weight: 4, fillColor: "#ffe9a8", fillOpacity: 0.75 };

  var api = section.getAttribute("data-api");
  var communityCode = section.getAttribute("data-community");
  var communityName = section.getAttribute("data-community-name") || "";
  var mapElement = section.querySelector("[data-map]");
  var status = section.querySelector("[data-status]");
  var cardPanel = section.querySelector("[data-card]");
  var legend = section.querySelector("[data-legend]");
  var locateButton = section.querySelector("[data-locate]");
  var choice = section.querySelector("[data-grid-choice]");
  var choiceLabel = section.querySelector("[data-grid-choice-label]");
  var ringsSource = document.getElementById("walking-rings");
  var rings = ringsSource ? JSON.parse(ringsSource.textContent) : [];

  var civic = null;
  var gridLayers = {}; // code -> {layer, style, name}
  var chosen = null;
  var hereMarker = null;
  var cardOpener = null;
  var asked = 0; // the latest card asked for; older answers are dropped

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function say(message, isError) {
    status.textContent = message || "";
    status.classList.toggle("public-map__status--error", Boolean(isError));
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
      function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (body) {
            return { ok: response.ok, status: response.status, body: body };
          });
      }
    );
  }

  /* "华府社区5号网格" reads "5号网格" inside 华府社区's own map. */
  function shortName(name) {
    if (communityName && name.indexOf(communityName) === 0 && name.length > communityName.length) {
      return name.slice(communityName.length);
    }
    return name;
  }

  /* ---------- the contact card ---------- */

  /* Hidden without moving the focus (a new answer replaces it). */
  function hideCard() {
    asked++;
    cardPanel.hidden = true;
    cardPanel.textContent = "";
  }

  /* Closed by the reader: the focus goes back to what opened it. */
  function closeCard() {
    var opener = cardOpener;
    cardOpener = null;
    hideCard();
    if (opener && document.body.contains(opener)) opener.focus();
  }

  function cardRow(label, content) {
    var row = element("div", "contact-card__row");
    if (label) row.appendChild(element("dt", null, label));
    var value = element("dd");
    content.forEach(function (part) {
      value.appendChild(part);
    });
    row.appendChild(value);
    return row;
  }

  function telLink(phone) {
    var link = element("a", null, phone);
    link.href = "tel:" + phone.replace(/[^0-9+]/g, "");
    return link;
  }

  /* The same card as components/contact_card.html, from the API's public contacts. */
  function renderCard(card, note) {
    cardPanel.textContent = "";
    var close = element("button", "public-map__close", "关闭");
    close.type = "button";
    close.setAttribute("aria-label", "关闭连心卡");
    close.addEventListener("click", closeCard);
    var article = element("article", "contact-card");
    article.setAttribute("aria-labelledby", "map-card-title");
    var title = element("h3", null, card.grid.name);
    title.id = "map-card-title";
    title.tabIndex = -1;
    title.appendChild(element("span", "contact-card__title", "便民服务连心卡"));
    article.appendChild(title);
    if (note) article.appendChild(element("p", "public-map__note", note));
    var list = element("dl");
    card.contacts.forEach(function (person) {
      list.appendChild(
        cardRow(person.role, [document.createTextNode(person.name + " "), telLink(person.phone)])
      );
    });
    if (!card.contacts.length) {
      var none = element("div", "contact-card__row");
      none.appendChild(element("dd", "muted", "暂无公开联系人"));
      list.appendChild(none);
    }
    if (card.hotline) list.appendChild(cardRow("社区服务电话", [telLink(card.hotline)]));
    article.appendChild(list);
    cardPanel.appendChild(close);
    cardPanel.appendChild(article);
    cardPanel.hidden = false;
    title.focus();
  }

  /* Ask for one third-level grid's card and show it; `opener` gets the focus back on close. */
  function showCard(code, opener, note) {
    var ticket = ++asked;
    cardOpener = opener || mapElement;
    return getJSON(api + "grids/" + encodeURIComponent(code) + "/contact-cards/")
      .then(function (answer) {
        if (ticket !== asked) return;
        var cards = answer.ok && Array.isArray(answer.body) ? answer.body : [];
        var card = cards.filter(function (c) {
          return c.grid.code === code;
        })[0];
        if (!card) {
          say("没有找到这个网格的连心卡，请拨打社区服务电话。", true);
          return;
        }
        renderCard(card, note);
      })
      .catch(function () {
        if (ticket === asked) say("网络连接失败，请稍后重试。", true);
      });
  }

  cardPanel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeCard();
  });

  /* ---------- grids ---------- */

  function choose(code) {
    if (chosen && gridLayers[chosen]) {
      gridLayers[chosen].layer.setStyle(gridLayers[chosen].style);
    }
    chosen = gridLayers[code] ? code : null;
    if (chosen) {
      gridLayers[chosen].layer.setStyle(CHOSEN_STYLE);
      gridLayers[chosen].layer.bringToFront();
    }
    if (choice) choice.value = chosen || "";
  }

  function drawGrids(collection) {
    var features = (collection.features || []).filter(function (f) {
      return f.geometry;
    });
    var community = features.filter(function (f) {
      return f.properties.level === COMMUNITY_LEVEL;
    });
    var grids = features.filter(function (f) {
      return f.properties.level === GRID_LEVEL;
    });
    var micros = features.filter(function (f) {
      return f.properties.level > GRID_LEVEL;
    });
    var drawn = L.featureGroup();
    // The community's outline and the micro grids are drawn but not tappable: a tap on a micro
    // grid falls through to the third-level grid under it, whose card it is.
    civic
      .geoJSON({ type: "FeatureCollection", features: community }, {
        interactive: false,
        style: { color: "#1f2328", weight: 3, fill: false },
      })
      .addTo(drawn);
    // Regular grids first, exclusive ones (a market, a school) over them.
    grids.sort(function (a, b) {
      return (a.properties.kind !== "regular") - (b.properties.kind !== "regular") ||
        (a.properties.code < b.properties.code ? -1 : 1);
    });
    grids.forEach(function (feature) {
      var p = feature.properties;
      var style = p.kind === "regular" ? GRID_STYLE : EXCLUSIVE_STYLE;
      var layer = civic.geoJSON(feature, { style: style });
      layer.bindTooltip(element("span", null, shortName(p.name)), {
        permanent: true,
        direction: "center",
        className: "public-map__label",
        opacity: 1,
      });
      layer.on("click", function () {
        choose(p.code);
        say("");
        showCard(p.code, mapElement);
      });
      gridLayers[p.code] = { layer: layer, style: style, name: p.name };
      layer.addTo(drawn);
      if (choice) {
        var option = element("option", null, shortName(p.name));
        option.value = p.code;
        choice.appendChild(option);
      }
    });
    civic
      .geoJSON({ type: "FeatureCollection", features: micros }, {
        interactive: false,
        style: { color: "#3b5b92", weight: 1, dashArray: "2 3", fill: false },
      })
      .addTo(drawn);
    if (grids.length && choiceLabel) choiceLabel.hidden = false;
    return {
      layer: drawn,
      hasExclusive: grids.some(function (f) {
        return f.properties.kind !== "regular";
      }),
      community: community[0],
      count: features.length,
    };
  }

  /* ---------- service points and rings ---------- */

  function pointIcon(kind, colour) {
    var warm = kind.is_warm_station;
    var mark = element("span", "public-map__point" + (warm ? " public-map__point--warm" : ""));
    mark.textContent = warm ? "暖" : kind.name.charAt(0);
    mark.style.backgroundColor = warm ? WARM_COLOUR : colour;
    var size = warm ? 30 : 24;
    return L.divIcon({ html: mark, className: "public-map__point-icon", iconSize: [size, size] });
  }

  function ringLabel(minutes) {
    var ring = rings.filter(function (r) {
      return r.minutes === minutes;
    })[0];
    return ring ? ring.label : "步行" + minutes + "分钟内";
  }

  function pointPopup(p) {
    var box = element("div", "public-map__popup");
    box.appendChild(element("strong", null, p.name));
    box.appendChild(element("span", "muted", p.kind.name + " · " + ringLabel(p.walking_minutes)));
    if (p.address) box.appendChild(element("span", null, p.address));
    if (p.opening_hours) box.appendChild(element("span", null, "开放时间：" + p.opening_hours));
    if (p.services && p.services.length) {
      box.appendChild(element("span", null, "服务：" + p.services.join("、")));
    }
    if (p.phone) {
      var phone = element("span", null, "电话：");
      phone.appendChild(telLink(p.phone));
      box.appendChild(phone);
    }
    return box;
  }

  function drawPoints(collection) {
    var features = (collection.features || []).filter(function (f) {
      return f.geometry;
    });
    var kinds = {};
    features.forEach(function (f) {
      kinds[f.properties.kind.slug] = f.properties.kind;
    });
    var ordered = Object.keys(kinds)
      .map(function (slug) {
        return kinds[slug];
      })
      .sort(function (a, b) {
        return a.is_warm_station - b.is_warm_station || a.name.localeCompare(b.name, "zh");
      });
    var colours = {};
    ordered
      .filter(function (kind) {
        return !kind.is_warm_station;
      })
      .forEach(function (kind, i) {
        colours[kind.slug] = KIND_COLOURS[i % KIND_COLOURS.length];
      });
    var drawn = L.featureGroup();
    features.forEach(function (f) {
      var p = f.properties;
      var at = civic.toDisplay(f.geometry.coordinates[0], f.geometry.coordinates[1]);
      L.marker(at, {
        icon: pointIcon(p.kind, colours[p.kind.slug]),
        title: p.name,
        alt: p.name,
        keyboard: true,
        zIndexOffset: p.kind.is_warm_station ? 500 : 0,
      })
        .bindPopup(pointPopup(p), { maxWidth: 260 })
        .addTo(drawn);
    });
    return { layer: drawn, kinds: ordered, colours: colours };
  }

  function drawRings(centre) {
    var drawn = L.featureGroup();
    if (!centre) return drawn;
    rings.forEach(function (ring, i) {
      L.circle(civic.toDisplay(centre[0], centre[1]), {
        radius: ring.metres,
        color: RING_COLOURS[i % RING_COLOURS.length],
        weight: 3,
        fill: false,
        interactive: false,
      }).addTo(drawn);
    });
    L.circleMarker(civic.toDisplay(centre[0], centre[1]), {
      radius: 4,
      color: "#1f2328",
      weight: 2,
      fillColor: "#ffffff",
      fillOpacity: 1,
      interactive: false,
    }).addTo(drawn);
    return drawn;
  }

  function communityCentre(community) {
    var given = (section.getAttribute("data-centre") || "").split(",").map(Number);
    if (given.length === 2 && isFinite(given[0]) && isFinite(given[1]) && given[0] && given[1]) {
      return given;
    }
    if (!community) return null;
    var middle = civic.geoJSON(community).getBounds().getCenter();
    return civic.fromDisplay(middle);
  }

  /* ---------- legend ---------- */

  function legendItem(list, swatch, text) {
    var item = element("li");
    item.appendChild(swatch);
    item.appendChild(element("span", null, text));
    list.appendChild(item);
  }

  function swatch(modifier, colour) {
    var mark = element("span", "public-map__swatch public-map__swatch--" + modifier);
    if (colour) mark.style.borderColor = colour;
    return mark;
  }

  function drawLegend(grids, points, hasRings) {
    legend.textContent = "";
    legend.appendChild(element("h3", "visually-hidden", "图例"));
    var list = element("ul");
    if (grids.count) legendItem(list, swatch("grid"), "网格边界（点按查看连心卡）");
    if (grids.hasExclusive) legendItem(list, swatch("exclusive"), "专属网格");
    if (hasRings) {
      rings.forEach(function (ring, i) {
        legendItem(
          list,
          swatch("ring", RING_COLOURS[i % RING_COLOURS.length]),
          ring.label + "（约" + ring.metres + "米）"
        );
      });
    }
    points.kinds.forEach(function (kind) {
      var mark = element("span", "public-map__point public-map__point--legend" +
        (kind.is_warm_station ? " public-map__point--warm" : ""));
      mark.textContent = kind.is_warm_station ? "暖" : kind.name.charAt(0);
      mark.style.backgroundColor = kind.is_warm_station ? WARM_COLOUR : points.colours[kind.slug];
      legendItem(list, mark, kind.name);
    });
    list.appendChild(element("li", "public-map__here-legend"));
    legend.appendChild(list);
  }

  function showHereInLegend() {
    var item = legend.querySelector(".public-map__here-legend");
    if (!item || item.childNodes.length) return;
    item.appendChild(swatch("here"));
    item.appendChild(element("span", null, "您的位置"));
  }

  /* ---------- 我在哪个网格 ---------- */

  var GEO_ERRORS = {
    1: "您没有允许本网站获取位置。请在浏览器或手机设置中允许定位后重试，也可以在下方列表中查找您的网格。",
    2: "暂时无法获取您的位置，请打开手机定位或到室外后重试，也可以在下方列表中查找您的网格。",
    3: "获取位置超时，请稍后重试，也可以在下方列表中查找您的网格。",
  };

  function pathNames(path) {
    return path
      .map(function (step) {
        return step.name;
      })
      .join(" › ");
  }

  /* The reader's position, over the shapes (a marker, not a vector under a chosen grid). */
  function markHere(position) {
    var here = civic.toDisplay(position.coords.longitude, position.coords.latitude);
    if (hereMarker) hereMarker.remove();
    hereMarker = L.marker(here, {
      icon: L.divIcon({
        html: element("span", "public-map__here"),
        className: "public-map__point-icon",
        iconSize: [20, 20],
      }),
      interactive: false,
      keyboard: false,
      zIndexOffset: 1000,
    }).addTo(civic.map);
    showHereInLegend();
    return here;
  }

  function located(answer, here) {
    var path = answer.breadcrumbs || [];
    // Cards are kept per third-level grid: a micro grid has none of its own (its contact-cards
    // list is empty), so the card shown is that of the third-level grid on the path.
    var grid = path.filter(function (step) {
      return step.level === GRID_LEVEL;
    })[0];
    if (!grid) {
      choose(null);
      hideCard();
      say(
        "您的位置在" + pathNames(path) + "范围内，但不在任何网格的边界内。" +
          "请在下方列表中查找您的网格，或拨打社区服务电话。",
        true
      );
      return;
    }
    var community = path.filter(function (step) {
      return step.level === COMMUNITY_LEVEL;
    })[0];
    var note = "";
    if (answer.level > GRID_LEVEL) note = "您在" + answer.name + "，属于" + grid.name + "。";
    if (!community || community.code !== communityCode) {
      note = "您在" + pathNames(path) + "，不在" + communityName + "。";
    }
    choose(grid.code);
    if (gridLayers[grid.code]) {
      var around = gridLayers[grid.code].layer.getBounds().extend(here);
      civic.map.fitBounds(around, { padding: [16, 16] });
    }
    say("您在" + grid.name + "。");
    showCard(grid.code, locateButton, note);
  }

  function locate() {
    if (!navigator.geolocation) {
      say("此浏览器不能定位，请在下方列表中查找您的网格。", true);
      return;
    }
    locateButton.disabled = true;
    say("正在获取您的位置…");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        say("正在查找您所在的网格…");
        var here = markHere(position);
        var query =
          "?lat=" + position.coords.latitude.toFixed(6) +
          "&lon=" + position.coords.longitude.toFixed(6);
        getJSON(api + "grids/locate/" + query)
          .then(function (answer) {
            locateButton.disabled = false;
            if (answer.ok) {
              located(answer.body, here);
              return;
            }
            choose(null);
            hideCard();
            if (answer.status === 404) {
              say(
                "您当前的位置不在任何已标绘的网格内。" +
                  "请在下方列表中查找您的网格，或拨打社区服务电话。",
                true
              );
            } else {
              say("查询网格失败，请稍后重试。", true);
            }
          })
          .catch(function () {
            locateButton.disabled = false;
            say("网络连接失败，请稍后重试。", true);
          });
      },
      function (error) {
        locateButton.disabled = false;
        say(GEO_ERRORS[error.code] || GEO_ERRORS[2], true);
      },
      // A fresh fix on every press: the resident may have walked since the last one.
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 }
    );
  }

  /* ---------- start ---------- */

  function start(grids, points) {
    // Shown first: Leaflet measures its container, which must not be display: none.
    section.hidden = false;
    civic = window.CivicMap.create(mapElement, {
      minZoom: 10,
      maxZoom: 19,
      // A phone's page scrolls past the map; zoom is the buttons and two fingers.
      scrollWheelZoom: false,
    });
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(civic.map);
    var drawnGrids = drawGrids(grids);
    var drawnPoints = drawPoints(points);
    var centre = communityCentre(drawnGrids.community);
    var drawnRings = drawRings(centre);
    // The rings over the grids' light fill (they let taps through to the grid beneath).
    drawnGrids.layer.addTo(civic.map);
    drawnRings.addTo(civic.map);
    drawnPoints.layer.addTo(civic.map);
    drawLegend(drawnGrids, drawnPoints, Boolean(centre));

    var bounds = L.latLngBounds([]);
    [drawnGrids.layer, drawnPoints.layer].forEach(function (group) {
      if (group.getLayers().length) bounds.extend(group.getBounds());
    });
    if (!bounds.isValid() && drawnRings.getLayers().length) bounds = drawnRings.getBounds();
    civic.map.fitBounds(bounds, { padding: [12, 12] });
    // A small grid's label (the market's) would cover its neighbours' at this zoom.
    civic.hideCrowdedLabels(
      Object.keys(gridLayers).map(function (code) {
        return gridLayers[code].layer;
      })
    );

    locateButton.addEventListener("click", locate);
    if (choice) {
      choice.addEventListener("change", function () {
        if (!choice.value) return;
        choose(choice.value);
        civic.map.fitBounds(gridLayers[choice.value].layer.getBounds(), { padding: [16, 16] });
        say("");
        showCard(choice.value, choice);
      });
    }
  }

  Promise.all([
    getJSON(api + "grids.geojson?within=" + encodeURIComponent(communityCode)),
    getJSON(api + "service-points.geojson?within=" + encodeURIComponent(communityCode)),
  ])
    .then(function (answers) {
      var grids = answers[0].ok ? answers[0].body : { features: [] };
      var points = answers[1].ok ? answers[1].body : { features: [] };
      var drawable = grids.features.concat(points.features).some(function (f) {
        return f.geometry;
      });
      // Nothing mapped yet in this community: the lists below say it all.
      if (drawable) start(grids, points);
    })
    .catch(function () {
      /* No map then; the lists are the page. */
    });
})();
