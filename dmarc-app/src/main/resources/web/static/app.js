// SPDX-License-Identifier: Apache-2.0
// DMARC Pilot dashboard: theme, sortable tables, charts (data from JSON endpoints), uploads.
// No inline script anywhere: the Content-Security-Policy allows only files from this server.
(function () {
  'use strict';

  var stored = null;
  try { stored = window.localStorage.getItem('dp-theme'); } catch (e) { stored = null; }
  if (stored === 'dark' || stored === 'light') {
    document.documentElement.setAttribute('data-theme', stored);
  }

  function csrfToken() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute('content') : null;
  }

  function isDark() {
    var t = document.documentElement.getAttribute('data-theme');
    if (t) { return t === 'dark'; }
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
  }

  function toggleTheme() {
    var next = isDark() ? 'light' : 'dark';
    document.documentElement.setAttribute('data-theme', next);
    try { window.localStorage.setItem('dp-theme', next); } catch (e) { /* private mode */ }
    document.querySelectorAll('canvas[data-chart]').forEach(function (c) { drawChart(c); });
  }

  // ---- sortable tables -------------------------------------------------------------------
  function cellValue(row, index, numeric) {
    var cell = row.children[index];
    if (!cell) { return numeric ? 0 : ''; }
    var v = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent.trim();
    if (numeric) {
      var n = parseFloat(v);
      return isNaN(n) ? 0 : n;
    }
    return v.toLowerCase();
  }

  function makeSortable(table) {
    var heads = table.querySelectorAll('thead th[data-sort]');
    heads.forEach(function (th) {
      th.classList.add('sort-head');
      th.setAttribute('tabindex', '0');
      th.setAttribute('role', 'button');
      var sort = function () {
        var index = Array.prototype.indexOf.call(th.parentNode.children, th);
        var numeric = th.getAttribute('data-sort') === 'num';
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, numeric);
          var y = cellValue(b, index, numeric);
          var c = x < y ? -1 : x > y ? 1 : 0;
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
  }

  // ---- charts ------------------------------------------------------------------------------
  var CLASS_COLORS = {
    'aligned': '#16a34a',
    'not aligned': '#f59e0b',
    'forwarded': '#3b82f6',
    'spoofing': '#dc2626',
    'unknown': '#94a3b8',
    'messages': '#2563eb'
  };
  var PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#8b5cf6', '#0891b2', '#94a3b8'];
  var charts = {};

  function colorFor(name, i) {
    return CLASS_COLORS[name] || PALETTE[i % PALETTE.length];
  }

  function pct(part, whole) {
    return whole > 0 ? Math.round(1000 * part / whole) / 10 : null;
  }

  function chartOptions(stacked, percent) {
    var grid = isDark() ? 'rgba(255,255,255,0.08)' : 'rgba(15,23,42,0.08)';
    var text = isDark() ? '#cbd5e1' : '#334155';
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { color: text, boxWidth: 12 } } },
      scales: {
        x: { stacked: stacked, grid: { color: grid }, ticks: { color: text, maxRotation: 0, autoSkip: true, maxTicksLimit: 10 } },
        y: {
          stacked: stacked, beginAtZero: true, grid: { color: grid }, ticks: { color: text },
          max: percent ? 100 : undefined
        }
      }
    };
  }

  function drawChart(canvas) {
    var url = canvas.getAttribute('data-series');
    var kind = canvas.getAttribute('data-chart');
    if (!url || typeof window.Chart === 'undefined') { return; }
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (data) {
        var labels = data.days.map(function (d) { return d.day; });
        var config;
        if (kind === 'volume') {
          var names = [];
          data.days.forEach(function (d) {
            Object.keys(d.byClass || {}).forEach(function (k) { if (names.indexOf(k) < 0) { names.push(k); } });
          });
          var order = ['aligned', 'forwarded', 'not aligned', 'unknown', 'spoofing'];
          names.sort(function (a, b) {
            var ia = order.indexOf(a), ib = order.indexOf(b);
            return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : a > b ? 1 : 0);
          });
          var sets;
          if (names.length === 0) {
            sets = [{ label: 'messages', data: data.days.map(function (d) { return d.messages; }), backgroundColor: colorFor('messages', 0) }];
          } else {
            sets = names.map(function (n, i) {
              return { label: n, data: data.days.map(function (d) { return (d.byClass || {})[n] || 0; }), backgroundColor: colorFor(n, i) };
            });
          }
          config = { type: 'bar', data: { labels: labels, datasets: sets }, options: chartOptions(true, false) };
        } else {
          var line = function (label, key, color) {
            return {
              label: label, borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 2, tension: 0.2, spanGaps: true,
              data: data.days.map(function (d) { return pct(d[key], d.messages); })
            };
          };
          config = {
            type: 'line',
            data: { labels: labels, datasets: [
              line('DMARC pass %', 'dmarcPass', '#2563eb'),
              line('DKIM aligned %', 'dkimAligned', '#16a34a'),
              line('SPF aligned %', 'spfAligned', '#f59e0b')
            ] },
            options: chartOptions(false, true)
          };
        }
        if (charts[canvas.id]) { charts[canvas.id].destroy(); }
        charts[canvas.id] = new window.Chart(canvas, config);
        canvas.setAttribute('data-drawn', 'true');
      })
      .catch(function (e) {
        canvas.setAttribute('data-error', String(e));
      });
  }

  // ---- upload --------------------------------------------------------------------------------
  function addResultRow(table, file) {
    var empty = document.getElementById('upload-empty');
    if (empty) { empty.remove(); }
    var tr = document.createElement('tr');
    var status = file.status;
    tr.className = 'result-' + status;
    var name = document.createElement('td');
    name.textContent = file.filename;
    var res = document.createElement('td');
    var pill = document.createElement('span');
    pill.className = 'pill ' + (status === 'stored' ? 'good' : status === 'duplicate' ? 'fair' : 'poor');
    pill.textContent = status;
    res.appendChild(pill);
    var recs = document.createElement('td');
    recs.className = 'num';
    recs.textContent = String(file.records);
    var details = document.createElement('td');
    details.appendChild(document.createTextNode(file.message));
    (file.reportIds || []).forEach(function (id) {
      details.appendChild(document.createTextNode(' '));
      var a = document.createElement('a');
      a.href = '/reports/' + encodeURIComponent(String(id));
      a.textContent = 'report ' + id;
      details.appendChild(a);
    });
    tr.appendChild(name); tr.appendChild(res); tr.appendChild(recs); tr.appendChild(details);
    table.tBodies[0].appendChild(tr);
  }

  function uploadFiles(files) {
    var table = document.getElementById('upload-results');
    Array.prototype.forEach.call(files, function (f) {
      var body = new FormData();
      body.append('file', f, f.name);
      fetch('/api/v1/reports', {
        method: 'POST', body: body, credentials: 'same-origin',
        headers: { 'X-CSRF-Token': csrfToken() || '', 'Accept': 'application/json' }
      })
        .then(function (r) {
          return r.json().then(function (j) {
            if (!r.ok) { return { files: [{ filename: f.name, status: 'rejected', records: 0, reportIds: [], message: j.error || ('HTTP ' + r.status) }] }; }
            return j;
          });
        })
        .then(function (j) { j.files.forEach(function (x) { addResultRow(table, x); }); })
        .catch(function (e) { addResultRow(table, { filename: f.name, status: 'rejected', records: 0, reportIds: [], message: String(e) }); });
    });
  }

  function setupUpload() {
    var form = document.getElementById('upload-form');
    if (!form) { return; }
    var target = document.getElementById('drop-target');
    var input = document.getElementById('file-input');
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (input.files.length > 0) { uploadFiles(input.files); input.value = ''; }
    });
    input.addEventListener('change', function () {
      if (input.files.length > 0) { uploadFiles(input.files); input.value = ''; }
    });
    ['dragenter', 'dragover'].forEach(function (t) {
      target.addEventListener(t, function (e) { e.preventDefault(); target.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (t) {
      target.addEventListener(t, function (e) { e.preventDefault(); target.classList.remove('over'); });
    });
    target.addEventListener('drop', function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length > 0) { uploadFiles(e.dataTransfer.files); }
    });
  }

  function init() {
    var t = document.getElementById('theme-toggle');
    if (t) { t.addEventListener('click', toggleTheme); }
    document.querySelectorAll('table.sortable').forEach(makeSortable);
    document.querySelectorAll('canvas[data-chart]').forEach(function (c) { drawChart(c); });
    setupUpload();
    // content swapped in by htmx (paging) gets the same behaviour as the page it lands in
    document.body.addEventListener('htmx:load', function (e) {
      var root = e.detail && e.detail.elt;
      if (!root || root === document.body || !root.querySelectorAll) { return; }
      if (root.matches && root.matches('table.sortable')) { makeSortable(root); }
      root.querySelectorAll('table.sortable').forEach(makeSortable);
    });
    document.body.addEventListener('htmx:configRequest', function (e) {
      var c = csrfToken();
      if (c) { e.detail.headers['X-CSRF-Token'] = c; }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
