import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { ignore } from '../util/require-cjs.js';
import type { SkippedFile } from '../model/types.js';
import { createGlobFilter, isGitignored, isSourceFile, packageNameOf, skipReasonOf, type GitignoreRules } from './file-filter.js';
import { errorCode } from '../errors.js';
import { kindOf, MAX_CONFIGURATION_BYTES, readRegularFile } from './read-regular-file.js';
import { uniqueBy } from '../util/unique-by.js';
import { outerIgnores } from './outer-ignores.js';
import { relativePosix } from '../util/paths.js';
import { DiscoveryRecorder, discoveryKey, replayDiscovery, type DiscoveryMemory } from './discovery-memo.js';
import type { DiscoveredFile, Discovery } from './discovery-types.js';

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

export type { DiscoveredFile, Discovery } from './discovery-types.js';

export interface DiscoveryOptions {
  include: readonly string[];
  exclude: readonly string[];
  maxFileSize: number;
  /** Follow links to files and directories outside the scan root (default: skip them as `outside-root`). */
  followLinksOutside?: boolean;
  /** Honour the ignore rules from above the root (its ancestors' `.gitignore`, the repository's `info/exclude`); default true. */
  outerIgnores?: boolean;
}

const MANIFEST = /^(?:package\.json|[tj]sconfig(?:\.[\w-]+)?\.json)$/u;

/**
 * Lists the source files below the scan root (or below the given targets inside it), in path
 * order. Honours every `.gitignore` on the way, the include and exclude globs, and the size
 * limit; follows symbolic links once, and reports a link that leads back into a visited
 * directory as a symlink loop. A link that leads out of the root is skipped as `outside-root`
 * unless `followLinksOutside` is set; a source file, manifest or `.gitignore` that is no regular
 * file (a FIFO, socket or device, or a link to one) is skipped as `special-file`. Reads
 * directory entries, file sizes, `.gitignore` files and the names in package.json files only.
 */
export function discoverFiles(root: string, targets: readonly string[], options: DiscoveryOptions, memory?: DiscoveryMemory): Discovery {
  // Rules from above the root apply as git applies them: the root may be a folder of a working tree.
  const ignores: GitignoreRules[] = options.outerIgnores === false ? [] : outerIgnores(root);
  // A walk of the whole root is remembered (src/discover/discovery-memo.ts); a walk of some targets is not.
  const key = memory && targets.length === 1 && path.resolve(root, targets[0]) === path.resolve(root) ? discoveryKey(root, options, ignores) : undefined;
  const recalled = key === undefined ? undefined : memory?.recall(key);
  const replayed = recalled && replayDiscovery(path.resolve(root), recalled, options.maxFileSize);
  if (replayed) return replayed;
  const recorder = key === undefined ? undefined : new DiscoveryRecorder(memory?.racyMarginMs);
  const discovery = walk(root, targets, options, ignores, recorder);
  const memo = recorder?.memo(discovery);
  if (key !== undefined && memo) memory?.keep(key, memo);
  return discovery;
}

