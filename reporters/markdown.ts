import type { Finding, ModuleScore, ReportModel } from '../src/model/types.js';
import { describeTypes, failedConditions, fencedDiff, fixRates, formatCount, formatMinutes, formatPercent, plural, repositoryPath, uriReference, worstFindings } from './format.js';
import { escapeTerminalText } from './terminal-text.js';
import type { RenderOptions, Renderer } from './types.js';

/** An HTML comment, invisible where the Markdown is shown, that marks debt-scan's pull-request comment. */
export const COMMENT_MARKER = '<!-- debt-scan report -->';
const TOP_FINDINGS = 25;
const TOP_MODULES = 15;
const LISTED_EXTRAS = 20;
const MESSAGE_LENGTH = 220;

const CATEGORY_LABEL: Readonly<Record<string, string>> = {
  duplication: 'Duplication',
  'unchecked-assumption': 'Unchecked assumptions',
  'error-handling': 'Error handling',
  complexity: 'Complexity',
  dependency: 'Dependencies',
};

/**
 * A report for a pull-request comment or a CI job summary: the verdict first, then the debt by
 * category, the riskiest modules and the worst findings with links to their lines. It stays well
 * under GitHub's 65,536-character comment limit by listing the top entries only.
 */
export const renderMarkdown: Renderer = (model, options) => {
  const sections = [
    headline(model),
    gateSection(model, options),
    categoryTable(model),
    moduleTable(model.modules),
    findingTable(model, options),
    precedentList(model, options),
    fixedList(model, options),
    options.includeSuppressed ? suppressedList(model, options) : [],
    notificationList(model),
    footer(model),
  ];
  // The marker lets a bot find the comment it wrote before and edit it instead of adding one per push.
  return `${COMMENT_MARKER}\n${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join('\n'))
    .join('\n\n')}\n`;
};

function headline(model: ReportModel): string[] {
  const { summary, files } = model;
  const gate = model.gate.passed
    ? '**Quality gate passed.**'
    : `**Quality gate failed:** ${model.gate.failures.map(escapeMarkdown).join('; ')}.`;
  const levels = [summary.byLevel.error > 0 ? plural(summary.byLevel.error, 'error') : '', summary.byLevel.warning > 0 ? plural(summary.byLevel.warning, 'warning') : '']
    .filter(Boolean)
    .join(', ');
  return [
    '# debt-scan report',
    '',
    `${gate} ${plural(summary.findings, 'finding')}${levels ? ` (${levels})` : ''} with **${formatMinutes(summary.debtMinutes)}** of debt in ${plural(files.scanned, 'file')} (${formatCount(files.lines)} lines)` +
      `${summary.suppressed > 0 ? `; ${formatCount(summary.suppressed)} suppressed` : ''}${files.skipped > 0 ? `; ${plural(files.skipped, 'file')} skipped` : ''}.` +
      (model.baseline
        ? ` **${formatCount(model.baseline.new)} new** since the baseline \`${escapeMarkdown(model.baseline.file)}\` (${formatCount(model.baseline.unchanged)} in it, ${formatCount(model.baseline.fixed)} of its findings fixed since).`
        : '') +
      (model.types ? ` Typed scan: ${describeTypes(model.types)}.` : ''),
    ...(model.change
      ? [
          '',
          `Findings in the ${plural(model.change.files, 'file')} changed since \`${escapeMarkdown(model.change.since)}\` (merge base \`${model.change.mergeBase.slice(0, 12)}\`)` +
            `${model.change.findingsOutside > 0 ? `; ${plural(model.change.findingsOutside, 'finding')} in other files left out` : ''}.`,
        ]
      : []),
  ];
}

function categoryTable(model: ReportModel): string[] {
  const categories = model.summary.byCategory.filter((c) => c.count > 0);
  if (categories.length === 0) return [];
  return [
    '## Debt by category',
    '',
    '| Category | Findings | Debt |',
    '| --- | ---: | ---: |',
    ...categories.map((c) => `| ${CATEGORY_LABEL[c.category] ?? c.category} | ${formatCount(c.count)} | ${formatMinutes(c.debtMinutes)} |`),
  ];
}

