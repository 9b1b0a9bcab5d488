// Dates in the viewer's own time zone. The server writes every instant as
// <time datetime="…Z" data-local-time>2024-06-01 07:30 UTC</time>; this rewrites the text in the
// browser's zone and language, naming the zone. Without JavaScript the UTC text stays.
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
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', localize);
  else localize();
})();
