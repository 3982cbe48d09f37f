// The admin page's logic: list, set and remove custom headers through the API, and restore the
// defaults through the demo server's POST /admin/restore-defaults.
// Served as its own file because the default Content-Security-Policy (default-src 'self')
// forbids inline scripts. Text only ever goes into the page through textContent.
'use strict';

// location.origin, not a relative URL: a page opened as http://user:pass@host/ would otherwise
// hand its credentials to fetch(), which refuses URLs that carry them.
const API = location.origin + '/axis-cgi/customhttpheader.cgi';
const RESTORE = location.origin + '/admin/restore-defaults';
// The headers the device ships with (CHDR_AXIS_DEFAULTS), for the warning before removing one.
const DEFAULTS = ['X-Frame-Options', 'X-Content-Type-Options', 'Referrer-Policy',
  'Content-Security-Policy'];

// One POST with a JSON body; resolves to the answer's data, rejects with its error message.
async function post(url, request) {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request)
  });
  if (!response.ok) throw new Error('HTTP ' + response.status + ' ' + response.statusText);
  const reply = await response.json();
  if (reply.error) throw new Error('error ' + reply.error.code + ': ' + reply.error.message);
  return reply.data;
}

function callApi(method, params) {
  const request = { apiVersion: '1.1', context: 'admin-page', method: method };
  if (params !== undefined) request.params = params;
  return post(API, request);
}

// A message under a section: #status for the table, #form-message, #reset-message.
function say(id, text, isError) {
  const element = document.getElementById(id);
  element.textContent = text;
  element.classList.toggle('error', Boolean(isError));
}

// ---- the confirm step ---------------------------------------------------------------------
// A button that changes something for good asks first: its first click turns it into
// "Confirm ..." with a Cancel button beside it; only a second click on it acts. Escape, Cancel
// or arming another button puts it back. The second click of a double click (event.detail 2)
// does not count, so nothing is removed by clicking twice in a hurry.
let armed = null;

function disarm() {
  if (!armed) return;
  const { button, label, ariaLabel, cancel, row, messageId } = armed;
  armed = null;
  say(messageId, '', false);
  button.textContent = label;
  if (ariaLabel) button.setAttribute('aria-label', ariaLabel);
  button.classList.remove('danger');
  cancel.remove();
  if (row) row.classList.remove('confirming');
}

function confirmFirst(button, event, question, messageId, warning, action) {
  if (armed && armed.button === button) {
    if (event.detail > 1) return; // the rest of a double click
    disarm();
    action();
    return;
  }
  disarm();
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  cancel.className = 'cancel';
  cancel.addEventListener('click', () => {
    disarm();
    say(messageId, 'Nothing changed.', false);
    button.focus();
  });
  button.after(cancel);
  armed = { button: button, label: button.textContent, cancel: cancel,
    ariaLabel: button.getAttribute('aria-label'), row: button.closest('tr'),
    messageId: messageId };
  if (armed.row) armed.row.classList.add('confirming');
  // a screen reader hears the question too, not the label from before ("Remove X-...")
  if (armed.ariaLabel) button.setAttribute('aria-label', armed.ariaLabel.replace(armed.label, question));
  button.textContent = question;
  button.classList.add('danger');
  say(messageId, warning, false);
}

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && armed) {
    const { button } = armed;
    disarm();
    button.focus();
  }
});

// ---- the table ----------------------------------------------------------------------------
function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function render(headers) {
  disarm();
  const body = document.getElementById('headers');
  body.replaceChildren();
  const names = Object.keys(headers);
  if (names.length === 0) {
    const tr = document.createElement('tr');
    const td = cell('No custom headers.');
    td.colSpan = 3;
    tr.appendChild(td);
    body.appendChild(tr);
  }
  for (const name of names) {
    const tr = document.createElement('tr');
    tr.dataset.name = name;
    tr.appendChild(cell(name, 'name'));
    tr.appendChild(cell(headers[name], 'value'));
    const td = document.createElement('td');
    td.className = 'actions';
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', 'Remove ' + name);
    remove.addEventListener('click', (event) => {
      const isDefault = DEFAULTS.some((d) => d.toLowerCase() === name.toLowerCase());
      confirmFirst(remove, event, 'Confirm remove', 'status',
        'Remove ' + name + '? Click "Confirm remove" to go ahead, or Cancel.' +
        (isDefault ? ' It is one of the security defaults; "Restore defaults" brings it back.' : ''),
        () => removeHeader(name));
    });
    td.appendChild(remove);
    tr.appendChild(td);
    body.appendChild(tr);
  }
}

async function refresh() {
  render(await callApi('list'));
}

async function removeHeader(name) {
  try {
    await callApi('remove', { [name]: '' });
    await refresh();
    say('status', 'Removed ' + name + '.', false);
  } catch (e) {
    say('status', e.message, true);
  }
}

// ---- the form -----------------------------------------------------------------------------
const form = document.getElementById('add');
const nameInput = document.getElementById('name');
const valueInput = document.getElementById('value');

// Refuses what the page will not send, next to the field at fault. The API accepts an empty
// value (an empty header line); from this page it is almost always a slip.
function check(name, value) {
  nameInput.removeAttribute('aria-invalid');
  valueInput.removeAttribute('aria-invalid');
  if (name === '') {
    nameInput.setAttribute('aria-invalid', 'true');
    nameInput.focus();
    return 'Enter a header name.';
  }
  if (value === '') {
    valueInput.setAttribute('aria-invalid', 'true');
    valueInput.focus();
    return 'Enter a value: a header with an empty value is not set from this page. ' +
      'To take a header off, use its Remove button.';
  }
  return null;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = nameInput.value.trim();
  const value = valueInput.value.trim();
  const problem = check(name, value);
  if (problem) {
    say('form-message', problem, true);
    return;
  }
  const submit = form.querySelector('button[type=submit]');
  submit.disabled = true;
  try {
    await callApi('set', { [name]: value });
    form.reset();
    say('form-message', 'Set ' + name + '.', false);
    nameInput.focus();
    await refresh();
  } catch (e) {
    say('form-message', e.message, true);
  } finally {
    submit.disabled = false;
  }
});

// ---- restore defaults ---------------------------------------------------------------------
const restoreButton = document.getElementById('restore');
restoreButton.addEventListener('click', (event) => {
  const count = document.querySelectorAll('#headers tr[data-name]').length;
  confirmFirst(restoreButton, event, 'Confirm restore', 'reset-message',
    'Replace all ' + count + ' header' + (count === 1 ? '' : 's') +
    ' with the 4 defaults? Click "Confirm restore" to go ahead, or Cancel.', restoreDefaults);
});

async function restoreDefaults() {
  restoreButton.disabled = true;
  try {
    render(await post(RESTORE, {}));
    say('reset-message', 'Restored the 4 defaults.', false);
    say('status', '', false);
  } catch (e) {
    say('reset-message', e.message, true);
  } finally {
    restoreButton.disabled = false;
  }
}

refresh().catch((e) => say('status', e.message, true));