function moduleTable(modules: readonly ModuleScore[]): string[] {
  const shown = modules.filter((m) => m.findings > 0).slice(0, TOP_MODULES);
  if (shown.length === 0) return [];
  const hasChurn = shown.some((m) => m.churn !== undefined);
  const more = modules.filter((m) => m.findings > 0).length - shown.length;
  return [
    '## Modules by risk',
    '',
    `| Module | Rating | Debt | Debt ratio | Findings | Risk | Lines |${hasChurn ? ' Churn |' : ''}`,
    `| --- | :---: | ---: | ---: | ---: | ---: | ---: |${hasChurn ? ' ---: |' : ''}`,
    ...shown.map(
      (m) =>
        `| ${escapeMarkdown(m.module)} | ${m.rating} | ${formatMinutes(m.debtMinutes)} | ${formatPercent(m.debtRatio)} | ${formatCount(m.findings)} | ${m.risk} | ${formatCount(m.lines)} |${hasChurn ? ` ${m.churn ?? ''} |` : ''}`,
    ),
    ...(more > 0 ? ['', `… and ${plural(more, 'more module')} with findings.`] : []),
  ];
}

/** In pull-request mode with `--new-only`: the merge base's findings that the change removed. */
function fixedList(model: ReportModel, options: RenderOptions): string[] {
  const fixed = model.change?.fixed ?? [];
  if (fixed.length === 0) return [];
  const total = model.baseline?.fixed ?? fixed.length;
  const shown = fixed.slice(0, LISTED_EXTRAS);
  return [
    `## Fixed by this change (${formatCount(total)})`,
    '',
    ...shown.map((f) => `- ${escapeMarkdown(repositoryPath(f.file, options.pathPrefix))}:${f.line} \`${f.ruleId}\`: ${escapeMarkdown(shorten(f.message))}`),
    ...(total > shown.length ? [`- … and ${formatCount(total - shown.length)} more`] : []),
  ];
}

/** When the gate failed: each failed condition, and the findings behind it with links to their lines. */
function gateSection(model: ReportModel, options: RenderOptions): string[] {
  const failed = failedConditions(model).filter((c) => c.findings.length > 0);
  if (failed.length === 0) return [];
  return [
    '## Why the quality gate failed',
    ...failed.flatMap((c) => [
      '',
      `${escapeMarkdown(c.message)}:`,
      '',
      ...c.findings.map((f) => `- ${locationLink(f, options)} \`${f.ruleId}\`${f.baselineState === 'new' ? ' (new)' : ''}: ${escapeMarkdown(shorten(f.message))}`),
    ]),
  ];
}

function findingTable(model: ReportModel, options: RenderOptions): string[] {
  // With a baseline, the new findings come first: they are the ones the gate judges.
  const fresh = model.findings.filter((f) => f.baselineState === 'new');
  // With the memory of fixes, the findings of the rules this team fixes most come first within a level.
  const rates = fixRates(model.memory);
  const worst = model.baseline
    ? [...worstFindings(fresh, TOP_FINDINGS, rates), ...worstFindings(model.findings.filter((f) => f.baselineState !== 'new'), TOP_FINDINGS, rates)].slice(0, TOP_FINDINGS)
    : worstFindings(model.findings, TOP_FINDINGS, rates);
  if (worst.length === 0) return [];
  const title = model.findings.length > worst.length ? `## Top ${worst.length} of ${formatCount(model.findings.length)} findings` : '## Findings';
  return [
    title,
    '',
    '| Level | Location | Rule | Debt | Finding |',
    '| --- | --- | --- | ---: | --- |',
    ...worst.map((f) => `| ${f.level}${f.baselineState === 'new' ? ' (new)' : ''} | ${locationLink(f, options)} | \`${f.ruleId}\` | ${formatMinutes(f.effortMinutes)} | ${escapeMarkdown(shorten(f.message))} |`),
  ];
}

