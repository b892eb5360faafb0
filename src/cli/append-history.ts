import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EnvironmentError, UsageError } from '../errors.js';

export interface AppendOptions {
  /** Give up waiting for the lock after this long. */
  timeoutMs?: number;
  /** A lock older than this was left by a process that died; it is removed. */
  staleMs?: number;
}

/**
 * Appends one line to a file that other processes may append to at the same time (two CI jobs
 * writing one history file): takes `<file>.lock` (created exclusively), starts a new line if the
 * last writer was cut off mid-line, writes the line with one append and releases the lock.
 */
export async function appendLine(file: string, line: string, options: AppendOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const staleMs = options.staleMs ?? 60_000;
  const absolute = path.resolve(file);
  const lock = `${absolute}.lock`;
  try {
    mkdirSync(path.dirname(absolute), { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create the directory of the history file ${file}: ${codeOf(error)}`);
  }
  const lockFd = await acquire(lock, timeoutMs, staleMs);
  try {
    const fd = openHistory(absolute, file);
    try {
      const text = Buffer.from(`${endsWithNewline(fd) ? '' : '\n'}${line.replace(/\n/gu, ' ')}\n`, 'utf8');
      let written = 0;
      while (written < text.length) written += writeSync(fd, text, written, text.length - written);
    } finally {
      closeSync(fd);
    }
  } finally {
    closeSync(lockFd);
    rmSync(lock, { force: true });
  }
}

async function acquire(lock: string, timeoutMs: number, staleMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, `${process.pid}\n`);
      return fd;
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw new UsageError(`cannot lock the history file (${lock}): ${codeOf(error)}`);
    }
    if (isStale(lock, staleMs)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new UsageError(`the history file is locked by another debt-scan (${lock}); if no other run is going on, delete the lock file`);
    }
    await sleep(Math.min(200, 5 + attempt * 5) + Math.random() * 10);
  }
}

function isStale(lock: string, staleMs: number): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs > staleMs;
  } catch {
    return false; // released in the meantime: try again
  }
}

/**
 * Opens the history file to read and append, never through a symbolic link (a link in a checked-out
 * tree would otherwise have the line appended to any file it names) and only if it is a regular file.
 */
function openHistory(absolute: string, shown: string): number {
  let fd: number;
  try {
    fd = openSync(absolute, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o666);
  } catch (error) {
    const code = codeOf(error);
    throw new EnvironmentError(`cannot write the history file ${shown}: ${code === 'ELOOP' ? 'it is a symbolic link; name its target itself, or remove the link' : code}`);
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new EnvironmentError(`cannot write the history file ${shown}: it is not a regular file`);
  }
  return fd;
}

function endsWithNewline(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

/** The `code` of a file-system error (`ENOENT`, `EACCES`…), else the error as text. */
export function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : String(error);
}
