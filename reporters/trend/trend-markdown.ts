import type { FindingRef } from '../../src/trend/types.js';
import { fencedDiff, formatMinutes, formatPercent } from '../format.js';
import { escapeMarkdown } from '../markdown.js';
import {
  chartUnit,
  describeSpan,
  failureLines,
  formatDelta,
  formatPerKloc,
  formatSigned,
  formatDays,
  formatFixRate,
  niceCeiling,
  okPoints,
  openWithPrecedent,
  shortCommit,
  type OkPoint,
  type TrendModel,
  type TrendRenderer,
} from './trend-format.js';

const LISTED = 20;

/**
 * The trend as Markdown for a CI job summary or an issue: a Mermaid chart (which GitHub draws)
 * with the table of every interval beside it, the modules and rules that moved most, recurring
 * findings, what was introduced and fixed, and the points that could not be analysed.
 */
export const renderTrendMarkdown: TrendRenderer = (trend) => {
  const points = okPoints(trend);
  const lines: string[] = ['# debt-scan trend', '', `${escapeMarkdown(describeSpan(trend))}.`, ''];
  if (trend.change) {
    const { debtBefore, debtAfter, findingsBefore, findingsAfter, from, to } = trend.change;
    lines.push(
      `Debt went from **${formatMinutes(debtBefore)}** (${from}) to **${formatMinutes(debtAfter)}** (${to}): **${formatDelta(debtAfter - debtBefore)}**; findings ${findingsBefore} → ${findingsAfter} (${formatSigned(findingsAfter - findingsBefore)}).`,
      '',
    );
  } else {
    lines.push('No point of the trend could be analysed.', '');
  }
  // Recurring findings lead: a repair that was undone is the costliest debt there is.
  lines.push(...recurringTable(trend));
  if (points.length > 0) lines.push(...debtChart(points), '', ...densityChart(points), '', ...flowChart(points), '');
  lines.push(...intervalTable(trend), '');
  lines.push(...moduleTables(trend), ...ruleTable(trend), ...memoryTable(trend), ...precedentList(trend), ...changeDetails(trend), ...openList(trend), ...problems(trend));
  return `${lines.join('\n').replace(/\n{3,}/gu, '\n\n').trimEnd()}\n`;
};

function debtChart(points: readonly OkPoint[]): string[] {
  const unit = chartUnit(points);
  const values = points.map((p) => unit.scale(p.debtMinutes));
  return [
    '```mermaid',
    ...chartSize(points.length),
    'xychart-beta',
    `  title "Debt (${unit.name})"`,
    `  x-axis [${points.map((p) => `"${p.label}"`).join(', ')}]`,
    `  y-axis "${unit.name}" 0 --> ${niceCeiling(Math.max(...values))}`,
    `  bar [${values.join(', ')}]`,
    '```',
  ];
}

/**
 * Mermaid draws an x-y chart 700 pixels wide with 14-pixel labels, which overlap beyond about a
 * dozen points; a wider chart (GitHub scales it down as a whole, labels with it) keeps 60 pixels a
 * label at 12 pixels, enough for `2025-01` and `2025-06-30`.
 */
function chartSize(points: number): string[] {
  if (points <= 12) return [];
  return ['---', 'config:', '  xyChart:', `    width: ${points * 60}`, '    xAxis:', '      labelFontSize: 12', '---'];
}

/** Debt per 1,000 code lines: whether the code gets worse, apart from growing. */
function densityChart(points: readonly OkPoint[]): string[] {
  const measured = points.filter((p) => p.debtPerKloc !== null);
  if (measured.length === 0) return [];
  const values = measured.map((p) => p.debtPerKloc ?? 0);
  return [
    '```mermaid',
    ...chartSize(measured.length),
    'xychart-beta',
    '  title "Debt per 1,000 code lines (minutes)"',
    `  x-axis [${measured.map((p) => `"${p.label}"`).join(', ')}]`,
    `  y-axis "min / kLOC" 0 --> ${niceCeiling(Math.max(...values))}`,
    `  line [${values.join(', ')}]`,
    '```',
  ];
}

