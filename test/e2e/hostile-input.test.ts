import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/model/types.js';
import { CLI, failedRunResult, removeDirectory, type CliResult } from '../helpers/fixtures.js';

/**
 * A corpus of hostile trees, built here and never committed: FIFOs, links to devices, loops,
 * links out of the root, huge files, deep directories and odd names. Each case runs the built CLI
 * under a time limit; a run that has not ended by then is killed and the case fails, so a hang
 * is a failure, never a stuck suite. Every case must end with a defined exit code and a report
 * that names what was skipped and why.
 */

const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDirectory));

const onPosix = process.platform !== 'win32';
/** Far above a normal run of these small trees (a few seconds): only a hang reaches it. */
const RUN_LIMIT_MS = 45_000;
const CASE_TIMEOUT_MS = 90_000;

/** An empty catch block on line 2: a finding every analysed copy reports at the same place. */
const SWALLOWS = 'export function load(read: () => void): void {\n  try { read(); } catch { }\n}\n';

/** A fresh scan root with one ordinary source file holding a finding. */
function corpus(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-hostile-'));
  temporary.push(dir);
  for (const [file, content] of Object.entries({ 'src/ok.ts': SWALLOWS, ...files })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** A directory outside every scan root, for links to lead into. */
function outsideDirectory(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-outside-'));
  temporary.push(dir);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

function fifo(dir: string, file: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  execFileSync('mkfifo', [path.join(dir, file)]);
}

function link(dir: string, file: string, target: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  symlinkSync(target, path.join(dir, file));
}

interface LimitedRun extends CliResult {
  /** The run was still going at the time limit and was killed. */
  hung: boolean;
}

/** Runs the built CLI in `cwd`, killed after RUN_LIMIT_MS. */
function runLimited(args: readonly string[], cwd: string): Promise<LimitedRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...process.env, CI: 'true', NO_COLOR: '1' }, timeout: RUN_LIMIT_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve({ code: 0, stdout, stderr, hung: false });
        const hung = (error as { killed?: boolean }).killed === true;
        resolve({ ...failedRunResult(error), stdout, stderr, hung });
      },
    );
  });
}

/** Scans `dir` writing the JSON report to report.json there; the run must end in time. */
async function scanToJson(dir: string, extra: readonly string[] = []): Promise<{ run: LimitedRun; report: ReportModel }> {
  const run = await runLimited(['.', '--no-cache', '--preset', 'strict', '-f', 'json', '-o', 'report.json', ...extra], dir);
  expect(run.hung, `the scan of ${dir} did not end within ${RUN_LIMIT_MS / 1000} s`).toBe(false);
  expect(run.code, run.stderr).toBe(0);
  return { run, report: JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportModel };
}

const findingsOf = (report: ReportModel): string[] => report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);

