import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { errorCode } from '../errors.js';
import { isInside } from '../util/is-inside.js';
import { removeQuietly } from './sealed-file.js';
import { removeStaleTemporaries } from './cache-directory.js';

/**
 * The per-user cache directory: a place outside every scanned tree, writable by this user only,
 * that holds the secret which seals the caches (src/cache/sealed-file.ts) and TypeScript's code
 * cache. A repository controls its tree and its configuration, not the environment, so the
 * location comes from the environment alone.
 */

/** Names the per-user cache directory (tests set it, so that they never write into a real home). */
export const USER_CACHE_VARIABLE = 'DEBT_SCAN_USER_CACHE';

const SECRET_FILE = 'secret';
const SECRET_BYTES = 32;

export interface UserCache {
  directory: string;
  /** 32 random bytes, the key of every seal this user's runs write and check. */
  secret: Buffer;
}

export type UserCacheOpening = { ok: true; cache: UserCache } | { ok: false; reason: string };

/**
 * `$DEBT_SCAN_USER_CACHE`, else `$XDG_CACHE_HOME/debt-scan`, else `~/.cache/debt-scan` (on Windows
 * `%LOCALAPPDATA%\debt-scan`); undefined when there is no home directory to put it in.
 */
export function userCacheDirectory(env: Record<string, string | undefined>): string | undefined {
  const explicit = env[USER_CACHE_VARIABLE];
  if (explicit) return path.resolve(explicit);
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'debt-scan');
  if (process.platform === 'win32' && env.LOCALAPPDATA && path.isAbsolute(env.LOCALAPPDATA)) return path.join(env.LOCALAPPDATA, 'debt-scan');
  const home = homeDirectory();
  return home ? path.join(home, '.cache', 'debt-scan') : undefined;
}

/**
 * Creates (mode 0700) or checks the per-user directory and reads or creates its secret (mode
 * 0600). Refused when the directory lies inside the scan root, where the scanned repository
 * could plant a secret of its own, or when it belongs to another user or others may write it.
 */
export function openUserCache(directory: string | undefined, root: string): UserCacheOpening {
  if (!directory) return { ok: false, reason: 'there is no home directory for a per-user cache' };
  if (isInside(realPathOf(root), realPathOf(directory))) {
    return { ok: false, reason: `the per-user cache directory ${directory} lies inside the scanned tree` };
  }
  try {
    const problem = ensurePrivateDirectory(directory);
    if (problem) return { ok: false, reason: problem };
    removeStaleTemporaries(directory);
    return { ok: true, cache: { directory, secret: readOrCreateSecret(path.join(directory, SECRET_FILE)) } };
  } catch (error) {
    return { ok: false, reason: `cannot keep a per-user secret in ${directory} (${errorCode(error)})` };
  }
}

/**
 * The secret of the per-user directory, for readers that only check seals (the ESLint rules):
 * never creates anything. Undefined when there is none yet or it cannot be trusted.
 */
export function readUserSecret(directory: string | undefined): Buffer | undefined {
  try {
    return directory ? readSecret(path.join(directory, SECRET_FILE)) : undefined;
  } catch {
    return undefined; // no secret yet: nothing sealed by this user can exist either
  }
}

/** The real path of a path that may not exist yet: its nearest existing ancestor's, followed by the rest. */
export function realPathOf(target: string): string {
  const absolute = path.resolve(target);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(realPathOf(parent), path.basename(absolute));
  }
}

function ensurePrivateDirectory(directory: string): string | undefined {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const stats = statSync(directory);
  if (!stats.isDirectory()) return `the per-user cache directory ${directory} is not a directory`;
  if (process.platform === 'win32') return undefined;
  if (stats.uid !== process.getuid?.()) return `the per-user cache directory ${directory} belongs to another user`;
  // Readable by others is harmless (the secret file is 0600); writable by others is not.
  if ((stats.mode & 0o022) !== 0) chmodSync(directory, stats.mode & 0o755);
  return undefined;
}

function readOrCreateSecret(file: string): Buffer {
  const existing = readSecret(file);
  if (existing) return existing;
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, randomBytes(SECRET_BYTES), { mode: 0o600 });
    try {
      // A link never replaces a file: when another run created the secret meanwhile, both use that one.
      linkSync(temporary, file);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      const concurrent = readSecret(file);
      if (concurrent) return concurrent;
      // What is there is no secret of ours (damaged, or readable by others): replace it.
      renameSync(temporary, file);
    }
    const created = readSecret(file);
    if (!created) throw new Error('the secret just written cannot be read back');
    return created;
  } finally {
    removeQuietly(temporary);
  }
}

/** The secret when the file is a regular file of 32 bytes, ours and readable by nobody else. */
function readSecret(file: string): Buffer | undefined {
  let stats;
  try {
    stats = lstatSync(file);
  } catch {
    return undefined; // none yet
  }
  if (!stats.isFile() || stats.size !== SECRET_BYTES) return undefined;
  if (process.platform !== 'win32' && (stats.uid !== process.getuid?.() || (stats.mode & 0o077) !== 0)) return undefined;
  const bytes = readFileSync(file);
  return bytes.length === SECRET_BYTES ? bytes : undefined;
}

function homeDirectory(): string | undefined {
  try {
    return homedir() || undefined;
  } catch {
    return undefined; // no home directory for this user
  }
}
