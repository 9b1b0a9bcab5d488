// "My photos" upload form, enhanced: files can be dropped onto the page, the chosen files are
// listed (each can be removed; a file the server would refuse, or one over the batch limit, says
// so at once), and each is sent on its own request (two at a time) to the same
// POST /myphotos with the form's CSRF token, asking for JSON, so that each shows its progress
// and its own outcome. Once done, the grid is loaded again and shows what was uploaded and what
// was refused. Without JavaScript the plain form posts every file at once and the server answers
// with the same report.
(function () {
  'use strict';

  var CONCURRENCY = 2;
  var MAX_RETRIES = 3;
  var REPORT_KEY = 'photos.uploadReport';

  var form = document.getElementById('upload-form');
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var input = document.getElementById('photo');
  var list = document.getElementById('upload-files');
  var statusLine = document.getElementById('upload-status');
  var button = document.getElementById('upload-button');
  var dropZone = document.getElementById('drop-zone');
  // The form folds under "Upload photos" once there are photos; files chosen or dragged unfold it.
  var panel = document.getElementById('upload-panel');
  var description = document.getElementById('description');
  var maxFiles = Number(form.getAttribute('data-max-files')) || 1;
  var maxBytes = Number(form.getAttribute('data-max-bytes')) || Infinity;
  var maxMegabytes = form.getAttribute('data-max-megabytes');
  var acceptedTypes = (form.getAttribute('data-accepted-types') || '').split(',').filter(Boolean);
  var unsupportedMessage = form.getAttribute('data-unsupported-message') || '';
  var csrfField = form.querySelector('input[name="_csrf"]');
  var csrfToken = csrfField ? csrfField.value : '';

  /** { file, item, progress, state, reason } for each chosen file, in order. */
  var chosen = [];
  var busy = false;
  var firstFew = firstFewButton();

  showReportOfLastUpload();
  form.querySelectorAll('.drop-hint').forEach(function (hint) {
    hint.hidden = false;
  });

  input.addEventListener('change', function () {
    addFiles(input.files);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!busy) start();
  });
  watchDrops();

  // ---- choosing files -------------------------------------------------------------------

  function addFiles(files) {
    if (busy || !files) return;
    if (panel) panel.open = true;
    clearClientError();
    for (var i = 0; i < files.length; i++) {
      var file = files[i];
      var duplicate = chosen.some(function (entry) {
        return (
          entry.file.name === file.name &&
          entry.file.size === file.size &&
          entry.file.lastModified === file.lastModified
        );
      });
      if (!duplicate) chosen.push(newEntry(file));
    }
    syncField();
    render();
  }

  /** Why the server would refuse this file whatever else is sent, if the page can tell now. */
  function refusalOf(file) {
    // A type the browser does not know is left for the server, which looks at the bytes.
    if (file.type && acceptedTypes.length > 0 && acceptedTypes.indexOf(file.type) === -1)
      return unsupportedMessage;
    if (file.size > maxBytes) return 'The photo is larger than ' + maxMegabytes + ' MB.';
    return undefined;
  }

  /** Marks each chosen file ready, refused (with its reason) or over the batch limit. */
  function classify() {
    var ready = 0;
    chosen.forEach(function (entry) {
      var refusal = refusalOf(entry.file);
      if (refusal) return setState(entry, 'refused', refusal);
      ready++;
      if (ready <= maxFiles) return setState(entry, 'queued', 'Ready');
      setState(
        entry,
        'over',
        'Not uploaded: at most ' +
          maxFiles +
          ' photos at a time. Remove it, or upload the first ' +
          maxFiles +
          '.',
      );
    });
  }

  function count(state) {
    return chosen.filter(function (entry) {
      return entry.state === state;
    }).length;
  }

  /** "Upload the first 20": shown only when more files are ready than one upload takes. */
  function firstFewButton() {
    var extra = document.createElement('button');
    extra.type = 'button';
    extra.id = 'upload-first-few';
    extra.className = 'secondary';
    extra.textContent = 'Upload the first ' + maxFiles;
    extra.hidden = true;
    extra.addEventListener('click', function () {
      if (busy) return;
      chosen = chosen.filter(function (entry) {
        return entry.state !== 'over';
      });
      syncField();
      render();
      start();
    });
    button.insertAdjacentElement('afterend', extra);
    return extra;
  }

  function newEntry(file) {
    var item = document.createElement('li');
    item.className = 'upload-file';
    var name = document.createElement('span');
    name.className = 'file-name';
    name.textContent = file.name || '(unnamed file)';
    var progress = document.createElement('progress');
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute('aria-label', 'Upload of ' + (file.name || 'unnamed file'));
    var state = document.createElement('span');
    state.className = 'file-state';
    var remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'link-button remove-file';
    remove.textContent = 'Remove';
    var hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = ' ' + (file.name || 'unnamed file');
    remove.appendChild(hidden);
    item.appendChild(name);
    item.appendChild(progress);
    item.appendChild(state);
    item.appendChild(remove);
    var entry = { file: file, item: item, progress: progress, stateText: state, state: 'queued' };
    remove.addEventListener('click', function () {
      if (busy) return;
      chosen = chosen.filter(function (other) {
        return other !== entry;
      });
      syncField();
      render();
      (list.querySelector('.remove-file') || input).focus();
    });
    return entry;
  }

  /** The field shows the same files as the list, where the browser lets a script set them. */
  function syncField() {
    try {
      var transfer = new DataTransfer();
      chosen.forEach(function (entry) {
        transfer.items.add(entry.file);
      });
      input.files = transfer.files;
    } catch (ignored) {
      // Older browsers: the list below the field is what will be sent.
    }
  }

  function render() {
    if (!busy) classify();
    list.textContent = '';
    chosen.forEach(function (entry) {
      list.appendChild(entry.item);
    });
    list.hidden = chosen.length === 0;
    firstFew.hidden = busy || count('over') === 0;
    if (!busy) statusLine.textContent = chosenSummary();
  }

  /** "5 files chosen: 3 ready, 2 over the limit of 3." */
  function chosenSummary() {
    if (chosen.length === 0) return '';
    var total = chosen.length + (chosen.length === 1 ? ' file' : ' files') + ' chosen';
    var refused = count('refused');
    var over = count('over');
    if (refused === 0 && over === 0) return total + '.';
    var parts = [count('queued') + ' ready'];
    if (refused > 0) parts.push(refused + ' refused');
    if (over > 0) parts.push(over + ' over the limit of ' + maxFiles);
    return total + ': ' + parts.join(', ') + '.';
  }

  function watchDrops() {
    var depth = 0;
    var hasFiles = function (event) {
      var types = event.dataTransfer && event.dataTransfer.types;
      return !!types && Array.prototype.indexOf.call(types, 'Files') !== -1;
    };
    document.addEventListener('dragenter', function (event) {
      if (!hasFiles(event)) return;
      depth++;
      if (panel) panel.open = true;
      form.classList.add('drag-active');
    });
    document.addEventListener('dragleave', function (event) {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) form.classList.remove('drag-active');
    });
    document.addEventListener('dragover', function (event) {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
    });
    document.addEventListener('drop', function (event) {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      form.classList.remove('drag-active');
      addFiles(event.dataTransfer.files);
      dropZone.scrollIntoView({ block: 'nearest' });
    });
  }

  // ---- uploading ------------------------------------------------------------------------

  function start() {
    clearClientError();
    if (chosen.length === 0) return clientError('Choose a photo to upload.');
    if (count('over') > 0)
      return clientError(
        'Choose at most ' +
          maxFiles +
          ' photos at a time (' +
          chosen.length +
          ' chosen): remove some, or use "Upload the first ' +
          maxFiles +
          '".',
      );
    var queue = chosen.filter(function (entry) {
      return entry.state === 'queued';
    });
    if (queue.length === 0) {
      statusLine.textContent = 'No photo was uploaded. Each file says why above.';
      return;
    }
    setBusy(true);
    var total = queue.length;
    queue.forEach(function (entry) {
      entry.progress.value = 0;
      setState(entry, 'queued', 'Waiting');
    });
    var running = 0;
    var finished = 0;
    announce(0, total);
    var next = function () {
      while (running < CONCURRENCY && queue.length > 0) {
        var entry = queue.shift();
        running++;
        send(entry, 0, function () {
          running--;
          finished++;
          announce(finished, total);
          if (finished === total) done();
          else next();
        });
      }
    };
    next();
  }

  function send(entry, attempt, settled) {
    setState(entry, 'uploading', 'Uploading');
    var body = new FormData();
    body.append('_csrf', csrfToken);
    body.append('description', description.value);
    body.append('photo', entry.file, entry.file.name);
    var request = new XMLHttpRequest();
    request.open('POST', form.getAttribute('action'));
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('X-CSRF-Token', csrfToken);
    request.upload.onprogress = function (event) {
      if (event.lengthComputable) entry.progress.value = (event.loaded / event.total) * 100;
    };
    request.upload.onload = function () {
      entry.progress.value = 100;
      setState(entry, 'uploading', 'Processing');
    };
    request.onload = function () {
      var answer = parse(request.responseText);
      var retryAfter = Number(request.getResponseHeader('Retry-After'));
      if ((request.status === 429 || request.status === 503) && attempt < MAX_RETRIES) {
        var why = request.status === 429 ? 'Write limit reached' : 'The server is busy';
        countDown(entry, why, retryAfter > 0 ? retryAfter : 5, function () {
          send(entry, attempt + 1, settled);
        });
        return;
      }
      if (request.status === 200 && answer && answer.uploaded && answer.uploaded.length > 0) {
        setState(entry, 'done', 'Uploaded');
      } else {
        var refusal = answer && answer.refused && answer.refused[0];
        var reason =
          (refusal && refusal.reason) ||
          (answer && answer.message) ||
          'The upload failed (' + request.status + '). Please try again.';
        setState(entry, 'refused', reason);
      }
      settled();
    };
    request.onerror = function () {
      setState(entry, 'refused', 'The connection failed. Please try again.');
      settled();
    };
    request.send(body);
  }

  /** "Write limit reached, trying again in 42 s", one second less each second, then `then`. */
  function countDown(entry, why, seconds, then) {
    var left = Math.ceil(seconds);
    var tick = function () {
      if (left <= 0) return then();
      setState(entry, 'queued', why + ', trying again in ' + left + ' s');
      left--;
      setTimeout(tick, 1000);
    };
    tick();
  }

  function done() {
    var uploaded = chosen.filter(function (entry) {
      return entry.state === 'done';
    }).length;
    var refused = chosen
      .filter(function (entry) {
        return entry.state === 'refused';
      })
      .map(function (entry) {
        return { name: entry.file.name || '(unnamed file)', reason: entry.reason };
      });
    if (uploaded === 0) {
      // Nothing to see in the grid: stay, with each file's reason in the list.
      setBusy(false);
      statusLine.textContent = 'No photo was uploaded. Each file says why above.';
      (list.querySelector('.remove-file') || input).focus();
      return;
    }
    try {
      sessionStorage.setItem(REPORT_KEY, JSON.stringify({ uploaded: uploaded, refused: refused }));
    } catch (ignored) {
      // Private mode without storage: the grid still shows the new photos.
    }
    window.location.assign(form.getAttribute('action'));
  }

  function setBusy(on) {
    busy = on;
    button.disabled = on;
    input.disabled = on;
    if (on) form.setAttribute('aria-busy', 'true');
    else form.removeAttribute('aria-busy');
    form.classList.toggle('uploading', on);
  }

  function announce(finished, total) {
    statusLine.textContent =
      'Uploading ' + total + (total === 1 ? ' file' : ' files') + ': ' + finished + ' done.';
  }

  function setState(entry, state, text) {
    entry.state = state;
    entry.reason = state === 'refused' ? text : undefined;
    entry.item.setAttribute('data-state', state);
    entry.stateText.textContent = text;
  }

  function parse(text) {
    try {
      return JSON.parse(text);
    } catch (ignored) {
      return undefined;
    }
  }

  // ---- messages ---------------------------------------------------------------------------

  function clientError(message) {
    var error = document.createElement('p');
    error.className = 'error';
    error.id = 'upload-client-error';
    error.setAttribute('role', 'alert');
    error.textContent = message;
    dropZone.insertAdjacentElement('afterend', error);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute(
      'aria-describedby',
      (input.getAttribute('aria-describedby') || '') + ' upload-client-error',
    );
    input.focus();
  }

  function clearClientError() {
    var error = document.getElementById('upload-client-error');
    if (!error) return;
    error.remove();
    input.removeAttribute('aria-invalid');
    input.setAttribute(
      'aria-describedby',
      (input.getAttribute('aria-describedby') || '').replace(/\s*upload-client-error/g, ''),
    );
  }

  /** The report the last scripted upload left for this page: the same as the server's own. */
  function showReportOfLastUpload() {
    var report;
    try {
      report = parse(sessionStorage.getItem(REPORT_KEY) || '');
      sessionStorage.removeItem(REPORT_KEY);
    } catch (ignored) {
      return;
    }
    if (!report || typeof report.uploaded !== 'number') return;
    var notice = document.createElement('p');
    notice.className = 'notice';
    notice.setAttribute('role', 'status');
    notice.textContent =
      'Uploaded ' + report.uploaded + (report.uploaded === 1 ? ' photo.' : ' photos.');
    (panel || form).insertAdjacentElement('beforebegin', notice);
    var refused = Array.isArray(report.refused) ? report.refused : [];
    if (refused.length === 0) return;
    var box = document.createElement('div');
    box.className = 'upload-refusals';
    box.id = 'upload-refusals';
    box.setAttribute('role', 'alert');
    var summary = document.createElement('p');
    summary.textContent =
      refused.length === 1
        ? '1 file was not uploaded:'
        : refused.length + ' files were not uploaded:';
    box.appendChild(summary);
    var items = document.createElement('ul');
    refused.forEach(function (file) {
      var item = document.createElement('li');
      var name = document.createElement('span');
      name.className = 'file-name';
      name.textContent = String(file.name);
      item.appendChild(name);
      item.appendChild(document.createTextNode(': ' + String(file.reason)));
      items.appendChild(item);
    });
    box.appendChild(items);
    if (panel) panel.open = true;
    dropZone.insertAdjacentElement('afterend', box);
    input.setAttribute(
      'aria-describedby',
      (input.getAttribute('aria-describedby') || '') + ' upload-refusals',
    );
  }
})();
