import type { Renderer } from './types.js';

/** GitLab's Code Quality report: a JSON array of issues that GitLab shows in merge requests. */
export const renderGitlab: Renderer = (model) => {
  const issues = model.findings.map((f) => ({
    description: f.message,
    check_name: f.ruleId,
    fingerprint: f.fingerprint,
    severity: f.level === 'error' ? 'major' : 'minor',
    location: { path: f.file, lines: { begin: f.line, end: f.endLine } },
    categories: ['Complexity'],
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
};
