// Photo page: the left and right arrow keys follow the "Newer photo" / "Older photo" links.
// Keys typed into the description form are left alone. Without JavaScript the links still work.
(function () {
  'use strict';
  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    // While a dialog (the delete confirmation) is open, the keys belong to it.
    if (document.querySelector('dialog[open]')) return;
    var target = event.target;
    if (target && target.closest && target.closest('input, textarea, select, [contenteditable]'))
      return;
    var link = document.querySelector('a[data-key="' + event.key + '"]');
    if (!link) return;
    event.preventDefault();
    window.location.assign(link.href);
  });
})();
