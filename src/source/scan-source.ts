import type { FileCache } from '../cache/file-cache.js';
import type { DiskLayout } from '../clones/run-jscpd.js';
import type { ResolvedConfig } from '../config/types.js';
import { prepareAnalyses } from '../cross-file/prepare.js';
import type { CrossFileContext } from '../cross-file/run-cross-file.js';
import { discoverFiles, type Discovery } from '../discover/discover-files.js';
import type { DiscoveryMemo, DiscoveryMemory } from '../discover/discovery-memo.js';
import { createRoleResolver } from '../discover/file-role.js';
import { readSource } from '../discover/read-source.js';
import type { AnalysisJob } from '../engine/analysis-job.js';
import type { FileResult } from '../engine/analyze-file.js';
import { readChurn, readHeadCommit, type ChurnCommits } from '../git/working-tree.js';
import type { SkippedFile } from '../model/types.js';
import { resultKey, shareOf, type ShardSpec } from '../shard/partial.js';
import { relativePosix } from '../util/paths.js';
import { collectFromSource, discoverSourceOnce, rememberResults, reuseCrossFile, type FileSource, type SourceEntry } from './file-source.js';
import { sourceView } from './source-view.js';

/** What the read stage gathers: results already known, files to analyse, files skipped. */
export interface Collected {
  discovery: Discovery;
  cached: FileResult[];
  jobs: AnalysisJob[];
  skipped: SkippedFile[];
  /** Files read from the disk: the cache vouches for the others by size and modification time. */
  read?: number;
}

/**
 * The read stage once its files are analysed: the paths of the files analysed instead of their
 * jobs, whose texts are let go (on 1.7 million lines they are 68 MB, held through the cross-file
 * phases for nothing but a few snippets, which are read again: src/cross-file/snippets.ts).
 */
export interface CollectedAnalysed extends Omit<Collected, 'jobs'> {
  analysedFiles: string[];
}

/** The cross-file stage's functions that differ by where the files are (loaded with the stage). */
export type CrossFileStage = typeof import('../cross-file/run-cross-file.js');

/** What the disk's read stage may use besides the cache. */
export interface DiskReading {
  /** Read files and directories that links lead to outside the root. */
  followLinksOutside?: boolean;
  /** Analyse only this shard's share of the files. */
  shard?: ShardSpec;
  /** Results of a merge of shards, by path and content hash. */
  merge?: { results: ReadonlyMap<string, FileResult> };
}

/**
 * Where a scan's files come from: the disk below the root, or a tree of files such as a git
 * commit's (a `FileSource`). The scan asks its source instead of choosing between them: what
 * each reads, keeps and knows of git differs here only.
 */
export interface ScanSource {
  /** Whether the scan may keep results in the result cache and analyse with types (the disk only: a tree's files are not there to type-check). */
  readonly onDisk: boolean;
  /** Discovers and reads the files, and splits those whose results are known (cache, memo, merge) from work to do. */
  collect(config: ResolvedConfig, cache: FileCache | undefined, progress: (done: number, total: number, phase: 'discover' | 'read') => void): Promise<Collected>;
  /** The commit the files are of, and the churn window's commits; read meanwhile, in child processes. */
  history(config: ResolvedConfig): { commit: Promise<string | undefined>; churn: Promise<ChurnCommits | undefined> };
  /** Starts, in other processes, what the cross-file analyses can begin before the files are analysed. */
  prepare(config: ResolvedConfig, collected: Collected): Readonly<Record<string, unknown>>;
  /** Keeps the results of the files this scan analysed, for later scans. */
  keep(results: readonly FileResult[], cache: FileCache | undefined, jobs: readonly AnalysisJob[]): void;
  /** The outcome of the cross-file stage, shared with an earlier scan of the same input where the source can tell. */
  crossFile<T>(results: readonly FileResult[], run: () => Promise<T>): Promise<T>;
  /** What the cross-file stage needs of the source besides the files: kept module resolutions, files for other tools. */
  crossFileContext(stage: CrossFileStage, cache: FileCache | undefined, collected: Pick<Collected, 'discovery' | 'skipped'>): Promise<Omit<CrossFileContext, 'registry' | 'prepared'>>;
}

/** The disk below `root`, limited to `targets`: the result cache vouches for unchanged files by size and time. */
export function diskSource(root: string, targets: readonly string[], reading: DiskReading): ScanSource {
  return {
    onDisk: true,
    collect: (config, cache, progress) => collectFromDisk(root, targets, config, reading, cache, progress),
    history: (config) => ({ commit: readHeadCommit(root), churn: readChurn(root, config.churn.days) }),
    prepare: (config, collected) => {
      const files = [...collected.cached, ...collected.jobs].map((r) => r.file).sort();
      return prepareAnalyses({ root, files, config, layout: diskLayout(root, targets, collected.discovery) });
    },
    keep: (results, cache, jobs) => {
      const statOf = new Map(jobs.map((job) => [job.file, job.stat]));
      for (const result of results) cache?.set(result, statOf.get(result.file));
    },
    crossFile: (_results, run) => run(),
    crossFileContext: async (stage, cache, collected) => {
      const memory = stage.resolutionMemory(root, cache, collected.skipped.map((s) => s.file), collected.discovery.manifests);
      const analysisMemo = stage.analysisMemory(cache);
      return { ...(memory ? { memory } : {}), ...(analysisMemo ? { analysisMemo } : {}) };
    },
  };
}

