/** The HTML report's inline style sheet: light and dark, readable when printed. */
export const HTML_STYLE = `
:root { --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --border: #d1d9e0; --accent: #0969da; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --border: #3d444d; --accent: #4493f8; --ok: #3fb950; --bad: #f85149; --warn: #d29922; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 28px 24px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; font-weight: 600; }
h1 .root { color: var(--muted); font-weight: 400; }
h2 { font-size: 20px; margin: 36px 0 8px; padding-bottom: 6px; border-bottom: 1px solid var(--border); font-weight: 600; }
h3 { font-size: 16px; margin: 24px 0 8px; display: flex; align-items: center; gap: 8px; font-weight: 600; }
h3 i, .legend i { display: inline-block; width: 12px; height: 12px; border-radius: 3px; }
h3 .count { color: var(--muted); font-weight: 400; font-size: 14px; }
code, pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.meta { color: var(--muted); margin: 0 0 12px; overflow-wrap: anywhere; }
.gate { display: inline-block; margin: 4px 0 0; padding: 6px 12px; border-radius: 6px; border: 1px solid; }
.gate.passed { color: var(--ok); border-color: var(--ok); }
.gate.failed { color: var(--bad); border-color: var(--bad); }
.gate ul { margin: 4px 0 0; padding-left: 20px; color: var(--fg); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; margin: 24px 0 8px; }
.card { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 12px 16px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 26px; font-weight: 600; margin: 2px 0; }
.card .note { color: var(--muted); font-size: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 16px; }
figure { margin: 0; background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 12px 16px; }
figcaption { font-weight: 600; margin-bottom: 8px; }
svg { display: block; width: 100%; height: auto; }
svg text { fill: var(--fg); }
svg .caption { fill: var(--muted); }
svg .axis { stroke: var(--border); }
.legend { display: flex; flex-wrap: wrap; gap: 14px; color: var(--muted); margin: 8px 0; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.legend .cycle-key { width: 18px; height: 0; border-top: 2px dashed var(--bad); border-radius: 0; }
.graph-box { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 8px; overflow-x: auto; }
.graph-box svg { width: auto; max-width: none; margin: 0 auto; }
.graph .edge { fill: none; stroke: var(--muted); opacity: .55; }
.graph .edge.cycle { stroke: var(--bad); opacity: .9; stroke-dasharray: 5 3; }
.graph .arrow { fill: var(--muted); }
.graph .node-box { fill: var(--bg); stroke: var(--border); }
.graph .in-cycle .node-box { stroke: var(--bad); }
.graph .node:hover .node-box { stroke: var(--accent); stroke-width: 2; }
.graph.searching .node { opacity: .3; }
.graph.searching .node.match { opacity: 1; }
.graph .node.match .node-box { stroke: var(--accent); stroke-width: 3; }
.graph-group summary { cursor: pointer; margin: 6px 0; }
.graph-tools button { min-width: 2.2em; }
.table-box { overflow-x: auto; border: 1px solid var(--border); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 6px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--border); }
tbody tr:last-child td { border-bottom: 0; }
th { background: var(--panel); font-weight: 600; white-space: nowrap; }
th button { all: unset; cursor: pointer; }
th button:focus-visible { outline: 2px solid var(--accent); }
th[aria-sort] button::after { content: " ▾"; color: var(--muted); }
th[aria-sort="ascending"] button::after { content: " ▴"; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:hover { background: var(--panel); }
.rating { display: inline-block; width: 22px; text-align: center; border-radius: 4px; color: #fff; font-weight: 600; }
.rA { background: #1a7f37; } .rB { background: #57a324; } .rC { background: #bf8700; } .rD { background: #d1580a; } .rE { background: #cf222e; }
.level { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; border: 1px solid; }
.level.error { color: var(--bad); } .level.warning { color: var(--warn); } .level.note { color: var(--muted); } .level.new { color: var(--accent); }
.findings .where { min-width: 16ch; max-width: 36ch; }
.findings .where code { overflow-wrap: anywhere; }
.findings .module, .rule, .hint { color: var(--muted); font-size: 12px; }
.message { margin: 0 0 4px; max-width: 78ch; }
.snippet { margin: 4px 0; padding: 6px 8px; background: var(--panel); border: 1px solid var(--border); border-radius: 6px; overflow-x: auto; white-space: pre; max-width: 78ch; }
.precedent pre.diff { margin: 4px 0; padding: 6px 8px; background: var(--panel); border: 1px solid var(--border); border-radius: 6px; overflow-x: auto; white-space: pre; max-width: 78ch; }
.precedent .add { color: #1a7f37; }
.precedent .del { color: #cf222e; }
.related { margin: 4px 0; padding-left: 18px; font-size: 12px; }
.filter { margin: 8px 0 4px; }
.filter input { width: min(420px, 100%); padding: 5px 8px; border: 1px solid var(--border); border-radius: 6px; background: var(--bg); color: var(--fg); font: inherit; }
#filter-count { color: var(--muted); margin-left: 8px; }
.empty { color: var(--muted); }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--accent); }
.cycles li, .notifications li, .rules li { margin: 4px 0; overflow-wrap: anywhere; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print { .filter { display: none; } details { display: block; } .graph-box, .table-box { overflow: visible; } }
`;

