import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { CrossFileOutcome } from '../cross-file/run-cross-file.js';
import type { FileResult } from '../engine/analyze-file.js';
import { cloneIndexStamp, hasCloneIndex } from '../clones/clone-index.js';
import { CLONE_FINGERPRINT_VERSION } from '../clones/fingerprint-version.js';
import { UsageError } from '../errors.js';
import type { CacheUse, GraphData } from '../model/types.js';
import { saveCompileCache } from '../parse/compile-cache.js';
import { typescriptVersion } from '../parse/typescript-version.js';
import type { RuleLoader } from '../rule/types.js';
import { TOOL_VERSION } from '../version.js';
import { cacheDirectoryProblem, removeLegacyFiles, removeStaleTemporaries } from './cache-directory.js';
import { defaultCacheDirectory } from './cache-location.js';
import { crossFileKey, type KeyedFile } from './cross-file-key.js';
import { stageReads } from '../cross-file/stage-reads.js';
import { probesHold } from '../module-graph/resolution-probes.js';
import { FUNCTION_RULE } from '../clones/rule-names.js';
import { FileCache } from './file-cache.js';
import { packFileGraph, unpackFileGraph } from './pack-file-graph.js';
import { openUserCache, userCacheDirectory, type UserCache } from './user-cache.js';

/**
 * A scan's caches: the per-file results and cross-file outcome below the cache directory, sealed
 * with the per-user secret, and the clone index the ESLint rules read. What keys them is here too.
 */

/** The scan options that place the caches. */
export interface CacheOptions {
  cache?: boolean;
  cacheLocation?: string;
  userCacheLocation?: string;
  onWarning?: (message: string) => void;
}

/** The memo of the cache that holds the stamp of the clone index as last written or checked. */
const CLONE_INDEX_STAMP = 'clone-index-stamp';

/** The caches a scan opened: none when off, or unavailable with the reason. */
export interface OpenedCache {
  cache?: FileCache;
  cacheDirectory: string;
  /** The per-user directory and secret, when a scan of the disk can keep them (with or without the scan's cache). */
  user?: UserCache;
  /** Why the cache is on but cannot be used. */
  unavailable?: string;
}

/**
 * The cache of a scan of the disk, unless turned off; scans of a source keep their results in
 * memory. The cache needs the per-user secret that seals it: without one (no home directory, or
 * one inside the scanned tree) the scan runs without any cache and says so once. A cache location
 * that is not a directory is a usage error when the caller named it, and otherwise (the
 * repository's configuration, or the default) a warning, and the scan runs without the cache.
 */
export function openCache(root: string, config: ResolvedConfig, options: CacheOptions, onDisk: boolean): OpenedCache {
  const named = options.cacheLocation ?? config.cache.location;
  const cacheDirectory = named === undefined ? defaultCacheDirectory(root) : path.resolve(root, named);
  const enabled = onDisk && (options.cache ?? config.cache.enabled);
  if (!enabled) {
    // `--no-cache` turns off the scan's cache only: the per-user directory still gives the worker
    // trial's verdict and TypeScript's compiled code, without which every run would try workers
    // again (a second of CPU time where they do not pay) and compile TypeScript anew.
    const user = onDisk ? openUserCache(options.userCacheLocation ?? userCacheDirectory(process.env), root) : undefined;
    return user?.ok ? { cacheDirectory, user: user.cache } : { cacheDirectory };
  }
  const problem = cacheDirectoryProblem(cacheDirectory);
  if (problem && options.cacheLocation !== undefined) {
    throw new UsageError(`the cache location ${options.cacheLocation} cannot be used: ${problem}; name a directory, or pass --no-cache`);
  }
  const user = problem
    ? { ok: false as const, reason: `the cache location ${cacheDirectory} cannot be used: ${problem}` }
    : openUserCache(options.userCacheLocation ?? userCacheDirectory(process.env), root);
  if (!user.ok) {
    options.onWarning?.(`${user.reason}; running without the cache`);
    return { cacheDirectory, unavailable: user.reason };
  }
  removeStaleTemporaries(cacheDirectory);
  removeLegacyFiles(cacheDirectory);
  return { cache: FileCache.open(cacheDirectory, cacheKey(config), user.cache.secret), cacheDirectory, user: user.cache };
}

