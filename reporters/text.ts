import { styleText } from 'node:util';
import { NOT_INCLUDED, type ReportModel } from '../src/model/types.js';
import { describeCacheUse, describeTypes, failedConditions, fixRates, formatCount, formatMinutes, formatPercent, formatSeconds, plural, table, worstFindings, wrap } from './format.js';
import { escapeTerminalText as safe } from './terminal-text.js';
import type { Renderer } from './types.js';

/** Findings named under each failed gate condition. */
const GATE_FINDINGS = 3;

type Style = Parameters<typeof styleText>[0];

type Paint = (style: Style, text: string) => string;

/**
 * The console summary: what a person reads in ten seconds. Every text that comes from the scanned
 * tree (paths, messages, module names) goes through `safe`, as the summary lands in terminals and CI logs.
 */
export const renderText: Renderer = (model, options) => {
  const paint: Paint = (style, text) => (options.color ? styleText(style, text) : text);
  const width = Math.max(40, options.width ?? DEFAULT_WIDTH);
  const lines = [paint('bold', `debt-scan ${model.tool.version}`) + paint('dim', ` · ${safe(model.root)}`), ...filesLines(model, width)];
  const cacheLine = options.showCache && model.cache ? [`Cache      ${safe(describeCacheUse(model.cache))}`] : [];
  if (model.files.scanned === 0) {
    lines.push(...cacheLine, '', nothingToScan(model));
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    ...cacheLine,
    ...(model.types ? labelled('Types', describeTypes(model.types), width) : []),
    findingsLine(model, paint),
    ...changeLines(model, width),
    ...baselineLines(model, width),
    ...breakdown(model, paint, width),
    ...moduleLines(model, paint, width),
    ...worstLines(model, paint, width),
    ...notificationLines(model, options.verbose === true, paint, width),
    ...(options.verbose ? skippedLines(model, paint, width) : []),
    ...memoryLines(model, options.verbose === true, paint, width),
    '',
    ...gateLines(model, paint, width),
  );
  if (model.timings?.total !== undefined) {
    const cacheNote = model.timings.filesFromCache ? `, ${formatCount(model.timings.filesFromCache)} files from cache` : '';
    lines.push(paint('dim', `Done in ${formatSeconds(model.timings.total)}${cacheNote}`));
  }
  return `${lines.join('\n')}\n`;
};

const ROLE_NAMES: Record<string, [string, string]> = {
  test: ['test file', 'test files'],
  migration: ['migration or seed', 'migrations and seeds'],
  script: ['script', 'scripts'],
  example: ['example or doc', 'examples and docs'],
  config: ['configuration file', 'configuration files'],
};

/** Where no terminal says how wide it is (a CI log, a file): wide enough for most lines, narrow enough to read. */
const DEFAULT_WIDTH = 100;

function filesLines({ files }: ReportModel, width: number): string[] {
  const skippedDetail = Object.entries(files.skippedByReason)
    .map(([reason, n]) => `${n} ${safe(reason)}`)
    .join(', ');
  const roles = Object.entries(files.byRole ?? {}).map(([role, n = 0]) => `${formatCount(n)} ${ROLE_NAMES[role]?.[n === 1 ? 0 : 1] ?? role}`);
  const counts = `${plural(files.scanned, 'file')} scanned (${formatCount(files.lines)} lines)` + (files.skipped > 0 ? `, ${formatCount(files.skipped)} skipped (${skippedDetail})` : ', none skipped');
  const [first, ...rest] = wrap(counts, width, LABEL_INDENT);
  const roleLines = roles.length > 0 ? wrap(`not product code: ${roles.join(', ')} (only rules that matter there report on them)`, width, LABEL_INDENT) : [];
  return [`Files${first.slice(5)}`, ...rest, ...roleLines];
}

/** A text after its label (`Types      …`), wrapped under the text. */
function labelled(label: string, text: string, width: number): string[] {
  const [first, ...rest] = wrap(text, width, LABEL_INDENT);
  return [`${label}${first.slice(label.length)}`, ...rest];
}

/** The indent of text after a label such as `Files      `. */
const LABEL_INDENT = ' '.repeat(11);

