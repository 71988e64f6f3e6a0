/* Case-study library, progressive enhancement only: the form works without it.
   - long facet lists show their first options and a "Show all" button;
   - on narrow screens the filters fold behind a "Filters" button. */
(function () {
  "use strict";

  var VISIBLE_OPTIONS = 8;

  function shortenFacet(fieldset, index) {
    var options = fieldset.querySelectorAll(".facet__option");
    if (options.length <= VISIBLE_OPTIONS + 2) return;
    var list = fieldset.querySelector(".facet__options");
    if (!list.id) list.id = "facet-options-" + index;
    var hidden = [];
    Array.prototype.forEach.call(options, function (option, i) {
      var box = option.querySelector("input");
      if (i >= VISIBLE_OPTIONS && !(box && box.checked)) {
        option.hidden = true;
        hidden.push(option);
      }
    });
    if (!hidden.length) return;
    var legend = fieldset.querySelector("legend");
    var name = legend ? legend.textContent.trim().toLowerCase() : "options";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "facet__more";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", list.id);
    button.textContent = "Show all " + options.length + " " + name + " options";
    button.addEventListener("click", function () {
      var expand = button.getAttribute("aria-expanded") !== "true";
      hidden.forEach(function (option) { option.hidden = !expand; });
      button.setAttribute("aria-expanded", String(expand));
      button.textContent = expand ? "Show fewer" : "Show all " + options.length + " " + name + " options";
      if (expand && hidden[0]) {
        var first = hidden[0].querySelector("input");
        if (first) first.focus();
      }
    });
    fieldset.appendChild(button);
  }

  function foldFilters(filters) {
    var body = filters.querySelector("[data-filters-body]");
    if (!body) return;
    var checked = body.querySelectorAll("input[type=checkbox]:checked").length;
    var narrow = window.matchMedia("(max-width: 59.99em)");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary filters-toggle";
    body.id = body.id || "filters-body";
    button.setAttribute("aria-controls", body.id);
    var label = "Filters" + (checked ? " (" + checked + " selected)" : "");

    function set(expanded) {
      body.hidden = !expanded;
      button.setAttribute("aria-expanded", String(expanded));
      button.textContent = (expanded ? "Hide " : "Show ") + label.charAt(0).toLowerCase() + label.slice(1);
    }
    function onChange() {
      if (narrow.matches) {
        button.hidden = false;
        set(false);
      } else {
        button.hidden = true;
        body.hidden = false;
      }
    }
    button.textContent = "Show " + label.charAt(0).toLowerCase() + label.slice(1);
    button.addEventListener("click", function () { set(body.hidden); });
    body.parentNode.insertBefore(button, body);
    if (narrow.addEventListener) narrow.addEventListener("change", onChange);
    else if (narrow.addListener) narrow.addListener(onChange);
    onChange();
  }

  function init() {
    var facets = document.querySelectorAll("[data-facet]");
    Array.prototype.forEach.call(facets, shortenFacet);
    var filters = document.querySelector("[data-filters]");
    if (filters) foldFilters(filters);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
