// Suggestions as you type in the library's search box. The page works
// without this script: it only fills the box's <datalist> with titles from
// GET /api/v1/suggest, which the browser offers under the box.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) {
    return;
  }
  var list = document.getElementById(input.getAttribute("list"));
  var endpoint = input.getAttribute("data-suggest");
  var lang = input.getAttribute("data-lang") || "";
  var timer = null;
  var pending = null;
  var last = "";

  function fill(items) {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    items.forEach(function (s) {
      var opt = document.createElement("option");
      opt.value = s.text;
      if (s.lang) {
        opt.lang = s.lang;
      }
      list.appendChild(opt);
    });
  }

  function ask() {
    var q = input.value;
    if (q === last) {
      return;
    }
    last = q;
    if (q.trim().length < 2) {
      fill([]);
      return;
    }
    if (pending && pending.abort) {
      pending.abort();
    }
    pending = window.AbortController ? new AbortController() : null;
    var url = endpoint + "?q=" + encodeURIComponent(q) + "&lang=" + encodeURIComponent(lang);
    fetch(url, { credentials: "same-origin", signal: pending ? pending.signal : undefined, headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (body) {
        if (input.value === q) {
          fill(body.suggestions || []);
        }
      })
      .catch(function () { /* offline or aborted: no suggestions */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
})();
