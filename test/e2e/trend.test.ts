import { execFile, execFileSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ruleDefinitions } from '../../rules/index.js';
import type { ReportModel } from '../../src/model/types.js';
import type { TrendModel } from '../../src/trend/types.js';
import { DatedGitRepo } from '../helpers/dated-git-repo.js';
import { FIXTURES, REPO_ROOT, runCli, temporaryDirectories } from '../helpers/fixtures.js';

/** Only no-complex-function (limit 1: one `if` is too many), 10 minutes a finding; files over 4 KiB are skipped. */
const CONFIG = `${JSON.stringify(
  {
    rules: Object.fromEntries(ruleDefinitions.map((r) => [r.name, r.name === 'no-complex-function' ? ['warn', { maxComplexity: 1 }] : 'off'])),
    effort: { 'no-complex-function': 10 },
    files: { maxFileSize: 4096 },
  },
  null,
  2,
)}\n`;

const complex = (name: string, extra = '') => `export function ${name}(x: number): number {\n  if (x > 1) return 1;${extra}\n  return 0;\n}\n`;
const simple = (name: string) => `export function ${name}(x: number): number {\n  return x;\n}\n`;

const temporary = temporaryDirectories();
const tempDir = temporary.make;

/** Every path below dir with its size and modification time: what "nothing written" compares. */
function stateOf(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix)).flatMap((name) => {
    const relative = prefix ? `${prefix}/${name}` : name;
    const stats = statSync(path.join(dir, relative));
    return stats.isDirectory() ? [`${relative}/`, ...stateOf(dir, relative)] : [`${relative} ${stats.size} ${stats.mtimeMs}`];
  });
}

