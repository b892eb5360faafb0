import { createHash } from 'node:crypto';
import type { Category, Finding, ModuleScore, ReportModel, RuleDescriptor } from '../src/model/types.js';
import { CATEGORY_COLORS, describeTypes, failedConditions, formatCount, formatMinutes, formatPercent, plural } from './format.js';
import { barChart, columnChart, escapeXml, stackedBarChart } from './html-charts.js';
import { groupedModuleGraph, moduleGraphSvg, RATING_COLORS, readGraph, type GraphView, type NodeScore } from './html-graph.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import type { RenderOptions, Renderer } from './types.js';

const CATEGORY_ORDER: readonly Category[] = ['unchecked-assumption', 'error-handling', 'duplication', 'complexity', 'dependency'];
const CATEGORY_LABEL: Readonly<Record<Category, string>> = {
  duplication: 'Duplication',
  'unchecked-assumption': 'Unchecked assumptions',
  'error-handling': 'Error handling',
  complexity: 'Complexity',
  dependency: 'Dependencies',
};
const ROWS_PER_CATEGORY = 1_000;
const CHART_MODULES = 12;
const LISTED = 200;

/**
 * One self-contained page (no network at view time: inline style, script and SVG, and a content
 * security policy that allows nothing else): the verdict, summary figures, charts, the module
 * graph, a sortable module table and the findings by category with their code. Every piece of
 * source text, path, identifier and message is escaped.
 */
export const renderHtml: Renderer = (model, options) => {
  const rules = new Map(model.rules.map((r) => [r.ruleId, r]));
  const graph = readGraph(model.analyses.graph);
  const body = [
    header(model),
    summaryCards(model),
    charts(model),
    graphSection(model, graph),
    moduleSection(model.modules),
    findingSections(model.findings, rules),
    graph ? hotspotSection(graph) : '',
    options.includeSuppressed ? suppressedSection(model.suppressed, rules) : '',
    runSection(model),
    `<footer>Written by <a href="${escapeXml(model.tool.informationUri)}">debt-scan</a> ${escapeXml(model.tool.version)}. Debt is the estimated time to fix the findings; see each rule's page for what it checks.</footer>`,
  ].filter(Boolean);
  return page(model, body.join('\n'), options);
};

function page(model: ReportModel, body: string, _options: RenderOptions): string {
  const scriptHash = createHash('sha256').update(HTML_SCRIPT).digest('base64');
  const policy = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="generator" content="debt-scan ${escapeXml(model.tool.version)}">
<title>debt-scan report: ${escapeXml(rootName(model.root))}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<main>
${body}
</main>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}

function header(model: ReportModel): string {
  const gate = model.gate.passed
    ? '<p class="gate passed" role="status"><strong>Quality gate passed</strong></p>'
    : `<div class="gate failed" role="status"><strong>Quality gate failed</strong><ul>${failedConditions(model).map(gateItem).join('')}</ul></div>`;
  const commit = model.commit ? ` · commit <code>${escapeXml(model.commit.slice(0, 12))}</code>` : '';
  return `<header>
<h1>debt-scan report <span class="root">${escapeXml(rootName(model.root))}</span></h1>
<p class="meta"><code>${escapeXml(model.root)}</code>${commit} · debt-scan ${escapeXml(model.tool.version)}</p>
${gate}
</header>`;
}

/** A failed gate condition, and where the worst findings behind it are. */
function gateItem(condition: { message: string; findings: readonly Finding[] }): string {
  const behind = condition.findings.map((f) => `<li><code>${breakablePath(`${f.file}:${f.line}:${f.column}`)}</code> ${escapeXml(f.ruleId)}</li>`).join('');
  return `<li>${escapeXml(condition.message)}${behind ? `<ul class="behind">${behind}</ul>` : ''}</li>`;
}

function summaryCards(model: ReportModel): string {
  const { summary, files } = model;
  const cards: [string, string, string][] = [
    ['Debt', formatMinutes(summary.debtMinutes), `${formatPercent(ratioOf(model))} of the time to write the code`],
    ['Findings', formatCount(summary.findings), `${plural(summary.byLevel.error, 'error')}, ${plural(summary.byLevel.warning, 'warning')}`],
    ['Files', formatCount(files.scanned), `${formatCount(files.lines)} lines; ${formatCount(files.skipped)} skipped${model.types ? `; ${describeTypes(model.types)}` : ''}`],
    ['Modules', formatCount(model.modules.length), `${formatCount(model.modules.filter((m) => m.rating === 'D' || m.rating === 'E').length)} rated D or E`],
    ['Suppressed', formatCount(summary.suppressed), 'by comments or a baseline'],
  ];
  return `<section class="cards" aria-label="Summary">${cards
    .map(([label, value, note]) => `<div class="card"><div class="label">${label}</div><div class="value">${escapeXml(value)}</div><div class="note">${escapeXml(note)}</div></div>`)
    .join('')}</section>`;
}

