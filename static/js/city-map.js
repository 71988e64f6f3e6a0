/* City maps: Leaflet on every [data-city-map] container.
   Works with no tile server (MAP_TILE_URL empty) or when tiles fail: the markers then sit on a
   plain light background. Without JavaScript the container's list of cities is the map. */
(function () {
  "use strict";

  function readPoints(container) {
    var id = container.getAttribute("data-points") || "city-map-points";
    var script = document.getElementById(id);
    if (!script) return [];
    try {
      var points = JSON.parse(script.textContent);
      return Array.isArray(points) ? points : [];
    } catch (e) {
      return [];
    }
  }

  function configureIcons(container) {
    var Default = L.Icon.Default;
    var path = container.getAttribute("data-icon-path");
    if (path) {
      Default.imagePath = path;
      return;
    }
    // Exact (possibly content-hashed) URLs of each image: imagePath stays empty.
    Default.imagePath = "";
    Default.mergeOptions({
      iconUrl: container.getAttribute("data-icon-url") || "marker-icon.png",
      iconRetinaUrl: container.getAttribute("data-icon-retina-url") || "marker-icon-2x.png",
      shadowUrl: container.getAttribute("data-shadow-url") || "marker-shadow.png"
    });
  }

  function popupContent(point) {
    var wrapper = document.createElement("div");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    wrapper.appendChild(link);
    var details = document.createElement("p");
    details.textContent = point.country + (point.member ? " · ASCN member city" : " · Partner city");
    wrapper.appendChild(details);
    return wrapper;
  }

  function addTiles(map, container) {
    var url = (container.getAttribute("data-tile-url") || "").trim();
    if (!url) return;
    var layer = L.tileLayer(url, {
      maxZoom: 18,
      attribution: container.getAttribute("data-tile-attribution") || ""
    });
    var loaded = 0;
    var failed = 0;
    layer.on("tileload", function () { loaded += 1; });
    layer.on("tileerror", function () {
      failed += 1;
      // The tile server is unreachable: drop the layer (and its attribution), keep the markers.
      if (loaded === 0 && failed >= 4 && map.hasLayer(layer)) {
        map.removeLayer(layer);
        container.setAttribute("data-tiles", "failed");
      }
    });
    layer.addTo(map);
  }

  function initMap(container) {
    if (container.getAttribute("data-map-ready")) return;
    var canvas = container.querySelector(".city-map__canvas");
    if (!canvas) return;
    var points = readPoints(container).filter(function (p) {
      return isFinite(p.lat) && isFinite(p.lng);
    });
    canvas.hidden = false;
    configureIcons(container);

    var map = L.map(canvas, { scrollWheelZoom: false, worldCopyJump: true });
    map.attributionControl.setPrefix(false);
    addTiles(map, container);

    var latLngs = [];
    points.forEach(function (point) {
      var latLng = L.latLng(point.lat, point.lng);
      latLngs.push(latLng);
      var label = point.name + ", " + point.country;
      L.marker(latLng, { title: label, alt: label, riseOnHover: true })
        .bindPopup(popupContent(point))
        .addTo(map);
    });

    if (latLngs.length === 1) {
      map.setView(latLngs[0], 9);
    } else if (latLngs.length > 1) {
      map.fitBounds(L.latLngBounds(latLngs), { padding: [30, 30], maxZoom: 9 });
    } else {
      map.setView([8, 110], 4); // South-East Asia, when there is nothing to show.
    }
    // Wheel zoom only once the reader has chosen the map, so the page scrolls past it.
    map.once("focus click", function () { map.scrollWheelZoom.enable(); });

    container.setAttribute("data-marker-count", String(latLngs.length));
    container.setAttribute("data-map-ready", "true");
  }

  function init() {
    if (typeof L === "undefined") return; // Leaflet missing: the list of cities remains.
    var containers = document.querySelectorAll("[data-city-map]");
    Array.prototype.forEach.call(containers, function (container) {
      try {
        initMap(container);
      } catch (e) {
        if (window.console) console.error("City map failed", e);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
