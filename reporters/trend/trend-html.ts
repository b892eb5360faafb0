import type { FindingRef } from '../../src/trend/types.js';
import { CATEGORY_COLORS, formatMinutes, formatPercent } from '../format.js';
import { escapeXml as escapeHtml } from '../html-charts.js';
import {
  chartUnit,
  describeSpan,
  failureLines,
  formatDelta,
  formatDays,
  formatFixRate,
  formatPerKloc,
  formatSigned,
  niceCeiling,
  okPoints,
  openWithPrecedent,
  shortCommit,
  type OkPoint,
  type TrendModel,
  type TrendRenderer,
} from './trend-format.js';

const PALETTE = ['#0969da', '#bf3989', '#1a7f37', '#9a6700', '#8250df', '#cf222e', '#57606a', '#116329'];
const OPEN_LISTED = 500;
const WIDTH = 760;
const HEIGHT = 300;
const MARGIN = { top: 20, right: 16, bottom: 56, left: 56 };

interface Series {
  name: string;
  color: string;
  values: number[];
}

/** The trend as one self-contained page with inline SVG charts; everything shown is escaped. */
export const renderTrendHtml: TrendRenderer = (trend) => {
  const points = okPoints(trend);
  const unit = chartUnit(points);
  const categorySeries = trend.categories.map((c, i): Series => ({
    name: c,
    // The scan's report gives each category its colour; a category it does not know takes one of the palette.
    color: c in CATEGORY_COLORS ? CATEGORY_COLORS[c as keyof typeof CATEGORY_COLORS] : PALETTE[i % PALETTE.length],
    values: points.map((p) => unit.scale(p.byCategory[c]?.debtMinutes ?? 0)),
  }));
  const changed = points.slice(1);
  const flowSeries: Series[] = [
    { name: 'introduced', color: '#cf222e', values: changed.map((p) => p.introduced?.length ?? 0) },
    { name: 'fixed', color: '#1a7f37', values: changed.map((p) => p.fixed?.length ?? 0) },
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>debt-scan trend</title>
<style>
body { font: 14px/1.5 system-ui, sans-serif; margin: 2rem; color: #1f2328; max-width: 72rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; }
td.n { text-align: right; }
th { background: #f6f8fa; }
svg { display: block; margin: 1rem 0; max-width: 100%; height: auto; }
svg text { font: 11px system-ui, sans-serif; fill: #57606a; }
.legend span { display: inline-block; margin-right: 1rem; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
pre.diff { background: #f6f8fa; padding: 8px; overflow-x: auto; }
pre.diff .add { color: #1a7f37; }
pre.diff .del { color: #cf222e; }
</style>
</head>
<body>
<h1>debt-scan trend</h1>
<p>${escapeHtml(describeSpan(trend))}.</p>
${summary(trend)}
${recurringTable(trend)}
${points.length > 0 ? `<h2>Debt by category (${unit.name})</h2>\n${legend(categorySeries)}\n${stackedBars(points.map((p) => p.label), categorySeries, `debt in ${unit.name}`)}` : ''}
${changed.length > 0 ? `<h2>Findings introduced and fixed</h2>\n${legend(flowSeries)}\n${groupedBars(changed.map((p) => p.label), flowSeries)}` : ''}
<h2>By ${trend.interval === 'month' ? 'month' : 'week'}</h2>
${intervalTable(trend)}
${moduleTables(trend)}
${ruleTable(trend)}
${memoryTable(trend)}
${precedentList(trend)}
${openTable(trend)}
${problems(trend)}
</body>
</html>
`;
};

function summary(trend: TrendModel): string {
  if (!trend.change) return '<p>No point of the trend could be analysed.</p>';
  const { debtBefore, debtAfter, findingsBefore, findingsAfter, from, to } = trend.change;
  return `<p>Debt went from <strong>${formatMinutes(debtBefore)}</strong> (${escapeHtml(from)}) to <strong>${formatMinutes(debtAfter)}</strong> (${escapeHtml(to)}): <strong>${escapeHtml(formatDelta(debtAfter - debtBefore))}</strong>; findings ${findingsBefore} → ${findingsAfter} (${formatSigned(findingsAfter - findingsBefore)}).</p>`;
}

function legend(series: readonly Series[]): string {
  return `<p class="legend">${series.map((s) => `<span><i style="background:${s.color}"></i>${escapeHtml(s.name)}</span>`).join('')}</p>`;
}

function stackedBars(labels: readonly string[], series: readonly Series[], axis: string): string {
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + s.values[i], 0));
  const top = niceCeiling(Math.max(0, ...totals));
  const plot = plotArea(labels, top, axis);
  const bars = labels.flatMap((label, i) => {
    let base = 0;
    return series.map((s) => {
      const value = s.values[i];
      const y0 = plot.y(base);
      base += value;
      const y1 = plot.y(base);
      return value > 0
        ? `<rect x="${fixed(plot.x(i) + plot.gap)}" y="${fixed(y1)}" width="${fixed(plot.band - 2 * plot.gap)}" height="${fixed(y0 - y1)}" fill="${s.color}"><title>${escapeHtml(`${label} ${s.name}: ${value}`)}</title></rect>`
        : '';
    });
  });
  return svg(axis, [...plot.frame, ...bars.filter((b) => b !== '')]);
}

function groupedBars(labels: readonly string[], series: readonly Series[]): string {
  const top = niceCeiling(Math.max(0, ...series.flatMap((s) => s.values)));
  const plot = plotArea(labels, top, 'findings');
  const width = (plot.band - 2 * plot.gap) / series.length;
  const bars = labels.flatMap((label, i) =>
    series.map((s, k) => {
      const value = s.values[i];
      const y = plot.y(value);
      return `<rect x="${fixed(plot.x(i) + plot.gap + k * width)}" y="${fixed(y)}" width="${fixed(width)}" height="${fixed(plot.y(0) - y)}" fill="${s.color}"><title>${escapeHtml(`${label} ${s.name}: ${value}`)}</title></rect>`;
    }),
  );
  return svg('findings introduced and fixed', [...plot.frame, ...bars]);
}

function plotArea(labels: readonly string[], top: number, axis: string) {
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const band = innerWidth / Math.max(1, labels.length);
  const x = (i: number) => MARGIN.left + i * band;
  const y = (value: number) => MARGIN.top + innerHeight * (1 - value / top);
  const every = Math.ceil(labels.length / 16);
  const frame = [
    ...[0, 0.25, 0.5, 0.75, 1].map((f) => {
      const value = Math.round(top * f * 100) / 100;
      return `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${fixed(y(value))}" y2="${fixed(y(value))}" stroke="#d0d7de"/><text x="${MARGIN.left - 6}" y="${fixed(y(value) + 4)}" text-anchor="end">${value}</text>`;
    }),
    ...labels.map((label, i) =>
      i % every === 0
        ? `<text x="${fixed(x(i) + band / 2)}" y="${HEIGHT - MARGIN.bottom + 14}" text-anchor="end" transform="rotate(-35 ${fixed(x(i) + band / 2)} ${HEIGHT - MARGIN.bottom + 14})">${escapeHtml(label)}</text>`
        : '',
    ),
    `<text x="14" y="${fixed(MARGIN.top + innerHeight / 2)}" text-anchor="middle" transform="rotate(-90 14 ${fixed(MARGIN.top + innerHeight / 2)})">${escapeHtml(axis)}</text>`,
  ];
  return { x, y, band, gap: Math.min(6, band * 0.15), frame: frame.filter((f) => f !== '') };
}

function svg(label: string, parts: readonly string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(label)}">\n${parts.join('\n')}\n</svg>`;
}

function intervalTable(trend: TrendModel): string {
  const head = ['interval', 'commit', 'findings', 'debt', 'debt / kLOC', ...trend.categories.map((c) => `${c} debt`), 'introduced', 'fixed'];
  const rows = trend.points.map((p) => {
    if (p.status !== 'ok') {
      const note = p.status === 'failed' ? `failed: ${p.message ?? ''}` : (p.message ?? 'empty');
      return `<tr><td>${escapeHtml(p.label)}</td><td>${escapeHtml(shortCommit(p.commit))}</td><td colspan="${head.length - 2}">${escapeHtml(note)}</td></tr>`;
    }
    const point = p as OkPoint;
    const cells = [
      String(point.findings),
      formatMinutes(point.debtMinutes),
      formatPerKloc(point.debtPerKloc),
      ...trend.categories.map((c) => formatMinutes(point.byCategory[c]?.debtMinutes ?? 0)),
      point.introduced === null ? '' : String(point.introduced.length),
      point.fixed === null ? '' : String(point.fixed.length),
    ];
    return `<tr><td>${escapeHtml(p.label)}</td><td><code>${escapeHtml(shortCommit(p.commit))}</code></td>${cells.map((c) => `<td class="n">${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  return table(head, rows);
}

function moduleTables(trend: TrendModel): string {
  const part = (title: string, changes: TrendModel['modules']['grew']) =>
    changes.length === 0
      ? ''
      : `<h2>${title}</h2>\n${table(
          ['module', 'debt before', 'debt after', 'change', 'findings'],
          changes.map((m) => cellsRow([m.module, formatMinutes(m.debtBefore), formatMinutes(m.debtAfter), formatDelta(m.debtDelta), `${m.findingsBefore} → ${m.findingsAfter}`])),
        )}`;
  return [part('Modules whose debt grew most', trend.modules.grew), part('Modules whose debt fell most', trend.modules.fell)].filter((s) => s !== '').join('\n');
}

function ruleTable(trend: TrendModel): string {
  if (trend.rules.length === 0) return '';
  return `<h2>Rules behind the growth</h2>\n${table(
    ['rule', 'category', 'findings', 'debt change', 'share of growth', 'introduced', 'fixed'],
    trend.rules.map((r) => cellsRow([r.ruleId, r.category, `${r.findingsBefore} → ${r.findingsAfter}`, formatDelta(r.debtDelta), formatPercent(r.shareOfGrowth), String(r.introduced), String(r.fixed)])),
  )}`;
}

function recurringTable(trend: TrendModel): string {
  if (trend.recurring.length === 0) return '';
  const memory = trend.memory !== undefined;
  const change = (c: { commit: string; subject: string } | undefined) => (c ? `${shortCommit(c.commit)} ${c.subject}` : '');
  return `<h2>Recurring findings</h2>\n<p>Fixed once and back again:</p>\n${table(
    ['where', 'rule', 'first seen', 'fixed', 'back', 'open now', ...(memory ? ['fix undone', 'brought back by'] : [])],
    trend.recurring.map((r) =>
      cellsRow([where(r), r.ruleId, r.firstSeen, r.fixedAt.join(', '), r.reappearedAt.join(', '), r.openNow ? 'yes' : 'no', ...(memory ? [change(r.undoneFix), change(r.broughtBackBy)] : [])]),
    ),
  )}`;
}

function memoryTable(trend: TrendModel): string {
  const memory = trend.memory;
  if (!memory || memory.rules.length === 0) return '';
  const never = memory.rules.filter((r) => r.neverFixed);
  return `<h2>How this team fixes its debt</h2>\n<p>${escapeHtml(`From ${memory.from} to ${memory.to}: ${memory.fixes} findings fixed (gone while their file stayed), ${memory.fixesWithHunk} of them with the change that fixed them.`)}</p>\n${table(
    ['rule', 'introduced', 'fixed', 'gone with their file', 'open', 'median time to fix', 'fix rate'],
    memory.rules.map((r) => cellsRow([r.ruleId, String(r.introduced), String(r.fixed), String(r.removed), String(r.open), formatDays(r.medianDaysToFix), formatFixRate(r.fixRate)])),
  )}${
    never.length === 0
      ? ''
      : `\n<p>Never fixed in this window: candidates to turn off or re-tune (nothing is turned off for you):</p>\n<ul>\n${never.map((r) => `<li>${escapeHtml(`${r.ruleId}: ${r.neverFixed ?? ''}`)}</li>`).join('\n')}\n</ul>`
  }`;
}

/** Each open finding with a past fix, collapsed, its diff inside. */
function precedentList(trend: TrendModel): string {
  if (!trend.memory) return '';
  const { open, withPrecedent, minimumSimilarity } = trend.memory.precedents;
  const items = openWithPrecedent(trend)
    .slice(0, OPEN_LISTED)
    .map((f) => {
      const p = f.precedent;
      const diff = p.hunk.lines.map((l) => `<span class="${l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : 'ctx'}">${escapeHtml(l)}</span>`).join('\n');
      return `<details><summary>${escapeHtml(`${where(f)} ${f.ruleId}: fixed before at ${shortCommit(p.commit)} (${p.date.slice(0, 10)}) in ${p.file}:${p.line}`)}</summary>\n<p>${escapeHtml(p.subject)}</p>\n<pre class="diff">${diff}</pre>\n</details>`;
    });
  return `<h2>Fixed here before</h2>\n<p>${escapeHtml(`${withPrecedent} of ${open} open findings look like a finding this repository fixed before (similarity of the reported line at least ${minimumSimilarity}).`)}</p>\n${items.join('\n')}`;
}

function openTable(trend: TrendModel): string {
  if (trend.open.length === 0) return '';
  return `<h2>Open findings, oldest first</h2>\n${table(
    ['where', 'rule', 'open since'],
    trend.open.slice(0, OPEN_LISTED).map((f) => cellsRow([where(f), f.ruleId, f.sinceStart ? `${f.since} or earlier` : f.since])),
  )}${trend.open.length > OPEN_LISTED ? `\n<p>${trend.open.length - OPEN_LISTED} more open findings are in the JSON output.</p>` : ''}`;
}

function problems(trend: TrendModel): string {
  const failures = failureLines(trend, (commit) => commit, (message) => message);
  if (failures.length === 0) return '';
  return `<h2>Points not analysed</h2>\n<ul>\n${failures.map((line) => `<li>${escapeHtml(line)}</li>`).join('\n')}\n</ul>`;
}

function where(ref: FindingRef): string {
  return `${ref.file}:${ref.line}`;
}

function cellsRow(cells: readonly string[]): string {
  return `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
}

function table(head: readonly string[], rows: readonly string[]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function fixed(n: number): string {
  return String(Math.round(n * 10) / 10);
}

