import type { SkippedFile } from '../model/types.js';

/* What a walk of the tree finds (src/discover/discover-files.ts), or a remembered walk gives again (src/discover/discovery-memo.ts). */

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
