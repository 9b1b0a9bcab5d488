// "Delete" confirms in place: a click on any [data-delete-opener] (the grid's Delete buttons, the
// photo page's Delete link) opens #delete-dialog, filled from the opener's data- attributes, whose
// form is the real POST /myphotos/:id/delete with the CSRF token. Cancel, Esc or a click beside
// the dialog closes it and focus returns to the opener. Without JavaScript (or <dialog>), the
// openers lead to the confirmation page GET /myphotos/:id/delete.
(function () {
  'use strict';
  var dialog = document.getElementById('delete-dialog');
  if (!dialog || typeof dialog.showModal !== 'function') return;
  var form = document.getElementById('delete-dialog-form');
  var description = document.getElementById('delete-dialog-description');
  var thumbnail = document.getElementById('delete-dialog-thumbnail');
  var confirm = document.getElementById('delete-dialog-confirm');
  var cancel = document.getElementById('delete-dialog-cancel');
  var opener = null;

  document.addEventListener('click', function (event) {
    var target =
      event.target && event.target.closest && event.target.closest('[data-delete-opener]');
    // A modified click on the link (new tab, new window) keeps its ordinary meaning.
    if (!target || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    opener = target;
    form.setAttribute('action', target.getAttribute('data-delete-action'));
    form.elements.returnTo.value = target.getAttribute('data-return-to') || '';
    description.textContent = target.getAttribute('data-description') || '';
    thumbnail.hidden = !target.getAttribute('data-thumbnail');
    if (!thumbnail.hidden) thumbnail.src = target.getAttribute('data-thumbnail');
    confirm.disabled = false;
    dialog.showModal();
    cancel.focus(); // the safe choice first: Enter alone never deletes
  });

  cancel.addEventListener('click', function () {
    dialog.close();
  });
  // A click on the backdrop lands on the <dialog> itself (its content sits in a padded box).
  dialog.addEventListener('click', function (event) {
    if (event.target === dialog) dialog.close();
  });
  dialog.addEventListener('close', function () {
    if (opener) opener.focus();
    opener = null;
  });
  // One delete per confirmation: a double click must not send a second POST.
  form.addEventListener('submit', function () {
    confirm.disabled = true;
  });
  // Back to this page from the browser's cache: the dialog starts closed and usable again.
  window.addEventListener('pageshow', function () {
    confirm.disabled = false;
    if (dialog.open) dialog.close();
  });
})();
