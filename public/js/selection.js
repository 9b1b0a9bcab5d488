// Select many (views/partials/selection-toolbar.hbs): the cards' checkboxes belong to the form
// #selection through their form attribute, and without this script that form works as it is
// (its buttons post the ticked ids; Delete asks on a confirmation page). Here the bar says "N
// selected" (a polite live region), stays at the top of the window while anything is selected and
// shows only "Select all on this page" otherwise; Clear and Escape untick everything; a
// shift-click ticks or unticks the range from the last box clicked; Delete asks once, in a
// dialog, for the whole selection, whose Delete posts the same form with confirmed=yes.
(function () {
  'use strict';
  var form = document.getElementById('selection');
  if (!form) return;
  var count = document.getElementById('selection-count');
  var selectAll = form.querySelector('[data-select-all]');
  var clear = form.querySelector('[data-select-clear]');
  var deleteButton = form.querySelector('[data-selection-delete]');
  var dialog = document.getElementById('selection-delete-dialog');
  var dialogTitle = document.getElementById('selection-delete-title');
  var dialogWarning = document.getElementById('selection-delete-warning');
  var confirmButton = document.getElementById('selection-delete-confirm');
  var cancelButton = document.getElementById('selection-delete-cancel');
  var actions = form.querySelectorAll('.selection-actions [type="submit"]');
  var lastClicked = null;

  function boxes() {
    return Array.prototype.slice.call(
      document.querySelectorAll('input[type="checkbox"][name="ids"][form="selection"]'),
    );
  }

  function selectedCount() {
    return boxes().filter(function (box) {
      return box.checked;
    }).length;
  }

  function photos(n) {
    return n === 1 ? '1 photo' : n + ' photos';
  }

  function update() {
    var n = selectedCount();
    var all = boxes();
    form.classList.toggle('is-empty', n === 0);
    count.textContent = n === 0 ? '' : n + ' selected';
    clear.hidden = n === 0;
    selectAll.hidden = n === all.length;
    for (var i = 0; i < actions.length; i++) actions[i].hidden = n === 0;
    // Whatever gets focus scrolls into view below the sticky bar, never under it.
    document.documentElement.style.scrollPaddingTop = n === 0 ? '' : form.offsetHeight + 16 + 'px';
  }

  function setAll(checked) {
    boxes().forEach(function (box) {
      box.checked = checked;
    });
    lastClicked = null;
    update();
  }

  form.classList.add('is-live');

  // Shift-click: every box between the last one clicked and this one takes this one's state.
  document.addEventListener('click', function (event) {
    var box = event.target;
    if (!box || box.form !== form || box.type !== 'checkbox') return;
    var all = boxes();
    if (event.shiftKey && lastClicked && all.indexOf(lastClicked) !== -1) {
      var from = all.indexOf(lastClicked);
      var to = all.indexOf(box);
      var step = from < to ? 1 : -1;
      for (var i = from; i !== to; i += step) all[i].checked = box.checked;
    }
    lastClicked = box;
  });
  // Space on a focused box, a click, a shift-click: every change ends here.
  document.addEventListener('change', function (event) {
    if (event.target && event.target.form === form) update();
  });

  selectAll.addEventListener('click', function () {
    setAll(true);
    clear.focus(); // "Select all" hides itself once all are selected
  });
  // Clear is the form's reset button, so it works without the script too; here it clears at
  // once and leaves focus on the bar (Clear hides itself).
  clear.addEventListener('click', function (event) {
    event.preventDefault();
    setAll(false);
    selectAll.focus();
  });

  // Escape anywhere but in a field (where it has its own meaning) or an open dialog clears.
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    if (dialog && dialog.open) return;
    var target = event.target;
    if (
      target &&
      target.closest &&
      target.closest('textarea, select, input:not([type="checkbox"])')
    )
      return;
    if (selectedCount() > 0) setAll(false);
  });

  if (dialog && typeof dialog.showModal === 'function') {
    deleteButton.addEventListener('click', function (event) {
      var n = selectedCount();
      if (n === 0) return;
      event.preventDefault();
      dialogTitle.textContent = n === 1 ? 'Delete 1 photo?' : 'Delete ' + n + ' photos?';
      dialogWarning.textContent =
        (n === 1
          ? 'The photo and its original are'
          : 'The ' + photos(n) + ' and their originals are') +
        ' removed for good. This cannot be undone.';
      confirmButton.textContent = n === 1 ? 'Delete 1 photo' : 'Delete ' + photos(n);
      confirmButton.disabled = false;
      dialog.showModal();
      cancelButton.focus(); // the safe choice first: Enter alone never deletes
    });
    cancelButton.addEventListener('click', function () {
      dialog.close();
    });
    // A click on the backdrop lands on the <dialog> itself (its content sits in a padded box).
    dialog.addEventListener('click', function (event) {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener('close', function () {
      deleteButton.focus();
    });
    // One delete per confirmation: a double click must not send a second POST. Disabled a turn
    // later: a submitter disabled now would leave its confirmed=yes out of this very post.
    form.addEventListener('submit', function (event) {
      if (event.submitter !== confirmButton) return;
      setTimeout(function () {
        confirmButton.disabled = true;
      }, 0);
    });
  }

  // Back to this page from the browser's cache: the boxes may be as they were left.
  window.addEventListener('pageshow', function () {
    if (dialog && dialog.open) dialog.close();
    update();
  });
  update();
})();
