import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { holdsOnlyCache } from './cache/cache-directory.js';
import { cacheKey, cacheUse, keptCrossFile, openCache, saveCache, type OpenedCache } from './cache/scan-cache.js';
import { analyzeJobs, workerCount } from './engine/analyze-jobs.js';
import type { FileCache } from './cache/file-cache.js';
import { saveCompileCache, useCompileCache, type CodeCacheSettings } from './parse/compile-cache.js';
import { loadConfig, resolveConfig } from './config/load-config.js';
import type { ResolvedConfig, UserConfig } from './config/types.js';
import type { CrossFileOutcome } from './cross-file/run-cross-file.js';
import { churnByFile, churnByModule, type ChurnCommits } from './git/working-tree.js';
import type { FileSource } from './source/file-source.js';
import { scanSourceOf, type Collected, type CollectedAnalysed, type CrossFileStage, type ScanSource } from './source/scan-source.js';
import type { FileResult } from './engine/analyze-file.js';
import type { AnalysisJob } from './engine/analysis-job.js';
import type { PoolOutcome } from './engine/worker-pool.js';
import { changesSince, type ChangeScope } from './changes/change-scope.js';
import { judge, loadBaseline, type LoadedBaseline } from './baseline/judge-report.js';
import { withSnippets } from './cross-file/snippets.js';
import { partialHeader, settingsDigest, treeDigest, type PartialHeader, type PartialResult, type ShardSpec } from './shard/partial.js';
import { UsageError } from './errors.js';
import { buildReport, type AssemblyInput } from './model/build-report.js';
import type { GraphData, ReportModel } from './model/types.js';
import { createModuleAssigner, type WorkspacePackage } from './score/assign-module.js';
import { moduleGraphFigures } from './score/score-modules.js';
import { isInside } from './util/is-inside.js';
import type { TypedRun } from './typed/typed-scan.js';
import type { RuleLoader } from './rule/types.js';

export type ScanPhase = 'discover' | 'read' | 'analyze' | 'cross-file' | 'score';

export interface ScanProgress {
  phase: ScanPhase;
  done: number;
  total: number;
}

export interface ScanOptions {
  /** The scan root: configuration, .gitignore and relative paths start here. Default: the current directory. */
  root?: string;
  /** Files or directories to scan, relative to the root. Default: the whole root. */
  paths?: string[];
  /** A configuration file to use instead of looking for one at the root. */
  configPath?: string;
  /** A configuration given as data; takes precedence over any file. */
  config?: UserConfig;
  /** The rule set to start from, replacing the configuration's `preset`: `recommended` or `strict` (every rule). */
  preset?: 'recommended' | 'strict';
  /**
   * The baseline file (relative to the root): findings in it are `unchanged`, the others `new`, and
   * the gate's level condition judges only new ones. Default: `debt-scan.baseline.jsonl` at the root
   * when it exists; `false` uses none. A named file that cannot be read is a usage error.
   */
  baseline?: string | false;
  /**
   * A typed scan (src/typed/): the files a tsconfig includes are analysed with their program's
   * type checker; replaces the configuration's `typed.enabled`. Scans of a git tree are never typed.
   */
  typed?: boolean;
  /** The level of findings that fails the quality gate, replacing the configuration's `gate.failOn`. */
  failOn?: ResolvedConfig['gate']['failOn'];
  /** Gate conditions that replace the configuration's settings of the same name. */
  gate?: Partial<ResolvedConfig['gate']>;
  /**
   * Pull-request mode: report only findings in the files changed since the merge base of this
   * revision and HEAD (committed or not, untracked included), while every cross-file analysis
   * still sees the whole repository. A revision git cannot find, or no merge base (a shallow
   * clone), is a usage error.
   */
  changedSince?: string;
  /**
   * With `changedSince`: the merge base's own findings, read from its git tree (no checkout), are
   * the baseline: a finding is new only when the merge base did not have it. Replaces a baseline file.
   */
  newOnly?: boolean;
  /** A shard's share of the files (`scanShard`): only these are analysed. */
  shard?: ShardSpec;
  /**
   * Merging the shards of a scan: every per-file result comes from the parts (by path and content
   * hash) instead of an analysis; a file of this tree that no part covers, or parts made with
   * another configuration or of other files, is a usage error.
   */
  merge?: { results: ReadonlyMap<string, FileResult>; header: PartialHeader };
  /** Keep per-file results between runs (default: the configuration's `cache.enabled`, true). */
  cache?: boolean;
  /** Directory of the cache; default `node_modules/.cache/debt-scan` of the root, or of a directory above a folder root (src/cache/cache-location.ts). A path that is not a directory is a usage error. */
  cacheLocation?: string;
  /**
   * The per-user cache directory, which holds the secret that seals the caches and TypeScript's
   * code cache; default `$DEBT_SCAN_USER_CACHE`, else `$XDG_CACHE_HOME/debt-scan`, else
   * `~/.cache/debt-scan`. Never inside the scanned tree: there, no cache is used.
   */
  userCacheLocation?: string;
  /** Worker threads; 0 analyses in this thread. Default: the available cores for large scans, 0 for small. */
  workers?: number;
  /** Files per batch handed to a worker (tuning and tests; default 64). */
  batchFiles?: number;
  onProgress?: (progress: ScanProgress) => void;
  /** Receives warnings about the configuration (for example an ignored JavaScript config file). */
  onWarning?: (message: string) => void;
  /** Take the files from this source (for example a git tree) instead of the disk below the root; no cache is written. */
  source?: FileSource;
  /** Give findings of cross-file phases their source lines (default true; the trend, which shows no code, saves the reads). */
  snippets?: boolean;
  /**
   * Read files and directories that links in the tree lead to outside the scan root (default:
   * such links are skipped as `outside-root`). Not a configuration field, since the scanned tree
   * would then decide it.
   */
  followLinksOutside?: boolean;
}