function flowChart(points: readonly OkPoint[]): string[] {
  const changed = points.slice(1);
  if (changed.length === 0) return [];
  const introduced = changed.map((p) => p.introduced?.length ?? 0);
  const fixed = changed.map((p) => p.fixed?.length ?? 0);
  return [
    '```mermaid',
    ...chartSize(changed.length),
    'xychart-beta',
    '  title "Findings introduced (bars) and fixed (line)"',
    `  x-axis [${changed.map((p) => `"${p.label}"`).join(', ')}]`,
    `  y-axis "findings" 0 --> ${niceCeiling(Math.max(...introduced, ...fixed))}`,
    `  bar [${introduced.join(', ')}]`,
    `  line [${fixed.join(', ')}]`,
    '```',
  ];
}

function intervalTable(trend: TrendModel): string[] {
  const first = trend.interval === 'month' ? 'month' : 'week of';
  const header = [first, 'commit', 'findings', 'debt', 'debt / kLOC', ...trend.categories.map((c) => `${c} debt`), 'introduced', 'fixed'];
  const rows = trend.points.map((p) => {
    if (p.status !== 'ok') {
      return [p.label, shortCommit(p.commit), p.status === 'failed' ? 'failed' : '—', '', '', ...trend.categories.map(() => ''), '', ''];
    }
    return [
      p.label,
      p.commit ? `\`${shortCommit(p.commit)}\`` : '',
      String(p.findings),
      formatMinutes(p.debtMinutes ?? 0),
      formatPerKloc(p.debtPerKloc),
      ...trend.categories.map((c) => formatMinutes(p.byCategory[c]?.debtMinutes ?? 0)),
      p.introduced === null ? '' : String(p.introduced.length),
      p.fixed === null ? '' : String(p.fixed.length),
    ];
  });
  const align = header.map((_, i) => (i < 2 ? '---' : '---:'));
  return [row(header), row(align), ...rows.map(row)];
}

function moduleTables(trend: TrendModel): string[] {
  const out: string[] = [];
  for (const [title, changes] of [['Modules whose debt grew most', trend.modules.grew], ['Modules whose debt fell most', trend.modules.fell]] as const) {
    if (changes.length === 0) continue;
    out.push(`## ${title}`, '', row(['module', 'debt before', 'debt after', 'change', 'findings']), row(['---', '---:', '---:', '---:', '---:']));
    for (const m of changes) {
      out.push(row([escapeMarkdown(m.module), formatMinutes(m.debtBefore), formatMinutes(m.debtAfter), formatDelta(m.debtDelta), `${m.findingsBefore} → ${m.findingsAfter}`]));
    }
    out.push('');
  }
  return out;
}

function ruleTable(trend: TrendModel): string[] {
  if (trend.rules.length === 0) return [];
  const out = ['## Rules behind the growth', '', row(['rule', 'category', 'findings', 'debt change', 'share of growth', 'introduced', 'fixed']), row(['---', '---', '---:', '---:', '---:', '---:', '---:'])];
  for (const r of trend.rules) {
    out.push(row([`\`${r.ruleId}\``, r.category, `${r.findingsBefore} → ${r.findingsAfter}`, formatDelta(r.debtDelta), formatPercent(r.shareOfGrowth), String(r.introduced), String(r.fixed)]));
  }
  return [...out, ''];
}

function recurringTable(trend: TrendModel): string[] {
  if (trend.recurring.length === 0) return [];
  const memory = trend.memory !== undefined;
  const header = ['where', 'rule', 'first seen', 'fixed', 'back', 'open now', ...(memory ? ['fix undone', 'brought back by'] : [])];
  const out = ['## Recurring findings', '', 'Fixed once and back again:', '', row(header), row(header.map(() => '---'))];
  for (const r of trend.recurring) {
    const undone = r.undoneFix ? `\`${shortCommit(r.undoneFix.commit)}\` ${escapeMarkdown(r.undoneFix.subject)}` : '';
    const back = r.broughtBackBy ? `\`${shortCommit(r.broughtBackBy.commit)}\` ${escapeMarkdown(r.broughtBackBy.subject)}` : '';
    out.push(row([where(r), `\`${r.ruleId}\``, r.firstSeen, r.fixedAt.join(', '), r.reappearedAt.join(', '), r.openNow ? 'yes' : 'no', ...(memory ? [undone, back] : [])]));
  }
  return [...out, ''];
}

