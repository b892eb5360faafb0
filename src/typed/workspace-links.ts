import path from 'node:path';
import ts from '../parse/typescript.cjs';
import { normalizeSlashes } from '../util/paths.js';

/**
 * The links a package manager would make for the workspace's own packages, for a repository
 * whose dependencies are not installed (a CI job that only scans): `…/node_modules/<name>/<rest>`
 * of a workspace package named `<name>` is its directory's `<rest>`. A path that exists on the
 * disk is always taken as it is; only a missing one is looked up in the workspace. Shared
 * tsconfig bases (`"extends": "@acme/tsconfig/base.json"`) and imports of sibling packages
 * resolve as they would after an install.
 */
export interface WorkspaceLinks {
  /** The workspace file a missing path under node_modules stands for, or undefined. */
  target(file: string): string | undefined;
  fileExists(file: string): boolean;
  directoryExists(directory: string): boolean;
  realpath(file: string): string;
}

const NODE_MODULES = '/node_modules/';

export function workspaceLinks(root: string, packages: readonly { name: string; dir: string }[]): WorkspaceLinks {
  const directories = new Map(packages.map((p) => [p.name, path.posix.join(normalizeSlashes(root), p.dir)]));
  const target = (file: string): string | undefined => {
    const posix = normalizeSlashes(file);
    const at = posix.lastIndexOf(NODE_MODULES);
    if (at < 0 || directories.size === 0) return undefined;
    const rest = posix.slice(at + NODE_MODULES.length).split('/');
    const nameLength = rest[0]?.startsWith('@') ? 2 : 1;
    const directory = directories.get(rest.slice(0, nameLength).join('/'));
    return directory === undefined ? undefined : [directory, ...rest.slice(nameLength)].join('/');
  };
  const mapped = (file: string, exists: (p: string) => boolean): string | undefined => {
    if (exists(file)) return undefined;
    const linked = target(file);
    return linked !== undefined && exists(linked) ? linked : undefined;
  };
  const directoryExists = (directory: string) => ts.sys.directoryExists(directory);
  return {
    target: (file) => mapped(file, ts.sys.fileExists),
    fileExists: (file) => ts.sys.fileExists(file) || mapped(file, ts.sys.fileExists) !== undefined,
    directoryExists: (directory) => directoryExists(directory) || mapped(directory, directoryExists) !== undefined,
    realpath: (file) => {
      const linked = mapped(file, (p) => ts.sys.fileExists(p) || directoryExists(p));
      return linked ?? (ts.sys.realpath ? ts.sys.realpath(file) : file);
    },
  };
}
