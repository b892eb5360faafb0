import { availableParallelism } from 'node:os';
import { loadConfig } from '../config/load-config.js';
import { createRoleResolver } from '../discover/file-role.js';
import { collectFromSource, discoverSource, memoKey as keyOf, rememberResults, type FileSource, type SourceMemo } from '../source/file-source.js';
import type { FileResult } from '../engine/analyze-file.js';
import { capWorkers } from '../engine/analyze-jobs.js';
import type { RuleLoader } from '../rule/types.js';

const SMALL_BATCH_BYTES = 512 * 1024;

export interface AnalyzedVersions {
  /** Per source: files analysable there whose content no earlier source had (same path and blob). */
  fresh: number[];
  /** Per source: analysable files in all. */
  total: number[];
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
 * their shared memo; the scans of the single trees then only assemble. Files go to the pool in
 * the order of the trees, and each tree is reported ready as soon as its files are analysed, so
 * that its scan's cross-file phases (in this thread) overlap the analysis of later trees' files
 * (in the workers). Applies the same discovery rules and configuration as `scan()`.
 */
export function analyzeVersions(
  root: string,
  sources: readonly FileSource[],
  memo: SourceMemo,
  options: { configPath?: string; workers?: number; onWarning?: (message: string) => void; loadRules: RuleLoader },
): VersionsAnalysis {
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
  options: { configPath?: string; workers?: number; onWarning?: (message: string) => void; loadRules: RuleLoader },
  onReady: (index: number) => void,
): Promise<AnalyzedVersions> {
  const first = sources.at(0);
  if (!first) return { fresh: [], total: [] };
  const { config } = loadConfig(root, options.configPath);
  const filters = { include: config.include, exclude: config.exclude, maxFileSize: config.files.maxFileSize };
  const discoveries = [];
  // With the memo, so that the scans of the trees, which discover them again, find their `.gitignore` verdicts.
  for (const source of sources) discoveries.push(await discoverSource(root, { ...source, memo }, ['.'], filters));
  const firstSeen = new Map<string, number>();
  discoveries.forEach((d, index) => {
    for (const file of d.files) if (!firstSeen.has(keyOf(file.file, file.id))) firstSeen.set(keyOf(file.file, file.id), index);
  });
  const union = discoveries.flatMap((d, index) => d.files.filter((f) => firstSeen.get(keyOf(f.file, f.id)) === index));
  const all: FileSource = { entries: [], read: (entries) => first.read(entries), memo };
  const { jobs } = await collectFromSource(all, union, config.files.maxLineLength, createRoleResolver(config.files));
  const waiting = sources.map(() => 0);
  for (const job of jobs) waiting[firstSeen.get(keyOf(job.file, job.hash)) ?? 0] += 1;
  let readyUpTo = 0;
  const announce = (): void => {
    while (readyUpTo < sources.length && waiting[readyUpTo] === 0) onReady(readyUpTo++);
  };
  announce();
  const bytes = jobs.reduce((sum, j) => sum + j.text.length, 0);
  // This thread is busy too, with the cross-file phases of the trees already analysed: the pool
  // takes one core fewer than a scan's (measured on two cores: one worker was 10% faster than two, with a fifth less CPU time).
  const workers = options.workers !== undefined ? capWorkers(options.workers, options.onWarning) : (bytes < SMALL_BATCH_BYTES ? 0 : Math.max(1, Math.min(availableParallelism() - 1, Math.ceil(bytes / SMALL_BATCH_BYTES))));
  const { analyzeInPool } = await import('../engine/worker-pool.js');
  const onResults = (results: readonly FileResult[]): void => {
    rememberResults(all, results);
    for (const result of results) waiting[firstSeen.get(keyOf(result.file, result.hash)) ?? 0] -= 1;
    announce();
  };
  await analyzeInPool(jobs, config.rules, await options.loadRules(config.rules.map((r) => r.name)), workers, () => undefined, { onResults, thisThreadWorks: false });
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

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
