import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnByFile, churnByModule, parseGitLog, readChurn } from '../../../src/git/working-tree.js';
import type { GraphData } from '../../../src/model/types.js';
import { scan } from '../../../src/index.js';
import { riskOf, round2 } from '../../../src/score/formulas.js';
import { removeDirectory } from '../../helpers/fixtures.js';

const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDirectory));

const DAY = 24 * 60 * 60 * 1000;
const complex = `export function grade(x: number): number {\n${Array.from({ length: 16 }, (_, i) => `  if (x === ${i}) return ${i};`).join('\n')}\n  return -1;\n}\n`;

/**
 * A repository with commits 200, 20, 10 and 5 days old, a branch commit 3 days old and its merge:
 * in a 90-day window src/core/a.ts changed 3 times, src/ui/b.ts twice (the merge does not count),
 * src/core/c.ts once.
 */
function createRepository(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'debt-scan-churn-'));
  temporary.push(root);
  const git = (args: string[], daysAgo = 0) => {
    const date = new Date(Date.now() - daysAgo * DAY).toISOString();
    execFileSync('git', args, { cwd: root, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  };
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  git(['init', '-q', '-b', 'main']);
  git(['config', 'user.email', 'dev@example.com']);
  git(['config', 'user.name', 'Dev']);
  git(['config', 'commit.gpgsign', 'false']);
  write('package.json', '{ "name": "churn", "type": "module" }\n');
  write('README.md', '# churn\n');
  write('src/core/a.ts', 'export const a = 0;\n');
  write('src/ui/b.ts', "import { grade } from '../core/a.js';\nexport const b = () => grade(1);\n");
  git(['add', '.']);
  git(['commit', '-q', '-m', 'start'], 200);
  write('src/core/a.ts', 'export const a = 1;\n');
  write('src/ui/b.ts', "import { grade } from '../core/a.js';\nexport const b = () => grade(2);\n");
  git(['commit', '-q', '-am', 'both'], 20);
  write('src/core/a.ts', complex);
  git(['commit', '-q', '-am', 'grade'], 10);
  write('src/core/a.ts', `${complex}export const version = 2;\n`);
  write('src/core/c.ts', 'export const c = 3;\n');
  git(['add', '.']);
  git(['commit', '-q', '-m', 'version'], 5);
  git(['checkout', '-q', '-b', 'feature'], 4);
  write('src/ui/b.ts', "import { grade } from '../core/a.js';\nexport const b = () => grade(3);\n");
  git(['commit', '-q', '-am', 'feature'], 3);
  git(['checkout', '-q', 'main'], 2);
  git(['merge', '-q', '--no-ff', '-m', 'merge feature', 'feature'], 2);
  return root;
}

describe('readChurn', () => {
  let repository: string;
  beforeAll(() => {
    repository = createRepository();
  });

  it('counts the non-merge commits of the window per file, in one pass', async () => {
    const commits = (await readChurn(repository, 90))!;
    expect(commits).toHaveLength(4);
    expect(Object.fromEntries(churnByFile(commits))).toEqual({ 'src/core/a.ts': 3, 'src/core/c.ts': 1, 'src/ui/b.ts': 2 });
  });

  it('honours the window', async () => {
    expect(Object.fromEntries(churnByFile((await readChurn(repository, 15))!))).toEqual({ 'src/core/a.ts': 2, 'src/core/c.ts': 1, 'src/ui/b.ts': 1 });
    expect(Object.fromEntries(churnByFile((await readChurn(repository, 365))!))).toEqual({
      'README.md': 1,
      'package.json': 1,
      'src/core/a.ts': 4,
      'src/core/c.ts': 1,
      'src/ui/b.ts': 3,
    });
  });

  it('gives paths relative to a scan root below the repository top', async () => {
    expect(Object.fromEntries(churnByFile((await readChurn(path.join(repository, 'src/core'), 90))!))).toEqual({ 'a.ts': 3, 'c.ts': 1 });
  });

  it('counts a commit once per module', async () => {
    const commits = (await readChurn(repository, 90))!;
    const moduleOf = (file: string) => (file.endsWith('.ts') ? file.split('/').slice(0, 2).join('/') : undefined);
    expect(Object.fromEntries(churnByModule(commits, moduleOf))).toEqual({ 'src/core': 3, 'src/ui': 2 });
  });

  it('returns nothing outside a git repository', async () => {
    const plain = mkdtempSync(path.join(tmpdir(), 'debt-scan-nogit-'));
    temporary.push(plain);
    expect(await readChurn(plain, 90)).toBeUndefined();
  });

  it('shows churn next to risk in the scan and ranks hotspots', async () => {
    const report = await scan({ root: repository, cache: false, workers: 0, preset: 'strict' });
    const modules = Object.fromEntries(report.modules.map((m) => [m.module, m.churn]));
    expect(modules).toEqual({ 'src/core': 3, 'src/ui': 2 });
    const graph = report.analyses.graph as GraphData;
    const hotspot = graph.hotspots.find((h) => h.file === 'src/core/a.ts')!;
    const debt = report.findings.filter((f) => f.file === 'src/core/a.ts').reduce((sum, f) => sum + f.effortMinutes, 0);
    expect(debt).toBeGreaterThanOrEqual(20); // the complex function
    expect(hotspot).toEqual({
      file: 'src/core/a.ts',
      risk: round2(riskOf(debt, 1, false)),
      churn: 3,
      score: round2(riskOf(debt, 1, false) * 3),
      debtMinutes: debt,
      dependents: 1,
      inCycle: false,
    });
  });
});

describe('parseGitLog', () => {
  it('reads records of a hash and NUL-separated paths, commits without paths included', async () => {
    expect(parseGitLog('\x1eaaa\nsrc/a.ts\0src/b.ts\0\0\x1ebbb\0\x1eccc\nsrc/a.ts\0')).toEqual([['src/a.ts', 'src/b.ts'], [], ['src/a.ts']]);
    expect(parseGitLog('')).toEqual([]);
  });
});
