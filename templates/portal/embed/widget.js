/* Case-study widget of the portal named below.
   Usage: <script src="https://<portal>/embed/widget.js" data-city="bangkok" async></script>
   (or data-country, data-focus-area; data-limit 1-10; data-height in pixels; data-title).
   Inserts an iframe of the portal's embed page right after this script tag. */
(function () {
  "use strict";
  var CONFIG = {{ config|safe }};

  function camel(name) {
    return name.replace(/_(.)/g, function (match, letter) { return letter.toUpperCase(); });
  }

  function embed(script) {
    if (script.getAttribute("data-ascn-embedded")) return;
    script.setAttribute("data-ascn-embedded", "1");
    var src = new URL(CONFIG.embedPath, script.src);
    CONFIG.params.concat(["limit"]).forEach(function (param) {
      var value = script.dataset[camel(param)];
      if (value) src.searchParams.set(param, value);
    });
    var limit = Math.min(Math.max(parseInt(script.dataset.limit, 10) || CONFIG.defaultLimit, 1), CONFIG.maxLimit);
    var fixedHeight = parseInt(script.dataset.height, 10);
    var frame = document.createElement("iframe");
    frame.src = src.toString();
    frame.title = script.dataset.title || CONFIG.frameTitle;
    frame.loading = "lazy";
    frame.width = "100%";
    // A first guess from the number of case studies; the page reports its real height once loaded.
    frame.height = String(fixedHeight || 110 + 120 * limit);
    frame.style.cssText =
      "display:block;width:100%;max-width:100%;border:1px solid #c9d2de;border-radius:6px;resize:vertical;overflow:auto";
    script.parentNode.insertBefore(frame, script.nextSibling);

    // Only trust height reports from this frame, coming from the portal's origin.
    window.addEventListener("message", function (event) {
      if (fixedHeight || event.source !== frame.contentWindow || event.origin !== src.origin) return;
      var height = event.data && event.data.ascnEmbedHeight;
      if (typeof height === "number" && height > 0 && height < 10000) frame.height = String(Math.ceil(height) + 2);
    });
  }

  // An async script still knows itself while it runs; otherwise handle every widget tag not yet done.
  if (document.currentScript) {
    embed(document.currentScript);
  } else {
    Array.prototype.forEach.call(document.querySelectorAll('script[src*="' + CONFIG.widgetPath + '"]'), embed);
  }
})();
