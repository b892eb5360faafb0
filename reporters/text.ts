import { styleText } from 'node:util';
import type { ReportModel } from '../src/model/types.js';
import { formatCount, formatMinutes, formatPercent, formatSeconds, plural, table, worstFindings } from './format.js';
import type { Renderer } from './types.js';

type Style = Parameters<typeof styleText>[0];

/** The console summary: what a person reads in ten seconds. */
export const renderText: Renderer = (model, options) => {
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text) : text);
  const lines: string[] = [];
  const { files, summary } = model;

  lines.push(paint('bold', `debt-scan ${model.tool.version}`) + paint('dim', ` · ${model.root}`));
  const skippedDetail = Object.entries(files.skippedByReason)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  lines.push(
    `Files      ${plural(files.scanned, 'file')} scanned (${formatCount(files.lines)} lines)` +
      (files.skipped > 0 ? `, ${formatCount(files.skipped)} skipped (${skippedDetail})` : ', none skipped'),
  );
  if (files.scanned === 0) {
    lines.push('', 'Nothing to scan: no TypeScript or JavaScript source files were found here.');
    return `${lines.join('\n')}\n`;
  }
  const levels = [
    summary.byLevel.error > 0 ? paint('red', plural(summary.byLevel.error, 'error')) : '',
    summary.byLevel.warning > 0 ? paint('yellow', plural(summary.byLevel.warning, 'warning')) : '',
  ].filter(Boolean);
  lines.push(
    `Findings   ${formatCount(summary.findings)}${levels.length > 0 ? ` (${levels.join(', ')})` : ''}, debt ${formatMinutes(summary.debtMinutes)}` +
      (summary.suppressed > 0 ? `, ${formatCount(summary.suppressed)} suppressed` : ''),
  );

  const categories = summary.byCategory.filter((c) => c.count > 0);
  if (categories.length > 0) {
    lines.push('', paint('bold', 'By category'));
    lines.push(...indent(table(categories.map((c) => [c.category, formatCount(c.count), formatMinutes(c.debtMinutes)]), new Set([1, 2]))));
    lines.push('', paint('bold', 'By rule'));
    lines.push(...indent(table(summary.byRule.map((r) => [r.ruleId, formatCount(r.count), formatMinutes(r.debtMinutes)]), new Set([1, 2]))));
  }

  const modules = [...model.modules].filter((m) => m.debtMinutes > 0).sort((a, b) => b.debtMinutes - a.debtMinutes || b.risk - a.risk).slice(0, 10);
  if (modules.length > 0) {
    lines.push('', paint('bold', 'Modules with most debt'));
    const rows = [['module', 'files', 'lines', 'findings', 'debt', 'ratio', 'rating', 'risk']].concat(
      modules.map((m) => [m.module, String(m.files), formatCount(m.lines), String(m.findings), formatMinutes(m.debtMinutes), formatPercent(m.debtRatio), m.rating, String(m.risk)]),
    );
    lines.push(...indent(table(rows, new Set([1, 2, 3, 4, 5, 7]))));
  }

  const worst = worstFindings(model.findings, 10);
  if (worst.length > 0) {
    lines.push('', paint('bold', 'Worst findings'));
    for (const f of worst) {
      const level = f.level === 'error' ? paint('red', 'error  ') : paint('yellow', 'warning');
      lines.push(`  ${paint('cyan', `${f.file}:${f.line}:${f.column}`)}  ${level}  ${f.message}  ${paint('dim', f.ruleId)}`);
    }
    if (model.findings.length > worst.length) lines.push(paint('dim', `  … and ${formatCount(model.findings.length - worst.length)} more in the full report`));
  }

  const problems = model.notifications.filter((n) => n.level === 'error' || options.verbose);
  if (problems.length > 0) {
    lines.push('', paint('bold', 'Notifications'));
    for (const n of options.verbose ? problems : problems.slice(0, 5)) lines.push(`  ${n.level === 'error' ? paint('red', n.kind) : n.kind}: ${n.message}`);
    if (!options.verbose && problems.length > 5) lines.push(paint('dim', `  … and ${problems.length - 5} more (--verbose lists them)`));
  }

  if (options.verbose && (files.skippedFiles.length > 0 || files.prunedDirectories.length > 0)) {
    lines.push('', paint('bold', 'Skipped files'));
    for (const s of files.skippedFiles) lines.push(`  ${s.file}  ${s.reason}${s.detail ? ` (${s.detail})` : ''}`);
    if (files.prunedDirectories.length > 0) lines.push(`  directories not entered: ${files.prunedDirectories.join(', ')}`);
  }

  lines.push('');
  lines.push(
    model.gate.passed
      ? `Quality gate ${paint('green', 'passed')}`
      : `Quality gate ${paint('red', 'FAILED')}: ${model.gate.failures.join('; ')}`,
  );
  if (model.timings?.total !== undefined) {
    const cacheNote = model.timings.filesFromCache ? `, ${formatCount(model.timings.filesFromCache)} files from cache` : '';
    lines.push(paint('dim', `Done in ${formatSeconds(model.timings.total)}${cacheNote}`));
  }
  return `${lines.join('\n')}\n`;
};

function indent(rows: string[]): string[] {
  return rows.map((r) => `  ${r}`);
}

export type { ReportModel };