/** How this team treated each rule: the memory of fixes, most fixed first, and the rules it never fixes. */
function memoryTable(trend: TrendModel): string[] {
  const memory = trend.memory;
  if (!memory || memory.rules.length === 0) return [];
  const out = [
    '## How this team fixes its debt',
    '',
    `From ${memory.from} to ${memory.to}: ${memory.fixes} findings fixed (gone while their file stayed), ${memory.fixesWithHunk} of them with the change that fixed them.`,
    '',
    row(['rule', 'introduced', 'fixed', 'gone with their file', 'open', 'median time to fix', 'fix rate']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const r of memory.rules) {
    out.push(row([`\`${r.ruleId}\``, String(r.introduced), String(r.fixed), String(r.removed), String(r.open), formatDays(r.medianDaysToFix), formatFixRate(r.fixRate)]));
  }
  const never = memory.rules.filter((r) => r.neverFixed);
  if (never.length > 0) {
    out.push('', 'Never fixed in this window: candidates to turn off or re-tune (nothing is turned off for you):', '');
    for (const r of never) out.push(`- \`${r.ruleId}\`: ${escapeMarkdown(r.neverFixed ?? '')}`);
  }
  return [...out, ''];
}

/** Open findings with the past fix of this repository that looks most like them, as a diff to copy. */
function precedentList(trend: TrendModel): string[] {
  const found = openWithPrecedent(trend);
  if (!trend.memory) return [];
  const { open, withPrecedent, minimumSimilarity } = trend.memory.precedents;
  const out = ['## Fixed here before', '', `${withPrecedent} of ${open} open findings look like a finding this repository fixed before (similarity of the reported line at least ${minimumSimilarity}).`, ''];
  for (const f of found.slice(0, LISTED)) {
    const p = f.precedent;
    out.push(
      `<details><summary>${where(f)} <code>${f.ruleId}</code>: fixed before at ${shortCommit(p.commit)} (${p.date.slice(0, 10)}) in ${where(p)}</summary>`,
      '',
      `${escapeMarkdown(p.subject)}`,
      '',
      ...fencedDiff(p.hunk.lines),
      '',
      '</details>',
      '',
    );
  }
  if (found.length > LISTED) out.push(`${found.length - LISTED} more are in the JSON output.`, '');
  return out;
}

function changeDetails(trend: TrendModel): string[] {
  const out: string[] = [];
  for (const p of trend.points) {
    if (!p.introduced || !p.fixed || (p.introduced.length === 0 && p.fixed.length === 0)) continue;
    out.push(`<details><summary>${p.label}: ${p.introduced.length} introduced, ${p.fixed.length} fixed</summary>`, '');
    out.push(...refList('Introduced', p.introduced), ...refList('Fixed', p.fixed), '</details>', '');
  }
  return out.length > 0 ? ['## Introduced and fixed', '', ...out] : [];
}

function refList(title: string, refs: readonly FindingRef[]): string[] {
  if (refs.length === 0) return [];
  const shown = refs.slice(0, LISTED).map((r) => `- ${where(r)} \`${r.ruleId}\``);
  const more = refs.length > LISTED ? [`- … and ${refs.length - LISTED} more`] : [];
  return [`${title}:`, '', ...shown, ...more, ''];
}

function openList(trend: TrendModel): string[] {
  if (trend.open.length === 0) return [];
  const out = [`## Oldest open findings`, '', row(['where', 'rule', 'open since']), row(['---', '---', '---'])];
  for (const f of trend.open.slice(0, LISTED)) out.push(row([where(f), `\`${f.ruleId}\``, f.sinceStart ? `${f.since} or earlier` : f.since]));
  if (trend.open.length > LISTED) out.push('', `${trend.open.length - LISTED} more open findings are in the JSON output.`);
  return [...out, ''];
}

function problems(trend: TrendModel): string[] {
  const failures = failureLines(trend, (commit) => `\`${commit}\``, escapeMarkdown);
  if (failures.length === 0) return [];
  return ['## Points not analysed', '', ...failures.map((line) => `- ${line}`), ''];
}

function where(ref: Pick<FindingRef, 'file' | 'line'>): string {
  return escapeMarkdown(`${ref.file}:${ref.line}`);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

