// The one script of report.html and class-report.html, inlined into both pages. The pages are
// complete without it: it only opens folded details for printing, sorts tables and filters rows.
(function () {
  'use strict';

  // Printing: open every closed <details> before, close them again after.
  var reopened = [];
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details:not([open])').forEach(function (d) { d.open = true; reopened.push(d); });
  });
  window.addEventListener('afterprint', function () {
    reopened.forEach(function (d) { d.open = false; });
    reopened = [];
  });

  // Sorting: every column of the last header row of a table.sortable; a cell's data-v, else its
  // text, is the key; numeric columns (th data-type="num") compare as numbers. A criterion's column
  // of the student table (th data-k="K") sorts by the K-th symbol of the row's verdict strip.
  function cellKey(row, th, column) {
    var k = th.getAttribute('data-k');
    if (k !== null) {
      return row.cells[row.cells.length - 1].textContent.charAt(+k);
    }
    var cell = row.cells[column];
    return cell ? (cell.hasAttribute('data-v') ? cell.getAttribute('data-v') : cell.textContent.trim()) : '';
  }

  function sortKey(row, th, column, numeric) {
    var cache = row.sortKeys || (row.sortKeys = []);
    if (cache[column] === undefined) {
      var v = cellKey(row, th, column);
      cache[column] = numeric ? (v === '' ? -Infinity : parseFloat(v)) : v.toLowerCase();
    }
    return cache[column];
  }

  function sortBy(table, th, column) {
    var numeric = th.getAttribute('data-type') === 'num';
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('thead th[aria-sort]').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var order = ascending ? 1 : -1;
    rows.forEach(function (r, i) { r.sortIndex = r.sortIndex === undefined ? i : r.sortIndex; });
    rows.sort(function (a, b) {
      var x = sortKey(a, th, column, numeric), y = sortKey(b, th, column, numeric);
      if (x < y) { return -order; }
      if (x > y) { return order; }
      return a.sortIndex - b.sortIndex;
    });
    var parent = body.parentNode, next = body.nextSibling;
    parent.removeChild(body);
    var fragment = document.createDocumentFragment();
    rows.forEach(function (r) { fragment.appendChild(r); });
    body.appendChild(fragment);
    parent.insertBefore(body, next);
  }

  document.querySelectorAll('table.sortable').forEach(function (table) {
    var header = table.tHead.rows[table.tHead.rows.length - 1];
    Array.prototype.forEach.call(header.cells, function (th, column) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener('click', function () { sortBy(table, th, column); });
    });
  });

  // Filtering the student table: by name (identifier or full name) and by a failed criterion
  // (X failed or ! error in the criterion's place of the verdict strip).
  var students = document.getElementById('student-table');
  var nameFilter = document.getElementById('name-filter');
  var failedFilter = document.getElementById('failed-filter');
  var shown = document.getElementById('shown-count');
  if (!students || !nameFilter || !failedFilter) {
    return;
  }
  document.querySelectorAll('.controls[hidden]').forEach(function (c) { c.hidden = false; });
  function criterionIndex(id) {
    var th = students.querySelector('thead th[data-criterion="' + id + '"]');
    return th ? +th.getAttribute('data-k') : -1;
  }
  function applyFilters() {
    var text = nameFilter.value.trim().toLowerCase();
    var k = failedFilter.value ? criterionIndex(failedFilter.value) : -1;
    var count = 0;
    Array.prototype.forEach.call(students.tBodies[0].rows, function (row) {
      var show = (!text || (row.getAttribute('data-name') || '').indexOf(text) >= 0)
        && (k < 0 || 'X!'.indexOf(row.cells[row.cells.length - 1].textContent.charAt(k) || ' ') >= 0);
      row.hidden = !show;
      if (show) { count++; }
    });
    if (shown) { shown.textContent = count; }
  }
  nameFilter.addEventListener('input', applyFilters);
  failedFilter.addEventListener('change', applyFilters);
  document.querySelectorAll('a[data-failed]').forEach(function (a) {
    a.addEventListener('click', function () {
      failedFilter.value = a.getAttribute('data-failed');
      nameFilter.value = '';
      applyFilters();
    });
  });
})();
