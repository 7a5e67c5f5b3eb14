/* Accessibility fixes that run after every page load, including Material's instant
   navigation. Wide tables scroll sideways in the wrapper Material's script puts around each
   one; keyboard users can only scroll them if they can be focused (WCAG 2.1.1, axe rule
   scrollable-region-focusable). Each one that overflows gets tabindex="0" and a name; one
   that no longer overflows loses them. (Code blocks are left to Material, which makes an
   overflowing one focusable on devices whose pointer hovers; the site has none.) */
(function () {
  "use strict";
  var SCROLLERS = ".md-typeset__scrollwrap";
  function label(node) {
    var caption = node.querySelector("caption");
    var text = caption ? caption.textContent.trim() : "";
    return text ? "Table: " + text : "Table";
  }
  function mark() {
    document.querySelectorAll(SCROLLERS).forEach(function (node) {
      var added = node.getAttribute("data-kb-scroll");
      var overflows = node.scrollWidth > node.clientWidth + 1;
      var inFocusable = node.parentElement && node.parentElement.closest("[tabindex]");
      if (overflows && added === null && !node.hasAttribute("tabindex") && !inFocusable) {
        var names = { tabindex: "0", role: "region", "aria-label": label(node) };
        var set = Object.keys(names).filter(function (name) {
          return !node.hasAttribute(name);
        });
        set.forEach(function (name) { node.setAttribute(name, names[name]); });
        node.setAttribute("data-kb-scroll", set.join(" "));
      } else if (!overflows && added !== null) {
        added.split(" ").filter(Boolean).forEach(function (name) {
          node.removeAttribute(name);
        });
        node.removeAttribute("data-kb-scroll");
      }
    });
  }
  /* The theme's icons are inline SVGs inside links, buttons and labels that have their own
     names (the menu button's title is set in partials/header.html); the icons are
     decoration, so assistive technology is told to skip them. Other SVGs, such as charts,
     are left alone: they need their own title. */
  function icons() {
    document.querySelectorAll(":is(.md-icon, .md-logo) > svg:not([aria-hidden])")
      .forEach(function (svg) {
        if (svg.querySelector("title") || svg.hasAttribute("aria-label")) return;
        svg.setAttribute("aria-hidden", "true");
        svg.setAttribute("focusable", "false");
      });
  }
  var pending = false;
  function later() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; icons(); mark(); });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(later);
  } else {
    document.addEventListener("DOMContentLoaded", later);
  }
  window.addEventListener("resize", later);
})();
  
