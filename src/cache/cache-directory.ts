import { opendirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isRunning } from '../util/scratch.js';
import { removeQuietly } from './sealed-file.js';

/** The temporary files debt-scan writes before renaming them into place: `<name>.<pid>.tmp`. */
const TEMPORARY = /^(?:files-v\d+\.bin|facts-[0-9a-f]+\.bin|clone-index(?:-v\d+\.bin|\.json)|typescript-[\w.-]+\.bin|secret)\.(\d+)\.tmp$/u;

/** A temporary file older than this is left from a run that was killed, whatever its process id says. */
const STALE_AFTER_MS = 10 * 60 * 1000;

/**
 * Files of earlier versions' caches: the unsealed results cache and clone index, and TypeScript's
 * code cache, which now lives in the per-user directory.
 */
const LEGACY = /^(?:files-v[1-7]\.bin|clone-index\.json|typescript-\d+\.\d+\.[\w.-]+-v8-[\w.-]+\.bin)$/u;

/**
 * Removes what killed runs left in a cache directory: temporary files of a process that is no
 * longer running, or older than ten minutes (process ids are reused, in containers most of all).
 * Only debt-scan's own file names are touched, so a directory shared with other tools is safe.
 */
export function removeStaleTemporaries(directory: string, now = Date.now()): void {
  for (const name of entriesOf(directory)) {
    const match = TEMPORARY.exec(name);
    if (!match) continue;
    const file = path.join(directory, name);
    const pid = Number(match[1]);
    if ((pid !== process.pid && !isRunning(pid)) || now - modifiedAt(file) > STALE_AFTER_MS) removeQuietly(file);
  }
}

/** Removes the files of earlier cache formats, which this version neither reads nor updates. */
export function removeLegacyFiles(directory: string): void {
  for (const name of entriesOf(directory)) if (LEGACY.test(name)) removeQuietly(path.join(directory, name));
}

/**
 * Why a cache directory cannot be used, when its path or an ancestor's is something other than a
 * directory (a file, a FIFO); undefined when it is a directory or can be created.
 */
export function cacheDirectoryProblem(directory: string): string | undefined {
  for (let current = path.resolve(directory); ; current = path.dirname(current)) {
    let stats;
    try {
      stats = statSync(current);
    } catch {
      if (path.dirname(current) === current) return undefined;
      continue; // not there (yet), or below a file: look at the parent
    }
    if (stats.isDirectory()) return undefined;
    return current === path.resolve(directory) ? 'it is not a directory' : `${current} is not a directory`;
  }
}

/**
 * Whether a directory holds nothing but the way to the cache directory: `node_modules` that only
 * the cache created (`node_modules/.cache/debt-scan`), or the cache directory itself. Such a
 * directory is not worth a line in the report, and leaving it out keeps the report of a first
 * run and of a second run the same.
 */
export function holdsOnlyCache(directory: string, cacheDirectory: string): boolean {
  const relative = path.relative(directory, cacheDirectory);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
  let current = directory;
  for (const part of relative.split(path.sep).filter(Boolean)) {
    if (!holdsOnly(current, part)) return false;
    current = path.join(current, part);
  }
  return true;
}

/** Whether the directory's only entry is `name` (reads two entries at most, however large the directory). */
function holdsOnly(directory: string, name: string): boolean {
  let handle;
  try {
    handle = opendirSync(directory);
  } catch {
    return false; // cannot tell: keep it in the report
  }
  try {
    const first = handle.readSync();
    return first?.name === name && handle.readSync() === null;
  } catch {
    return false; // cannot tell: keep it in the report
  } finally {
    handle.closeSync();
  }
}

function entriesOf(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return []; // no cache directory yet
  }
}

function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Date.now(); // gone meanwhile
  }
}
