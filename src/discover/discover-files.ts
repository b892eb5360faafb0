import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { SkippedFile } from '../model/types.js';
import { SOURCE_EXTENSIONS, extensionOf } from '../parse/parse-file.js';

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
}

export interface Discovery {
  files: DiscoveredFile[];
  /** Directories below the root that hold a package.json: the workspace packages. */
  packages: { dir: string; name: string }[];
  /** package.json, tsconfig*.json and jsconfig*.json files found on the way: they steer module resolution. */
  manifests: string[];
  skipped: SkippedFile[];
  prunedDirectories: string[];
}

export interface DiscoveryOptions {
  include: readonly string[];
  exclude: readonly string[];
  maxFileSize: number;
}

const SOURCE_EXTENSION_SET = new Set(SOURCE_EXTENSIONS);
const DECLARATION = /\.d\.[cm]?ts$/u;
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
  const visited = new Set<string>();
  const matchInclude = options.include.length > 0 ? picomatch([...options.include], { dot: true }) : () => true;
  const matchExclude = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;
  const ignores: { base: string; rules: Ignore }[] = [];

  const isGitignored = (relative: string, isDirectory: boolean): boolean => {
    for (const { base, rules } of ignores) {
      if (base !== '' && !relative.startsWith(`${base}/`)) continue;
      const inner = base === '' ? relative : relative.slice(base.length + 1);
      if (rules.ignores(isDirectory ? `${inner}/` : inner)) return true;
    }
    return false;
  };

  const considerFile = (absolute: string, relative: string, size: number): void => {
    if (!SOURCE_EXTENSION_SET.has(extensionOf(relative))) return;
    if (DECLARATION.test(relative)) return void skipped.push({ file: relative, reason: 'declaration' });
    if (!matchInclude(relative) || matchExclude(relative)) return void skipped.push({ file: relative, reason: 'excluded' });
    if (isGitignored(relative, false)) return void skipped.push({ file: relative, reason: 'gitignored' });
    if (size > options.maxFileSize) {
      return void skipped.push({ file: relative, reason: 'too-large', detail: `${size} bytes, limit ${options.maxFileSize}` });
    }
    files.push({ absolute, file: relative, size });
  };

  const walkDirectory = (absolute: string, relative: string): void => {
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch {
      return void skipped.push({ file: relative || '.', reason: 'unreadable', detail: 'cannot resolve path' });
    }
    if (visited.has(real)) return void skipped.push({ file: relative || '.', reason: 'symlink-loop', detail: `leads back to ${real}` });
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch (error) {
      return void skipped.push({ file: relative || '.', reason: 'unreadable', detail: errorCode(error) });
    }
    const added = loadGitignore(absolute, relative);
    if (added) ignores.push(added);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const childAbsolute = path.join(absolute, entry.name);
      const childRelative = relative === '' ? entry.name : `${relative}/${entry.name}`;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let size = 0;
      if (entry.isSymbolicLink() || isFile) {
        try {
          const stats = statSync(childAbsolute);
          isDirectory = stats.isDirectory();
          isFile = stats.isFile();
          size = stats.size;
        } catch (error) {
          if (SOURCE_EXTENSION_SET.has(extensionOf(entry.name))) {
            skipped.push({ file: childRelative, reason: 'unreadable', detail: errorCode(error) });
          }
          continue;
        }
      }
      if (isDirectory) {
        if (PRUNED_DIRECTORY_NAMES.has(entry.name) || isGitignored(childRelative, true) || matchExclude(childRelative)) {
          prunedDirectories.push(childRelative);
          continue;
        }
        walkDirectory(childAbsolute, childRelative);
      } else if (isFile) {
        if (entry.name === 'package.json' && relative !== '') packages.push({ dir: relative, name: packageName(childAbsolute, relative) });
        if (MANIFEST.test(entry.name)) manifests.push(childRelative);
        considerFile(childAbsolute, childRelative, size);
      }
    }
    if (added) ignores.pop();
  };

  for (const target of targets) {
    const absolute = path.resolve(root, target);
    const relative = toPosix(path.relative(root, absolute));
    const stats = statSync(absolute);
    if (stats.isDirectory()) walkDirectory(absolute, relative);
    else considerFile(absolute, relative, stats.size);
  }

  const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return {
    files: dedupe(files).sort(byFile),
    packages: packages.sort((a, b) => (a.dir < b.dir ? -1 : 1)),
    manifests: manifests.sort(),
    skipped: skipped.sort(byFile),
    prunedDirectories: [...new Set(prunedDirectories)].sort(),
  };
}

function loadGitignore(absolute: string, relative: string): { base: string; rules: Ignore } | undefined {
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
    const name = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' && name.length > 0 ? name : dir;
  } catch {
    return dir; // a package.json we cannot read still marks a package; its directory names it
  }
}

function dedupe(files: DiscoveredFile[]): DiscoveredFile[] {
  const seen = new Set<string>();
  return files.filter((f) => (seen.has(f.file) ? false : (seen.add(f.file), true)));
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