/** A scan's options and where its rules come from: the entry points (CLI, library) pass debt-scan's own. */
export type ScanWithRules = ScanOptions & { loadRules: RuleLoader };

/** Wall-clock timings per stage, in milliseconds. */
function createClock(): { lap(name: string): void; timings: Record<string, number> } {
  const timings: Record<string, number> = {};
  const started = performance.now();
  let mark = started;
  return {
    timings,
    lap(name) {
      const now = performance.now();
      timings[name] = Math.round(now - mark);
      timings.total = Math.round(now - started);
      mark = now;
    },
  };
}

/**
 * Scans a repository: discovers its source files, analyses each once (in worker threads, using
 * the cache), runs the cross-file analyses and rules, scores modules and returns the report
 * model the CLI renders. Never executes the code it scans.
 */
export async function scan(options: ScanWithRules): Promise<ReportModel> {
  if (options.newOnly && !options.changedSince) throw new UsageError('--new-only compares with the merge base of --changed-since: give both');
  if (!options.changedSince || options.source) return scanOnce(options, undefined);
  const change = await changesSince(resolveTargets(options).root, options.changedSince);
  try {
    return await scanOnce(options.newOnly ? { ...options, baseline: false } : options, change);
  } finally {
    change.close();
  }
}

/** A run up to and including the per-file analysis: what the cross-file phases and a shard's partial result start from. */
interface AnalyzedRun {
  clock: ReturnType<typeof createClock>;
  root: string;
  /** Where the files come from: the disk or a tree (src/source/scan-source.ts). */
  source: ScanSource;
  targets: string[];
  config: ResolvedConfig;
  progress: (p: ScanProgress) => void;
  baseline: LoadedBaseline | undefined;
  opened: OpenedCache;
  collected: CollectedAnalysed;
  files: { file: string; hash: string }[];
  crossFileKey: string | undefined;
  known: CrossFileOutcome | undefined;
  prepared: Readonly<Record<string, unknown>>;
  stage: CrossFileStage | undefined;
  pool: PoolOutcome;
  results: FileResult[];
  /** The typed analysis, in a typed scan of the disk. */
  typed: TypedRun | undefined;
  /** The commit and the churn window's commits, as the source knows them (a git tree: its commit, no churn); absent for a shard. */
  git: { commit: Promise<string | undefined>; churn: Promise<ChurnCommits | undefined> } | undefined;
}

async function analyzeRun(options: ScanWithRules): Promise<AnalyzedRun> {
  const clock = createClock();
  const { root, targets } = resolveTargets(options);
  const config = effectiveConfig(root, options);
  const progress = options.onProgress ?? (() => undefined);
  const baseline = loadBaseline(root, options);
  const source = scanSourceOf(root, targets, options);
  const opened = openCache(root, config, options, source.onDisk);
  const { user } = opened;
  // TypeScript's code cache lives in the per-user directory, sealed with the same secret.
  const codeCache: CodeCacheSettings | undefined = user;
  if (codeCache) useCompileCache(codeCache);

  // Git answers in child processes while the files are read and analysed.
  const git = options.shard ? undefined : source.history(config);
  const { collected, analysed, key, known, prepared, stage } = await collectAndAnalyze({ root, config, options, source, opened, progress, onCollected: () => clock.lap('discover') });
  clock.lap('analyze');
  const { typed, pool, results } = analysed;
  const { jobs, ...read } = collected;
  const files = [...collected.cached, ...jobs].map((r) => ({ file: r.file, hash: r.hash }));
  return { clock, root, source, targets, config, progress, baseline, opened, collected: { ...read, analysedFiles: jobs.map((job) => job.file) }, files, crossFileKey: key, known, prepared, stage, pool, results, git, typed };
}

