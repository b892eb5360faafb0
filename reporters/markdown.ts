import type { ReportModel } from '../src/model/types.js';
import { formatCount, formatMinutes, formatPercent, worstFindings } from './format.js';
import type { Renderer } from './types.js';

/** A report for a pull-request comment or a CI job summary. */
export const renderMarkdown: Renderer = (model) => {
  const lines: string[] = [];
  const { summary, files } = model;
  lines.push('# debt-scan report', '');
  lines.push(
    `**${formatCount(summary.findings)} findings**, debt **${formatMinutes(summary.debtMinutes)}**, in ${formatCount(files.scanned)} files (${formatCount(files.lines)} lines); ${formatCount(files.skipped)} files skipped.`,
    '',
    model.gate.passed ? 'Quality gate: **passed**' : `Quality gate: **failed**: ${escapeMarkdown(model.gate.failures.join('; '))}`,
    '',
  );
  const categories = summary.byCategory.filter((c) => c.count > 0);
  if (categories.length > 0) {
    lines.push('## By category', '', '| category | findings | debt |', '| --- | ---: | ---: |');
    for (const c of categories) lines.push(`| ${c.category} | ${c.count} | ${formatMinutes(c.debtMinutes)} |`);
    lines.push('');
  }
  if (model.modules.length > 0) {
    lines.push('## Modules by risk', '', '| module | lines | findings | debt | ratio | rating | risk | churn |', '| --- | ---: | ---: | ---: | ---: | :---: | ---: | ---: |');
    for (const m of model.modules.slice(0, 20)) {
      lines.push(`| ${escapeMarkdown(m.module)} | ${formatCount(m.lines)} | ${m.findings} | ${formatMinutes(m.debtMinutes)} | ${formatPercent(m.debtRatio)} | ${m.rating} | ${m.risk} | ${m.churn ?? ''} |`);
    }
    lines.push('');
  }
  const worst = worstFindings(model.findings, 25);
  if (worst.length > 0) {
    lines.push('## Top findings', '', '| where | level | rule | message |', '| --- | --- | --- | --- |');
    for (const f of worst) {
      lines.push(`| [${escapeMarkdown(f.file)}:${f.line}](${encodeURI(f.file)}#L${f.line}) | ${f.level} | \`${f.ruleId}\` | ${escapeMarkdown(f.message)} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
};

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\|`*_[\]<>]/gu, (c) => `\\${c}`).replace(/\r?\n/gu, ' ');
}

export type { ReportModel };