/** Stores this run's results and cross-file outcome, and the clone index the ESLint rules read. */
export async function saveCache(
  cache: FileCache,
  target: { directory: string; secret: Uint8Array },
  run: { root: string; config: ResolvedConfig; results: readonly FileResult[]; crossFile: CrossFileOutcome; key: string | undefined; known: boolean; loadRules: RuleLoader },
): Promise<void> {
  const { root, config, results, crossFile } = run;
  if (run.key && !run.known) cache.setCrossFile(run.key, packedOutcome(crossFile));
  // A run served from the cache checks the index too, and writes it again when it is missing or
  // damaged. An index whose size, time and inode are those recorded when it was last written or
  // checked is taken as it is, which spares a warm run reading it: damage that keeps all three is
  // caught by the ESLint rules' own check, and repaired by the next run with any change.
  const stamp = cloneIndexStamp(target.directory);
  const vouched = run.known && stamp !== undefined && cache.getMemo<boolean>(CLONE_INDEX_STAMP, stamp) === true;
  if (!vouched && (!run.known || !hasCloneIndex(target.directory, target.secret))) {
    // Only the functions the index keeps for no-duplicate-function come from the heavy facts.
    if (!config.rules.some((r) => r.name === FUNCTION_RULE) || cache.loadFacts()) {
      const { writeCloneIndexFor } = await import('../cross-file/run-cross-file.js');
      writeCloneIndexFor(target, root, config, results, crossFile, await run.loadRules(config.rules.map((r) => r.name)));
    } else {
      // The index needs the heavy facts, which could not be read: the next run analyses every file and writes both.
      cache.forget();
    }
  }
  const written = vouched ? undefined : cloneIndexStamp(target.directory);
  if (written) cache.setMemo(CLONE_INDEX_STAMP, written, true);
  cache.save();
  saveCompileCache();
}

/**
 * The cache's key for the cross-file outcome of these files, and the outcome it holds for them, if
 * any. `pending` are files still to be analysed: when the stage reads only linkage, the key waits
 * for their results (no key is given).
 */
export function keptCrossFile(
  cache: FileCache | undefined,
  root: string,
  files: {
    results: readonly Pick<FileResult, 'file' | 'hash' | 'facts' | 'linkage'>[];
    pending: readonly { file: string; hash: string }[];
    manifests: readonly string[];
    skipped: readonly { file: string }[];
  },
  config: ResolvedConfig,
): { key?: string; known?: CrossFileOutcome } {
  if (!cache) return {};
  // A result with facts but no digest (none is expected) keys by its content, which never matches a digest.
  const keyed: KeyedFile[] = [
    ...files.results.map((r) => ({ file: r.file, hash: r.hash, linkage: r.facts ? (r.linkage ?? `content:${r.hash}`) : null })),
    ...files.pending.map((r) => ({ file: r.file, hash: r.hash })),
  ];
  const key = crossFileKey(root, keyed, { manifests: files.manifests, skipped: files.skipped.map((s) => s.file) }, crossFileSettings(config), stageReads(config));
  if (key === undefined) return {};
  // What lies outside the scanned files (an asset an import names) can change without changing the key: the probes say.
  const stored = cache.getCrossFile<CrossFileOutcome>(key);
  const known = stored && unpackedOutcome(stored);
  return { key, known: known && Array.isArray(known.probes) && probesHold(root, known.probes) ? known : undefined };
}

/** The cross-file outcome as the cache keeps it: the import graph's files by column (src/cache/pack-file-graph.ts). */
function packedOutcome(outcome: CrossFileOutcome): CrossFileOutcome {
  const graph = outcome.analysisData.graph as GraphData | undefined;
  const files = graph?.files ? packFileGraph(graph.files) : undefined;
  return graph && files ? { ...outcome, analysisData: { ...outcome.analysisData, graph: { ...graph, files } } } : outcome;
}

/** `packedOutcome`'s outcome as it was; undefined when what it holds for the graph's files cannot be read. */
function unpackedOutcome(stored: CrossFileOutcome): CrossFileOutcome | undefined {
  const graph = (stored.analysisData as Partial<CrossFileOutcome['analysisData']> | undefined)?.graph as { files?: { format?: unknown } } | undefined;
  if (typeof graph?.files?.format !== 'string') return stored;
  const files = unpackFileGraph(graph.files);
  return files ? { ...stored, analysisData: { ...stored.analysisData, graph: { ...graph, files } } } : undefined;
}

/** How the scan used the cache, for the report. */
export function cacheUse(cache: FileCache | undefined, unavailable: string | undefined, filesFromCache: number, files: number): CacheUse {
  const counts = { filesFromCache, files };
  if (unavailable) return { state: 'unavailable', ...counts, reason: unavailable };
  if (!cache) return { state: 'off', ...counts };
  return { state: cache.found === 'verified' ? 'used' : cache.found, ...counts };
}

/**
 * The configuration the cross-file phases may read: all of it but what only later stages use (the
 * gate, scoring, churn) and what names where things are. Left out by name, so that a setting added
 * later keys the outcome until shown not to matter.
 */
function crossFileSettings(config: ResolvedConfig): string {
  const { source: _source, cache: _cache, gate: _gate, scoring: _scoring, churn: _churn, ...read } = config;
  return JSON.stringify(read);
}

/** What the cache depends on besides file content: the tool, Node.js and TypeScript versions, the line limit and each rule's options. */
export function cacheKey(config: ResolvedConfig): unknown[] {
  const { rules, files } = config;
  // The line limit decides which files count as minified, and a file the cache vouches for is not read again.
  // Which rules run on a file depends on its role, which the globs of `files.product` and `files.nonProduct` can change.
  return [TOOL_VERSION, process.versions.node.split('.')[0], `typescript-${typescriptVersion()}`, `clone-fingerprints-v${CLONE_FINGERPRINT_VERSION}`, `max-line-${files.maxLineLength}`, files.product, files.nonProduct, rules.map((r) => [r.name, r.options])];
}