/** A tree of files that is not the disk (a git commit's): results are kept in the source's memo, shared by the scans of several trees. */
export function treeSource(root: string, targets: readonly string[], source: FileSource): ScanSource {
  let entries: SourceEntry[] = [];
  return {
    onDisk: false,
    collect: async (config, _cache, progress) => {
      const filters = { include: config.include, exclude: config.exclude, maxFileSize: config.files.maxFileSize };
      const discovery = await discoverSourceOnce(root, source, targets.map((t) => relativePosix(root, t) || '.'), filters);
      progress(discovery.files.length, discovery.files.length, 'discover');
      entries = discovery.files;
      const collected = await collectFromSource(source, discovery.files, config.files.maxLineLength, createRoleResolver(config.files));
      return { discovery, cached: collected.cached, jobs: collected.jobs, skipped: [...discovery.skipped, ...collected.skipped] };
    },
    // Churn counts commits back from now, so it describes a working tree: none for a tree.
    history: () => ({ commit: Promise.resolve(source.commit), churn: Promise.resolve(undefined) }),
    prepare: () => ({}),
    keep: (results) => rememberResults(source, results),
    crossFile: (results, run) => reuseCrossFile(source, results, run),
    crossFileContext: async (stage, _cache, collected) => {
      const view = await sourceView(root, source);
      return {
        memory: stage.carriedResolutions(source, view, collected.discovery.packages),
        materialiseFiles: stage.sourceMaterialiser(source, entries),
        view,
      };
    },
  };
}

/** The name the walk of the root is remembered under in the result cache (src/discover/discovery-memo.ts). */
const DISCOVERY_MEMO = 'discovery';

/** Discovers the files on disk, reads those the cache cannot vouch for, and splits cache hits from work to do. */
async function collectFromDisk(
  root: string,
  targets: readonly string[],
  config: ResolvedConfig,
  { followLinksOutside, shard, merge }: DiskReading,
  cache: FileCache | undefined,
  progress: (done: number, total: number, phase: 'discover' | 'read') => void,
): Promise<Collected> {
  const filters = { include: config.include, exclude: config.exclude, maxFileSize: config.files.maxFileSize, ...(followLinksOutside ? { followLinksOutside } : {}) };
  const roleOf = createRoleResolver(config.files);
  const memory: DiscoveryMemory | undefined = cache && {
    recall: (key) => cache.getMemo<DiscoveryMemo>(DISCOVERY_MEMO, key),
    keep: (key, memo) => cache.setMemo(DISCOVERY_MEMO, key, memo),
  };
  const discovery = discoverFiles(root, targets, filters, memory);
  progress(discovery.files.length, discovery.files.length, 'discover');
  const collected: Collected = { discovery, cached: [], jobs: [], skipped: [...discovery.skipped], read: 0 };
  const share = shard ? shareOf(discovery.files, shard) : undefined;
  const known = (file: string, hash: string, stat: AnalysisJob['stat']) => merge?.results.get(resultKey(file, hash)) ?? cache?.get(file, hash, stat);
  for (const [index, file] of discovery.files.entries()) {
    if (share?.has(file.file) === false) continue;
    const stat = file.mtimeMs === undefined ? undefined : { size: file.size, mtimeMs: file.mtimeMs };
    const unchanged = stat ? cache?.getByStat(file.file, stat) : undefined;
    if (unchanged) {
      collected.cached.push(unchanged);
      continue;
    }
    const read = readSource(file.absolute, config.files.maxLineLength, config.files.maxFileSize);
    collected.read = (collected.read ?? 0) + 1;
    if (!read.ok) {
      collected.skipped.push({ file: file.file, reason: read.reason, detail: read.detail });
      continue;
    }
    const hit = known(file.file, read.hash, stat);
    if (hit) collected.cached.push(hit);
    else collected.jobs.push({ file: file.file, text: read.text, hash: read.hash, role: roleOf(file.file), ...(stat ? { stat } : {}) });
    if (index % 200 === 0) progress(index, discovery.files.length, 'read');
  }
  return collected;
}

/** Where the walk went: what tools that walk directories themselves must stay out of. */
function diskLayout(root: string, targets: readonly string[], discovery: Discovery): DiskLayout {
  const blocked = (s: SkippedFile) => s.reason === 'unreadable' || s.reason === 'symlink-loop' || s.reason === 'special-file' || s.reason === 'outside-root';
  return {
    walked: targets.map((t) => relativePosix(root, t)),
    seen: [...discovery.files.map((f) => f.file), ...discovery.skipped.filter((s) => !blocked(s)).map((s) => s.file)],
    opaque: [...discovery.prunedDirectories, ...(discovery.links ?? []), ...discovery.skipped.filter(blocked).map((s) => s.file)],
  };
}

/** The source of a scan: the given tree, else the disk. */
export function scanSourceOf(root: string, targets: readonly string[], options: DiskReading & { source?: FileSource }): ScanSource {
  return options.source ? treeSource(root, targets, options.source) : diskSource(root, targets, options);
}
