import type { FileRole } from '../rule/types.js';

/**
 * A file to analyse: what discovery read and hands to the engine. A module of its own, apart from
 * the engine that knows the rules, so that discovery depends on the job, not on the rules.
 */
export interface AnalysisJob {
  file: string;
  text: string;
  hash: string;
  /** What the file is for (src/discover/file-role.ts), with the configuration's globs applied. */
  role: FileRole;
  /** Size and modification time when the file was read, for the cache. */
  stat?: { size: number; mtimeMs: number };
  /**
   * False for a file whose result no disk cache keeps (a git tree's): its result then has no
   * linkage digest, which only keys the cache's cross-file outcomes (src/cache/cross-file-key.ts).
   */
  digestLinkage?: false;
}
