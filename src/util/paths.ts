import path from 'node:path';

/**
 * Path conversion, in one place. Reports, caches and configurations name files by POSIX paths
 * relative to the scan root; TypeScript and tsconfig files write paths with forward slashes.
 */

/** A path of this platform with POSIX separators (identity on POSIX). */
function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** `to` relative to `from`, with POSIX separators. */
export function relativePosix(from: string, to: string): string {
  return toPosix(path.relative(from, to));
}

/** A path as TypeScript normalises it: every backslash a forward slash, on every platform (`ts.normalizeSlashes`). */
export function normalizeSlashes(p: string): string {
  return p.replace(/\\/gu, '/');
}
