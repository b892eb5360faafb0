import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { MAX_CONFIGURATION_BYTES, readRegularFile } from '../discover/read-regular-file.js';
import ts from '../parse/typescript.cjs';
import { normalizeSlashes } from '../util/paths.js';

/** What a directory entry is, as far as resolution needs to know; a link is resolved with `stat` on first use. */
export type EntryKind = 'file' | 'directory' | 'link';

/**
 * The files of a source other than the disk (a git tree) as resolution sees them. Each answer
 * is undefined where the view does not cover the path, which is then looked up on the disk
 * (installed dependencies, for example, are not part of a tree).
 */
export interface FileSystemView {
  /** The entries of a directory (absolute, forward slashes). */
  list(directory: string): ReadonlyMap<string, EntryKind> | undefined;
  /** The text of a file: `{ text: undefined }` when the view knows the file has none to give. */
  read(file: string): { text: string | undefined } | undefined;
}

export interface ResolutionHost extends ts.ModuleResolutionHost {
  directoryExists(directoryName: string): boolean;
  realpath(path: string): string;
  getCurrentDirectory(): string;
}

/**
 * The file system as TypeScript's module resolver sees it during a scan. Source files are known
 * from the scanned set; any other existence check lists the directory once (one `readdir` per
 * directory instead of one `stat` per probed extension); only package.json and tsconfig files
 * are read. Workspace packages appear under every `node_modules` as if the package manager had
 * linked them, so that a package's `exports` lead to its sources even in a checkout without
 * installed dependencies.
 *
 * `root` is the absolute scan root with forward slashes, `scanned` the absolute paths of the
 * scanned files and `workspace` maps each workspace package name to its absolute directory.
 */
export function createResolutionHost(root: string, scanned: ReadonlySet<string>, workspace: ReadonlyMap<string, string>, view?: FileSystemView): ResolutionHost {
  const entries = new Map<string, Map<string, EntryKind>>();
  const linkKinds = new Map<string, EntryKind | undefined>();
  const texts = new Map<string, string | undefined>();
  const realpaths = new Map<string, string>();
  const scopes = new Set([...workspace.keys()].filter((name) => name.startsWith('@')).map((name) => name.split('/')[0]));

  const listDirectory = (directory: string): ReadonlyMap<string, EntryKind> => {
    const known = entries.get(directory);
    if (known) return known;
    const viewed = view?.list(directory);
    if (viewed) {
      entries.set(directory, new Map(viewed));
      return viewed;
    }
    const listed = new Map<string, EntryKind>();
    try {
      for (const entry of readdirSync(directory, { withFileTypes: true })) {
        const kind = entry.isSymbolicLink() ? 'link' : entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : undefined;
        if (kind !== undefined) listed.set(entry.name, kind);
      }
    } catch {
      // a directory that does not exist or cannot be read has no entries
    }
    entries.set(directory, listed);
    return listed;
  };

  const kindOf = (target: string): EntryKind | undefined => {
    const kind = listDirectory(path.posix.dirname(target)).get(path.posix.basename(target));
    if (kind !== 'link') return kind;
    if (!linkKinds.has(target)) {
      try {
        const stats = statSync(target);
        linkKinds.set(target, stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : undefined);
      } catch {
        linkKinds.set(target, undefined); // a dangling link
      }
    }
    return linkKinds.get(target);
  };

  const redirect = (target: string): string => redirectWorkspacePath(target, workspace);
  /** A file or directory of the view is its own real path: a tree has no links to follow. */
  const isInView = (target: string): boolean => {
    const kind = view?.list(path.posix.dirname(target))?.get(path.posix.basename(target));
    return kind === 'file' || kind === 'directory';
  };

  return {
    fileExists(fileName) {
      const target = redirect(toSlashes(fileName));
      return scanned.has(target) || kindOf(target) === 'file';
    },
    directoryExists(directoryName) {
      const target = toSlashes(directoryName).replace(/\/+$/u, '');
      if (target === '' || /^[A-Za-z]:$/u.test(target)) return true;
      if (workspace.size > 0 && isVirtualDirectory(target, root, scopes)) return true;
      return kindOf(redirect(target)) === 'directory';
    },
    readFile(fileName) {
      const target = redirect(toSlashes(fileName));
      if (!texts.has(target)) {
        const viewed = view?.read(target);
        if (viewed) {
          texts.set(target, viewed.text);
          return viewed.text;
        }
        // Only regular files of a sane size: a manifest may be a FIFO or a link to a device.
        const read = readRegularFile(target, MAX_CONFIGURATION_BYTES);
        texts.set(target, read.ok ? read.bytes.toString('utf8') : undefined);
      }
      return texts.get(target);
    },
    realpath(fileName) {
      const target = redirect(toSlashes(fileName));
      if (scanned.has(target) || isInView(target)) return target;
      let real = realpaths.get(target);
      if (real === undefined) {
        try {
          real = toSlashes(realpathSync.native(target));
        } catch {
          real = target;
        }
        realpaths.set(target, real);
      }
      return real;
    },
    getCurrentDirectory: () => root,
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
  };
}

/**
 * Maps `…/node_modules/<workspace package>/rest` to `<package directory>/rest`; any other path
 * is returned unchanged.
 */
export function redirectWorkspacePath(target: string, workspace: ReadonlyMap<string, string>): string {
  if (workspace.size === 0) return target;
  const at = target.lastIndexOf('/node_modules/');
  if (at < 0) return target;
  const rest = target.slice(at + '/node_modules/'.length);
  const name = packageNameOf(rest);
  const directory = name === undefined ? undefined : workspace.get(name);
  return directory === undefined ? target : directory + rest.slice(name!.length);
}

/** The package name at the start of a bare specifier (`@scope/name` or `name`), if it has one. */
export function packageNameOf(specifier: string): string | undefined {
  const segments = specifier.split('/');
  if (segments[0].startsWith('@')) return segments.length >= 2 && segments[1] !== '' ? `${segments[0]}/${segments[1]}` : undefined;
  return segments[0] === '' ? undefined : segments[0];
}

/** The root's `node_modules` and the workspace scopes in it exist for resolution even when nothing is installed. */
function isVirtualDirectory(target: string, root: string, scopes: ReadonlySet<string>): boolean {
  const modules = `${root}/node_modules`;
  if (target === modules) return true;
  return target.startsWith(`${modules}/`) && scopes.has(target.slice(modules.length + 1));
}

export function toSlashes(p: string): string {
  return normalizeSlashes(p);
}