describe('debt-scan trend on a repository with dated commits', () => {
  const repo = new DatedGitRepo();
  temporary.keep(repo.dir);
  const c: Record<string, string> = {};
  let trend: TrendModel;
  let stderr: string;
  let before: string[];

  beforeAll(async () => {
    c.jan10 = repo.commit({
      date: '2025-01-10T12:00:00+0000',
      message: 'start',
      change: {
        'debt-scan.config.json': CONFIG,
        '.gitignore': 'generated/\n',
        'src/app/alpha.ts': complex('a1'),
        'src/lib/beta.ts': complex('b1'),
        // Traps: each holds a complex function that must not be reported.
        'node_modules/dep/index.js': complex('dep'),
        'generated/out.ts': complex('gen'),
        'src/app/bundle.min.js': `${complex('min').replace(/\n/gu, ' ')}${' '.repeat(1200)}\n`,
        'src/lib/huge.ts': `${complex('huge')}${'// padding to pass the size limit\n'.repeat(150)}`,
      },
    });
    c.jan20 = repo.commit({ date: '2025-01-20T12:00:00+0000', message: 'add b2', change: { 'src/lib/beta.ts': complex('b1') + complex('b2') } });
    c.mar05 = repo.commit({ date: '2025-03-05T12:00:00+0000', message: 'fix a1', change: { 'src/app/alpha.ts': simple('a1') } });
    c.apr12 = repo.commit({ date: '2025-04-12T12:00:00+0000', message: 'a1 is back', change: { 'src/app/alpha.ts': complex('a1') } });
    c.apr20 = repo.commit({ date: '2025-04-20T12:00:00+0000', message: 'add gamma', change: { 'src/app/gamma.ts': complex('g1') } });
    c.may15 = repo.commit({ date: '2025-05-15T12:00:00+0000', message: 'docs only', change: { 'README.md': '# demo\n' } });
    c.jun05 = repo.commit({ date: '2025-06-05T12:00:00+0000', message: 'drop b2', change: { 'src/lib/beta.ts': complex('b1') } });
    c.jun10 = repo.commit({
      date: '2025-06-10T12:00:00+0000',
      message: 'touch b1, add delta',
      change: { 'src/lib/beta.ts': complex('b1', '\n  if (x > 5) return 5;'), 'src/app/delta.ts': complex('d1') },
    });
    c.jul02 = repo.commit({ date: '2025-07-02T12:00:00+0000', message: 'after the window', change: { 'src/app/late.ts': complex('late') } });

    before = stateOf(repo.dir);
    const out = path.join(tempDir('debt-scan-trend-out-'), 'trend.json');
    const result = await runCli(['trend', '--months', '6', '--until', '2025-06-30', '--format', 'json', '--output', out], repo.dir);
    expect(result.stderr).not.toMatch(/internal error/u);
    expect(result.code).toBe(0);
    stderr = result.stderr;
    trend = JSON.parse(readFileSync(out, 'utf8')) as TrendModel;
  });

  it('writes nothing into the repository', () => {
    expect(stateOf(repo.dir)).toEqual(before);
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('takes for each month the last commit of the branch at or before its end', () => {
    expect(trend.branch).toBe('main');
    expect(trend.points.map((p) => [p.label, p.status, p.commit])).toEqual([
      ['2025-01', 'ok', c.jan20],
      ['2025-02', 'ok', c.jan20],
      ['2025-03', 'ok', c.mar05],
      ['2025-04', 'ok', c.apr20],
      ['2025-05', 'ok', c.may15],
      ['2025-06', 'ok', c.jun10],
    ]);
    expect(trend.points.map((p) => p.date)).toEqual([
      '2025-01-20T12:00:00.000Z',
      '2025-01-20T12:00:00.000Z',
      '2025-03-05T12:00:00.000Z',
      '2025-04-20T12:00:00.000Z',
      '2025-05-15T12:00:00.000Z',
      '2025-06-10T12:00:00.000Z',
    ]);
  });

  it('counts findings and debt, in total and by category, per month', () => {
    expect(trend.categories).toEqual(['complexity']);
    expect(trend.points.map((p) => [p.label, p.findings, p.debtMinutes, p.byCategory.complexity])).toEqual([
      ['2025-01', 3, 30, { findings: 3, debtMinutes: 30 }],
      ['2025-02', 3, 30, { findings: 3, debtMinutes: 30 }],
      ['2025-03', 2, 20, { findings: 2, debtMinutes: 20 }],
      ['2025-04', 4, 40, { findings: 4, debtMinutes: 40 }],
      ['2025-05', 4, 40, { findings: 4, debtMinutes: 40 }],
      ['2025-06', 4, 40, { findings: 4, debtMinutes: 40 }],
    ]);
    expect(trend.change).toEqual({ from: '2025-01', to: '2025-06', debtBefore: 30, debtAfter: 40, findingsBefore: 3, findingsAfter: 4 });
  });

  it('lists the findings introduced and fixed in each month', () => {
    const where = (refs: TrendModel['points'][number]['introduced']) => refs?.map((r) => `${r.file}:${r.line}`) ?? null;
    expect(trend.points.map((p) => [p.label, where(p.introduced), where(p.fixed)])).toEqual([
      ['2025-01', null, null],
      ['2025-02', [], []],
      ['2025-03', [], ['src/app/alpha.ts:1']],
      ['2025-04', ['src/app/alpha.ts:1', 'src/app/gamma.ts:1'], []],
      ['2025-05', [], []],
      ['2025-06', ['src/app/delta.ts:1'], ['src/lib/beta.ts:5']],
    ]);
  });

  it('names the modules that grew and fell, and the rule behind the growth', () => {
    expect(trend.modules).toEqual({
      grew: [{ module: 'src/app', debtBefore: 10, debtAfter: 30, debtDelta: 20, findingsBefore: 1, findingsAfter: 3 }],
      fell: [{ module: 'src/lib', debtBefore: 20, debtAfter: 10, debtDelta: -10, findingsBefore: 2, findingsAfter: 1 }],
    });
    expect(trend.rules).toEqual([
      {
        ruleId: 'debt-scan/no-complex-function',
        category: 'complexity',
        findingsBefore: 3,
        findingsAfter: 4,
        debtBefore: 30,
        debtAfter: 40,
        debtDelta: 10,
        shareOfGrowth: 1,
        introduced: 3,
        fixed: 2,
      },
    ]);
  });

  it('reports the finding that was fixed in March and came back in April as recurring', () => {
    expect(trend.recurring.map(({ fingerprint: _f, undoneFix: _u, broughtBackBy: _b, ...rest }) => rest)).toEqual([
      { ruleId: 'debt-scan/no-complex-function', file: 'src/app/alpha.ts', line: 1, firstSeen: '2025-01', fixedAt: ['2025-03'], reappearedAt: ['2025-04'], openNow: true },
    ]);
    // The memory of fixes names the repair that was undone and the commit that undid it.
    expect(trend.recurring.map((r) => [r.undoneFix?.commit, r.undoneFix?.subject, r.broughtBackBy?.commit, r.broughtBackBy?.subject])).toEqual([[c.mar05, 'fix a1', c.apr12, 'a1 is back']]);
  });

  it('dates the open findings: b1 (its body changed, its fingerprint did not) since the start', () => {
    expect(trend.open.map((f) => [f.file, f.line, f.since, f.sinceStart])).toEqual([
      ['src/lib/beta.ts', 1, '2025-01', true],
      ['src/app/alpha.ts', 1, '2025-04', false],
      ['src/app/gamma.ts', 1, '2025-04', false],
      ['src/app/delta.ts', 1, '2025-06', false],
    ]);
  });

  it('analyses each file content once and does not scan a repeated tree again', () => {
    const lines = stderr.split('\n').filter((l) => l.startsWith('debt-scan: 2025-'));
    expect(lines.map((l) => l.replace(/ \(\d+\.\d s\)$/u, ''))).toEqual([
      `debt-scan: 2025-01 (1/6) ${c.jan20.slice(0, 7)}: 2 files analysed, 0 unchanged`,
      `debt-scan: 2025-02 (2/6) ${c.jan20.slice(0, 7)}: same tree as an earlier point`,
      `debt-scan: 2025-03 (3/6) ${c.mar05.slice(0, 7)}: 1 files analysed, 1 unchanged`,
      `debt-scan: 2025-04 (4/6) ${c.apr20.slice(0, 7)}: 1 files analysed, 2 unchanged`,
      `debt-scan: 2025-05 (5/6) ${c.may15.slice(0, 7)}: 0 files analysed, 3 unchanged`,
      `debt-scan: 2025-06 (6/6) ${c.jun10.slice(0, 7)}: 2 files analysed, 2 unchanged`,
    ]);
  });

  it('finds at the last point exactly what a cold scan of a copy of that commit finds', async () => {
    const copy = tempDir('debt-scan-trend-archive-');
    const archive = execFileSync('git', ['archive', '--format=tar', c.jun10], { cwd: repo.dir, maxBuffer: 64 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', copy], { input: archive });
    const result = await runCli(['.', '--no-cache', '--format', 'json', '--output', 'report.json', '--fail-on', 'never'], copy);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(copy, 'report.json'), 'utf8')) as ReportModel;
    expect(report.findings.map((f) => f.fingerprint).sort()).toEqual(trend.open.map((f) => f.fingerprint).sort());
    expect(report.summary.debtMinutes).toBe(trend.points.at(-1)!.debtMinutes);
    expect(report.files.skippedFiles.map((s) => [s.file, s.reason])).toEqual([
      ['src/app/bundle.min.js', 'minified'],
      ['src/lib/huge.ts', 'too-large'],
    ]);
  });

  it('renders the same trend as Markdown with a Mermaid chart and one table row per month', async () => {
    const out = path.join(tempDir('debt-scan-trend-md-'), 'trend.md');
    const result = await runCli(['trend', '--months', '6', '--until', '2025-06-30', '--output', out, '--quiet'], repo.dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toContain(
      [
        '```mermaid',
        'xychart-beta',
        '  title "Debt (minutes)"',
        '  x-axis ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]',
        '  y-axis "minutes" 0 --> 50',
        '  bar [30, 30, 20, 40, 40, 40]',
        '```',
      ].join('\n'),
    );
    expect(markdown).toContain(
      [
        '| month | commit | findings | debt | debt / kLOC | complexity debt | introduced | fixed |',
        '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        // 30 minutes of debt in 12 code lines is 2,500 minutes per 1,000.
        `| 2025-01 | \`${c.jan20.slice(0, 7)}\` | 3 | 30 min | 2,500.0 min | 30 min |  |  |`,
        `| 2025-02 | \`${c.jan20.slice(0, 7)}\` | 3 | 30 min | 2,500.0 min | 30 min | 0 | 0 |`,
        `| 2025-03 | \`${c.mar05.slice(0, 7)}\` | 2 | 20 min | 1,818.2 min | 20 min | 0 | 1 |`,
        `| 2025-04 | \`${c.apr20.slice(0, 7)}\` | 4 | 40 min | 2,500.0 min | 40 min | 2 | 0 |`,
        `| 2025-05 | \`${c.may15.slice(0, 7)}\` | 4 | 40 min | 2,500.0 min | 40 min | 0 | 0 |`,
        `| 2025-06 | \`${c.jun10.slice(0, 7)}\` | 4 | 40 min | 2,352.9 min | 40 min | 1 | 1 |`,
      ].join('\n'),
    );
  });

  it('scans a directory below the top of the working tree with paths relative to it', async () => {
    const result = await runCli(['trend', '--root', 'src', '--config', 'debt-scan.config.json', '--months', '6', '--until', '2025-06-30', '--format', 'json', '--quiet'], repo.dir);
    expect(result.code).toBe(0);
    const sub = JSON.parse(result.stdout) as TrendModel;
    expect(sub.points.map((p) => p.findings)).toEqual([3, 3, 2, 4, 4, 4]);
    expect(sub.open.map((f) => f.file)).toEqual(['lib/beta.ts', 'app/alpha.ts', 'app/gamma.ts', 'app/delta.ts']);
  });

  it('follows another branch with --branch, and refuses one that does not exist (exit 2)', async () => {
    repo.git(['branch', 'old', c.mar05]);
    const result = await runCli(['trend', '--months', '1', '--until', '2025-06-30', '--branch', 'old', '--format', 'json', '--quiet'], repo.dir);
    expect(result.code).toBe(0);
    const old = JSON.parse(result.stdout) as TrendModel;
    expect(old.points.map((p) => [p.label, p.commit, p.findings])).toEqual([['2025-06', c.mar05, 2]]);

    const missing = await runCli(['trend', '--branch', 'no-such-branch'], repo.dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('debt-scan: the branch no-such-branch does not exist');
    expect(missing.stdout).toBe('');
  });

  it('refuses a shallow clone that lacks the months asked for (exit 2) and works within its depth', async () => {
    const shallow = path.join(tempDir('debt-scan-trend-shallow-'), 'clone');
    execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${repo.dir}`, shallow]);
    const result = await runCli(['trend', '--months', '6', '--until', '2025-06-30'], shallow);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('debt-scan: this is a shallow clone whose history starts at 2025-07-02, but the trend needs the state at 2025-01-31');
    expect(result.stderr).toContain('git fetch --unshallow');

    const within = await runCli(['trend', '--months', '1', '--until', '2025-07-31', '--format', 'json', '--quiet'], shallow);
    expect(within.code).toBe(0);
    expect((JSON.parse(within.stdout) as TrendModel).points.map((p) => [p.label, p.commit, p.findings])).toEqual([['2025-07', c.jul02, 5]]);
  });
  it('ends the window at the last commit by default, and writes every output it is given in one run', async () => {
    const dir = tempDir('debt-scan-trend-outputs-');
    const result = await runCli(['trend', '--months', '3', '-o', path.join(dir, 'trend.md'), '-o', path.join(dir, 'trend.html'), '-f', 'json', '-o', path.join(dir, 'points')], repo.dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`wrote the trend of 3 points to ${path.join(dir, 'trend.md')}, ${path.join(dir, 'trend.html')}, ${path.join(dir, 'points')}`);
    const json = JSON.parse(readFileSync(path.join(dir, 'points'), 'utf8')) as TrendModel;
    // The last commit is of 2025-07-02: months after it would only repeat its state.
    expect(json.points.map((p) => [p.label, p.commit])).toEqual([['2025-05', c.may15], ['2025-06', c.jun10], ['2025-07', c.jul02]]);
    expect(json.until).toBe('2025-07-02T12:00:00.000Z');
    expect(readFileSync(path.join(dir, 'trend.md'), 'utf8')).toContain(`| 2025-07 | \`${c.jul02.slice(0, 7)}\` |`);
    expect(readFileSync(path.join(dir, 'trend.html'), 'utf8')).toMatch(/^<!doctype html>/iu);
    const twice = await runCli(['trend', '--months', '1', '-f', 'json', '-f', 'markdown'], repo.dir);
    expect([twice.code, twice.stderr]).toEqual([2, 'debt-scan: only one format can print to stdout; give --output files for markdown\n(run debt-scan --help for usage)\n']);
  });
});

describe('debt-scan trend on commits whose dates are out of order', () => {
  it('never places a commit before its parent, and takes a tip dated in the future as the current state', async () => {
    const repo = new DatedGitRepo();
    temporary.keep(repo.dir);
    const now = new Date();
    const day = (monthsBack: number, date: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, date, 12)).toISOString();
    const label = (monthsBack: number) => day(monthsBack, 1).slice(0, 7);
    const a = repo.commit({ date: day(2, 2), message: 'start', change: { 'debt-scan.config.json': CONFIG, 'src/a.ts': complex('a') } });
    repo.commit({ date: day(1, 5), message: 'b', change: { 'src/b.ts': complex('b') } });
    // Dated in the month before its parent's: it holds b, so it cannot be the state of that month.
    const c = repo.commit({ date: day(2, 20), message: 'c', change: { 'src/c.ts': complex('c') } });
    const d = repo.commit({ date: '2099-01-01T12:00:00+0000', message: 'd, from a clock far ahead', change: { 'src/d.ts': complex('d') } });
    const out = path.join(tempDir('debt-scan-trend-out-'), 'trend.json');
    const result = await runCli(['trend', '--months', '3', '--format', 'json', '--output', out], repo.dir);
    expect(result.stderr).not.toMatch(/internal error/u);
    expect(result.code).toBe(0);
    const trend = JSON.parse(readFileSync(out, 'utf8')) as TrendModel;
    expect(trend.points.map((p) => [p.label, p.commit, p.findings])).toEqual([
      [label(2), a, 1],
      [label(1), c, 3],
      [label(0), d, 4],
    ]);
  });
});

describe('debt-scan trend outside git and with a broken point', () => {
  it('exits with 2 and says why outside a git repository', async () => {
    const dir = tempDir('debt-scan-trend-nogit-');
    const result = await runCli(['trend'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`debt-scan: cannot read the history of ${dir}: it is not inside a git working tree; run debt-scan trend in a git clone, or give --history FILE`);
  });

  it('reports a point that cannot be analysed and goes on with the others', async () => {
    const repo = new DatedGitRepo();
    temporary.keep(repo.dir);
    repo.commit({ date: '2025-01-10T12:00:00+0000', message: 'one', change: { 'debt-scan.config.json': CONFIG, 'src/a.ts': complex('a') } });
    const broken = repo.commit({ date: '2025-02-10T12:00:00+0000', message: 'two', change: { 'src/b.ts': complex('b') } });
    repo.commit({ date: '2025-03-10T12:00:00+0000', message: 'three', change: { 'src/a.ts': null, 'src/b.ts': null, 'src/c.ts': complex('c') } });
    // Lose the blob of src/b.ts, which only the February commit holds.
    const blob = repo.git(['rev-parse', `${broken}:src/b.ts`]).trim();
    rmSync(path.join(repo.dir, '.git/objects', blob.slice(0, 2), blob.slice(2)));

    const result = await runCli(['trend', '--months', '3', '--until', '2025-03-31', '--format', 'json'], repo.dir);
    expect(result.code).toBe(0);
    const trend = JSON.parse(result.stdout) as TrendModel;
    expect(trend.points.map((p) => [p.label, p.status, p.findings])).toEqual([
      ['2025-01', 'ok', 1],
      ['2025-02', 'failed', null],
      ['2025-03', 'ok', 1],
    ]);
    expect(trend.points[1].message).toMatch(new RegExp(`^could not analyse ${broken.slice(0, 12)}: `, 'u'));
    expect(result.stderr).toContain(`debt-scan: 2025-02 (2/3) ${broken.slice(0, 7)}: could not analyse ${broken.slice(0, 12)}`);
    expect(trend.points[2].introduced?.map((r) => r.file)).toEqual(['src/c.ts']);
    expect(trend.points[2].fixed?.map((r) => r.file)).toEqual(['src/a.ts']);
  });
});

describe('debt-scan --history and trend --history', () => {
  it('keeps every line whole when two processes append at once, and draws the trend from the file without git', async () => {
    const dir = tempDir('debt-scan-history-');
    cpSync(path.join(FIXTURES, 'ai-app'), path.join(dir, 'project'), { recursive: true, filter: (source) => !source.includes('node_modules') });
    const history = path.join(dir, 'ci/debt-history.jsonl');
    const scanTwice = async () => {
      const results = [];
      for (let i = 0; i < 2; i += 1) results.push(await runCli(['project', '--no-cache', '--quiet', '--fail-on', 'never', '--history', history], dir));
      return results;
    };
    const results = (await Promise.all([scanTwice(), scanTwice()])).flat();
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const lines = readFileSync(history, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    const runs = lines.slice(0, -1).map((line) => JSON.parse(line) as { kind: string; totals: { findings: number }; findings: unknown[] });
    expect(runs).toHaveLength(4);
    const report = await runCli(['project', '--no-cache', '--format', 'json', '--fail-on', 'never'], dir);
    const findings = (JSON.parse(report.stdout) as ReportModel).summary.findings;
    expect(findings).toBeGreaterThan(0);
    for (const r of runs) {
      expect(r.kind).toBe('debt-scan-run');
      expect(r.totals.findings).toBe(findings);
      expect(r.findings).toHaveLength(findings);
    }

    execFileSync('sh', ['-c', `printf '{"kind":"debt-scan-run", "cut' >> '${history}'`]);
    const trend = await runCli(['trend', '--history', history, '--months', '1', '--format', 'json'], dir);
    expect(trend.code).toBe(0);
    expect(trend.stderr).toBe(`debt-scan: warning: ${history}:5: not valid JSON; the line is skipped\n`);
    const model = JSON.parse(trend.stdout) as TrendModel;
    expect(model.source).toBe('history');
    expect(model.points).toHaveLength(1);
    expect(model.points[0].findings).toBe(findings);
    expect(model.open).toHaveLength(findings);
  });

  it('keeps 400 large lines from two processes appending in a loop whole', async () => {
    const dir = tempDir('debt-scan-append-race-');
    const file = path.join(dir, 'history.jsonl');
    const module = path.join(REPO_ROOT, 'dist/src/cli/append-history.js');
    const writer = (name: string) => `
      const { appendLine } = await import(${JSON.stringify(module)});
      for (let i = 0; i < 200; i += 1) {
        await appendLine(${JSON.stringify(file)}, JSON.stringify({ writer: ${JSON.stringify(name)}, i, pad: '${name}'.repeat(40000) }));
      }`;
    const run = (name: string) =>
      new Promise<void>((resolve, reject) => {
        execFile(process.execPath, ['--input-type=module', '-e', writer(name)], (error) => (error ? reject(error) : resolve()));
      });
    await Promise.all([run('a'), run('b')]);
    const lines = readFileSync(file, 'utf8').split('\n').slice(0, -1);
    expect(lines).toHaveLength(400);
    const parsed = lines.map((l) => JSON.parse(l) as { writer: string; i: number; pad: string });
    for (const name of ['a', 'b']) {
      expect(parsed.filter((p) => p.writer === name).map((p) => p.i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    }
    expect(parsed.every((p) => p.pad === p.writer.repeat(40000))).toBe(true);
  });
});
