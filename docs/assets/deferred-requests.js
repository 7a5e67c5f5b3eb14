/* Hack: Material downloads the whole search index (the full text of every page) as soon as
 * any page opens. On a large knowledge base that is megabytes a reader may never need, and it
 * competes with the explorer's small, chunked index. Hold that request until the reader
 * reaches for search; Material then carries on exactly as before. (The sitemap is left alone:
 * instant navigation and the Back button depend on it being loaded at once.) Loaded in the
 * head, before Material's own script. */
(function () {
  "use strict";
  var gates = {};
  function gate(name) {
    if (!gates[name]) {
      var open;
      gates[name] = { promise: new Promise(function (resolve) { open = resolve; }) };
      gates[name].open = open;
    }
    return gates[name];
  }
  function release(name) { gate(name).open(); }
  var DEFERRED = [[/\/search\/search_index\.json$/, "search"]];
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__kbUrl = String(url);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    for (var i = 0; i < DEFERRED.length; i++) {
      if (DEFERRED[i][0].test(request.__kbUrl || "")) {
        gate(DEFERRED[i][1]).promise.then(function () { send.apply(request, args); });
        return;
      }
    }
    return send.apply(request, args);
  };
  function wantsSearch(event) {
    var target = event.target;
    if (event.type === "keydown") {
      var typing = target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) &&
        !(target.matches && target.matches("[data-md-component=search-query]"));
      return !typing && ["s", "S", "f", "F", "/"].indexOf(event.key) >= 0;
    }
    return target && target.closest &&
      target.closest('[data-md-component=search-query], label[for="__search"]');
  }
  ["focusin", "pointerdown", "click", "keydown"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (wantsSearch(event)) release("search");
    }, true);
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") release("search");
  }, true);
})();