/**
 * Collects the files and analyses those the cache does not hold, keying the cross-file outcome
 * (src/cache/cross-file-key.ts) as soon as it can: before the analysis when the files to analyse
 * cannot change the key (none, or the stage reads their whole content), else after it (the stage
 * reads only linkage, which an edit inside a function keeps). The cross-file phases and a shard's
 * parts need the cached results' heavy facts: when their file cannot be read, the cache forgets
 * its results and every file is analysed again.
 */
async function collectAndAnalyze(run: {
  root: string;
  config: ResolvedConfig;
  options: ScanWithRules;
  source: ScanSource;
  opened: OpenedCache;
  progress: (event: ScanProgress) => void;
  onCollected: () => void;
}) {
  const { root, config, options, source, opened, progress } = run;
  const { cache } = opened;
  const shard = options.shard !== undefined;
  const collect = () => source.collect(config, cache, (done, total, phase) => progress({ phase, done, total }));
  let collected = await collect();
  checkMerge(options.merge, collected, config);
  const keyOf = (results: readonly FileResult[], pending: readonly AnalysisJob[]) =>
    shard ? {} : keptCrossFile(cache, root, { results, pending, manifests: collected.discovery.manifests, skipped: collected.skipped }, config);
  let { key, known } = keyOf(collected.cached, collected.jobs);
  if (factsLost(cache, shard || (!known && key !== undefined))) {
    collected = await collect();
    ({ key, known } = keyOf(collected.cached, collected.jobs));
  }
  run.onCollected();
  // Analyses that hand files to another process start it now, to overlap the per-file analysis.
  const prepared = known || shard ? {} : source.prepare(config, collected);
  // The rules, TypeScript and the cross-file analyses load only for work the cache does not hold.
  const stage = known || shard || key === undefined ? undefined : await import('./cross-file/run-cross-file.js');
  const analyze = () => analyzeCollected(root, config, { source, collected }, opened, options, progress);
  let analysed = await analyze();
  if (cache && !shard && key === undefined) {
    ({ key, known } = keyOf(analysed.results, []));
    if (factsLost(cache, !known)) {
      collected = await collect();
      analysed = await analyze();
      ({ key, known } = keyOf(analysed.results, []));
    }
  }
  return { collected, analysed, key, known, prepared, stage };
}

/** Whether the run wants the cached results' heavy facts and cannot read them: then the cache forgets its results, to be analysed again. */
function factsLost(cache: FileCache | undefined, wanted: boolean): boolean {
  if (!cache || !wanted || cache.loadFacts()) return false;
  cache.forget();
  return true;
}

/** The configuration file's settings (or the one given), with what the options override. */
function effectiveConfig(root: string, options: ScanOptions): ResolvedConfig {
  const loaded = options.config ? resolveConfig(options.config, 'options.config', options.preset) : loadConfigWithWarnings(root, options);
  return {
    ...loaded,
    gate: { ...loaded.gate, ...options.gate, ...(options.failOn ? { failOn: options.failOn } : {}) },
    ...(options.typed === undefined ? {} : { typed: { ...loaded.typed, enabled: options.typed } }),
  };
}

/** Every file's result: from the cache, the typed analysis (a typed scan of the disk) and the worker pool, sorted by path. */
async function analyzeCollected(
  root: string,
  config: ResolvedConfig,
  { source, collected }: { source: ScanSource; collected: Collected },
  opened: OpenedCache,
  options: ScanWithRules,
  progress: (event: ScanProgress) => void,
): Promise<{ typed: TypedRun | undefined; pool: PoolOutcome; results: FileResult[] }> {
  const { cache, user } = opened;
  const total = collected.cached.length + collected.jobs.length;
  let typedDone = 0;
  const typed = config.typed.enabled && source.onDisk && !options.merge
    ? (await import('./typed/typed-scan.js')).runTypedAnalysis(root, config, (await import('./engine/analyze-files.js')).enabledRules(config.rules, await options.loadRules(config.rules.map((r) => r.name))), collected, () => progress({ phase: 'analyze', done: collected.cached.length + ++typedDone, total }))
    : undefined;
  const jobs = typed ? typed.untypedJobs : collected.jobs;
  const cached = typed ? typed.untypedCached : collected.cached;
  const onFileDone = (done: number) => progress({ phase: 'analyze', done: cached.length + typedDone + done, total });
  const pool = await analyzeJobs(jobs, config, options.loadRules, workerCount(options.workers, jobs, user, options.onWarning), onFileDone, options.batchFiles, user);
  // Typed results are not kept: they depend on other files than their own.
  source.keep(pool.results, cache, jobs);
  const results = [...cached, ...pool.results, ...(typed?.results ?? [])].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { typed, pool, results };
}