function findingsLine({ summary }: ReportModel, paint: Paint): string {
  const levels = [
    summary.byLevel.error > 0 ? paint('red', plural(summary.byLevel.error, 'error')) : '',
    summary.byLevel.warning > 0 ? paint('yellow', plural(summary.byLevel.warning, 'warning')) : '',
  ].filter(Boolean);
  return (
    `Findings   ${formatCount(summary.findings)}${levels.length > 0 ? ` (${levels.join(', ')})` : ''}, debt ${formatMinutes(summary.debtMinutes)}` +
    (summary.suppressed > 0 ? `, ${formatCount(summary.suppressed)} suppressed` : '')
  );
}

/** In pull-request mode: which change the findings are limited to, and how many were left out. */
function changeLines({ change }: ReportModel, width: number): string[] {
  if (!change) return [];
  const since = `${formatCount(change.files)} ${change.files === 1 ? 'file' : 'files'} changed since ${safe(change.since)} (merge base ${change.mergeBase.slice(0, 12)})`;
  const outside = change.findingsOutside > 0 ? `; ${formatCount(change.findingsOutside)} findings in other files left out` : '';
  return wrap(`${since}${outside}`, width, LABEL_INDENT).map((line, i) => (i === 0 ? `Change${line.slice(6)}` : line));
}

/** With a baseline: how many findings are new (the ones the gate judges), unchanged and fixed since it was written. */
function baselineLines({ baseline }: ReportModel, width: number): string[] {
  if (!baseline) return [];
  const fresh = baseline.new > 0 ? `${formatCount(baseline.new)} new` : 'none new';
  return wrap(`${fresh}, ${formatCount(baseline.unchanged)} in the baseline ${safe(baseline.file)}, ${formatCount(baseline.fixed)} of its findings fixed since`, width, LABEL_INDENT).map((line, i) => (i === 0 ? `Baseline${line.slice(8)}` : line));
}

function breakdown({ summary }: ReportModel, paint: Paint, width: number): string[] {
  const fit = { width: width - 2, column: 0 };
  const categories = summary.byCategory.filter((c) => c.count > 0);
  if (categories.length === 0) return [];
  return [
    '',
    paint('bold', 'By category'),
    ...indent(table(categories.map((c) => [c.category, formatCount(c.count), formatMinutes(c.debtMinutes)]), new Set([1, 2]), fit)),
    '',
    paint('bold', 'By rule'),
    ...indent(table(summary.byRule.map((r) => [safe(r.ruleId), formatCount(r.count), formatMinutes(r.debtMinutes)]), new Set([1, 2]), fit)),
  ];
}

function moduleLines(model: ReportModel, paint: Paint, width: number): string[] {
  const modules = [...model.modules].filter((m) => m.debtMinutes > 0).sort((a, b) => b.debtMinutes - a.debtMinutes || b.risk - a.risk).slice(0, 10);
  if (modules.length === 0) return [];
  const rows = [['module', 'files', 'lines', 'findings', 'debt', 'ratio', 'rating', 'risk']].concat(
    modules.map((m) => [safe(m.module), String(m.files), formatCount(m.lines), String(m.findings), formatMinutes(m.debtMinutes), formatPercent(m.debtRatio), m.rating, String(m.risk)]),
  );
  return ['', paint('bold', 'Modules with most debt'), ...indent(table(rows, new Set([1, 2, 3, 4, 5, 7]), { width: width - 2, column: 0 }))];
}

/** The worst findings: where, how bad and which rule on one line, the message wrapped below it. */
function worstLines(model: ReportModel, paint: Paint, width: number): string[] {
  const worst = worstFindings(model.findings, 10, fixRates(model.memory));
  if (worst.length === 0) return [];
  const lines = ['', paint('bold', 'Worst findings')];
  for (const f of worst) {
    const level = f.level === 'error' ? paint('red', 'error  ') : paint('yellow', 'warning');
    lines.push(`  ${paint('cyan', `${safe(f.file)}:${f.line}:${f.column}`)}  ${level}  ${paint('dim', safe(f.ruleId))}`, ...wrap(safe(f.message), width, '      '));
  }
  if (model.findings.length > worst.length) lines.push(paint('dim', `  … and ${formatCount(model.findings.length - worst.length)} more in the full report`));
  return lines;
}

