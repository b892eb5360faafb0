import type { Ignore } from 'ignore';
import { picomatch } from '../util/require-cjs.js';
import { NOT_INCLUDED, type SkippedFile } from '../model/types.js';
import { SOURCE_EXTENSIONS, extensionOf } from '../parse/source-files.js';

/** The rules of one `.gitignore`, and the directory (relative to the root, `''` for the root) it sits in. */
export interface GitignoreRules {
  base: string;
  rules: Ignore;
  /** For rules from above the root (src/discover/outer-ignores.ts): the root's path from their directory, ending in `/`. */
  prefix?: string;
  /** For rules from above the root: their text, which a remembered walk is keyed by (src/discover/discovery-memo.ts). */
  text?: string;
}

export interface FilterOptions {
  include: readonly string[];
  exclude: readonly string[];
  maxFileSize: number;
}

const SOURCE_EXTENSION_SET: ReadonlySet<string> = new Set(SOURCE_EXTENSIONS);
const DECLARATION = /\.d\.[cm]?ts$/u;

export function isSourceFile(name: string): boolean {
  return SOURCE_EXTENSION_SET.has(extensionOf(name));
}

/**
 * Whether the ignore files above the path ignore it, as git decides: the deepest file with a rule
 * that matches decides (so a `!pattern` below re-includes what a file above ignores), then the
 * files above it, the repository's `info/exclude` last. `ignores` is ordered from the lowest
 * precedence to the highest, as the walk pushes them.
 */
export function isGitignored(ignores: readonly GitignoreRules[], relative: string, isDirectory: boolean): boolean {
  for (let i = ignores.length - 1; i >= 0; i--) {
    const { base, rules, prefix } = ignores[i];
    if (base !== '' && !relative.startsWith(`${base}/`)) continue;
    const inner = `${prefix ?? ''}${base === '' ? relative : relative.slice(base.length + 1)}`;
    const verdict = rules.test(isDirectory ? `${inner}/` : inner);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

/** The include and exclude globs, compiled once. */
export function createGlobFilter(options: FilterOptions): { isIncluded(relative: string): boolean; isExcluded(relative: string): boolean } {
  const include = options.include.length > 0 ? picomatch([...options.include], { dot: true }) : () => true;
  const exclude = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;
  return { isIncluded: (relative) => include(relative), isExcluded: (relative) => exclude(relative) };
}

/**
 * Decides about one source file, the same way for the disk and for a git tree: why it is
 * skipped (declaration file, excluded, gitignored, over the size limit), or undefined to scan it.
 */
export function skipReasonOf(
  relative: string,
  size: number,
  options: FilterOptions,
  globs: ReturnType<typeof createGlobFilter>,
  gitignored: (relative: string) => boolean,
): SkippedFile | undefined {
  if (DECLARATION.test(relative)) return { file: relative, reason: 'declaration' };
  if (!globs.isIncluded(relative)) return { file: relative, reason: 'excluded', detail: NOT_INCLUDED };
  if (globs.isExcluded(relative)) return { file: relative, reason: 'excluded', detail: 'matches an `exclude` glob' };
  if (gitignored(relative)) return { file: relative, reason: 'gitignored' };
  if (size > options.maxFileSize) return tooLargeSkip(relative, size, options.maxFileSize);
  return undefined;
}

/** The skip of a source file over the size limit. */
export function tooLargeSkip(relative: string, size: number, maxFileSize: number): SkippedFile {
  return { file: relative, reason: 'too-large', detail: `${size} bytes, limit ${maxFileSize}` };
}

/** The `name` of a package.json's text, or the package's directory when it has none or is not JSON. */
export function packageNameOf(text: string, dir: string): string {
  try {
    const manifest: unknown = JSON.parse(text);
    const name = typeof manifest === 'object' && manifest !== null && 'name' in manifest ? manifest.name : undefined;
    return typeof name === 'string' && name.length > 0 ? name : dir;
  } catch {
    return dir; // a package.json that is not JSON still marks a package; its directory names it
  }
}
