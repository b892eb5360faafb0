import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleScratch } from '../../src/util/scratch.js';
import { CLI, temporaryDirectories } from '../helpers/fixtures.js';

const temporary = temporaryDirectories();
const tempDir = temporary.make;

/** A project with enough files that jscpd runs for a while. */
function largeProject(): string {
  const dir = tempDir('debt-scan-interrupt-');
  mkdirSync(path.join(dir, 'src'));
  for (let i = 0; i < 1500; i++) {
    const body = Array.from({ length: 30 }, (_, j) => `  if (x > ${j}) total += x * ${(i * j) % 97};`).join('\n');
    writeFileSync(path.join(dir, 'src', `f${i}.ts`), `export function f${i}(x: number): number {\n  let total = 0;\n${body}\n  return total;\n}\n`);
  }
  writeFileSync(path.join(dir, 'debt-scan.config.json'), '{ "preset": "strict" }');
  return dir;
}

/** Processes whose command line names `text` (Linux's /proc; elsewhere none can be seen). */
function processesNaming(text: string): string[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/u.test(name));
  } catch {
    return [];
  }
  return pids.flatMap((pid) => {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      return command.includes(text) ? [command] : [];
    } catch {
      return []; // ended meanwhile
    }
  });
}

const scratchIn = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('debt-scan-'));

/** Starts a scan with its own temporary directory and sends `signal` once jscpd's scratch directory exists. */
async function interruptedScan(root: string, scratch: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; seen: string[] }> {
  const child = spawn(process.execPath, [CLI, '.', '--no-cache', '--quiet'], { cwd: root, env: { ...process.env, TMPDIR: scratch, CI: 'true' }, stdio: 'ignore' });
  let seen: string[] = [];
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
  for (let tries = 0; tries < 6000 && seen.length === 0 && child.exitCode === null; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    seen = scratchIn(scratch).filter((name) => name.startsWith('debt-scan-jscpd-'));
  }
  child.kill(signal);
  return { ...(await done), seen };
}

describe('a scan that is interrupted', () => {
  const root = largeProject();

  it('removes its scratch directories on SIGTERM and SIGINT, and exits with the shell code of the signal', async () => {
    for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
      const scratch = tempDir('debt-scan-tmp-');
      const outcome = await interruptedScan(root, scratch, signal);
      expect(outcome.seen).toHaveLength(1);
      expect(outcome.seen[0]).toMatch(/^debt-scan-jscpd-\d+-\w{6}$/u);
      expect(outcome.code).toBe(code);
      expect(scratchIn(scratch)).toEqual([]);
      // jscpd was given its configuration in the scratch directory: it was stopped with the scan.
      expect(processesNaming(scratch)).toEqual([]);
    }
  }, 120_000);

  it('leaves them on SIGKILL, and a later run removes those of ended processes once they are stale', async () => {
    const scratch = tempDir('debt-scan-tmp-');
    const outcome = await interruptedScan(root, scratch, 'SIGKILL');
    expect(outcome.signal).toBe('SIGKILL');
    expect(scratchIn(scratch)).toEqual(outcome.seen);
    // A fresh one of an ended process may belong to a process of another container: it stays.
    removeStaleScratch(scratch);
    expect(scratchIn(scratch)).toEqual(outcome.seen);
    const old = new Date(Date.now() - 11 * 60 * 1000);
    utimesSync(path.join(scratch, outcome.seen[0]), old, old);
    removeStaleScratch(scratch);
    expect(scratchIn(scratch)).toEqual([]);
  }, 120_000);
});

describe('removing stale scratch directories', () => {
  it('removes only debt-scan directories of ended processes (or of no process), untouched for ten minutes', () => {
    const base = tempDir('debt-scan-sweep-');
    const old = new Date(Date.now() - 11 * 60 * 1000);
    const names = {
      endedOld: 'debt-scan-jscpd-999999999-abc123',
      endedFresh: 'debt-scan-sources-999999998-abc123',
      runningOld: `debt-scan-jscpd-${process.pid}-abc123`,
      noPidOld: 'debt-scan-sources-Xy12Ab',
      otherToolOld: 'other-tool-999999999-abc123',
    };
    for (const [key, name] of Object.entries(names)) {
      mkdirSync(path.join(base, name));
      writeFileSync(path.join(base, name, 'report'), 'x');
      if (key.endsWith('Old')) utimesSync(path.join(base, name), old, old);
    }
    removeStaleScratch(base);
    expect(readdirSync(base).sort()).toEqual([names.endedFresh, names.otherToolOld, names.runningOld].sort());
  });
});
