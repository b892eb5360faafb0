import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import type { SkippedFile } from '../model/types.js';
import { createGlobFilter, isGitignored, isSourceFile, packageNameOf, skipReasonOf, type GitignoreRules } from './file-filter.js';
import { errorCode } from '../errors.js';
import { uniqueBy } from '../util/unique-by.js';

/** Directories never entered: dependencies, version control and build output. */
export const PRUNED_DIRECTORY_NAMES: ReadonlySet<string> = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  '.turbo',
  '.cache',
  '.vercel',
  '.yarn',
  '.pnpm-store',
  'vendor',
  'third_party',
]);

export interface DiscoveredFile {
  /** Absolute path. */
  absolute: string;
  /** POSIX path relative to the scan root. */
  file: string;
  size: number;
  /** Last modification, in milliseconds (with a fraction), as the file system reports it. */
  mtimeMs?: number;
}

export interface Discovery {
  files: DiscoveredFile[];
  /** Directories below the root that hold a package.json: the workspace packages. */
  packages: { dir: string; name: string }[];
  /** package.json, tsconfig*.json and jsconfig*.json files found on the way: they steer module resolution. */
  manifests: string[];
  skipped: SkippedFile[];
  prunedDirectories: string[];
  /** Symbolic links the walk followed (POSIX paths relative to the root). */
  links?: string[];
}

export interface DiscoveryOptions {
  include: readonly string[];
  exclude: readonly string[];
  maxFileSize: number;
}

const MANIFEST = /^(?:package\.json|[tj]sconfig(?:\.[\w-]+)?\.json)$/u;

/**
 * Lists the source files below the scan root (or below the given targets inside it), in path
 * order. Honours every `.gitignore` on the way, the include and exclude globs, and the size
 * limit; follows symbolic links once, and reports a link that leads back into a visited
 * directory as a symlink loop. Reads directory entries and file sizes only.
 */
export function discoverFiles(root: string, targets: readonly string[], options: DiscoveryOptions): Discovery {
  const files: DiscoveredFile[] = [];
  const skipped: SkippedFile[] = [];
  const prunedDirectories: string[] = [];
  const packages: { dir: string; name: string }[] = [];
  const manifests: string[] = [];
  const links: string[] = [];
  const visited = new Set<string>();
  const globs = createGlobFilter(options);
  const ignores: GitignoreRules[] = [];
  const realRoot = realPathOf(root);
  const realBelow = (relative: string): string | undefined =>
    realRoot === undefined ? undefined : relative === '' ? realRoot : path.join(realRoot, ...relative.split('/'));

  const considerFile = (absolute: string, relative: string, size: number, mtimeMs: number): void => {
    const skip = skipReasonOf(relative, size, options, globs, (file) => isGitignored(ignores, file, false));
    if (skip) skipped.push(skip);
    else files.push({ absolute, file: relative, size, mtimeMs });
  };

  /**
   * Enters a directory once: a second way into the same real directory is a symlink loop. Only
   * a directory reached through a link needs its real path asked of the system; below the root
   * and without links, the real path is the root's followed by the relative one.
   */
  const enterDirectory = (absolute: string, relative: string, throughLink: boolean): Dirent[] | undefined => {
    let real: string;
    try {
      real = throughLink ? realpathSync(absolute) : (realBelow(relative) ?? realpathSync(absolute));
    } catch {
      return void skipped.push({ file: relative || '.', reason: 'unreadable', detail: 'cannot resolve path' });
    }
    if (visited.has(real)) return void skipped.push({ file: relative || '.', reason: 'symlink-loop', detail: `leads back to ${real}` });
    visited.add(real);
    try {
      return readdirSync(absolute, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      return void skipped.push({ file: relative || '.', reason: 'unreadable', detail: errorCode(error) });
    }
  };

  const visitEntry = (entry: Dirent, parentAbsolute: string, parentRelative: string, throughLink: boolean): void => {
    const absolute = path.join(parentAbsolute, entry.name);
    const relative = parentRelative === '' ? entry.name : `${parentRelative}/${entry.name}`;
    const kind = entryKind(entry, absolute);
    if (entry.isSymbolicLink()) links.push(relative);
    if ('error' in kind) {
      if (isSourceFile(entry.name)) skipped.push({ file: relative, reason: 'unreadable', detail: kind.error });
    } else if (kind.directory) {
      if (PRUNED_DIRECTORY_NAMES.has(entry.name) || isGitignored(ignores, relative, true) || globs.isExcluded(relative)) prunedDirectories.push(relative);
      else walkDirectory(absolute, relative, throughLink || entry.isSymbolicLink());
    } else if (kind.file) {
      if (entry.name === 'package.json' && parentRelative !== '') packages.push({ dir: parentRelative, name: packageName(absolute, parentRelative) });
      if (MANIFEST.test(entry.name)) manifests.push(relative);
      if (isSourceFile(entry.name)) considerFile(absolute, relative, kind.size, kind.mtimeMs);
    }
  };

  const walkDirectory = (absolute: string, relative: string, throughLink: boolean): void => {
    const entries = enterDirectory(absolute, relative, throughLink);
    if (!entries) return;
    const added = entries.some((e) => e.name === '.gitignore') ? loadGitignore(absolute, relative) : undefined;
    if (added) ignores.push(added);
    for (const entry of entries) visitEntry(entry, absolute, relative, throughLink);
    if (added) ignores.pop();
  };

  for (const target of targets) {
    const absolute = path.resolve(root, target);
    const relative = toPosix(path.relative(root, absolute));
    const stats = statSync(absolute);
    // A target below the root may itself lie behind a link.
    if (stats.isDirectory()) walkDirectory(absolute, relative, relative !== '' && realPathOf(absolute) !== realBelow(relative));
    else if (isSourceFile(relative)) considerFile(absolute, relative, stats.size, stats.mtimeMs);
  }

  const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return {
    files: uniqueBy(files, (f) => f.file).sort(byFile),
    packages: packages.sort((a, b) => (a.dir < b.dir ? -1 : 1)),
    manifests: manifests.sort(),
    skipped: skipped.sort(byFile),
    prunedDirectories: [...new Set(prunedDirectories)].sort(),
    links: links.sort(),
  };
}

/**
 * What a directory entry is. Only links and source files are stat'ed (links to learn what they
 * point to, source files for their size), so that large trees of other files cost no system calls.
 */
function entryKind(entry: Dirent, absolute: string): { directory: boolean; file: boolean; size: number; mtimeMs: number } | { error: string } {
  const needsStat = entry.isSymbolicLink() || (entry.isFile() && isSourceFile(entry.name));
  if (!needsStat) return { directory: entry.isDirectory(), file: entry.isFile(), size: 0, mtimeMs: 0 };
  try {
    const stats = statSync(absolute);
    return { directory: stats.isDirectory(), file: stats.isFile(), size: stats.size, mtimeMs: stats.mtimeMs };
  } catch (error) {
    return { error: errorCode(error) };
  }
}

function realPathOf(root: string): string | undefined {
  try {
    return realpathSync(root);
  } catch {
    return undefined; // each directory is then resolved on its own
  }
}

function loadGitignore(absolute: string, relative: string): GitignoreRules | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(absolute, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  return { base: relative, rules: ignore().add(text) };
}

function packageName(file: string, dir: string): string {
  try {
    return packageNameOf(readFileSync(file, 'utf8'), dir);
  } catch {
    return dir; // a package.json we cannot read still marks a package; its directory names it
  }
}



export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
