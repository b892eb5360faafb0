import { availableParallelism } from 'node:os';
import { loadConfig } from '../config/load-config.js';
import { createRoleResolver } from '../discover/file-role.js';
import { isSourceFile } from '../discover/file-filter.js';
import { collectFromSource, discoverSourceOnce, memoKey as keyOf, rememberResults, type FileSource, type SourceDiscovery, type SourceMemo } from '../source/file-source.js';
import type { FileResult } from '../engine/analyze-file.js';
import type { AnalysisJob } from '../engine/analysis-job.js';
import { openUserCache, userCacheDirectory } from '../cache/user-cache.js';
import { saveCompileCache, useCompileCache, type CodeCacheSettings } from '../parse/compile-cache.js';
import { capWorkers } from '../engine/analyze-jobs.js';
import type { RuleLoader } from '../rule/types.js';
import { deferred } from '../util/deferred.js';

const SMALL_BATCH_BYTES = 512 * 1024;

export interface AnalyzedVersions {
  /** Per source: files analysable there whose content no earlier source had (same path and blob). */
  fresh: number[];
  /** Per source: analysable files in all. */
  total: number[];
}

export interface AnalyzeOptions {
  configPath?: string;
  workers?: number;
  onWarning?: (message: string) => void;
  loadRules: RuleLoader;
}

/** The analysis of every file version of a trend, under way: each tree can be scanned once its files are done. */
export interface VersionsAnalysis {
  /** Resolves when every analysable file of the source at this index (and of those before it) has its result in the memo. */
  ready(index: number): Promise<void>;
  /** Resolves with the counts when every file version is analysed; rejects when the analysis cannot start. */
  done: Promise<AnalyzedVersions>;
}

/**
 * Analyses, in one pass over the worker pool, every file version that the given sources (the
 * trees of a trend, oldest first) hold, once per path and content id, and keeps the results in
 * their shared memo; the scans of the single trees then only assemble. The workers start first;
 * the trees are read one after the other while they load TypeScript and analyse, and each tree's
 * new files go to the pool as soon as they are read. Each tree is reported ready as soon as its
 * files are analysed, so that its scan's cross-file phases (in this thread) overlap the analysis
 * of later trees' files (in the workers). Applies the same discovery rules and configuration as
 * `scan()`, and TypeScript's code cache as a scan of the disk does.
 */
export function analyzeVersions(root: string, sources: readonly FileSource[], memo: SourceMemo, options: AnalyzeOptions): VersionsAnalysis {
  const readiness = sources.map(() => deferred());
  const done = analyzeAll(root, sources, memo, options, (index) => readiness[index]?.resolve());
  // A failed analysis leaves each tree to its own scan, which analyses what it needs.
  done.catch(() => readiness.forEach((r) => r.resolve()));
  return { ready: (index) => readiness[index]?.promise ?? Promise.resolve(), done };
}

async function analyzeAll(
  root: string,
  sources: readonly FileSource[],
  memo: SourceMemo,
  options: AnalyzeOptions,
  onReady: (index: number) => void,
): Promise<AnalyzedVersions> {
  const first = sources.at(0);
  if (!first) return { fresh: [], total: [] };
  const { config } = loadConfig(root, options.configPath);
  const filters = { include: config.include, exclude: config.exclude, maxFileSize: config.files.maxFileSize };
  const roleOf = createRoleResolver(config.files);
  const all: FileSource = { entries: [], read: (entries) => first.read(entries), memo };
  const discoveries: SourceDiscovery[] = [];
  /** The index of the first source that holds each file version. */
  const firstSeen = new Map<string, number>();
  const waiting = sources.map(() => 0);
  let collectedUpTo = 0;
  let readyUpTo = 0;
  const announce = (): void => {
    while (readyUpTo < collectedUpTo && waiting[readyUpTo] === 0) onReady(readyUpTo++);
  };
  /** The files each source holds that no source before it had, read and checked, tree by tree. */
  async function* versions(): AsyncGenerator<AnalysisJob[]> {
    for (const [index, source] of sources.entries()) {
      // With the memo, where the scans of the trees find it.
      const discovery = await discoverSourceOnce(root, { ...source, memo }, ['.'], filters);
      discoveries.push(discovery);
      // A tree lists each path once, so its files are new or known as a whole.
      const fresh = discovery.files.filter((file) => !firstSeen.has(keyOf(file.file, file.id)));
      for (const file of fresh) firstSeen.set(keyOf(file.file, file.id), index);
      const { jobs } = await collectFromSource(all, fresh, config.files.maxLineLength, roleOf);
      waiting[index] += jobs.length;
      collectedUpTo = index + 1;
      announce();
      yield jobs;
    }
  }
  // Before the analysis loads TypeScript into this thread and the workers.
  const compileCache = typeScriptCodeCache(root);
  const { analyzeInPool } = await import('../engine/worker-pool.js');
  const onResults = (results: readonly FileResult[]): void => {
    rememberResults(all, results);
    for (const result of results) waiting[firstSeen.get(keyOf(result.file, result.hash)) ?? 0] -= 1;
    announce();
  };
  const registry = await options.loadRules(config.rules.map((r) => r.name));
  // The workers start before the first tree's files are read: loading TypeScript into them takes as long.
  const workers = workerCount(sources, config.files.maxFileSize, options);
  await analyzeInPool([], config.rules, registry, workers, () => undefined, {
    onResults,
    later: versions(),
    thisThreadWorks: false,
    ...(compileCache ? { compileCache } : {}),
  });
  if (compileCache) saveCompileCache();
  for (let index = readyUpTo; index < sources.length; index += 1) onReady(index);

  const analysable = (file: string, id: string) => {
    const known = memo.files.get(keyOf(file, id));
    return known !== undefined && !('reason' in known);
  };
  return {
    fresh: discoveries.map((d, index) => d.files.filter((f) => firstSeen.get(keyOf(f.file, f.id)) === index && analysable(f.file, f.id)).length),
    total: discoveries.map((d) => d.files.filter((f) => analysable(f.file, f.id)).length),
  };
}

/**
 * The pool's workers, decided before any file is read: from the bytes of the source files the
 * trees list (each path and content once, within the size limit), which bound those analysed.
 * This thread is busy too, with the cross-file phases of the trees already analysed, so the pool
 * takes one core fewer than a scan's (measured on two cores: one worker was 10% faster than two,
 * with a fifth less CPU time).
 */
function workerCount(sources: readonly FileSource[], maxFileSize: number, options: AnalyzeOptions): number {
  if (options.workers !== undefined) return capWorkers(options.workers, options.onWarning);
  const counted = new Set<string>();
  let bytes = 0;
  for (const source of sources) {
    for (const entry of source.entries) {
      if (entry.size > maxFileSize || !isSourceFile(entry.file)) continue;
      const key = keyOf(entry.file, entry.id);
      if (counted.has(key)) continue;
      counted.add(key);
      bytes += entry.size;
    }
  }
  return bytes < SMALL_BATCH_BYTES ? 0 : Math.max(1, Math.min(availableParallelism() - 1, Math.ceil(bytes / SMALL_BATCH_BYTES)));
}

/**
 * TypeScript's code cache in the per-user directory, as a scan of the disk uses it (the scans of
 * a trend's trees, read from git, do not), for this thread and the workers; undefined when there
 * is no per-user directory to trust.
 */
function typeScriptCodeCache(root: string): CodeCacheSettings | undefined {
  const user = openUserCache(userCacheDirectory(process.env), root);
  if (!user.ok) return undefined;
  useCompileCache(user.cache);
  return user.cache;
}
