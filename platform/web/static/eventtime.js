// Shows an event's times in the reader's own time zone, named beside them,
// under the times at the event (which the page always shows). The zone is
// the browser's; where it cannot say, nothing is shown rather than a guess.
(function () {
  "use strict";
  var dd = document.getElementById("your-time");
  if (!dd || !window.Intl || !Intl.DateTimeFormat) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;
  var opts = {year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: zone};
  var f;
  try {
    f = new Intl.DateTimeFormat(dd.getAttribute("data-lang") || undefined, opts);
  } catch (e) {
    f = new Intl.DateTimeFormat(undefined, opts);
  }
  var start = new Date(dd.getAttribute("data-start")), end = new Date(dd.getAttribute("data-end"));
  if (isNaN(start) || isNaN(end)) return;
  dd.textContent = f.format(start) + " – " + f.format(end) + " (" + zone + ")";
  var hidden = document.querySelectorAll(".your-time");
  for (var i = 0; i < hidden.length; i++) hidden[i].hidden = false;
})();
