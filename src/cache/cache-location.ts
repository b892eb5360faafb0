import { statSync } from 'node:fs';
import path from 'node:path';
import { workingTreeTop } from '../discover/outer-ignores.js';
import { DEFAULT_CACHE_LOCATION, ROOTS_DIRECTORY } from '../clones/clone-index.js';

/**
 * Where a scan's cache lives unless configured: `node_modules/.cache/debt-scan` of the root when
 * the root has `node_modules`. A root that is a folder of a git working tree without a
 * `node_modules` of its own uses the nearest one above it, up to the top of the working tree
 * (the top's when there is none), in `roots/<path of the root>` there, so that a scan of a folder
 * neither creates a `node_modules` inside it nor shares files with scans of other roots.
 */
export function defaultCacheDirectory(root: string): string {
  const own = path.join(root, DEFAULT_CACHE_LOCATION);
  if (isDirectory(path.join(root, 'node_modules'))) return own;
  const top = workingTreeTop(root)?.directory;
  if (top === undefined || top === root) return own;
  let home = top;
  for (let directory = path.dirname(root); ; directory = path.dirname(directory)) {
    if (isDirectory(path.join(directory, 'node_modules'))) {
      home = directory;
      break;
    }
    if (directory === top || path.dirname(directory) === directory) break;
  }
  return path.join(home, DEFAULT_CACHE_LOCATION, ROOTS_DIRECTORY, ...path.relative(home, root).split(path.sep));
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
