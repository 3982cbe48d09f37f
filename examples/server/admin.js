// The admin page's logic: list, set and remove custom headers through the API.
// Served as its own file because the default Content-Security-Policy (default-src 'self')
// forbids inline scripts. Text only ever goes into the page through textContent.
'use strict';

// location.origin, not a relative URL: a page opened as http://user:pass@host/ would otherwise
// hand its credentials to fetch(), which refuses URLs that carry them.
const API = location.origin + '/axis-cgi/customhttpheader.cgi';

// One API call; resolves to the response's data, rejects with the API's error message.
async function callApi(method, params) {
  const request = { apiVersion: '1.1', context: 'admin-page', method: method };
  if (params !== undefined) request.params = params;
  const response = await fetch(API, {
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

function showStatus(text, isError) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.className = isError ? 'error' : '';
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function render(headers) {
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
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Remove';
    remove.addEventListener('click', () => removeHeader(name));
    td.appendChild(remove);
    tr.appendChild(td);
    body.appendChild(tr);
  }
}

async function refresh() {
  render(await callApi('list'));
}

async function setHeader(name, value) {
  try {
    await callApi('set', { [name]: value });
    await refresh();
    showStatus('Set ' + name + '.', false);
  } catch (e) {
    showStatus(e.message, true);
  }
}

async function removeHeader(name) {
  try {
    await callApi('remove', { [name]: '' });
    await refresh();
    showStatus('Removed ' + name + '.', false);
  } catch (e) {
    showStatus(e.message, true);
  }
}

document.getElementById('add').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = document.getElementById('name').value.trim();
  const value = document.getElementById('value').value.trim();
  setHeader(name, value);
});

refresh().catch((e) => showStatus(e.message, true));
