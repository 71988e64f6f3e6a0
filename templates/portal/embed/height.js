// Optional: tells the page framing this one (widget.js) how tall it is, so the frame fits without scrolling.
(function () {
    if (window.parent === window) return;
    // The content's own height (not scrollHeight, which is never less than the frame's).
    var last = 0;
    function report() {
        var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
        if (height !== last) window.parent.postMessage({ ascnEmbedHeight: (last = height) }, "*");
    }
    window.addEventListener("load", report);
    window.addEventListener("resize", report);
})();