/**
 * The HTML report's only script: sortable tables (click a header; numbers sort by their exact
 * value, highest first) and the findings filter. It uses no network and no storage.
 */
export const HTML_SCRIPT = `
(function () {
  'use strict';
  function compare(a, b, numeric) {
    if (numeric) return Number(a) - Number(b);
    return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
  }
  function sortTable(table, index) {
    var header = table.tHead.rows[0].cells[index];
    var numeric = header.getAttribute('data-type') === 'number';
    var current = header.getAttribute('aria-sort');
    var first = numeric ? 'descending' : 'ascending';
    var direction = current ? (current === 'ascending' ? 'descending' : 'ascending') : first;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute('aria-sort'); });
    header.setAttribute('aria-sort', direction);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, position) {
      var cell = row.cells[index];
      return { row: row, key: cell.getAttribute('data-value') || cell.textContent || '', position: position };
    });
    rows.sort(function (x, y) {
      var order = compare(x.key, y.key, numeric);
      if (direction === 'descending') order = -order;
      return order || x.position - y.position;
    });
    rows.forEach(function (entry) { body.appendChild(entry.row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, index) {
      var button = cell.querySelector('button');
      if (button) button.addEventListener('click', function () { sortTable(table, index); });
    });
  });
  var filter = document.getElementById('finding-filter');
  var counter = document.getElementById('filter-count');
  if (filter) {
    filter.addEventListener('input', function () {
      var words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
      var shown = 0;
      var rows = document.querySelectorAll('tr.finding');
      Array.prototype.forEach.call(rows, function (row) {
        var text = row.getAttribute('data-search') || '';
        var match = words.every(function (word) { return text.indexOf(word) >= 0; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      Array.prototype.forEach.call(document.querySelectorAll('section.category'), function (section) {
        section.hidden = section.querySelectorAll('tr.finding:not([hidden])').length === 0;
      });
      counter.textContent = words.length > 0 ? shown + ' of ' + rows.length + ' findings' : '';
    });
  }
  var graphs = document.querySelectorAll('#module-graph svg.graph');
  var scale = 1;
  Array.prototype.forEach.call(document.querySelectorAll('#module-graph button[data-zoom]'), function (button) {
    button.addEventListener('click', function () {
      var factor = Number(button.getAttribute('data-zoom'));
      scale = factor === 0 ? 1 : Math.min(4, Math.max(0.25, scale * factor));
      Array.prototype.forEach.call(graphs, function (svg) {
        var width = Number(svg.getAttribute('width'));
        svg.style.width = factor === 0 ? '' : width * scale + 'px';
        svg.style.maxWidth = factor === 0 ? '' : 'none';
        svg.style.height = factor === 0 ? '' : 'auto';
      });
    });
  });
  var search = document.getElementById('graph-search');
  var found = document.getElementById('graph-found');
  if (search) {
    search.addEventListener('input', function () {
      var text = search.value.trim().toLowerCase();
      // With folders, the modules are the nodes of the folders' drawings; the overview's nodes are folders.
      var grouped = document.querySelector('details.graph-group') !== null;
      var first = null;
      var count = 0;
      Array.prototype.forEach.call(graphs, function (svg) {
        var any = false;
        Array.prototype.forEach.call(svg.querySelectorAll('g.node'), function (node) {
          var match = text !== '' && (node.getAttribute('data-module') || '').toLowerCase().indexOf(text) >= 0;
          node.classList.toggle('match', match);
          if (match && (!grouped || node.closest('details.graph-group'))) {
            any = true;
            count += 1;
            if (!first) first = node;
          }
        });
        svg.classList.toggle('searching', text !== '');
        var group = svg.closest('details.graph-group');
        if (group && any) group.open = true;
        // The overview shows the folder that holds a match.
        var folder = group && document.querySelector('#module-graph > .graph-box g.node[data-module="' + (group.getAttribute('data-group') || '').replace(/["\\\\]/g, '') + '"]');
        if (folder && any) folder.classList.add('match');
      });
      if (first) first.scrollIntoView({ block: 'center', inline: 'center' });
      found.textContent = text === '' ? '' : count === 1 ? '1 module found' : count + ' modules found';
    });
  }
})();
`;