describe('hostile trees: special files', () => {
  it.skipIf(!onPosix)('a debt-scan.config.json that is a FIFO is a configuration error (exit 2), not a hang', { timeout: CASE_TIMEOUT_MS }, async () => {
    const dir = corpus();
    fifo(dir, 'debt-scan.config.json');
    const run = await runLimited(['.', '--no-cache', '-f', 'json', '-o', 'report.json'], dir);
    expect(run.hung).toBe(false);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('debt-scan: configuration error\ndebt-scan.config.json: is not a regular file (a FIFO)\n');
    expect(() => readFileSync(path.join(dir, 'report.json'))).toThrow();
  });

  it.skipIf(!onPosix)('a debt-scan.config.json that links to /dev/zero is a configuration error (exit 2)', { timeout: CASE_TIMEOUT_MS }, async () => {
    const dir = corpus();
    link(dir, 'debt-scan.config.json', '/dev/zero');
    const run = await runLimited(['.', '--no-cache'], dir);
    expect(run.hung).toBe(false);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('debt-scan: configuration error\ndebt-scan.config.json: is not a regular file (a character device)\n');
  });

  it.skipIf(!onPosix)('a package.json at the root that is a FIFO is skipped with a warning', { timeout: CASE_TIMEOUT_MS }, async () => {
    const dir = corpus();
    fifo(dir, 'package.json');
    const { run, report } = await scanToJson(dir);
    expect(run.stderr).toContain('debt-scan: warning: package.json is not a regular file (a FIFO): not read for a debtScan configuration\n');
    expect(report.files.skippedFiles).toEqual([{ file: 'package.json', reason: 'special-file', detail: 'a FIFO, not a regular file' }]);
    expect(findingsOf(report)).toEqual(['src/ok.ts:2:19 debt-scan/no-swallowed-error']);
  });

  it.skipIf(!onPosix)('a .gitignore at the root that is a FIFO is skipped and named', { timeout: CASE_TIMEOUT_MS }, async () => {
    const dir = corpus();
    fifo(dir, '.gitignore');
    const { report } = await scanToJson(dir);
    expect(report.files.skippedFiles).toEqual([{ file: '.gitignore', reason: 'special-file', detail: 'a FIFO, not a regular file' }]);
    expect(report.files.skippedByReason).toEqual({ 'special-file': 1 });
    expect(findingsOf(report)).toEqual(['src/ok.ts:2:19 debt-scan/no-swallowed-error']);
  });

  it.skipIf(!onPosix)('.gitignore files below the root that are a FIFO or link to /dev/zero are skipped and named', { timeout: CASE_TIMEOUT_MS }, async () => {
    const dir = corpus({ 'lib/b.ts': SWALLOWS });
    fifo(dir, 'src/.gitignore');
    link(dir, 'lib/.gitignore', '/dev/zero');
    const { report } = await scanToJson(dir);
    expect(report.files.skippedFiles).toEqual([
      { file: 'lib/.gitignore', reason: 'special-file', detail: 'a link to a character device, not a regular file' },
      { file: 'src/.gitignore', reason: 'special-file', detail: 'a FIFO, not a regular file' },
    ]);
    expect(findingsOf(report)).toEqual(['lib/b.ts:2:19 debt-scan/no-swallowed-error', 'src/ok.ts:2:19 debt-scan/no-swallowed-error']);
  });

  it.skipIf(!onPosix)('manifests that are FIFOs or link to /dev/random are skipped, and module resolution goes on without them', { timeout: CASE_TIMEOUT_MS }, async () => {
    const dir = corpus({ 'src/main.ts': "import { load } from './ok';\nload(() => undefined);\n" });
    fifo(dir, 'tsconfig.json');
    fifo(dir, 'packages/a/package.json');
    link(dir, 'packages/b/package.json', '/dev/random');
    link(dir, 'jsconfig.json', '/dev/zero');
    const { report } = await scanToJson(dir);
    expect(report.files.skippedFiles).toEqual([
      { file: 'jsconfig.json', reason: 'special-file', detail: 'a link to a character device, not a regular file' },
      { file: 'packages/a/package.json', reason: 'special-file', detail: 'a FIFO, not a regular file' },
      { file: 'packages/b/package.json', reason: 'special-file', detail: 'a link to a character device, not a regular file' },
      { file: 'tsconfig.json', reason: 'special-file', detail: 'a FIFO, not a regular file' },
    ]);
    expect(report.files.scanned).toBe(2);
  });

  it.skipIf(!onPosix)('source files that are a FIFO or link to /dev/zero or /dev/random are skipped and named', { timeout: CASE_TIMEOUT_MS }, async () => {
    const dir = corpus();
    fifo(dir, 'src/pipe.ts');
    link(dir, 'src/zero.ts', '/dev/zero');
    link(dir, 'src/random.js', '/dev/random');
    const { report } = await scanToJson(dir);
    expect(report.files.skippedFiles).toEqual([
      { file: 'src/pipe.ts', reason: 'special-file', detail: 'a FIFO, not a regular file' },
      { file: 'src/random.js', reason: 'special-file', detail: 'a link to a character device, not a regular file' },
      { file: 'src/zero.ts', reason: 'special-file', detail: 'a link to a character device, not a regular file' },
    ]);
    expect(findingsOf(report)).toEqual(['src/ok.ts:2:19 debt-scan/no-swallowed-error']);
  });

  it.skipIf(!onPosix)('link loops end: a directory that links to its parent, a file that links to itself', { timeout: CASE_TIMEOUT_MS }, async () => {
    const dir = corpus();
    link(dir, 'src/again', '..');
    link(dir, 'src/self.ts', 'self.ts');
    const { report } = await scanToJson(dir);
    expect(report.files.skippedFiles.map((s) => [s.file, s.reason, s.reason === 'unreadable' ? s.detail : ''])).toEqual([
      ['src/again', 'symlink-loop', ''],
      ['src/self.ts', 'unreadable', 'ELOOP'],
    ]);
    expect(findingsOf(report)).toEqual(['src/ok.ts:2:19 debt-scan/no-swallowed-error']);
  });
});

