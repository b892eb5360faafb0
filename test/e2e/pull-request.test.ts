import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/model/types.js';
import { DatedGitRepo } from '../helpers/dated-git-repo.js';
import { removeDirectory, runCli } from '../helpers/fixtures.js';
import { reportSchemaViolations } from '../helpers/report-schema.js';

const UNCHECKED = (name: string) => `export async function ${name}(url: string) {\n  const res = await fetch(url);\n  return res.json();\n}\n`;
const CHECKED = (name: string) => `export async function ${name}(url: string) {\n  const res = await fetch(url);\n  if (!res.ok) throw new Error(\`\${url}: \${res.status}\`);\n  return res.json();\n}\n`;

/**
 * main: three files with an unchecked response each. The branch fixes one (fixed.ts), touches
 * another without changing its finding (touched.ts: a comment above), adds a file with a new one
 * (added.ts) and leaves the third alone (untouched.ts); an uncommitted file adds one more.
 */
function makeRepository(): DatedGitRepo {
  const repo = new DatedGitRepo('debt-scan-pr-');
  const date = '2026-11-02T10:00:00Z';
  repo.commit({ date, message: 'base', change: { 'src/fixed.ts': UNCHECKED('a'), 'src/touched.ts': UNCHECKED('b'), 'src/untouched.ts': UNCHECKED('c') } });
  repo.git(['checkout', '--quiet', '-b', 'feature']);
  repo.commit({ date: '2026-11-03T10:00:00Z', message: 'change', change: { 'src/fixed.ts': CHECKED('a'), 'src/touched.ts': `// loads b\n${UNCHECKED('b')}`, 'src/added.ts': UNCHECKED('d') } });
  // Not committed yet: in the change all the same.
  writeFileSync(path.join(repo.dir, 'src/draft.ts'), UNCHECKED('e'));
  return repo;
}