/**
 * A shard of a scan (`debt-scan --shard K/N`): the per-file results of its share of the files,
 * for `debt-scan merge` (src/shard/partial.ts). Nothing cross-file runs here.
 */
export async function scanShard(options: ScanWithRules & { shard: ShardSpec }): Promise<PartialResult> {
  if (options.source || options.merge || options.changedSince) throw new UsageError('--shard scans the files on disk, alone: not with a git tree, a merge or --changed-since');
  const run = await analyzeRun(options);
  const { discovery } = run.collected;
  run.opened.cache?.save();
  const header = partialHeader(options.shard, { settings: settingsDigest(shardSettings(run.config)), tree: treeDigest(discovery.files), files: discovery.files.length, analysed: run.results.length });
  return { header, results: run.results };
}

async function scanOnce(options: ScanWithRules, change: ChangeScope | undefined): Promise<ReportModel> {
  const run = await analyzeRun(options);
  const { clock, root, config, progress, baseline, collected, files, known, prepared, stage, pool, results } = run;
  const { cache, cacheDirectory, user, unavailable } = run.opened;
  const key = run.crossFileKey;
  progress({ phase: 'cross-file', done: 0, total: 1 });
  const crossFile = known ?? (await run.source.crossFile(results, () => computeCrossFile({ root, config, results, collected, cache, prepared, stage, source: run.source, loadRules: options.loadRules })));
  // An outcome kept while files changed (their linkage did not) gets those files' snippets anew, and is stored with them.
  const unchanged = known !== undefined && collected.analysedFiles.length === 0;
  if (!unchanged) await withSnippets(crossFile, { results, changed: collected.analysedFiles }, root, config, { ...options, renew: known !== undefined });
  if (cache && user) await saveCache(cache, { directory: cacheDirectory, secret: user.secret }, { root, config, results, crossFile, key, known: unchanged, loadRules: options.loadRules });
  else if (user) saveCompileCache();
  clock.lap('crossFile');

  progress({ phase: 'score', done: 0, total: 1 });
  const report = buildReport({
    root,
    commit: await run.git?.commit,
    config,
    results,
    skipped: collected.skipped,
    // A directory that holds only the cache would appear from the second run on: left out.
    prunedDirectories: collected.discovery.prunedDirectories.filter((d) => !holdsOnlyCache(path.join(root, d), cacheDirectory)),
    packages: collected.discovery.packages,
    crossFileReports: crossFile.crossFileReports,
    analyses: crossFile.analysisData,
    notifications: [...crossFile.notifications, ...(run.typed?.notifications ?? [])],
    ...(run.typed ? { types: run.typed.summary } : {}),
    ...graphAndChurn(config, results, collected.discovery.packages, crossFile.analysisData, await run.git?.churn),
  });
  const scanTree = (source: FileSource) => {
    const { configPath, config: given, preset, workers, failOn, gate, loadRules } = options;
    return scanOnce({ root, source, cache: false, baseline: false, configPath, config: given, preset, workers, failOn, gate, loadRules }, undefined);
  };
  await judge(report, { config, results, change, baseline, newOnly: options.newOnly === true, scanTree, onWarning: options.onWarning });
  clock.lap('score');
  report.timings = { ...clock.timings, ...workCounts(collected, pool, known !== undefined), ...(run.typed ? { typed: run.typed.ms, filesTyped: run.typed.summary.files, typedProgramHeapMiB: run.typed.measured.heapMiB, typedHeapPerSourceByte: run.typed.measured.heapPerSourceByte } : {}) };
  report.cache = cacheUse(cache, unavailable, collected.cached.length, files.length);
  return report;
}

