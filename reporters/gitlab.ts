import { createHash } from 'node:crypto';
import type { BaselineState, Category, Finding, Level, RuleDescriptor } from '../src/model/types.js';
import { formatMinutes, repositoryPath } from './format.js';
import { escapeJsonForTerminal } from './terminal-text.js';
import type { Renderer } from './types.js';

/** Code Climate's categories, the ones GitLab knows. */
const CATEGORY: Readonly<Record<Category, string>> = {
  duplication: 'Duplication',
  'unchecked-assumption': 'Bug Risk',
  'error-handling': 'Bug Risk',
  complexity: 'Complexity',
  dependency: 'Complexity',
};

const SEVERITY: Readonly<Record<Level, string>> = { error: 'major', warning: 'minor', note: 'info' };

const BASELINE_NOTE: Readonly<Record<BaselineState, string>> = {
  new: 'New: not in the baseline, so the gate judges it.',
  unchanged: 'In the baseline: accepted debt, which the gate does not judge; shown with severity info.',
};

/**
 * GitLab's Code Quality report (`artifacts:reports:codequality`): a JSON array of Code Climate
 * issues that GitLab shows in merge requests. Suppressed findings are left out (GitLab has no way
 * to show them); paths are relative to the repository root. With a baseline, the issue's text
 * says whether the finding is new or accepted in the baseline, and an accepted one has severity
 * `info`, so that the full report sorts it below new debt (GitLab's format has no baseline state,
 * and its merge request widget compares fingerprints, which the baseline leaves alone).
 */
export const renderGitlab: Renderer = (model, options) => {
  const rules = new Map(model.rules.map((r) => [r.ruleId, r]));
  const issues = model.findings.map((f) => toIssue(f, rules.get(f.ruleId), options.pathPrefix ?? ''));
  return `${escapeJsonForTerminal(JSON.stringify(issues, null, 2))}\n`;
};

function toIssue(f: Finding, rule: RuleDescriptor | undefined, prefix: string): Record<string, unknown> {
  return {
    type: 'issue',
    check_name: f.ruleId,
    description: f.message,
    content: { body: body(f, rule, prefix) },
    categories: [CATEGORY[f.category]],
    severity: f.baselineState === 'unchanged' ? 'info' : SEVERITY[f.level],
    fingerprint: gitlabFingerprint(f),
    location: { path: repositoryPath(f.file, prefix), lines: { begin: f.line, end: Math.max(f.endLine, f.line) } },
    ...(f.related && f.related.length > 0
      ? { other_locations: f.related.map((r) => ({ path: repositoryPath(r.file, prefix), lines: { begin: r.line, end: Math.max(r.endLine, r.line) } })) }
      : {}),
    engine_name: 'debt-scan',
  };
}

/** Markdown shown with the issue: the rule, the debt, the related places and the rule's documentation. */
function body(f: Finding, rule: RuleDescriptor | undefined, prefix: string): string {
  const lines = [`${f.message}`, '', `Debt: ${formatMinutes(f.effortMinutes)} (${f.category}) in module \`${f.module}\`.`];
  if (f.baselineState) lines.push('', BASELINE_NOTE[f.baselineState]);
  if (f.related && f.related.length > 0) {
    lines.push('', 'Related:', ...f.related.slice(0, 20).map((r) => `- ${repositoryPath(r.file, prefix)}:${r.line} ${r.message}`));
    if (f.related.length > 20) lines.push(`- and ${f.related.length - 20} more`);
  }
  if (rule) lines.push('', `[${rule.ruleId}](${rule.docsUrl}): ${rule.description}.`);
  return lines.join('\n');
}

/**
 * GitLab wants a unique fingerprint per issue to compare a merge request with its target branch;
 * debt-scan's own fingerprint (stable across unrelated edits) is unique per rule and file, so its
 * hash with the rule id is unique in the report and just as stable.
 */
export function gitlabFingerprint(f: Pick<Finding, 'ruleId' | 'file' | 'fingerprint'>): string {
  return createHash('md5').update(`${f.ruleId}\u0000${f.file}\u0000${f.fingerprint}`).digest('hex');
}