describe('pull-request mode', () => {
  const repo = makeRepository();
  const clones: string[] = [];
  afterAll(() => {
    repo.remove();
    for (const dir of clones) removeDirectory(dir);
  });
  const json = async (args: readonly string[], cwd = repo.dir, env: Record<string, string> = {}) => {
    const result = await runCli(['.', '--no-cache', '--preset', 'strict', '-f', 'json', '-o', 'report.json', '-f', 'markdown', '-o', 'report.md', ...args], cwd, env);
    const model = JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8')) as ReportModel;
    return { result, model, markdown: readFileSync(path.join(cwd, 'report.md'), 'utf8') };
  };
  const where = (model: ReportModel) => model.findings.map((f) => `${f.file}:${f.line}${f.baselineState ? ` ${f.baselineState}` : ''}`);

  it('--changed-since reports the findings of the files changed since the merge base, uncommitted ones too', async () => {
    const { result, model, markdown } = await json(['--changed-since', 'main']);
    expect(where(model)).toEqual(['src/added.ts:3', 'src/draft.ts:3', 'src/touched.ts:4']);
    const base = repo.git(['merge-base', 'main', 'HEAD']).trim();
    expect(model.change).toEqual({ since: 'main', mergeBase: base, files: 4, findingsOutside: 1 });
    expect(model.summary.findings).toBe(3);
    expect(result.code).toBe(1);
    expect(reportSchemaViolations(model)).toEqual([]);
    expect(markdown.split('\n')[0]).toBe('<!-- debt-scan report -->');
    expect(markdown).toContain(`Findings in the 4 files changed since \`main\` (merge base \`${base.slice(0, 12)}\`); 1 finding in other files left out.`);
  });

  it('--new-only compares with the merge base read from git: only the added finding is new, and the fixed one is listed', async () => {
    const { result, model, markdown } = await json(['--changed-since', 'main', '--new-only']);
    expect(where(model)).toEqual(['src/added.ts:3 new', 'src/draft.ts:3 new', 'src/touched.ts:4 unchanged']);
    expect(model.baseline).toEqual({ file: `main (merge base ${model.change?.mergeBase.slice(0, 12)})`, unchanged: 1, new: 2, fixed: 1 });
    expect(model.change?.fixed).toEqual([{ ruleId: 'debt-scan/require-response-ok-check', file: 'src/fixed.ts', line: 3, message: expect.stringContaining('res.json()') as string }]);
    expect(model.gate.failures).toEqual(['2 new findings (not in the baseline) at level "error"']);
    expect(result.code).toBe(1);
    expect(markdown).toContain('## Fixed by this change (1)\n\n- src/fixed.ts:3 `debt-scan/require-response-ok-check`: ');
    expect(reportSchemaViolations(model)).toEqual([]);
    // Since HEAD itself only the uncommitted file changed.
    const same = await json(['--changed-since', 'HEAD', '--new-only']);
    expect([where(same.model), same.model.change?.files]).toEqual([['src/draft.ts:3 new'], 1]);
  });

  it('turns on in a GitHub pull-request job, not when SARIF goes to code scanning, and falls back to every file in a shallow clone', async () => {
    const clone = mkdtempSync(path.join(tmpdir(), 'debt-scan-pr-clone-'));
    clones.push(clone);
    execFileSync('git', ['clone', '--quiet', '--branch', 'feature', repo.dir, clone]);
    const job = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main' };
    const automatic = await json([], clone, job);
    expect(automatic.result.stderr).toContain('debt-scan: pull-request job: reporting findings in files changed since origin/main (--no-changed-since reports every file)\n');
    // The clone has the committed files only.
    expect(where(automatic.model)).toEqual(['src/added.ts:3', 'src/touched.ts:4']);
    expect(where((await json(['--no-changed-since'], clone, job)).model)).toHaveLength(3);
    expect(where((await json(['-f', 'sarif', '-o', 'debt.sarif'], clone, job)).model)).toHaveLength(3);
    // Asked for with SARIF anyway, it warns what code scanning will make of it.
    const withSarif = await json(['--changed-since', 'origin/main', '-f', 'sarif', '-o', 'debt.sarif'], clone);
    expect(withSarif.result.stderr).toContain('debt-scan: warning: sarif output compares with the target branch itself and may count findings outside the change as fixed; scan every file for it\n');
    expect(where(withSarif.model)).toHaveLength(2);

    const shallow = mkdtempSync(path.join(tmpdir(), 'debt-scan-pr-shallow-'));
    clones.push(shallow);
    execFileSync('git', ['clone', '--quiet', '--depth', '1', '--no-single-branch', '--branch', 'feature', `file://${repo.dir}`, shallow]);
    const fallback = await json([], shallow, job);
    expect(fallback.result.stderr).toContain('debt-scan: warning: origin/main and HEAD have no merge base: the clone is shallow: fetch the whole history (fetch-depth: 0 in actions/checkout, GIT_DEPTH: 0 in GitLab CI); reporting every file\n');
    expect(fallback.model.change).toBeUndefined();
    expect(where(fallback.model)).toHaveLength(3);
    // Asked for explicitly, the same is a usage error.
    const explicit = await runCli(['.', '--no-cache', '--changed-since', 'origin/main'], shallow);
    expect([explicit.code, explicit.stderr.split('\n')[0]]).toEqual([2, 'debt-scan: --changed-since: origin/main and HEAD have no merge base: the clone is shallow: fetch the whole history (fetch-depth: 0 in actions/checkout, GIT_DEPTH: 0 in GitLab CI)']);
  });

  it('measures debt growth against a baseline file also when limited to the change', async () => {
    expect((await runCli(['baseline', '--no-cache', '--preset', 'strict'], repo.dir)).code).toBe(0);
    // The uncommitted draft goes: its finding is fixed, and the change adds nothing new.
    rmSync(path.join(repo.dir, 'src/draft.ts'));
    try {
      const { model } = await json(['--changed-since', 'main', '--fail-on', 'never', '--max-debt-growth', '0']);
      expect(model.baseline).toMatchObject({ new: 0, fixed: 1 });
      const [condition] = model.gate.conditions ?? [];
      expect(condition.condition).toBe('maxDebtGrowthMinutes');
      expect(condition.passed).toBe(true);
      expect(condition.message).toMatch(/^debt shrank by [1-9]\d* min against the baseline \(new 0 min, fixed [1-9]\d* min\), within 0 min$/u);
    } finally {
      rmSync(path.join(repo.dir, 'debt-scan.baseline.jsonl'));
      writeFileSync(path.join(repo.dir, 'src/draft.ts'), UNCHECKED('e'));
    }
  });

  it('refuses an unknown revision and --new-only without a change, with exit 2', async () => {
    const cases: [string[], string][] = [
      [['--changed-since', 'no-such-branch'], `debt-scan: --changed-since: no-such-branch names no commit in ${repo.dir}; fetch it first (git fetch origin no-such-branch)`],
      [['--new-only'], 'debt-scan: --new-only compares with the merge base of --changed-since: give --changed-since (outside a pull-request job)'],
      [['--new-only', '--no-changed-since'], 'debt-scan: --new-only compares with the merge base of --changed-since: it cannot go with --no-changed-since'],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['.', '--no-cache', ...args], repo.dir);
      expect([result.code, result.stderr.split('\n')[0]]).toEqual([2, message]);
    }
  });
});