function notificationLines(model: ReportModel, verbose: boolean, paint: Paint, width: number): string[] {
  const problems = model.notifications.filter((n) => n.level === 'error' || verbose);
  if (problems.length === 0) return [];
  const lines = ['', paint('bold', 'Notifications')];
  for (const n of verbose ? problems : problems.slice(0, 5)) {
    const [first, ...rest] = wrap(`${safe(n.kind)}: ${safe(n.message)}`, width, '    ');
    const head = first.slice(4);
    lines.push(`  ${n.level === 'error' ? `${paint('red', safe(n.kind))}${head.slice(safe(n.kind).length)}` : head}`, ...rest);
  }
  if (!verbose && problems.length > 5) lines.push(paint('dim', `  … and ${problems.length - 5} more (--verbose lists them)`));
  return lines;
}

/** Why nothing was scanned: no sources at all, or sources that the `include` globs all missed. */
function nothingToScan({ files }: ReportModel): string {
  const notIncluded = files.skippedFiles.filter((s) => s.reason === 'excluded' && s.detail === NOT_INCLUDED).length;
  if (notIncluded === 0) return 'Nothing to scan: no TypeScript or JavaScript source files were found here.';
  return `Nothing to scan: the configuration's \`include\` globs matched none of the ${plural(notIncluded, 'source file')} found here.`;
}

function skippedLines({ files }: ReportModel, paint: Paint, width: number): string[] {
  if (files.skippedFiles.length === 0 && files.prunedDirectories.length === 0) return [];
  const lines = [
    '',
    paint('bold', 'Skipped files'),
    ...files.skippedFiles.flatMap((s) => {
      const [first, ...rest] = wrap(`${safe(s.file)}  ${safe(s.reason)}${s.detail ? ` (${safe(s.detail)})` : ''}`, width, '    ');
      return [`  ${first.slice(4)}`, ...rest];
    }),
  ];
  if (files.prunedDirectories.length > 0) lines.push(...wrap(`directories not entered: ${files.prunedDirectories.map(safe).join(', ')}`, width, '    ').map((line, i) => (i === 0 ? `  ${line.slice(4)}` : line)));
  return lines;
}

/**
 * With the memory of fixes: how many findings were fixed in the window and how many open ones
 * have a past fix; with --verbose each of those, with the commit and the diff that fixed it.
 */
function memoryLines(model: ReportModel, verbose: boolean, paint: Paint, width: number): string[] {
  const { memory } = model;
  if (!memory) return [];
  const found = model.findings.filter((f) => f.precedent);
  const never = memory.rules.filter((r) => r.neverFixed).map((r) => r.ruleId);
  const lines = labelled('Memory', `${formatCount(memory.fixes)} findings fixed ${memory.from} to ${memory.to}; ${formatCount(found.length)} open ones were fixed here before${verbose || found.length === 0 ? '' : ' (--verbose shows how)'}${never.length > 0 ? `; never fixed: ${never.join(', ')}` : ''}`, width).map(safe);
  if (!verbose) return ['', ...lines];
  for (const f of found) {
    const p = f.precedent!;
    lines.push('', ...wrap(`${safe(f.file)}:${f.line}  ${safe(f.ruleId)}: fixed before at ${p.commit.slice(0, 7)} (${p.date.slice(0, 10)}) in ${safe(p.file)}:${p.line}, ${safe(p.subject)}`, width, '    ').map((line, i) => (i === 0 ? `  ${line.slice(4)}` : line)));
    lines.push(...p.hunk.lines.map((l) => paint(l.startsWith('+') ? 'green' : l.startsWith('-') ? 'red' : 'dim', `      ${safe(l)}`)));
  }
  return ['', ...lines];
}

/** The verdict; when it failed, each failed condition with the three worst findings behind it. */
function gateLines(model: ReportModel, paint: Paint, width: number): string[] {
  const { gate } = model;
  if (gate.passed) return [`Quality gate ${paint('green', 'passed')}`];
  const [first, ...rest] = wrap(`Quality gate FAILED: ${gate.failures.map(safe).join('; ')}`, width, '  ');
  const lines = [first.slice(2).replace('FAILED', paint('red', 'FAILED')), ...rest];
  const failed = failedConditions(model).filter((c) => c.findings.length > 0);
  for (const condition of failed) {
    if (failed.length > 1) lines.push(...wrap(`behind "${safe(condition.message)}":`, width, '  '));
    for (const f of condition.findings.slice(0, GATE_FINDINGS)) lines.push(`    ${paint('cyan', `${safe(f.file)}:${f.line}:${f.column}`)}  ${f.level}  ${paint('dim', safe(f.ruleId))}`);
  }
  return lines;
}

function indent(rows: string[]): string[] {
  return rows.map((r) => `  ${r}`);
}

export type { ReportModel };
