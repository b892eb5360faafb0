import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ruleDefinitions } from '../../rules/index.js';
import type { ReportModel } from '../../src/model/types.js';
import type { TrendModel } from '../../src/trend/types.js';
import { reportSchemaViolations } from '../helpers/report-schema.js';
import { sarifSchemaViolation } from '../helpers/sarif.js';
import { DatedGitRepo } from '../helpers/dated-git-repo.js';
import { runCli, temporaryDirectories } from '../helpers/fixtures.js';

/** Only require-response-ok-check: each loader reads a response's body without checking `res.ok`. */
const CONFIG = `${JSON.stringify({ rules: Object.fromEntries(ruleDefinitions.map((r) => [r.name, r.name === 'require-response-ok-check' ? 'error' : 'off'])) }, null, 2)}\n`;

const loader = (name: string, variable = 'data', checked = false) => `export async function ${name}(id: string): Promise<unknown> {
  const res = await fetch(\`/api/${name}/\${id}\`);
${checked ? '  if (!res.ok) {\n    throw new Error(`request failed with status ${res.status}`, { cause: res.statusText });\n  }\n' : ''}  const ${variable} = await res.json();
  return ${variable};
}
`;

const temporary = temporaryDirectories();

/**
 * A history with every kind of disappearance: a fix (a check added above the reported line), a
 * file deleted, a line renamed (the finding is still there under another fingerprint), a fix
 * that is reverted the month after, and a finding left open all along.
 */
