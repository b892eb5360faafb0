import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, type CliIo } from '../../../src/cli/main.js';
import { REPO_ROOT, removeDirectory } from '../../helpers/fixtures.js';
import { ruleCatalog } from '../../../rules/catalog.js';

const dirs: string[] = [];
afterEach(() => {
  dirs.splice(0).forEach(removeDirectory);
  vi.restoreAllMocks();
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-cli-'));
  dirs.push(dir);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { CI: 'true', DEBT_SCAN_USER_CACHE: process.env.DEBT_SCAN_USER_CACHE },
    cwd,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const COMPLEX = `export function f(a: number) {\n${Array.from({ length: 16 }, (_, i) => `  if (a === ${i}) return ${i};`).join('\n')}\n  return -1;\n}\n`;

describe('main', () => {
  it('prints the summary and exits 0 when the gate passes', async () => {
    const dir = project({ 'src/a.ts': COMPLEX });
    const result = await run(['--no-cache', '--preset', 'strict'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Files +1 file scanned \(19 lines\), none skipped/u);
    expect(result.stdout).toContain('src/a.ts:1:1');
    expect(result.stdout).toContain('Quality gate passed');
    // no-complex-function is outside recommended, the default rule set
    const byDefault = await run(['--no-cache'], dir);
    expect(byDefault.stdout).toMatch(/Findings +0/u);
    expect(byDefault.stdout).not.toContain('src/a.ts:1:1');
  });

  it('prints a rule\'s documentation with `explain`, lists the rules without one, and exits 2 for an unknown rule', async () => {
    const dir = project({});
    const doc = readFileSync(path.join(REPO_ROOT, 'docs/rules/no-blind-cast.md'), 'utf8');
    expect(await run(['explain', 'no-blind-cast'], dir)).toEqual({ code: 0, stdout: doc, stderr: '' });
    expect((await run(['explain', 'debt-scan/no-blind-cast'], dir)).stdout).toBe(doc);
    const list = await run(['explain'], dir);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n').filter((line) => line.startsWith('  ')).map((line) => line.trim().split(/\s+/u)[0])).toEqual(ruleCatalog.map((r) => r.name));
    expect(await run(['explain', 'no-blind-cats'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'debt-scan: no debt-scan rule is named "no-blind-cats"; did you mean "no-blind-cast"? (debt-scan explain lists them)\n(run debt-scan --help for usage)\n',
    });
  });

  it('exits 1 when the gate fails', async () => {
    const dir = project({ 'src/a.ts': COMPLEX, 'debt-scan.config.json': '{ "rules": { "no-complex-function": "error" } }' });
    const result = await run(['--no-cache'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Quality gate FAILED: 1 finding at level "error"');
    expect((await run(['--no-cache', '--fail-on', 'never'], dir)).code).toBe(0);
  });

  it('says on stderr why the gate failed when every report goes to a file, as in CI', async () => {
    const dir = project({ 'src/a.ts': COMPLEX, 'debt-scan.config.json': '{ "rules": { "no-complex-function": "error" } }' });
    const result = await run(['--no-cache', '-f', 'sarif', '-o', 'debt.sarif'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').slice(1)).toEqual([
      'debt-scan: quality gate FAILED: 1 finding at level "error"',
      '  src/a.ts:1:1  error  debt-scan/no-complex-function',
      '',
    ]);
  });

  it('fails on warnings with --fail-on warn or warning, and the gate says why', async () => {
    const dir = project({ 'src/a.ts': COMPLEX, 'debt-scan.config.json': '{ "rules": { "no-complex-function": "warn" } }' });
    expect((await run(['--no-cache'], dir)).code).toBe(0);
    for (const level of ['warn', 'warning']) {
      const result = await run(['--no-cache', '--fail-on', level], dir);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('Quality gate FAILED: 1 finding at level "warning" or above');
    }
  });

  it('exits 2 for a path that does not exist, an unknown format, or a bad configuration', async () => {
    const dir = project({ 'a.ts': '', 'bad.json': '{ "gate": { "failOn": "eror" } }' });
    expect(await run(['missing'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('the path missing does not exist') });
    expect(await run(['--format', 'pdf'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown format "pdf"') });
    expect(await run(['--config', 'bad.json'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('bad.json: `gate.failOn` must be one of "error", "warning", "warn", "never" (found "eror")'),
    });
    expect(await run(['--workers', 'many'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('--workers takes a whole number') });
    expect(await run(['--bogus'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--bogus'") });
  });

  it('exits 0 with a clear message when there is nothing to scan', async () => {
    const dir = project({ 'README.md': '# nothing here' });
    const result = await run([], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Nothing to scan');
  });

  it('pairs each --output with the --format before it, and prints the one without', async () => {
    const dir = project({ 'src/a.ts': COMPLEX });
    const result = await run(['--no-cache', '--preset', 'strict', '-f', 'text', '-f', 'json', '-o', 'out/report.json', '-f', 'sarif', '-o', 'out/debt.sarif'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Quality gate passed');
    expect(JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8'))).toMatchObject({ schemaVersion: 1, summary: { findings: 1 } });
    expect(JSON.parse(readFileSync(path.join(dir, 'out/debt.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['debt.sarif', 'report.json']);
  });

  it('refuses two formats on stdout and an output of unknown format', async () => {
    const dir = project({ 'a.ts': '' });
    expect((await run(['-f', 'json', '-f', 'sarif'], dir)).stderr).toContain('only one format can print to stdout');
    expect(await run(['-f', 'json', '-o', 'a.json', '-o', 'b.xyz'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot tell the format of b.xyz') });
  });

  it('reports an unwritable output as a usage error and leaves no partial file', async () => {
    const dir = project({ 'a.ts': '', 'blocker': 'a file where a directory should be' });
    const result = await run(['--no-cache', '-f', 'json', '-o', 'blocker/report.json'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write .*blocker\/report\.json \((ENOTDIR|EEXIST)\)/u);
    expect(readdirSync(dir).sort()).toEqual(["a.ts", "blocker"]);
  });

  it('prints help with examples, and the version', async () => {
    const dir = project({});
    const help = await run(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('Exit codes: 0 success, 1 quality gate failed, 2 usage or configuration error, 3 internal error.');
    const version = await run(['--version'], dir);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/u);
  });

  it('exits 3 with a short report on an internal error, the stack only with --verbose', async () => {
    const dir = project({ 'a.ts': '' });
    const scanModule = await import('../../../src/scan.js');
    vi.spyOn(scanModule, 'scan').mockRejectedValue(new Error('unexpected state'));
    const { main: mainAgain } = await import('../../../src/cli/main.js');
    let stderr = '';
    const code = await mainAgain([], { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, env: { DEBT_SCAN_USER_CACHE: process.env.DEBT_SCAN_USER_CACHE }, cwd: dir });
    expect(code).toBe(3);
    expect(stderr).toContain('debt-scan: internal error: unexpected state');
    expect(stderr).toContain('(run with --verbose for the stack trace)');
  });
});

describe('--format and --output pairing', () => {
  it('follows command-line order, infers a format from an extension, and prints the unpaired one', async () => {
    const dir = project({ 'src/a.ts': COMPLEX });
    const result = await run(['--no-cache', '--format=json', '-o', 'a.json', '--output', 'b.sarif', '-f', 'text', '-fmarkdown', '-oc.md'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Quality gate passed');
    expect(JSON.parse(readFileSync(path.join(dir, 'a.json'), 'utf8'))).toMatchObject({ schemaVersion: 1 });
    expect(JSON.parse(readFileSync(path.join(dir, 'b.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
    expect(readFileSync(path.join(dir, 'c.md'), 'utf8')).toMatch(/^<!-- debt-scan report -->\n# /u);
  });
});
