// Dates in the viewer's own time zone. The server writes every instant as
// <time datetime="…Z" data-local-time>2024-06-01 07:30 UTC</time>; this rewrites the text in the
// browser's zone and language, naming the zone. Without JavaScript the UTC text stays.
// A camera's wall clock with no known offset comes as
// <time datetime="2024-06-01T09:30" data-wall-clock>2024-06-01 09:30</time>: it is no instant, so
// it is not moved to any zone, only written in the same style (and names no zone).
(function () {
  'use strict';
  var format;
  try {
    format = new Intl.DateTimeFormat(undefined, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
  } catch (error) {
    return; // no Intl: the UTC text is still right
  }
  var zone = format.resolvedOptions().timeZone || '';
  // The same fields read off as they are (the wall clock is parsed as UTC, so shown unchanged).
  var wallClockFormat = new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  });
  var WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

  function localizeWallClocks() {
    var times = document.querySelectorAll('time[data-wall-clock]');
    for (var i = 0; i < times.length; i++) {
      var parts = WALL_CLOCK.exec(times[i].getAttribute('datetime') || '');
      if (!parts) continue;
      var reading = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3], +parts[4], +parts[5]));
      times[i].textContent = wallClockFormat.format(reading);
    }
  }

  function localize() {
    var times = document.querySelectorAll('time[data-local-time]');
    for (var i = 0; i < times.length; i++) {
      var time = times[i];
      var instant = new Date(time.getAttribute('datetime'));
      if (isNaN(instant.getTime())) continue;
      time.title = time.textContent;
      time.textContent = format.format(instant);
      time.setAttribute('data-local-time-zone', zone);
    }
    localizeWallClocks();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', localize);
  else localize();
})();