function ratioOf(model: ReportModel): number {
  const codeLines = model.modules.reduce((s, m) => s + m.codeLines, 0);
  const perLine = model.modules.find((m) => m.inputs.minutesPerLine)?.inputs.minutesPerLine ?? 0;
  return codeLines > 0 && perLine > 0 ? model.summary.debtMinutes / (codeLines * perLine) : 0;
}

function charts(model: ReportModel): string {
  const byCategory = CATEGORY_ORDER.map((c) => model.summary.byCategory.find((s) => s.category === c) ?? { category: c, count: 0, debtMinutes: 0 });
  const categoryChart = barChart(
    'Debt by category',
    byCategory.map((c) => ({ label: CATEGORY_LABEL[c.category], value: c.debtMinutes, color: CATEGORY_COLORS[c.category], caption: `${formatMinutes(c.debtMinutes)} · ${c.count}` })),
  );
  const ratingChart = columnChart(
    'Modules by rating',
    (['A', 'B', 'C', 'D', 'E'] as const).map((r) => {
      const count = model.modules.filter((m) => m.rating === r).length;
      return { label: r, value: count, color: RATING_COLORS[r], caption: String(count) };
    }),
  );
  const moduleChart = stackedBarChart('Debt of the modules with the most debt, by category', modulesByDebt(model));
  const ruleChart = barChart(
    'Findings by rule',
    model.summary.byRule.slice(0, 10).map((r) => ({ label: r.ruleId.replace(/^debt-scan\//u, ''), value: r.count, color: CATEGORY_COLORS[r.category], caption: `${r.count} · ${formatMinutes(r.debtMinutes)}` })),
  );
  return `<section aria-labelledby="charts-title">
<h2 id="charts-title">Where the debt is</h2>
<p class="legend">${CATEGORY_ORDER.map((c) => `<span><i style="background:${CATEGORY_COLORS[c]}"></i>${CATEGORY_LABEL[c]}</span>`).join('')}</p>
<div class="charts">
${figure('categories', 'Debt by category (debt · findings)', categoryChart)}
${figure('ratings', 'Modules by rating (A best, E worst)', ratingChart)}
${figure('modules', `Modules with the most debt${model.modules.length > CHART_MODULES ? ` (top ${CHART_MODULES})` : ''}`, moduleChart)}
${figure('rules', 'Findings by rule (findings · debt)', ruleChart)}
</div>
</section>`;
}

function figure(name: string, caption: string, svg: string): string {
  return `<figure class="chart" data-chart="${name}"><figcaption>${escapeXml(caption)}</figcaption>${svg}</figure>`;
}

function modulesByDebt(model: ReportModel): { label: string; segments: { value: number; color: string; name: string }[]; caption: string }[] {
  const debt = new Map<string, Map<Category, number>>();
  for (const f of model.findings) {
    const byCategory = debt.get(f.module) ?? new Map<Category, number>();
    byCategory.set(f.category, (byCategory.get(f.category) ?? 0) + f.effortMinutes);
    debt.set(f.module, byCategory);
  }
  return [...model.modules]
    .filter((m) => m.debtMinutes > 0)
    .sort((a, b) => b.debtMinutes - a.debtMinutes || (a.module < b.module ? -1 : 1))
    .slice(0, CHART_MODULES)
    .map((m) => ({
      label: m.module,
      caption: formatMinutes(m.debtMinutes),
      segments: CATEGORY_ORDER.map((c) => ({ value: debt.get(m.module)?.get(c) ?? 0, color: CATEGORY_COLORS[c], name: CATEGORY_LABEL[c] })),
    }));
}

function graphSection(model: ReportModel, graph: GraphView | undefined): string {
  const title = '<h2 id="graph-title">Module graph</h2>';
  if (!graph) {
    return `<section id="module-graph" aria-labelledby="graph-title">${title}<p class="empty">The import graph was not built in this run, so there is no module graph to show.</p></section>`;
  }
  if (graph.modules.nodes.length === 0) {
    return `<section id="module-graph" aria-labelledby="graph-title">${title}<p class="empty">No modules import each other.</p></section>`;
  }
  const scores = new Map<string, NodeScore>(model.modules.map((m) => [m.module, { rating: m.rating, debtMinutes: m.debtMinutes }]));
  const moduleCycle = graph.modules.nodes.some((n) => n.inCycle);
  const fileCycles = graph.cycles.length > 0 ? ` ${plural(graph.cycles.length, 'import cycle')} between files, listed below.` : ' No import cycles between files.';
  const cycles = `${moduleCycle ? ' Modules that import each other are outlined in red, and the imports that close the circle are dashed.' : ''}${fileCycles}`;
  const legend = `<p class="legend">${Object.entries(RATING_COLORS).map(([r, c]) => `<span><i style="background:${c}"></i>${r}</span>`).join('')}<span><i class="cycle-key"></i>cycle</span></p>`;
  const tools = `<p class="graph-tools"><label for="graph-search">Find a module</label> <input id="graph-search" type="search" placeholder="part of its name" autocomplete="off"> <button type="button" data-zoom="1.25" aria-label="Zoom in">+</button> <button type="button" data-zoom="0.8" aria-label="Zoom out">−</button> <button type="button" data-zoom="0">Fit</button> <span id="graph-found" aria-live="polite"></span></p>`;
  const grouped = groupedModuleGraph(graph, scores);
  if (!grouped) {
    const { svg } = moduleGraphSvg(graph, scores);
    return `<section id="module-graph" aria-labelledby="graph-title">${title}
<p>Each box is a module, coloured by its rating; an arrow points from a module to one it imports, thicker for more imports.${escapeXml(cycles)}</p>
${legend}
${tools}
<div class="graph-box">${svg}</div>
${cycleList(graph)}
</section>`;
  }
  const overviewNote = grouped.overview.shown < grouped.overview.total ? ` Showing the ${grouped.overview.shown} folders with the most debt and connections of ${grouped.overview.total}.` : '';
  const folders = grouped.groups
    .map((g) => {
      const note = g.shown < g.modules ? ` (the ${g.shown} with the most debt and connections drawn)` : '';
      return `<details class="graph-group" data-group="${escapeXml(g.name)}"><summary>${escapeXml(g.name)}: ${plural(g.modules, 'module')}, ${formatMinutes(g.debtMinutes)} of debt${escapeXml(note)}</summary><div class="graph-box">${g.svg}</div></details>`;
    })
    .join('\n');
  return `<section id="module-graph" aria-labelledby="graph-title">${title}
<p>${formatCount(graph.modules.nodes.length)} modules are too many for one drawing, so the first shows their folders: each box is a folder, coloured by the worst rating of its modules, and an arrow points from a folder to one it imports, thicker for more imports.${escapeXml(overviewNote)} Each folder's own modules are drawn below it; <em>Find a module</em> opens the folders that hold a match.${escapeXml(cycles)}</p>
${legend}
${tools}
<div class="graph-box">${grouped.overview.svg}</div>
${folders}
${cycleList(graph)}
</section>`;
}

function cycleList(graph: GraphView): string {
  if (graph.cycles.length === 0) return '';
  const items = graph.cycles.slice(0, LISTED).map((c) => {
    const files = c.files.map((f) => `<code>${escapeXml(f)}</code>`).join(' → ');
    const cut = c.breakEdge ? ` <span class="hint">Break it at <code>${escapeXml(c.breakEdge.source)}</code> → <code>${escapeXml(c.breakEdge.target)}</code>.</span>` : '';
    return `<li>${files}${cut}</li>`;
  });
  return `<details><summary>${plural(graph.cycles.length, 'import cycle')}</summary><ol class="cycles">${items.join('')}</ol></details>`;
}

function moduleSection(modules: readonly ModuleScore[]): string {
  if (modules.length === 0) return '';
  const hasChurn = modules.some((m) => m.churn !== undefined);
  const head = [
    ['Module', 'text'],
    ['Rating', 'text'],
    ['Risk', 'number'],
    ['Debt', 'number'],
    ['Debt ratio', 'number'],
    ['Findings', 'number'],
    ['Files', 'number'],
    ['Lines', 'number'],
    ...(hasChurn ? [['Churn', 'number']] : []),
  ];
  const rows = modules.map((m) => {
    const cells = [
      textCell(m.module),
      `<td data-value="${m.rating}"><span class="rating r${m.rating}">${m.rating}</span></td>`,
      numberCell(m.risk, String(m.risk)),
      numberCell(m.debtMinutes, formatMinutes(m.debtMinutes)),
      numberCell(m.debtRatio, formatPercent(m.debtRatio)),
      numberCell(m.findings, formatCount(m.findings)),
      numberCell(m.files, formatCount(m.files)),
      numberCell(m.lines, formatCount(m.lines)),
      ...(hasChurn ? [numberCell(m.churn ?? 0, m.churn === undefined ? '' : formatCount(m.churn))] : []),
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<section aria-labelledby="modules-title">
<h2 id="modules-title">Modules</h2>
<p>Sorted by risk: debt weighted by how many files depend on the module and whether it sits on an import cycle. Click a column to sort.</p>
<div class="table-box"><table class="sortable" id="module-table">
<thead><tr>${head.map(([label, type]) => `<th scope="col" data-type="${type}"${type === 'number' ? ' class="n"' : ''}${label === 'Risk' ? ' aria-sort="descending"' : ''}><button type="button">${label}</button></th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
</section>`;
}

function textCell(text: string): string {
  return `<td data-value="${escapeXml(text)}">${escapeXml(text)}</td>`;
}

function numberCell(value: number, shown: string): string {
  return `<td class="n" data-value="${value}">${escapeXml(shown)}</td>`;
}

function findingSections(findings: readonly Finding[], rules: ReadonlyMap<string, RuleDescriptor>): string {
  if (findings.length === 0) return '<section aria-labelledby="findings-title"><h2 id="findings-title">Findings</h2><p class="empty">No findings.</p></section>';
  const sections = CATEGORY_ORDER.map((category) => {
    const inCategory = findings.filter((f) => f.category === category);
    if (inCategory.length === 0) return '';
    const debt = inCategory.reduce((s, f) => s + f.effortMinutes, 0);
    const shown = inCategory.slice(0, ROWS_PER_CATEGORY);
    const more = inCategory.length > shown.length ? `<p class="hint">… and ${formatCount(inCategory.length - shown.length)} more in the JSON and SARIF reports.</p>` : '';
    return `<section class="category" id="category-${category}" data-category="${category}" aria-labelledby="category-${category}-title">
<h3 id="category-${category}-title"><i style="background:${CATEGORY_COLORS[category]}"></i>${CATEGORY_LABEL[category]} <span class="count">${plural(inCategory.length, 'finding')} · ${formatMinutes(debt)}</span></h3>
${findingTable(shown, rules)}${more}
</section>`;
  });
  return `<section aria-labelledby="findings-title">
<h2 id="findings-title">Findings by category</h2>
<p class="filter"><label for="finding-filter">Filter findings</label> <input id="finding-filter" type="search" placeholder="file, rule or words of the message" autocomplete="off"> <span id="filter-count" aria-live="polite"></span></p>
${sections.filter(Boolean).join('\n')}
</section>`;
}

function findingTable(findings: readonly Finding[], rules: ReadonlyMap<string, RuleDescriptor>): string {
  const rows = findings.map((f) => findingRow(f, rules.get(f.ruleId)));
  return `<div class="table-box"><table class="findings">
<thead><tr><th scope="col">Level</th><th scope="col">Location</th><th scope="col">Finding</th><th scope="col" class="n">Debt</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function findingRow(f: Finding, rule: RuleDescriptor | undefined): string {
  const search = `${f.file}:${f.line} ${f.ruleId} ${f.message} ${f.module}`.toLowerCase();
  const ruleLink = rule ? `<a href="${escapeXml(rule.docsUrl)}">${escapeXml(f.ruleId)}</a>` : escapeXml(f.ruleId);
  const related = f.related && f.related.length > 0 ? relatedList(f.related) : '';
  const snippet = f.snippet ? `<pre class="snippet"><code>${escapeXml(dedent(f.snippet))}</code></pre>` : '';
  const precedent = f.precedent ? precedentDetails(f.precedent) : '';
  const suppression = f.suppression ? `<p class="hint">Suppressed (${f.suppression.kind === 'inSource' ? 'comment' : 'baseline'}): ${escapeXml(f.suppression.justification)}</p>` : '';
  return `<tr class="finding" data-search="${escapeXml(search)}"><td><span class="level ${f.level}">${f.level}</span>${f.baselineState === 'new' ? ' <span class="level new" title="not in the baseline">new</span>' : ''}</td><td class="where"><code>${breakablePath(`${f.file}:${f.line}:${f.column}`)}</code><div class="module">${escapeXml(f.module)}</div></td><td><p class="message">${escapeXml(f.message)}</p>${snippet}${related}${precedent}${suppression}<div class="rule">${ruleLink}</div></td><td class="n">${formatMinutes(f.effortMinutes)}</td></tr>`;
}

/** The past fix of a finding (debt-scan --memory), collapsed: the commit, where, and its diff. */
function precedentDetails(p: NonNullable<Finding['precedent']>): string {
  const lines = p.hunk.lines.map((l) => `<span class="${l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : 'ctx'}">${escapeXml(l)}</span>`).join('\n');
  return `<details class="precedent"><summary>fixed here before at ${escapeXml(p.commit.slice(0, 7))} (${escapeXml(p.date.slice(0, 10))}) in <code>${escapeXml(`${p.file}:${p.line}`)}</code></summary><p>${escapeXml(p.subject)}</p><pre class="diff">${lines}</pre></details>`;
}

function relatedList(related: NonNullable<Finding['related']>): string {
  const items = related.slice(0, 20).map((r) => `<li><code>${escapeXml(`${r.file}:${r.line}`)}</code> ${escapeXml(r.message)}</li>`);
  const more = related.length > 20 ? `<li>… and ${formatCount(related.length - 20)} more</li>` : '';
  return `<ul class="related">${items.join('')}${more}</ul>`;
}

function hotspotSection(graph: GraphView): string {
  if (graph.hotspots.length === 0) return '';
  const rows = graph.hotspots
    .slice(0, 25)
    .map((h) => `<tr><td><code>${escapeXml(h.file)}</code></td>${numberCell(h.risk, String(h.risk))}${numberCell(h.churn, formatCount(h.churn))}</tr>`);
  return `<section aria-labelledby="hotspots-title">
<h2 id="hotspots-title">Hotspots</h2>
<p>Files with debt that also change often: the places where the debt costs most.</p>
<div class="table-box"><table class="sortable" id="hotspot-table"><thead><tr><th scope="col" data-type="text"><button type="button">File</button></th><th scope="col" data-type="number" class="n" aria-sort="descending"><button type="button">Risk</button></th><th scope="col" data-type="number" class="n"><button type="button">Churn</button></th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>
</section>`;
}

function suppressedSection(suppressed: readonly Finding[], rules: ReadonlyMap<string, RuleDescriptor>): string {
  if (suppressed.length === 0) return '';
  return `<section aria-labelledby="suppressed-title">
<h2 id="suppressed-title">Suppressed findings</h2>
<details><summary>${plural(suppressed.length, 'finding')} silenced by comments or a baseline</summary>
${findingTable(suppressed.slice(0, ROWS_PER_CATEGORY), rules)}
</details>
</section>`;
}

function runSection(model: ReportModel): string {
  const notifications = model.notifications.slice(0, LISTED).map((n) => `<li><span class="level ${n.level}">${n.level}</span> <code>${escapeXml(n.kind)}</code> ${escapeXml(n.message)}</li>`);
  const skipped = Object.entries(model.files.skippedByReason).map(([reason, count]) => `${formatCount(count ?? 0)} ${escapeXml(reason)}`);
  const rules = model.rules.map((r) => `<li><a href="${escapeXml(r.docsUrl)}">${escapeXml(r.ruleId)}</a> <span class="hint">${escapeXml(r.description)} · ${escapeXml(CATEGORY_LABEL[r.category])} · ${formatMinutes(r.effortMinutes)} per finding</span></li>`);
  return `<section aria-labelledby="run-title">
<h2 id="run-title">About this run</h2>
<p>${plural(model.rules.length, 'rule')} ran on ${plural(model.files.scanned, 'file')}${skipped.length > 0 ? `; skipped: ${skipped.join(', ')}` : ''}.</p>
${notifications.length > 0 ? `<details><summary>${plural(model.notifications.length, 'notification')}</summary><ul class="notifications">${notifications.join('')}</ul></details>` : ''}
<details><summary>Rules</summary><ul class="rules">${rules.join('')}</ul></details>
</section>`;
}

/** Removes the indentation the lines share, so that a snippet from deep inside a class starts at the left. */
function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.replace(/^[ \t]+/u, '').length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common)).join('\n');
}

function rootName(root: string): string {
  return root.replace(/[\\/]+$/u, '').split(/[\\/]/u).at(-1) || root;
}

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = escapeXml;

/** A path that a narrow column may break after any `/` (long paths must not push the message off the page). */
function breakablePath(text: string): string {
  return escapeXml(text).replaceAll('/', '/<wbr>');
}
