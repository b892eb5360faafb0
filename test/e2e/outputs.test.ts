import { execFile, execFileSync, spawn, type StdioOptions } from 'node:child_process';
import { closeSync, lstatSync, mkdtempSync, openSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DatedGitRepo } from '../helpers/dated-git-repo.js';
import { CLI, copyFixture, removeDirectory, runCli } from '../helpers/fixtures.js';

const execFileAsync = promisify(execFile);
const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDirectory));

function privateDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-outputs-'));
  temporary.push(dir);
  return dir;
}

function fixture(name: string): string {
  const dir = copyFixture(name);
  temporary.push(dir);
  return dir;
}

interface SpawnResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with the given stdio; `onStdout` receives its stdout when that is a pipe. */
async function spawnCli(args: readonly string[], cwd: string, stdio: StdioOptions, onStdout?: (stream: NodeJS.ReadableStream & { destroy(): void }) => void): Promise<SpawnResult> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio, env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  if (child.stdout) {
    if (onStdout) onStdout(child.stdout);
    else child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  }
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  return { code, stdout, stderr };
}

const isRoot = process.getuid?.() === 0;

/** Makes a character device node with the numbers of /dev/null (1, 3) or /dev/full (1, 7); false where the system refuses. */
function makeDevice(file: string, minor: 3 | 7): boolean {
  try {
    execFileSync('mknod', [file, 'c', '1', String(minor)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('--output onto what is already at the path', () => {
  it.skipIf(!isRoot)('streams to a character device node and leaves it a device (needs root to make one)', async () => {
    const dir = fixture('ai-app');
    const sink = path.join(privateDir(), 'null');
    const full = path.join(privateDir(), 'full');
    if (!makeDevice(sink, 3) || !makeDevice(full, 7)) return expect.fail('mknod refused to make a device node although running as root');

    const written = await runCli(['--no-cache', '--fail-on', 'never', '-f', 'json', '-o', sink], dir);
    expect(written).toMatchObject({ code: 0, stderr: `debt-scan: 75 findings; wrote ${sink}; cache: off\n` });
    expect(lstatSync(sink).isCharacterDevice()).toBe(true);
    expect(lstatSync(sink).rdev).toBe(lstatSync('/dev/null').rdev);

    // The full device proves the report goes to the device: its writes fail with ENOSPC.
    const failed = await runCli(['--no-cache', '--fail-on', 'never', '-f', 'json', '-o', full], dir);
    expect(failed).toMatchObject({ code: 2, stderr: `debt-scan: cannot write ${full} (ENOSPC)\n` });
    expect(lstatSync(full).isCharacterDevice()).toBe(true);
  });

  it('streams to a FIFO, whose reader gets the whole report, and leaves it a FIFO', async () => {
    const dir = fixture('ai-app');
    const fifo = path.join(privateDir(), 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const received = readFile(fifo, 'utf8'); // opens in a libuv thread: the CLI's open finds a reader
    const result = await runCli(['--no-cache', '--fail-on', 'never', '-f', 'json', '-o', fifo, '-f', 'json', '-o', 'report.json'], dir);
    expect(result.code).toBe(0);
    expect(await received).toBe(readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('refuses a symbolic link to a file with exit 2 and one line, leaving link and target as they were', async () => {
    const dir = fixture('clean');
    const folder = privateDir();
    writeFileSync(path.join(folder, 'target.json'), 'keep');
    symlinkSync('target.json', path.join(folder, 'link.json'));
    symlinkSync('missing.json', path.join(folder, 'dangling.json'));

    const result = await runCli(['--no-cache', '-f', 'json', '-o', path.join(folder, 'link.json')], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `debt-scan: cannot write ${folder}/link.json: it is a symbolic link to target.json, and debt-scan does not write through links (a link in a checked-out tree could send the report anywhere); name the target itself, or remove the link\n`,
    );
    expect(lstatSync(path.join(folder, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(folder, 'target.json'), 'utf8')).toBe('keep');

    const dangling = await runCli(['--no-cache', '-f', 'json', '-o', path.join(folder, 'dangling.json')], dir);
    expect(dangling.code).toBe(2);
    expect(readdirSync(folder).sort()).toEqual(['dangling.json', 'link.json', 'target.json']);
  });

  it('writes through a symbolic link to a FIFO, which stays a link', async () => {
    const dir = fixture('clean');
    const folder = privateDir();
    execFileSync('mkfifo', [path.join(folder, 'pipe')]);
    symlinkSync('pipe', path.join(folder, 'report.json'));
    const received = readFile(path.join(folder, 'pipe'), 'utf8');
    const result = await runCli(['--no-cache', '-f', 'json', '-o', path.join(folder, 'report.json')], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(await received)).toMatchObject({ schemaVersion: 1, summary: { findings: 0 } });
    expect(lstatSync(path.join(folder, 'report.json')).isSymbolicLink()).toBe(true);
  });

  it('prints to stdout for `-o -` and creates no file named -', async () => {
    const dir = fixture('clean');
    const result = await runCli(['--no-cache', '-f', 'json', '-o', '-'], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ schemaVersion: 1 });
    expect(result.stderr).toBe('');
    expect(readdirSync(dir)).not.toContain('-');
  });

  it('refuses a directory with exit 2 and one line', async () => {
    const dir = fixture('clean');
    const folder = privateDir();
    const result = await runCli(['--no-cache', '-f', 'json', '-o', folder], dir);
    expect(result).toMatchObject({ code: 2, stderr: `debt-scan: cannot write ${folder}: it is a directory\n` });
  });

  it('replaces a regular file whole and keeps its mode', async () => {
    const dir = fixture('clean');
    const report = path.join(privateDir(), 'report.json');
    writeFileSync(report, 'old', { mode: 0o640 });
    const result = await runCli(['--no-cache', '-f', 'json', '-o', report], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ schemaVersion: 1 });
    expect(lstatSync(report).mode & 0o777).toBe(0o640);
    expect(readdirSync(path.dirname(report))).toEqual(['report.json']);
  });

  it('refuses a history file that is a symbolic link, and appends nothing to its target', async () => {
    const dir = fixture('clean');
    const folder = privateDir();
    writeFileSync(path.join(folder, 'target'), 'keep\n');
    symlinkSync('target', path.join(folder, 'history.jsonl'));
    const result = await runCli(['--no-cache', '--history', path.join(folder, 'history.jsonl')], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`debt-scan: cannot write the history file ${folder}/history.jsonl: it is a symbolic link; name its target itself, or remove the link\n`);
    expect(readFileSync(path.join(folder, 'target'), 'utf8')).toBe('keep\n');
  });
});

describe('stdout that stops taking the report', () => {
  it('ends quietly with the gate’s exit code when the reader closes the pipe early (debt-scan | head -c 10)', async () => {
    const dir = fixture('ai-app');
    // A shell's pipe holds 64 KiB and head reads 10 bytes of the 170 KiB of SARIF: the rest meets a closed pipe.
    const script = `"${process.execPath}" "${CLI}" --no-cache --fail-on never -f sarif | head -c 10; echo " exit \${PIPESTATUS[0]}"`;
    const result = await execFileAsync('bash', ['-c', script], { cwd: dir, env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    expect(result).toEqual({ stdout: '{\n  "$sche exit 0\n', stderr: '' });
  });

  it('keeps exit 1 of a failed gate when the reader leaves before anything is written', async () => {
    const dir = fixture('ai-app');
    const result = await spawnCli(['--no-cache'], dir, ['ignore', 'pipe', 'pipe'], (stdout) => stdout.destroy());
    expect(result).toMatchObject({ code: 1, stderr: '' });
  });

  it('exits 2 with one line when stdout is a full disk (> /dev/full)', async () => {
    const dir = fixture('ai-app');
    const full = openSync('/dev/full', 'w');
    try {
      const result = await spawnCli(['--no-cache', '--fail-on', 'never'], dir, ['ignore', full, 'pipe']);
      expect(result).toMatchObject({ code: 2, stderr: 'debt-scan: cannot write to stdout (ENOSPC)\n' });
    } finally {
      closeSync(full);
    }
  });
});

describe('the outputs of debt-scan trend', () => {
  it('refuses a link, prints for `-o -`, and exits 2 with one line on a full disk', async () => {
    const dir = fixture('clean');
    const folder = privateDir();
    const history = path.join(folder, 'history.jsonl');
    expect((await runCli(['--no-cache', '-q', '--history', history], dir)).code).toBe(0);
    writeFileSync(path.join(folder, 'target.md'), 'keep');
    symlinkSync('target.md', path.join(folder, 'trend.md'));

    const linked = await runCli(['trend', '--history', history, '-o', path.join(folder, 'trend.md')], dir);
    expect(linked.code).toBe(2);
    expect(linked.stderr).toMatch(/^debt-scan: cannot write .*\/trend\.md: it is a symbolic link to target\.md, and debt-scan does not write through links/u);
    expect(readFileSync(path.join(folder, 'target.md'), 'utf8')).toBe('keep');

    const printed = await runCli(['trend', '--history', history, '-o', '-'], dir);
    expect(printed).toMatchObject({ code: 0, stdout: expect.stringMatching(/^# debt-scan trend\n/u), stderr: '' });

    const full = openSync('/dev/full', 'w');
    try {
      const result = await spawnCli(['trend', '--history', history], dir, ['ignore', full, 'pipe']);
      expect(result).toMatchObject({ code: 2, stderr: 'debt-scan: cannot write to stdout (ENOSPC)\n' });
    } finally {
      closeSync(full);
    }
  });
});

describe('an error that nothing caught', () => {
  /** Preloaded: once the CLI listens for uncaught errors, throws one (`throw`) or rejects a promise nobody awaits (`reject`). */
  function preload(kind: 'throw' | 'reject'): string {
    const file = path.join(privateDir(), 'fail.mjs');
    const fail = kind === 'throw' ? 'throw new Error("boom\\n::error::x")' : 'void Promise.reject(new Error("boom\\n::error::x"))';
    writeFileSync(
      file,
      `const on = process.on.bind(process);\nprocess.on = (event, listener) => {\n  on(event, listener);\n  if (event === 'unhandledRejection') setImmediate(() => { ${fail}; });\n  return process;\n};\n`,
    );
    return file;
  }

  it.each(['throw', 'reject'] as const)('ends as an internal error, exit 3, in three lines without a stack (%s)', async (kind) => {
    const dir = fixture('ai-app');
    const child = spawn(process.execPath, ['--import', pathToFileURL(preload(kind)).href, CLI, '--no-cache'], { cwd: dir, env: { ...process.env, CI: 'true' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(3);
    expect(stderr).toBe('debt-scan: internal error: boom\\n::error::x\n(run with --verbose for the stack trace)\nPlease report this at https://github.com/debt-scan/debt-scan/issues\n');
  });
});

describe('a temporary directory that does not exist', () => {
  it('stops a scan with exit 2 and one line naming TMPDIR', async () => {
    const dir = fixture('ai-app');
    const missing = path.join(privateDir(), 'missing');
    const result = await runCli(['--no-cache', '-f', 'json', '-o', 'report.json'], dir, { TMPDIR: missing });
    expect(result).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `debt-scan: the temporary directory ${missing} (from TMPDIR) does not exist; create it, or set TMPDIR to a directory that exists\n`,
    });
    expect(readdirSync(dir)).not.toContain('report.json');
  });

  it('stops a trend with exit 2 and the same line', async () => {
    const repo = new DatedGitRepo();
    temporary.push(repo.dir);
    repo.commit({ date: '2025-01-10T12:00:00+0000', message: 'start', change: { 'src/a.ts': 'export const a = 1;\n' } });
    const missing = path.join(privateDir(), 'missing');
    const result = await runCli(['trend', '--months', '1', '--until', '2025-01-31'], repo.dir, { TMPDIR: missing });
    expect(result).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `debt-scan: the temporary directory ${missing} (from TMPDIR) does not exist; create it, or set TMPDIR to a directory that exists\n`,
    });
  });
});