/** The cross-file stage on this scan's results, with what the source keeps for it (module resolutions, files for other tools). */
async function computeCrossFile(run: {
  root: string;
  config: ResolvedConfig;
  results: readonly FileResult[];
  collected: CollectedAnalysed;
  cache: FileCache | undefined;
  prepared: Readonly<Record<string, unknown>>;
  stage: CrossFileStage | undefined;
  source: ScanSource;
  loadRules: RuleLoader;
}): Promise<CrossFileOutcome> {
  const { root, config, results, collected, cache, prepared } = run;
  const stage = run.stage ?? (await import('./cross-file/run-cross-file.js'));
  const context = await run.source.crossFileContext(stage, cache, collected);
  return stage.runCrossFile(root, config, results, collected.discovery.packages, { registry: await run.loadRules(config.rules.map((r) => r.name)), prepared, ...context });
}

function workCounts(collected: CollectedAnalysed, pool: Pick<PoolOutcome, 'workers' | 'retired' | 'trial'>, crossFileFromCache: boolean): Record<string, number> {
  return {
    filesAnalysed: collected.analysedFiles.length,
    filesFromCache: collected.cached.length,
    ...(collected.read === undefined ? {} : { filesRead: collected.read }),
    workers: pool.workers,
    workersRetired: pool.retired ? 1 : 0,
    // How much more all threads analysed together than this thread alone, as the trial measured it.
    ...(pool.trial ? { workerGain: Math.round((pool.trial.together / pool.trial.alone) * 100) / 100 } : {}),
    crossFileFromCache: crossFileFromCache ? 1 : 0,
  };
}

/** The scan root and the absolute targets inside it; a missing path is a usage error. */
function resolveTargets(options: ScanOptions): { root: string; targets: string[] } {
  const root = path.resolve(options.root ?? process.cwd());
  if (!existsSync(root)) throw new UsageError(`the path ${root} does not exist`);
  if (!statSync(root).isDirectory()) throw new UsageError(`the scan root ${root} is not a directory`);
  const targets = (options.paths && options.paths.length > 0 ? options.paths : ['.']).map((p) => {
    const absolute = path.resolve(root, p);
    if (!existsSync(absolute)) throw new UsageError(`the path ${p} does not exist`);
    if (!isInside(root, absolute)) throw new UsageError(`the path ${p} lies outside the scan root ${root}`);
    return absolute;
  });
  return { root, targets };
}

/** Merging: the parts must be of this tree and configuration, and cover every file it reads. */
function checkMerge(merge: ScanOptions['merge'], collected: Collected, config: ResolvedConfig): void {
  if (!merge) return;
  const again = 'merge in a checkout of the commit the shards scanned, with the same configuration and flags';
  if (merge.header.settings !== settingsDigest(shardSettings(config))) throw new UsageError(`the parts were made with another configuration or rule set than this merge: ${again}`);
  if (merge.header.tree !== treeDigest(collected.discovery.files)) throw new UsageError(`the parts were made from other files than this merge finds: ${again}`);
  const uncovered = collected.jobs.map((job) => job.file);
  if (uncovered.length > 0) throw new UsageError(`the parts do not cover ${uncovered.length} file${uncovered.length === 1 ? '' : 's'} of this tree (${uncovered.slice(0, 3).join(', ')}${uncovered.length > 3 ? ', …' : ''}): ${again}`);
}

/**
 * The score stage's inputs from the import graph and from git: module graph figures, and churn
 * per module and per file. Churn counts commits back from now, so it describes the working tree
 * and is left out when a git tree was scanned.
 */
function graphAndChurn(
  config: ResolvedConfig,
  results: readonly FileResult[],
  packages: readonly WorkspacePackage[],
  analysisData: Record<string, unknown>,
  churn: ChurnCommits | undefined,
): Pick<AssemblyInput, 'moduleGraph' | 'churn' | 'fileChurn'> {
  const graph = analysisData.graph as GraphData | undefined;
  const scanned = new Set(results.filter((r) => r.facts).map((r) => r.file));
  const assign = createModuleAssigner(packages, config.modules.depth);
  const moduleOf = (file: string) => (scanned.has(file) ? assign(file) : undefined);
  return {
    ...(graph ? { moduleGraph: moduleGraphFigures(graph) } : {}),
    ...(churn ? { churn: churnByModule(churn, moduleOf), fileChurn: churnByFile(churn) } : {}),
  };
}

function loadConfigWithWarnings(root: string, options: ScanOptions): ResolvedConfig {
  const { config, warnings } = loadConfig(root, options.configPath, options.preset);
  for (const warning of warnings) options.onWarning?.(warning);
  return config;
}

/** What the parts of a sharded scan must agree on: the cache's settings, and whether the scan is typed. */
function shardSettings(config: ResolvedConfig): unknown[] {
  return [...cacheKey(config), `typed-${config.typed.enabled}`];
}