function walk(root: string, targets: readonly string[], options: DiscoveryOptions, ignores: GitignoreRules[], recorder: DiscoveryRecorder | undefined): Discovery {
  const files: DiscoveredFile[] = [];
  const skipped: SkippedFile[] = [];
  const prunedDirectories: string[] = [];
  const packages: { dir: string; name: string }[] = [];
  const manifests: string[] = [];
  const links: string[] = [];
  const visited = new Set<string>();
  const globs = createGlobFilter(options);
  const realRoot = realPathOf(root);
  const realBelow = (relative: string): string | undefined =>
    realRoot === undefined ? undefined : relative === '' ? realRoot : path.join(realRoot, ...relative.split('/'));
  /** Does a path lead out of the root? Asked of links only: below the root, anything else stays inside. */
  const leadsOutside = (absolute: string): boolean => {
    if (options.followLinksOutside) return false;
    const real = realPathOf(absolute);
    return real === undefined || realRoot === undefined || !isInsideDirectory(realRoot, real);
  };

  const considerFile = (absolute: string, relative: string, size: number, mtimeMs: number, isLink: boolean): void => {
    const skip = skipReasonOf(relative, size, options, globs, (file) => isGitignored(ignores, file, false));
    if (!skip || skip.reason === 'too-large') recorder?.candidate(relative, skip);
    if (skip) skipped.push(skip);
    else if (isLink && leadsOutside(absolute)) skipped.push({ file: relative, reason: 'outside-root', detail: 'a link to a file outside the scan root' });
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
    // Stamped before it is listed: an entry added meanwhile moves the stamp past the one kept.
    recorder?.directory(relative, absolute);
    try {
      return readdirSync(absolute, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      return void skipped.push({ file: relative || '.', reason: 'unreadable', detail: errorCode(error) });
    }
  };

  const outside = (relative: string, what: string): void =>
    void skipped.push({ file: relative, reason: 'outside-root', detail: `a link to ${what} outside the scan root` });

  const visitDirectory = (entry: Dirent, absolute: string, relative: string, throughLink: boolean): void => {
    if (PRUNED_DIRECTORY_NAMES.has(entry.name) || isGitignored(ignores, relative, true) || globs.isExcluded(relative)) prunedDirectories.push(relative);
    else if (entry.isSymbolicLink() && leadsOutside(absolute)) outside(relative, 'a directory');
    else walkDirectory(absolute, relative, throughLink || entry.isSymbolicLink());
  };

  const visitFile = (entry: Dirent, absolute: string, relative: string, parentRelative: string, kind: EntryKind): void => {
    const isManifest = MANIFEST.test(entry.name);
    if (isManifest && entry.isSymbolicLink() && leadsOutside(absolute)) return outside(relative, 'a file');
    if (entry.name === 'package.json' && parentRelative !== '') packages.push({ dir: parentRelative, name: packageName(absolute, parentRelative, skipped, recorder) });
    if (isManifest) manifests.push(relative);
    if (isSourceFile(entry.name)) considerFile(absolute, relative, kind.size, kind.mtimeMs, entry.isSymbolicLink());
  };

  const visitEntry = (entry: Dirent, parentAbsolute: string, parentRelative: string, throughLink: boolean): void => {
    const absolute = path.join(parentAbsolute, entry.name);
    const relative = parentRelative === '' ? entry.name : `${parentRelative}/${entry.name}`;
    const kind = entryKind(entry, absolute);
    if (entry.isSymbolicLink()) links.push(relative);
    if ('error' in kind) {
      if (isSourceFile(entry.name)) skipped.push({ file: relative, reason: 'unreadable', detail: kind.error });
    } else if (kind.directory) visitDirectory(entry, absolute, relative, throughLink);
    else if (kind.file) visitFile(entry, absolute, relative, parentRelative, kind);
    else if (isReadByScan(entry.name)) skipped.push({ file: relative, reason: 'special-file', detail: specialDetail(entry, kind) });
  };

  /** The rules of a directory's `.gitignore`, read only from a regular file inside the root; a refused one is reported. */
  const gitignoreOf = (entries: readonly Dirent[], absolute: string, relative: string): GitignoreRules | undefined => {
    const entry = entries.find((e) => e.name === '.gitignore');
    if (!entry) return undefined;
    const file = path.join(absolute, '.gitignore');
    const shown = relative === '' ? '.gitignore' : `${relative}/.gitignore`;
    const kind = entryKind(entry, file);
    // A dangling link or a directory by that name is no ignore file.
    if ('error' in kind || kind.directory) return undefined;
    if (!kind.file) return void skipped.push({ file: shown, reason: 'special-file', detail: specialDetail(entry, kind) });
    if (entry.isSymbolicLink() && leadsOutside(file)) return void outside(shown, 'a file');
    const read = readRegularFile(file, MAX_CONFIGURATION_BYTES);
    recorder?.file(shown, read.ok ? read.stats : undefined);
    if (!read.ok) return void skipped.push({ file: shown, reason: read.reason, detail: read.detail });
    return { base: relative, rules: ignore().add(read.bytes.toString('utf8')) };
  };

  const walkDirectory = (absolute: string, relative: string, throughLink: boolean): void => {
    const entries = enterDirectory(absolute, relative, throughLink);
    if (!entries) return;
    const added = gitignoreOf(entries, absolute, relative);
    if (added) ignores.push(added);
    for (const entry of entries) visitEntry(entry, absolute, relative, throughLink);
    if (added) ignores.pop();
  };

  /** The `.gitignore` rules of the directories from the root down to a target's parent, which the walk of the target does not enter; each read once. */
  const readAbove = new Map<string, GitignoreRules | undefined>();
  const rulesAbove = (relative: string): GitignoreRules[] => {
    const parts = relative === '' ? [] : relative.split('/');
    return parts.flatMap((_, depth) => {
      const directory = parts.slice(0, depth).join('/');
      if (!readAbove.has(directory)) {
        const absolute = path.join(root, ...parts.slice(0, depth));
        let entries: Dirent[] = [];
        try {
          entries = readdirSync(absolute, { withFileTypes: true });
        } catch {
          // unreadable: its walk, if any, reports it
        }
        readAbove.set(directory, gitignoreOf(entries, absolute, directory));
      }
      return readAbove.get(directory) ?? [];
    });
  };

  for (const target of targets) {
    const absolute = path.resolve(root, target);
    const relative = relativePosix(root, absolute);
    const above = rulesAbove(relative);
    ignores.push(...above);
    const stats = statSync(absolute);
    const real = realPathOf(absolute);
    // A target below the root may itself lie behind a link, and that link may lead out of the root.
    if (relative !== '' && real !== realBelow(relative) && leadsOutside(absolute)) {
      skipped.push({ file: relative, reason: 'outside-root', detail: `a link to ${stats.isDirectory() ? 'a directory' : 'a file'} outside the scan root` });
    } else if (stats.isDirectory()) walkDirectory(absolute, relative, relative !== '' && real !== realBelow(relative));
    else if (isSourceFile(relative)) {
      if (stats.isFile()) considerFile(absolute, relative, stats.size, stats.mtimeMs, false);
      else skipped.push({ file: relative, reason: 'special-file', detail: `${kindOf(stats)}, not a regular file` });
    }
    ignores.splice(ignores.length - above.length, above.length);
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

/** Files the scan reads, besides the `.gitignore` files: sources and manifests. */
function isReadByScan(name: string): boolean {
  return isSourceFile(name) || MANIFEST.test(name);
}

interface EntryKind {
  directory: boolean;
  file: boolean;
  size: number;
  mtimeMs: number;
  /** What it is in words (`a FIFO`), for a skip's detail. */
  description: string;
}

/**
 * What a directory entry is. Only links and source files are stat'ed (links to learn what they
 * point to, source files for their size), so that large trees of other files cost no system calls.
 */
function entryKind(entry: Dirent, absolute: string): EntryKind | { error: string } {
  const needsStat = entry.isSymbolicLink() || (entry.isFile() && isSourceFile(entry.name));
  if (!needsStat) return { directory: entry.isDirectory(), file: entry.isFile(), size: 0, mtimeMs: 0, description: kindOf(entry) };
  try {
    const stats = statSync(absolute);
    return { directory: stats.isDirectory(), file: stats.isFile(), size: stats.size, mtimeMs: stats.mtimeMs, description: kindOf(stats) };
  } catch (error) {
    return { error: errorCode(error) };
  }
}

/** Why an entry that is no regular file is skipped: `a FIFO, not a regular file`, `a link to a character device, not a regular file`. */
function specialDetail(entry: Dirent, kind: EntryKind): string {
  return `${entry.isSymbolicLink() ? 'a link to ' : ''}${kind.description}, not a regular file`;
}

/** Is `target` the directory itself or a path below it (both real, absolute paths)? */
function isInsideDirectory(directory: string, target: string): boolean {
  return target === directory || target.startsWith(directory.endsWith(path.sep) ? directory : `${directory}${path.sep}`);
}

function realPathOf(root: string): string | undefined {
  try {
    return realpathSync(root);
  } catch {
    return undefined; // each directory is then resolved on its own
  }
}

/** A package's name from its package.json; one that cannot be read still marks a package, named by its directory, and is reported. */
function packageName(file: string, dir: string, skipped: SkippedFile[], recorder: DiscoveryRecorder | undefined): string {
  const read = readRegularFile(file, MAX_CONFIGURATION_BYTES);
  recorder?.file(`${dir}/package.json`, read.ok ? read.stats : undefined);
  if (read.ok) return packageNameOf(read.bytes.toString('utf8'), dir);
  skipped.push({ file: `${dir}/package.json`, reason: read.reason, detail: read.detail });
  return dir;
}




