// The "Copy" buttons of /shares: copy the link beside them. Without JavaScript (or a clipboard),
// the buttons stay hidden and the link's text field can be selected and copied by hand.
(function () {
  'use strict';
  if (!navigator.clipboard) return;
  const status = document.getElementById('copy-status');
  for (const button of document.querySelectorAll('button[data-copy-from]')) {
    const field = document.getElementById(button.getAttribute('data-copy-from'));
    if (!field) continue;
    button.hidden = false;
    button.addEventListener('click', () => {
      navigator.clipboard.writeText(field.value).then(
        () => {
          if (status) status.textContent = 'Link copied.';
        },
        () => {
          field.select();
          if (status) status.textContent = 'Select the link and copy it.';
        },
      );
    });
  }
})();