describe('hostile trees: links that leave the scan root', () => {
  const SECRET = 'export function secretPlan(): void {\n  try { JSON.parse("s3cr3t-marker"); } catch { }\n}\n';

  it.skipIf(!onPosix)('a source file linked from outside the root is not read: its text reaches no report, unless --follow-links-outside', { timeout: CASE_TIMEOUT_MS }, async () => {
    const outside = outsideDirectory({ 'secret.ts': SECRET });
    const dir = corpus();
    link(dir, 'src/leak.ts', path.join(outside, 'secret.ts'));
    const run = await runLimited(['.', '--no-cache', '--verbose', '-f', 'text', '-f', 'json', '-o', 'report.json', '-f', 'sarif', '-o', 'report.sarif', '-f', 'html', '-o', 'report.html'], dir);
    expect(run.hung).toBe(false);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('src/leak.ts  outside-root (a link to a file outside the scan root)');
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportModel;
    expect(report.files.skippedFiles).toEqual([{ file: 'src/leak.ts', reason: 'outside-root', detail: 'a link to a file outside the scan root' }]);
    for (const output of [run.stdout, ...['report.json', 'report.sarif', 'report.html'].map((f) => readFileSync(path.join(dir, f), 'utf8'))]) {
      expect(output).not.toContain('s3cr3t-marker');
      expect(output).not.toContain('secretPlan');
    }

    const { report: followed } = await scanToJson(dir, ['--follow-links-outside']);
    expect(findingsOf(followed)).toEqual(['src/leak.ts:2:40 debt-scan/no-swallowed-error', 'src/ok.ts:2:19 debt-scan/no-swallowed-error']);
    expect(followed.findings[0].snippet).toContain('s3cr3t-marker');
  });

  it.skipIf(!onPosix)('a directory linked from outside the root is not entered', { timeout: CASE_TIMEOUT_MS }, async () => {
    const outside = outsideDirectory({ 'lib/a.ts': SECRET, 'lib/deeper/b.ts': SECRET });
    const dir = corpus();
    link(dir, 'src/vendored', path.join(outside, 'lib'));
    const { report } = await scanToJson(dir);
    expect(report.files.skippedFiles).toEqual([{ file: 'src/vendored', reason: 'outside-root', detail: 'a link to a directory outside the scan root' }]);
    expect(report.files.scanned).toBe(1);
  });

  it('include: ["../**"] is a configuration error naming the glob, not a silent empty scan', { timeout: CASE_TIMEOUT_MS }, async () => {
    const dir = corpus({ 'debt-scan.config.json': '{ "include": ["../**"] }' });
    const run = await runLimited(['.', '--no-cache'], dir);
    expect(run.hung).toBe(false);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'debt-scan: configuration error\ndebt-scan.config.json: `include[0]` can match no file: globs match paths relative to the scan root, which never start with "/" or "../" or hold a ".." segment (found "../**")\n',
    );
  });
});

