import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, removeDirectory, runCli } from '../helpers/fixtures.js';

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
    expect(written).toMatchObject({ code: 0, stderr: `debt-scan: 75 findings; wrote ${sink}\n` });
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
