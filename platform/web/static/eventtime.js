// Shows an event's times in the reader's own time zone, named beside them,
// under the times at the event (which the page always shows). The zone is
// the browser's (unless the reader chose one in their settings, which the
// server shows); where it cannot say, nothing is shown rather than a guess.
(function () {
  "use strict";
  var dd = document.getElementById("your-time");
  // A zone chosen in the reader's settings is shown by the server.
  if (!dd || dd.hasAttribute("data-set") || !window.Intl || !Intl.DateTimeFormat) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;
  // Written as the time at the event is (YYYY-MM-DD HH:MM), whatever the
  // page's language: the browser's own words for months are missing or odd
  // for some of the hub's languages.
  var f;
  try {
    f = new Intl.DateTimeFormat("en-GB", {year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone});
  } catch (e) {
    return;
  }
  var fmt = function (d) {
    var p = {};
    f.formatToParts(d).forEach(function (x) { p[x.type] = x.value; });
    return p.year + "-" + p.month + "-" + p.day + " " + p.hour + ":" + p.minute;
  };
  var start = new Date(dd.getAttribute("data-start")), end = new Date(dd.getAttribute("data-end"));
  if (isNaN(start) || isNaN(end)) return;
  dd.textContent = fmt(start) + " – " + fmt(end) + " (" + zone + ")";
  var hidden = document.querySelectorAll(".your-time");
  for (var i = 0; i < hidden.length; i++) hidden[i].hidden = false;
})();
