import { availableParallelism } from 'node:os';
import { loadConfig } from '../config/load-config.js';
import { collectFromSource, discoverSource, memoKey as keyOf, rememberResults, type FileSource, type SourceMemo } from '../discover/file-source.js';

const SMALL_BATCH_BYTES = 512 * 1024;

export interface VersionsAnalysed {
  /** Per source: files analysable there whose content no earlier source had (same path and blob). */
  fresh: number[];
  /** Per source: analysable files in all. */
  total: number[];
}

/**
 * Analyses, in one pass over the worker pool, every file version that the given sources (the
 * trees of a trend, oldest first) hold, once per path and content id, and keeps the results in
 * their shared memo; the scans of the single trees then only assemble. Applies the same
 * discovery rules and configuration as `scan()`.
 */
export async function analyseVersions(
  root: string,
  sources: readonly FileSource[],
  memo: SourceMemo,
  options: { configPath?: string; workers?: number },
): Promise<VersionsAnalysed> {
  const first = sources.at(0);
  if (!first) return { fresh: [], total: [] };
  const { config } = loadConfig(root, options.configPath);
  const filters = { include: config.include, exclude: config.exclude, maxFileSize: config.files.maxFileSize };
  const discoveries = [];
  for (const source of sources) discoveries.push(await discoverSource(root, source, ['.'], filters));
  const firstSeen = new Map<string, number>();
  discoveries.forEach((d, index) => {
    for (const file of d.files) if (!firstSeen.has(keyOf(file.file, file.id))) firstSeen.set(keyOf(file.file, file.id), index);
  });
  const union = discoveries.flatMap((d, index) => d.files.filter((f) => firstSeen.get(keyOf(f.file, f.id)) === index));
  const all: FileSource = { entries: [], read: (entries) => first.read(entries), memo };
  const { jobs } = await collectFromSource(all, union, config.files.maxLineLength);
  const bytes = jobs.reduce((sum, j) => sum + j.text.length, 0);
  const workers = options.workers ?? (bytes < SMALL_BATCH_BYTES ? 0 : Math.max(1, Math.min(availableParallelism(), Math.ceil(bytes / SMALL_BATCH_BYTES))));
  const { analyzeInPool } = await import('../engine/worker-pool.js');
  rememberResults(all, await analyzeInPool(jobs, config.rules, workers, () => undefined));

  const analysable = (file: string, id: string) => {
    const known = memo.files.get(keyOf(file, id));
    return known !== undefined && !('reason' in known);
  };
  return {
    fresh: discoveries.map((d, index) => d.files.filter((f) => firstSeen.get(keyOf(f.file, f.id)) === index && analysable(f.file, f.id)).length),
    total: discoveries.map((d) => d.files.filter((f) => analysable(f.file, f.id)).length),
  };
}
