import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/model/types.js';
import { copyFixture, removeDirectory, runCli } from '../helpers/fixtures.js';
import { reportSchemaViolations } from '../helpers/report-schema.js';
import { sarifSchemaViolation } from '../helpers/sarif.js';

const UNCHECKED = "export async function load(url: string) {\n  const res = await fetch(url);\n  return res.json();\n}\n";

describe('a baseline of accepted findings', () => {
  const dir = copyFixture('ai-app');
  afterAll(() => removeDirectory(dir));
  const report = async (...args: string[]) => {
    const result = await runCli(['.', '--no-cache', '-f', 'json', '-o', 'report.json', '-f', 'sarif', '-o', 'debt.sarif', '-f', 'text', ...args], dir);
    const model = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportModel;
    return { result, model, sarif: JSON.parse(readFileSync(path.join(dir, 'debt.sarif'), 'utf8')) as { runs: { results: { baselineState?: string; ruleId: string }[] }[] } };
  };

  it('is written sorted, one finding a line, and then lets the gate pass while every finding is still reported', async () => {
    const before = await report();
    expect(before.result.code).toBe(1); // the fixture has findings at level error
    const written = await runCli(['baseline', '--no-cache'], dir);
    expect(written.code).toBe(0);
    expect(written.stderr).toBe(`debt-scan: wrote the baseline of ${before.model.findings.length} findings to debt-scan.baseline.jsonl\n`);
    const lines = readFileSync(path.join(dir, 'debt-scan.baseline.jsonl'), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0])).toEqual({ kind: 'debt-scan-baseline', version: 1 });
    expect(lines).toHaveLength(before.model.findings.length + 1);
    const files = lines.slice(1).map((line) => (JSON.parse(line) as { file: string }).file);
    expect(files).toEqual([...files].sort());

    const after = await report();
    expect(after.result.code).toBe(0);
    expect(after.model.findings).toHaveLength(before.model.findings.length);
    expect(after.model.baseline).toEqual({ file: 'debt-scan.baseline.jsonl', unchanged: before.model.findings.length, new: 0, fixed: 0 });
    expect(after.result.stdout).toContain(`Baseline   none new, ${before.model.findings.length} in the baseline debt-scan.baseline.jsonl, 0 of its findings fixed since`);
    expect(reportSchemaViolations(after.model)).toEqual([]);
    expect(sarifSchemaViolation(after.sarif)).toBeUndefined();
    expect(new Set(after.sarif.runs[0].results.map((r) => r.baselineState))).toEqual(new Set(['unchanged']));
    expect((await report('--no-baseline')).result.code).toBe(1);
  });

  it('keeps findings unchanged when lines shift, code is re-indented or a file is renamed, and fails the gate on a new one only', async () => {
    const file = path.join(dir, 'src/api/create-order-route.ts');
    writeFileSync(file, `// a comment that shifts every line\n\n${readFileSync(file, 'utf8').replace(/^ {2}/gmu, '    ')}`);
    // A file nothing imports (renaming an imported one breaks its importers: new findings, rightly).
    renameSync(path.join(dir, 'src/api/webhooks.js'), path.join(dir, 'src/api/webhook-handlers.js'));
    writeFileSync(path.join(dir, 'src/api/fresh.ts'), UNCHECKED);
    const { result, model, sarif } = await report();
    const fresh = model.findings.filter((f) => f.baselineState === 'new');
    expect(fresh.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['src/api/fresh.ts:3 debt-scan/require-response-ok-check']);
    expect(model.baseline).toMatchObject({ new: 1, fixed: 0 });
    expect(model.findings.filter((f) => f.file === 'src/api/webhook-handlers.js' && f.baselineState === 'unchanged')).toHaveLength(7);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Quality gate FAILED: 1 new finding (not in the baseline) at level "error"');
    expect(sarif.runs[0].results.filter((r) => r.baselineState === 'new').map((r) => r.ruleId)).toEqual(['debt-scan/require-response-ok-check']);
    const markdown = (await runCli(['.', '--no-cache', '-f', 'markdown', '-f', 'html', '-o', 'report.html'], dir)).stdout;
    expect(markdown).toContain(`**1 new** since the baseline \`debt-scan.baseline.jsonl\` (${model.baseline?.unchanged} in it, 0 of its findings fixed since).`);
    // The new finding heads the table, the one the gate judges.
    expect(markdown.split('\n').find((line) => line.startsWith('| error') || line.startsWith('| warning'))).toMatch(/^\| error \(new\) \| \[src\/api\/fresh\.ts:3\]/u);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html.match(/<span class="level new" title="not in the baseline">new<\/span>/gu)).toHaveLength(1);
    // GitLab's format has no baseline state: the issue says it, and accepted debt sorts last as info.
    const gitlab = JSON.parse((await runCli(['.', '--no-cache', '-f', 'gitlab'], dir)).stdout) as { severity: string; check_name: string; content: { body: string } }[];
    const newIssues = gitlab.filter((i) => i.content.body.includes('\n\nNew: not in the baseline, so the gate judges it.'));
    expect(newIssues.map((i) => [i.check_name, i.severity])).toEqual([['debt-scan/require-response-ok-check', 'major']]);
    const accepted = gitlab.filter((i) => i.content.body.includes('\n\nIn the baseline: accepted debt'));
    expect(accepted).toHaveLength(gitlab.length - 1);
    expect(new Set(accepted.map((i) => i.severity))).toEqual(new Set(['info']));
  });

  it('is updated by dropping fixed findings and adding new ones only when asked', async () => {
    rmSync(path.join(dir, 'src/api/fresh.ts'));
    rmSync(path.join(dir, 'src/services/notifications.ts'));
    writeFileSync(path.join(dir, 'src/api/fresh2.ts'), UNCHECKED);
    const { model } = await report();
    expect(model.baseline?.fixed).toBeGreaterThan(0);
    const fixed = model.baseline!.fixed;
    const updated = await runCli(['baseline', '--update', '--no-cache'], dir);
    expect(updated.stderr).toBe(`debt-scan: wrote the baseline of ${model.findings.length - 1} findings: ${fixed} fixed since and dropped, 1 new not added (--add-new adds them) to debt-scan.baseline.jsonl\n`);
    expect((await report()).model.baseline).toMatchObject({ new: 1, fixed: 0 });
    expect((await runCli(['baseline', '--update', '--add-new', '--no-cache'], dir)).code).toBe(0);
    expect((await report()).model.baseline).toMatchObject({ new: 0, fixed: 0 });
  });

  it('judges debt growth, categories, module budgets and ratings, and says which condition failed, by how much and what is behind it', async () => {
    writeFileSync(path.join(dir, 'src/api/fresh3.ts'), UNCHECKED);
    const quiet = ['--fail-on', 'never'];
    const { model } = await report(...quiet, '--max-debt-growth', '0');
    const fresh = model.findings.filter((f) => f.baselineState === 'new');
    expect(fresh.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.category}`)).toEqual(['src/api/fresh3.ts:3 debt-scan/require-response-ok-check unchecked-assumption']);
    const grown = fresh[0].effortMinutes;
    const growth = `debt grew by ${grown} min against the baseline (new ${grown} min, fixed 0 min), over the limit of 0 min by ${grown} min`;
    expect(model.gate).toEqual({
      passed: false,
      failures: [growth],
      conditions: [{ condition: 'maxDebtGrowthMinutes', passed: false, actual: grown, limit: 0, message: growth, findings: [fresh[0].fingerprint] }],
    });
    expect(reportSchemaViolations(model)).toEqual([]);
    // Every report goes to a file: the CI log still says which condition failed and what is behind it.
    const logged = await runCli(['.', '--no-cache', ...quiet, '--max-debt-growth', '0', '-f', 'json', '-o', 'report.json'], dir);
    expect(logged.code).toBe(1);
    expect(logged.stderr).toContain(`debt-scan: quality gate FAILED: ${growth}\n  src/api/fresh3.ts:3:10  error  debt-scan/require-response-ok-check\n`);
    expect((await report(...quiet, '--max-debt-growth', String(grown))).result.code).toBe(0);

    // The level condition limited to categories the new finding is not of passes; to its own, fails.
    expect((await report('--fail-on-category', 'error-handling,duplication')).result.code).toBe(0);
    const own = await report('--fail-on-category', 'unchecked-assumption');
    expect(own.result.code).toBe(1);
    expect(own.model.gate.failures).toEqual(['1 new finding of unchecked-assumption (not in the baseline) at level "error"']);

    // A budget per module names the modules over it and the worst findings of the worst one.
    const modules = [...model.modules].sort((a, b) => b.debtMinutes - a.debtMinutes || (a.module < b.module ? -1 : 1));
    const limit = modules[1].debtMinutes;
    const over = modules.filter((m) => m.debtMinutes > limit);
    const budget = await report(...quiet, '--max-module-debt', String(limit));
    expect(budget.model.gate.failures).toEqual([
      `${over.length} module${over.length === 1 ? '' : 's'} over the debt limit of ${limit} min: ${over.map((m) => `${m.module} ${m.debtMinutes} min, over by ${m.debtMinutes - limit} min`).join('; ')}`,
    ]);
    const behind = budget.model.gate.conditions?.[0].findings ?? [];
    expect(behind.length).toBeGreaterThan(0);
    expect(budget.model.findings.filter((f) => behind.includes(f.fingerprint)).every((f) => f.module === modules[0].module)).toBe(true);
    const markdown = (await runCli(['.', '--no-cache', ...quiet, '--max-module-debt', String(limit), '-f', 'markdown'], dir)).stdout;
    expect(markdown).toContain(`## Why the quality gate failed\n\n${budget.model.gate.failures[0]}:\n\n- [`);

    // Bad values are usage errors; a growth limit without a baseline is not judged, and says so.
    for (const [flags, message] of [
      [['--fail-on-category', 'style'], 'debt-scan: --fail-on-category takes categories from duplication, unchecked-assumption, error-handling, complexity, dependency (found "style")'],
      [['--max-debt', '-5'], 'debt-scan: --max-debt takes a number of minutes, 0 or more (found "-5")'],
      [['--min-rating', 'F'], "error: option '--min-rating <rating>' argument 'F' is invalid. Allowed choices are A, B, C, D, E."],
    ] as const) {
      const result = await runCli(['.', '--no-cache', ...flags], dir);
      expect([result.code, result.stderr.split('\n')[0]]).toEqual([2, message]);
    }
    const unjudged = await runCli(['.', '--no-cache', '--no-baseline', ...quiet, '--max-debt-growth', '0', '-f', 'json', '-o', 'report.json'], dir);
    expect([unjudged.code, unjudged.stderr]).toEqual([
      0,
      expect.stringContaining('debt-scan: warning: gate.maxDebtGrowthMinutes needs a baseline to compare with (debt-scan baseline writes one); the condition was not judged\n'),
    ]);
    rmSync(path.join(dir, 'src/api/fresh3.ts'));
  });

  it('refuses a baseline that is missing, damaged, another tool\'s or of another version, with exit 2', async () => {
    writeFileSync(path.join(dir, 'other.jsonl'), '{"kind":"eslint-suppressions"}\n');
    writeFileSync(path.join(dir, 'newer.jsonl'), '{"kind":"debt-scan-baseline","version":9}\n');
    writeFileSync(path.join(dir, 'damaged.jsonl'), '{"kind":"debt-scan-baseline","version":1}\n{"rule":"x"\n');
    const cases: [string, string][] = [
      ['missing.jsonl', 'debt-scan: cannot read the baseline missing.jsonl (ENOENT); write one with debt-scan baseline, or pass --no-baseline'],
      ['other.jsonl', 'debt-scan: the baseline other.jsonl is not one debt-scan can read (line 1: no debt-scan baseline header); write it again with debt-scan baseline'],
      ['newer.jsonl', 'debt-scan: the baseline newer.jsonl is not one debt-scan can read (line 1: version 9, this debt-scan reads version 1); write it again with debt-scan baseline'],
      ['damaged.jsonl', 'debt-scan: the baseline damaged.jsonl is not one debt-scan can read (line 2: not a finding of the form {"rule","file","fingerprint"}); write it again with debt-scan baseline'],
    ];
    for (const [file, message] of cases) {
      const result = await runCli(['.', '--no-cache', '--baseline', file, '-f', 'json', '-o', 'never.json'], dir);
      expect([result.code, result.stderr.split('\n')[0]]).toEqual([2, message]);
    }
    expect(() => readFileSync(path.join(dir, 'never.json'))).toThrow();
  });
});