describe('hostile trees: size, depth and names', () => {
  it('huge files are skipped by size without being read: a 200 MB source, a 5 MB .gitignore and package.json', { timeout: CASE_TIMEOUT_MS }, async () => {
    const big = `# ${'x'.repeat(5 * 1024 * 1024)}\n`;
    const dir = corpus({ '.gitignore': big, 'packages/p/package.json': big, 'packages/p/index.ts': SWALLOWS });
    writeFileSync(path.join(dir, 'src/huge.ts'), '');
    truncateSync(path.join(dir, 'src/huge.ts'), 200 * 1024 * 1024);
    const { report } = await scanToJson(dir);
    expect(report.files.skippedFiles).toEqual([
      { file: '.gitignore', reason: 'too-large', detail: '5242883 bytes, limit 4194304' },
      { file: 'packages/p/package.json', reason: 'too-large', detail: '5242883 bytes, limit 4194304' },
      { file: 'src/huge.ts', reason: 'too-large', detail: '209715200 bytes, limit 1048576' },
    ]);
    expect(findingsOf(report)).toEqual(['packages/p/index.ts:2:19 debt-scan/no-swallowed-error', 'src/ok.ts:2:19 debt-scan/no-swallowed-error']);
  });

  it('a file 300 directories deep is found and analysed', { timeout: CASE_TIMEOUT_MS }, async () => {
    const deep = Array.from({ length: 300 }, () => 'd').join('/');
    const dir = corpus({ [`${deep}/deep.ts`]: SWALLOWS });
    const { report } = await scanToJson(dir);
    expect(findingsOf(report)).toEqual([`${deep}/deep.ts:2:19 debt-scan/no-swallowed-error`, 'src/ok.ts:2:19 debt-scan/no-swallowed-error']);
    expect(report.files.skipped).toBe(0);
  });

  it.skipIf(!onPosix)('odd names are scanned under their exact names: a newline, spaces, unicode, leading dashes', { timeout: CASE_TIMEOUT_MS }, async () => {
    const names = ['src/new\nline.ts', 'src/with space.ts', 'src/ünï cødé ✓.ts', 'src/-rf.ts', 'src/--help.ts', 'src/-/x.ts'];
    const dir = corpus(Object.fromEntries(names.map((name) => [name, SWALLOWS])));
    const { report } = await scanToJson(dir);
    expect(report.files.skippedFiles).toEqual([]);
    expect(findingsOf(report)).toEqual(
      [...names, 'src/ok.ts'].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((name) => `${name}:2:19 debt-scan/no-swallowed-error`),
    );
  });
});

describe('hostile trees: encodings and line endings', () => {
  it('UTF-16 LE and BE sources with a byte order mark are analysed, their findings placed as in UTF-8', { timeout: CASE_TIMEOUT_MS }, async () => {
    const dir = corpus({
      'src/le.ts': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SWALLOWS, 'utf16le')]),
      'src/be.ts': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(SWALLOWS, 'utf16le').swap16()]),
    });
    const { report } = await scanToJson(dir);
    expect(report.files.skippedFiles).toEqual([]);
    expect(findingsOf(report)).toEqual([
      'src/be.ts:2:19 debt-scan/no-swallowed-error',
      'src/le.ts:2:19 debt-scan/no-swallowed-error',
      'src/ok.ts:2:19 debt-scan/no-swallowed-error',
    ]);
    expect(report.findings.map((f) => f.snippet)).toEqual(Array.from({ length: 3 }, () => '  try { read(); } catch { }'));
  });

  it('a source with CR-only line endings is analysed, not taken for minified, its lines counted as TypeScript counts them', { timeout: CASE_TIMEOUT_MS }, async () => {
    const long = Array.from({ length: 60 }, (_, i) => `export const value${i} = ${i};`).join('\n');
    const dir = corpus({ 'src/cr.ts': `${long}\n${SWALLOWS}`.replace(/\n/gu, '\r') });
    const { report } = await scanToJson(dir);
    expect(report.files.skippedFiles).toEqual([]);
    expect(findingsOf(report)).toEqual(['src/cr.ts:62:19 debt-scan/no-swallowed-error', 'src/ok.ts:2:19 debt-scan/no-swallowed-error']);
    expect(report.files.lines).toBe(3 + 63);
  });
});

describe('hostile flags', () => {
  it.skipIf(availableParallelism() >= 64)('--workers 64 is capped at the cores available beside the main thread, with a warning', { timeout: CASE_TIMEOUT_MS }, async () => {
    const dir = corpus();
    const { run, report } = await scanToJson(dir, ['--workers', '64', '--timings']);
    const beside = availableParallelism() - 1;
    expect(run.stderr).toContain(`debt-scan: warning: 64 workers asked for, more than the ${beside} cores available beside the main thread: using ${beside}\n`);
    expect(report.timings?.workers).toBe(beside);
  });
});