describe('the memory of fixes in the trend of a repository with known repairs', () => {
  const repo = new DatedGitRepo('debt-scan-fix-memory-');
  temporary.keep(repo.dir);
  const c: Record<string, string> = {};
  let trend: TrendModel;
  let markdown: string;

  beforeAll(async () => {
    c.start = repo.commit({
      date: '2025-01-10T12:00:00+0000',
      message: 'five loaders',
      change: {
        'debt-scan.config.json': CONFIG,
        'src/users.ts': loader('loadUser'),
        'src/orders.ts': loader('loadOrder', 'body'),
        'src/items.ts': loader('loadItem'),
        'src/carts.ts': loader('loadCart'),
        'src/prices.ts': loader('loadPrice', 'price'),
        'src/stock.ts': loader('loadStock', 'stock'),
      },
    });
    c.fixUsers = repo.commit({ date: '2025-02-10T12:00:00+0000', message: 'check the status of the user response', change: { 'src/users.ts': loader('loadUser', 'data', true) } });
    c.dropItems = repo.commit({ date: '2025-02-11T12:00:00+0000', message: 'items are gone', change: { 'src/items.ts': null } });
    c.moveStock = repo.commit({ date: '2025-02-11T12:30:00+0000', message: 'move stock', change: { 'src/stock.ts': null, 'src/inventory/stock.ts': loader('loadStock', 'stock') } });
    c.renameCart = repo.commit({ date: '2025-02-11T13:00:00+0000', message: 'rename a variable', change: { 'src/carts.ts': loader('loadCart', 'cart') } });
    c.fixPrices = repo.commit({ date: '2025-02-12T12:00:00+0000', message: 'check the status of the price response', change: { 'src/prices.ts': loader('loadPrice', 'price', true) } });
    c.revertPrices = repo.commit({ date: '2025-03-05T12:00:00+0000', message: 'Revert "check the status of the price response"', change: { 'src/prices.ts': loader('loadPrice', 'price') } });
    const out = temporary.make('debt-scan-fix-memory-out-');
    const result = await runCli(
      ['trend', '--months', '3', '--until', '2025-03-31', '--format', 'json', '--output', path.join(out, 'trend.json'), '--format', 'markdown', '--output', path.join(out, 'trend.md')],
      repo.dir,
    );
    expect(result.stderr).not.toMatch(/internal error|memory of fixes is left out/u);
    expect(result.code).toBe(0);
    trend = JSON.parse(readFileSync(path.join(out, 'trend.json'), 'utf8')) as TrendModel;
    markdown = readFileSync(path.join(out, 'trend.md'), 'utf8');
  });

  it('counts as fixes only findings gone while their file stayed, each with its commit and the hunk that removed it', () => {
    const events = trend.memory?.events.map((e) => [e.file, e.line, e.fixedIn, e.commit, e.hunk?.lines.filter((l) => l.startsWith('+')).length]);
    expect(events).toEqual([
      ['src/prices.ts', 3, '2025-02', c.fixPrices, 3],
      ['src/users.ts', 3, '2025-02', c.fixUsers, 3],
    ]);
    expect(trend.memory?.events[1].hunk?.lines).toEqual([
      ' export async function loadUser(id: string): Promise<unknown> {',
      '   const res = await fetch(`/api/loadUser/${id}`);',
      '+  if (!res.ok) {',
      '+    throw new Error(`request failed with status ${res.status}`, { cause: res.statusText });',
      '+  }',
      '   const data = await res.json();',
      '   return data;',
    ]);
  });

  it('keeps per rule what was introduced, fixed, removed with its file (deleted, moved) or rewritten, still open, and how fast it was fixed', () => {
    expect(trend.memory?.rules).toEqual([
      { ruleId: 'debt-scan/require-response-ok-check', introduced: 2, fixed: 2, removed: 3, open: 4, medianDaysToFix: 32, fixRate: 0.33 },
    ]);
  });

  it('gives each open finding the repair that was kept, never the one that was undone', () => {
    const precedents = trend.open.map((f) => [f.file, f.precedent?.commit, f.precedent?.file, f.precedent?.similarity]);
    expect(precedents).toEqual([
      ['src/orders.ts', c.fixUsers, 'src/users.ts', 1],
      ['src/carts.ts', c.fixUsers, 'src/users.ts', 1],
      ['src/inventory/stock.ts', c.fixUsers, 'src/users.ts', 1],
      ['src/prices.ts', c.fixUsers, 'src/users.ts', 1],
    ]);
    expect(trend.memory?.precedents).toEqual({ open: 4, withPrecedent: 4, minimumSimilarity: 0.8 });
  });

  it('names for a recurring finding the fix that was undone and the commit that brought it back, first in the report', () => {
    expect(trend.recurring.map((r) => [r.file, r.fixedAt, r.reappearedAt, r.undoneFix?.commit, r.broughtBackBy?.commit])).toEqual([
      ['src/prices.ts', ['2025-02'], ['2025-03'], c.fixPrices, c.revertPrices],
    ]);
    const sections = [...markdown.matchAll(/^## (.+)$/gmu)].map((m) => m[1]);
    expect(sections[0]).toBe('Recurring findings');
    expect(sections).toContain('How this team fixes its debt');
    expect(markdown).toContain('fixed before at');
  });
});

describe('a scan with --memory', () => {
  const repo = new DatedGitRepo('debt-scan-scan-memory-');
  temporary.keep(repo.dir);
  let fix: string;
  let out: string;
  let stdout: string;
  let report: ReportModel;

  beforeAll(async () => {
    repo.commit({ date: '2025-01-10T12:00:00+0000', message: 'two loaders', change: { 'debt-scan.config.json': CONFIG, 'src/users.ts': loader('loadUser'), 'src/orders.ts': loader('loadOrder', 'body') } });
    fix = repo.commit({ date: '2025-02-10T12:00:00+0000', message: 'check the status of the user response', change: { 'src/users.ts': loader('loadUser', 'data', true) } });
    // Not committed: the scan reads the working tree, the memory the history.
    writeFileSync(path.join(repo.dir, 'src/carts.ts'), loader('loadCart', 'cart'));
    out = temporary.make('debt-scan-scan-memory-out-');
    const formats = ['json', 'sarif', 'markdown', 'html'].flatMap((f) => ['--format', f, '--output', path.join(out, `report.${f}`)]);
    const result = await runCli(['--memory', '--verbose', '--no-cache', '--format', 'text', ...formats], repo.dir);
    expect(result.stderr).not.toMatch(/internal error|warning/u);
    expect(result.code).toBe(1); // require-response-ok-check is at level error: the gate fails as without --memory
    stdout = result.stdout;
    report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as ReportModel;
  });

  it('gives each finding the past fix of its rule, in a report that keeps to its schema', () => {
    expect(report.findings.map((f) => [f.file, f.precedent?.commit, f.precedent?.file, f.precedent?.hunk.lines.filter((l) => l.startsWith('+')).length])).toEqual([
      ['src/carts.ts', fix, 'src/users.ts', 3],
      ['src/orders.ts', fix, 'src/users.ts', 3],
    ]);
    expect(report.memory).toMatchObject({ from: '2025-01', fixes: 1, fixesWithHunk: 1, precedents: { open: 2, withPrecedent: 2, minimumSimilarity: 0.8 } });
    expect(reportSchemaViolations(report)).toEqual([]);
  });

  it('shows the fix in SARIF (a related location and the Markdown of the message), Markdown, HTML and the verbose console', () => {
    const sarif = JSON.parse(readFileSync(path.join(out, 'report.sarif'), 'utf8')) as { runs: { results: { message: { markdown?: string }; relatedLocations?: { message: { text: string } }[] }[] }[] };
    expect(sarifSchemaViolation(sarif)).toBeUndefined();
    const [result] = sarif.runs[0].results;
    expect(result.relatedLocations?.map((r) => r.message.text)).toEqual([`fixed before at commit ${fix.slice(0, 12)} (2025-02-10): check the status of the user response`]);
    expect(result.message.markdown).toContain(`Fixed here before at commit \`${fix.slice(0, 12)}\``);
    expect(result.message.markdown).toContain('+  if (!res.ok) {');
    expect(readFileSync(path.join(out, 'report.markdown'), 'utf8')).toContain(`fixed before at ${fix.slice(0, 7)} (2025-02-10) in src/users.ts:3`);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('<details class="precedent"><summary>fixed here before at');
    expect(stdout).toContain(`src/orders.ts:3  debt-scan/require-response-ok-check: fixed before at ${fix.slice(0, 7)}`);
  });

  it('leaves the memory out with a notification where there is no history, and refuses a bad --memory-months', async () => {
    const plain = temporary.make('debt-scan-no-git-');
    mkdirSync(path.join(plain, 'src'));
    writeFileSync(path.join(plain, 'src/orders.ts'), loader('loadOrder'));
    writeFileSync(path.join(plain, 'debt-scan.config.json'), CONFIG);
    const target = path.join(plain, 'out.json');
    const result = await runCli(['--memory', '--no-cache', '--format', 'json', '--output', target], plain);
    expect(result.code).toBe(1);
    const model = JSON.parse(readFileSync(target, 'utf8')) as ReportModel;
    expect(model.memory).toBeUndefined();
    expect(model.findings).toHaveLength(1);
    expect(model.notifications.filter((n) => n.kind === 'memory-unavailable').map((n) => n.message)).toEqual([
      expect.stringMatching(/^the memory of fixes is left out: cannot read the history of .*: it is not inside a git working tree/u),
    ]);
    // A shallow clone holds one commit: its history starts after the window does.
    const shallow = path.join(temporary.make('debt-scan-shallow-'), 'clone');
    execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${repo.dir}`, shallow]);
    const cut = await runCli(['--memory', '--no-cache', '--format', 'json', '--output', path.join(shallow, '..', 'out.json')], shallow);
    expect(cut.code).toBe(1);
    const cutModel = JSON.parse(readFileSync(path.join(shallow, '..', 'out.json'), 'utf8')) as ReportModel;
    expect(cutModel.memory).toBeUndefined();
    expect(cutModel.notifications.find((n) => n.kind === 'memory-unavailable')?.message).toMatch(/^the memory of fixes is left out: this is a shallow clone whose history starts at /u);
    const bad = await runCli(['--memory', '--memory-months', 'a year', '--no-cache'], plain);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--memory-months takes a whole number from 2 to 120 (found "a year")');
  });
});

describe('the memory of fixes on awkward histories', () => {
  async function trendOf(repo: DatedGitRepo, until: string): Promise<TrendModel> {
    const out = path.join(temporary.make('debt-scan-memory-edge-out-'), 'trend.json');
    const result = await runCli(['trend', '--months', '2', '--until', until, '--format', 'json', '--output', out], repo.dir);
    expect(result.stderr).not.toMatch(/internal error|memory of fixes is left out/u);
    expect(result.code).toBe(0);
    return JSON.parse(readFileSync(out, 'utf8')) as TrendModel;
  }

  it('keeps a fix made inside a huge change as a fix event, without a hunk and so without a precedent', async () => {
    const repo = new DatedGitRepo('debt-scan-memory-huge-');
    temporary.keep(repo.dir);
    repo.commit({ date: '2025-01-10T12:00:00+0000', message: 'two loaders', change: { 'debt-scan.config.json': CONFIG, 'src/users.ts': loader('loadUser'), 'src/orders.ts': loader('loadOrder') } });
    const table = Array.from({ length: 6000 }, (_, i) => `export const ENTRY_${i} = { id: ${i}, label: 'entry number ${i} of the generated table' };`).join('\n');
    const fix = repo.commit({ date: '2025-02-10T12:00:00+0000', message: 'fix, with a table', change: { 'src/users.ts': `${loader('loadUser', 'data', true)}${table}\n` } });
    const trend = await trendOf(repo, '2025-02-28');
    expect(trend.memory?.events.map((e) => [e.file, e.commit, e.hunk])).toEqual([['src/users.ts', fix, undefined]]);
    expect(trend.memory?.precedents).toEqual({ open: 1, withPrecedent: 0, minimumSimilarity: 0.8 });
  });

  it('says that nothing was fixed in a window without fixes', async () => {
    const repo = new DatedGitRepo('debt-scan-memory-none-');
    temporary.keep(repo.dir);
    repo.commit({ date: '2025-01-10T12:00:00+0000', message: 'a loader', change: { 'debt-scan.config.json': CONFIG, 'src/users.ts': loader('loadUser') } });
    repo.commit({ date: '2025-02-10T12:00:00+0000', message: 'another', change: { 'src/orders.ts': loader('loadOrder') } });
    const trend = await trendOf(repo, '2025-02-28');
    expect(trend.memory).toMatchObject({ fixes: 0, fixesWithHunk: 0, events: [], precedents: { open: 2, withPrecedent: 0 } });
    expect(trend.memory?.rules).toEqual([{ ruleId: 'debt-scan/require-response-ok-check', introduced: 1, fixed: 0, removed: 0, open: 2, medianDaysToFix: null, fixRate: 0 }]);
  });
});

describe('a trend without the memory', () => {
  it('leaves it out with --no-memory', async () => {
    const repo = new DatedGitRepo('debt-scan-no-memory-');
    temporary.keep(repo.dir);
    repo.commit({ date: '2025-01-10T12:00:00+0000', message: 'one', change: { 'debt-scan.config.json': CONFIG, 'src/users.ts': loader('loadUser') } });
    repo.commit({ date: '2025-02-10T12:00:00+0000', message: 'fix', change: { 'src/users.ts': loader('loadUser', 'data', true) } });
    const out = path.join(temporary.make('debt-scan-no-memory-out-'), 'trend.json');
    const result = await runCli(['trend', '--months', '2', '--until', '2025-02-28', '--no-memory', '--format', 'json', '--output', out], repo.dir);
    expect(result.code).toBe(0);
    const model = JSON.parse(readFileSync(out, 'utf8')) as TrendModel;
    expect(model.memory).toBeUndefined();
    expect(model.points.map((p) => p.fixed?.length ?? null)).toEqual([null, 1]);
  });
});