/** With the memory of fixes: the findings this repository has fixed before, each with the diff of that fix. */
function precedentList(model: ReportModel, options: RenderOptions): string[] {
  if (!model.memory) return [];
  const { memory } = model;
  const found = model.findings.filter((f) => f.precedent);
  const never = memory.rules.filter((r) => r.neverFixed).map((r) => `\`${r.ruleId}\``);
  const lines = [
    '## Fixed here before',
    '',
    `From ${memory.from} to ${memory.to} this repository fixed ${formatCount(memory.fixes)} findings; ${formatCount(found.length)} of the ${formatCount(model.findings.length)} open ones look like one it fixed before.${never.length > 0 ? ` Never fixed in that time, candidates to turn off or re-tune: ${never.join(', ')}.` : ''}`,
  ];
  for (const f of found.slice(0, LISTED_EXTRAS)) {
    const p = f.precedent!;
    lines.push('', `<details><summary>${locationLink(f, options)} <code>${f.ruleId}</code>: fixed before at ${p.commit.slice(0, 7)} (${p.date.slice(0, 10)}) in ${escapeMarkdown(`${p.file}:${p.line}`)}</summary>`, '', escapeMarkdown(p.subject), '', ...fencedDiff(p.hunk.lines), '', '</details>');
  }
  if (found.length > LISTED_EXTRAS) lines.push('', `… and ${formatCount(found.length - LISTED_EXTRAS)} more in the JSON report.`);
  return lines;
}

function suppressedList(model: ReportModel, options: RenderOptions): string[] {
  if (model.suppressed.length === 0) return [];
  const shown = model.suppressed.slice(0, LISTED_EXTRAS);
  return [
    `<details><summary>${plural(model.suppressed.length, 'suppressed finding')}</summary>`,
    '',
    ...shown.map((f) => `- ${locationLink(f, options)} \`${f.ruleId}\`: ${escapeMarkdown(f.suppression?.justification || 'no reason given')}`),
    ...(model.suppressed.length > shown.length ? [`- … and ${formatCount(model.suppressed.length - shown.length)} more`] : []),
    '',
    '</details>',
  ];
}

function notificationList(model: ReportModel): string[] {
  const problems = model.notifications.filter((n) => n.level === 'error');
  if (problems.length === 0) return [];
  const shown = problems.slice(0, LISTED_EXTRAS);
  return [
    `<details><summary>${plural(problems.length, 'problem')} during the scan</summary>`,
    '',
    ...shown.map((n) => `- \`${n.kind}\`: ${escapeMarkdown(shorten(n.message))}`),
    ...(problems.length > shown.length ? [`- … and ${formatCount(problems.length - shown.length)} more`] : []),
    '',
    '</details>',
  ];
}

function footer(model: ReportModel): string[] {
  const commit = model.commit ? ` at \`${model.commit.slice(0, 12)}\`` : '';
  return [`<sub>[debt-scan](${model.tool.informationUri}) ${escapeMarkdown(model.tool.version)}${commit}; the HTML, JSON and SARIF reports list every finding.</sub>`];
}

/** `[src/a.ts:12](<link base>src/a.ts#L12)`: to the file at the scanned commit when the CI tells where. */
function locationLink(f: Finding, options: RenderOptions): string {
  const file = repositoryPath(f.file, options.pathPrefix);
  return `[${escapeMarkdown(`${file}:${f.line}`)}](${options.linkBase ?? ''}${uriReference(file)}#L${f.line})`;
}

function shorten(text: string): string {
  return text.length <= MESSAGE_LENGTH ? text : `${text.slice(0, MESSAGE_LENGTH - 1).trimEnd()}…`;
}

/**
 * Escapes what Markdown or a table cell would interpret, and keeps the text on one line; then what a
 * terminal or CI log would act on, since Markdown is also printed to the console.
 */
export function escapeMarkdown(text: string): string {
  return escapeTerminalText(text.replace(/\r\n?|\n/gu, ' ').replace(/[\\|`*_[\]<>#~]/gu, (c) => `\\${c}`));
}
