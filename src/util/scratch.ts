import type { ChildProcess } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { errorCode } from '../errors.js';

/**
 * Scratch directories (jscpd's configuration and report, copies of git trees for the trend) and
 * child processes that must not outlive a run. Whatever ends the process normally, `exit`
 * included, removes the directories and kills the children; the CLI turns SIGINT and SIGTERM into
 * such an exit. A run killed outright (SIGKILL, a lost container) leaves them behind, so each
 * directory is named after its process and a later run removes those of processes that have ended.
 */

export type ScratchKind = 'jscpd' | 'sources';

/** A directory of another process is removed only after this long, as process ids are reused (in containers most of all). */
const STALE_AFTER_MS = 10 * 60 * 1000;
/** `debt-scan-<kind>-<pid>-<random>`, and the names of earlier versions, which carried no process id. */
const SCRATCH_NAME = /^debt-scan-(?:jscpd|sources)-(?:(\d+)-)?[\w]{6}$/u;

const liveDirectories = new Set<string>();
const liveChildren = new Set<ChildProcess>();
const swept = new Set<string>();
let exitHandler = false;

/** Creates a scratch directory in `base`, first removing what ended runs left there. */
export function createScratchDirectory(base: string, kind: ScratchKind): string {
  if (!swept.has(base)) {
    swept.add(base);
    removeStaleScratch(base);
  }
  const directory = mkdtempSync(path.join(base, `debt-scan-${kind}-${process.pid}-`));
  liveDirectories.add(directory);
  cleanUpAtExit();
  return directory;
}

export function removeScratchDirectory(directory: string): void {
  rmSync(directory, { recursive: true, force: true });
  liveDirectories.delete(directory);
}

/** Kills the child when the process exits before it ended; returns what to call once it has. */
export function killAtExit(child: ChildProcess): () => void {
  liveChildren.add(child);
  cleanUpAtExit();
  return () => liveChildren.delete(child);
}

/**
 * Removes the scratch directories that ended runs left in `base`: those of a process that no longer
 * runs (or whose name has no process id) and untouched for ten minutes. Only directories with
 * debt-scan's names, owned by this user, are touched.
 */
export function removeStaleScratch(base: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return; // nothing to sweep where nothing can be read
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const match = SCRATCH_NAME.exec(name);
    if (!match) continue;
    const pid = match[1] === undefined ? undefined : Number(match[1]);
    if (pid === process.pid || (pid !== undefined && isRunning(pid))) continue;
    const directory = path.join(base, name);
    try {
      const stats = lstatSync(directory);
      if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid) || now - stats.mtimeMs < STALE_AFTER_MS) continue;
      rmSync(directory, { recursive: true, force: true });
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return errorCode(error) === 'EPERM';
  }
}

function cleanUpAtExit(): void {
  if (exitHandler) return;
  exitHandler = true;
  process.once('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
    for (const directory of liveDirectories) rmSync(directory, { recursive: true, force: true });
  });
}
