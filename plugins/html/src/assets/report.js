// Sorting and filtering of the report's tables, opening a package's block from a link, and
// opening every block before printing. Everything it works on is already in the page: it reads
// no data, builds no markup from strings (only elements with textContent), and loads nothing.
(function () {
  'use strict';
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  document.documentElement.classList.add('js');

  function shown(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : '';
  }

  // The sort key: a cell's data-v when it has one (a severity rank, a line number), else its text.
  function key(row, index) {
    var cell = row.cells[index];
    if (!cell) return '';
    var v = cell.getAttribute('data-v');
    return v !== null ? v : cell.textContent.trim();
  }

  function sortable(table) {
    var heads = table.tHead.rows[0].cells;
    // The original position breaks ties, so a sort is stable and undoing it is a sort too.
    each(table.tBodies[0].rows, function (row, i) { row.setAttribute('data-i', String(i)); });
    each(heads, function (th, index) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.title = 'Sort by ' + th.textContent;
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute('aria-sort', 'none');
      button.addEventListener('click', function () { sort(table, index); });
    });
  }

  function sort(table, index) {
    var heads = table.tHead.rows[0].cells;
    var th = heads[index];
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    each(heads, function (h) { h.setAttribute('aria-sort', 'none'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var numeric = th.classList.contains('num');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, index), y = key(b, index);
      var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : collator.compare(x, y);
      if (!ascending) order = -order;
      return order || Number(a.getAttribute('data-i')) - Number(b.getAttribute('data-i'));
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
    table.dispatchEvent(new Event('sorted'));
  }

  function filterable(table) {
    var tools = document.querySelector('.tools[data-for="' + table.id + '"]');
    if (!tools) return;
    var rows = table.tBodies[0].rows;
    var search = document.createElement('input');
    search.type = 'search';
    search.placeholder = 'Filter ' + (table.getAttribute('aria-label') || 'rows').toLowerCase() + '\u2026';
    search.setAttribute('aria-label', search.placeholder);
    tools.appendChild(search);
    var pickers = [];
    each(table.tHead.rows[0].cells, function (th, index) {
      if (!th.hasAttribute('data-filter')) return;
      var seen = {};
      each(rows, function (row) { seen[shown(row, index)] = true; });
      var values = Object.keys(seen).sort(collator.compare);
      if (values.length < 2) return;
      var select = document.createElement('select');
      var name = th.textContent.trim();
      select.setAttribute('aria-label', name);
      var all = document.createElement('option');
      all.value = '';
      all.textContent = name + ': all';
      select.appendChild(all);
      values.forEach(function (value) {
        var option = document.createElement('option');
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      });
      pickers.push({ index: index, select: select });
      tools.appendChild(select);
    });
    var count = document.createElement('span');
    count.className = 'count';
    count.setAttribute('aria-live', 'polite');
    tools.appendChild(count);
    // A long table (data-limit) shows its first rows until the reader asks for all of them or
    // filters; printing shows every row.
    var limit = Number(table.getAttribute('data-limit')) || 0;
    var more = null;
    if (limit && rows.length > limit) {
      more = document.createElement('button');
      more.type = 'button';
      more.className = 'more';
      more.textContent = 'Show all ' + rows.length;
      more.addEventListener('click', function () { limit = 0; more.hidden = true; apply(); });
      table.parentNode.insertAdjacentElement('afterend', more);
    }
    function apply() {
      var query = search.value.trim().toLowerCase();
      var filtered = query !== '' || pickers.some(function (p) { return p.select.value !== ''; });
      var visible = 0;
      each(rows, function (row) {
        var keep = !query || row.textContent.toLowerCase().indexOf(query) !== -1;
        pickers.forEach(function (p) {
          if (keep && p.select.value !== '' && shown(row, p.index) !== p.select.value) keep = false;
        });
        if (keep) visible += 1;
        row.hidden = !keep || (!filtered && limit > 0 && visible > limit);
      });
      var listed = rows.length - Array.prototype.filter.call(rows, function (r) { return r.hidden; }).length;
      if (more) more.hidden = filtered || limit === 0;
      count.textContent = listed === rows.length ? rows.length + ' rows' : listed + ' of ' + rows.length + ' rows';
    }
    table.addEventListener('sorted', apply);
    search.addEventListener('input', apply);
    pickers.forEach(function (p) { p.select.addEventListener('change', apply); });
    apply();
  }

  // A link to a package's block opens it (a fragment alone scrolls to a closed block).
  function openTarget() {
    var id = location.hash.slice(1);
    var target = id ? document.getElementById(id) : null;
    if (target && target.tagName === 'DETAILS') target.open = true;
  }

  function expandButtons() {
    each(document.querySelectorAll('[data-action="expand"]'), function (slot) {
      [['Expand all', true], ['Collapse all', false]].forEach(function (pair) {
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = pair[0];
        button.addEventListener('click', function () {
          each(document.querySelectorAll('details.pkg'), function (d) { d.open = pair[1]; });
        });
        slot.appendChild(button);
      });
    });
  }

  // Paper cannot be clicked: every block opens for printing and closes again after.
  var opened = [];
  window.addEventListener('beforeprint', function () {
    each(document.querySelectorAll('details:not([open])'), function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  each(document.querySelectorAll('table.sortable'), sortable);
  each(document.querySelectorAll('table.filterable'), filterable);
  expandButtons();
  window.addEventListener('hashchange', openTarget);
  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a[href^="#p-"]') : null;
    if (link) {
      var target = document.getElementById(link.getAttribute('href').slice(1));
      if (target && target.tagName === 'DETAILS') target.open = true;
    }
  });
  openTarget();
})();
