import type { ReportModel } from '../src/model/types.js';
import { formatCount, formatMinutes, formatPercent } from './format.js';
import type { Renderer } from './types.js';

/** One self-contained page: summary, module table and findings. Everything shown is escaped. */
export const renderHtml: Renderer = (model) => {
  const { summary, files } = model;
  const moduleRows = model.modules
    .map((m) => `<tr><td>${escapeHtml(m.module)}</td><td>${m.lines}</td><td>${m.findings}</td><td>${m.debtMinutes}</td><td>${formatPercent(m.debtRatio)}</td><td>${m.rating}</td><td>${m.risk}</td></tr>`)
    .join('\n');
  const findingRows = model.findings
    .map((f) => `<tr><td>${escapeHtml(`${f.file}:${f.line}:${f.column}`)}</td><td>${f.level}</td><td>${escapeHtml(f.ruleId)}</td><td>${escapeHtml(f.message)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>debt-scan report</title>
<style>
body { font: 14px/1.5 system-ui, sans-serif; margin: 2rem; color: #1f2328; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; }
th { background: #f6f8fa; }
</style>
</head>
<body>
<h1>debt-scan report</h1>
<p>${formatCount(summary.findings)} findings, debt ${formatMinutes(summary.debtMinutes)}, in ${formatCount(files.scanned)} files (${formatCount(files.lines)} lines). Quality gate: ${model.gate.passed ? 'passed' : 'failed'}.</p>
<h2>Modules</h2>
<table><thead><tr><th>module</th><th>lines</th><th>findings</th><th>debt (min)</th><th>ratio</th><th>rating</th><th>risk</th></tr></thead>
<tbody>
${moduleRows}
</tbody></table>
<h2>Findings</h2>
<table><thead><tr><th>where</th><th>level</th><th>rule</th><th>message</th></tr></thead>
<tbody>
${findingRows}
</tbody></table>
</body>
</html>
`;
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export type { ReportModel };
