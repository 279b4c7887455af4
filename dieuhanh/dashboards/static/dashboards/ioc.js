/* dieuhanh — operations-centre dashboards.
 *
 * Draws the chart specifications the server wrote into the page (Plotly, from
 * /static/vendor/plotly.min.js: nothing is loaded from the internet), opens the
 * drill-down of the unit a bar, cell or circle stands for, and keeps the wall screen
 * turning: each slide carries the request for the next one (HTMX); a failed request
 * reloads the whole page after the same delay, so a wall screen recovers by itself.
 */
(function () {
  "use strict";

  function draw(root) {
    if (!window.Plotly || !root || !root.querySelectorAll) return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      var spec = JSON.parse(source.textContent);
      if (document.body.classList.contains("wall")) {
        // Charts are drawn for a 1920×1080 wall, like the page's CSS (--px): scale them.
        var ratio = Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
        scaleSizes(spec.layout, ratio);
        scaleSizes(spec.data, ratio);
      }
      el.dataset.drawn = "1";
      window.Plotly.newPlot(el, spec.data, spec.layout, spec.config).then(function () {
        el.dataset.ready = "1";
        el.on("plotly_click", function (event) {
          var point = event && event.points && event.points[0];
          var url = point && point.customdata;
          if (Array.isArray(url)) url = url[0];
          if (typeof url === "string" && url.charAt(0) === "/") window.location.assign(url);
        });
      });
    });
  }

  // Sizes in pixels in a Plotly specification: heights, margins, font and marker sizes,
  // line widths (the charts have no bar widths, which would be in data units).
  var PIXEL_KEYS = { height: 1, size: 1, width: 1, l: 1, r: 1, t: 1, b: 1 };

  function scaleSizes(node, ratio) {
    if (Array.isArray(node)) {
      node.forEach(function (item) { scaleSizes(item, ratio); });
      return;
    }
    if (!node || typeof node !== "object") return;
    Object.keys(node).forEach(function (key) {
      var value = node[key];
      if (PIXEL_KEYS[key] && typeof value === "number") {
        node[key] = value * ratio;
      } else if (PIXEL_KEYS[key] && Array.isArray(value) && typeof value[0] === "number") {
        node[key] = value.map(function (v) { return v * ratio; });
      } else if (typeof value === "object" && key !== "customdata" && key !== "x" && key !== "y" && key !== "z") {
        scaleSizes(value, ratio);
      }
    });
  }

  function purge(root) {
    if (!window.Plotly || !root || !root.querySelectorAll) return;
    root.querySelectorAll("[data-chart][data-drawn]").forEach(function (el) {
      window.Plotly.purge(el);
    });
  }

  function wallMode() {
    var body = document.body;
    var every = parseInt(body.dataset.every || "30", 10) * 1000;
    var reloadSoon = function () {
      window.setTimeout(function () { window.location.reload(); }, every);
    };
    body.addEventListener("htmx:beforeSwap", function (event) {
      var xhr = event.detail.xhr;
      // The session ended: the server answered with the login page. Reload to show it.
      if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/accounts/login/") !== -1) {
        event.detail.shouldSwap = false;
        window.location.reload();
        return;
      }
      if (event.detail.target && event.detail.target.id === "wall-slide") {
        purge(event.detail.target);
      }
    });
    body.addEventListener("htmx:responseError", reloadSoon);
    body.addEventListener("htmx:sendError", reloadSoon);
    // A screen left on for days: start afresh every six hours.
    window.setTimeout(function () { window.location.reload(); }, 6 * 3600 * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      var target = event.detail.target;
      if (target && target.id !== "wall-slide") purge(target);
    });
    document.body.addEventListener("htmx:load", function (event) {
      draw(event.detail && event.detail.elt ? event.detail.elt : event.target);
    });
    if (document.body.classList.contains("wall")) wallMode();
  });
})();
