import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { prepareAnalyses } from './cross-file/prepare.js';
import type { DiskLayout } from './clones/run-jscpd.js';
import { cacheDirectoryProblem, holdsOnlyCache, removeLegacyFiles, removeStaleTemporaries } from './cache/cache-directory.js';
import { cloneIndexStamp, hasCloneIndex } from './clones/clone-index.js';
import { saveCompileCache, useCompileCache, type CodeCacheSettings } from './parse/compile-cache.js';
import { crossFileKey } from './cache/cross-file-key.js';
import { defaultCacheDirectory } from './cache/cache-location.js';
import { FileCache } from './cache/file-cache.js';
import { openUserCache, userCacheDirectory, type UserCache } from './cache/user-cache.js';
import { loadConfig, resolveConfig } from './config/load-config.js';
import type { ResolvedConfig, UserConfig } from './config/types.js';
import type { CrossFileOutcome } from './cross-file/run-cross-file.js';
import { discoverFiles, toPosix, type Discovery } from './discover/discover-files.js';
import { createRoleResolver } from './discover/file-role.js';
import { churnByFile, churnByModule, readChurn, readHeadCommit, type ChurnCommits } from './git/read-churn.js';
import { collectFromSource, discoverSource, rememberResults, reuseCrossFile, type FileSource, type SourceEntry } from './source/file-source.js';
import { readSource } from './discover/read-source.js';
import { sourceView } from './source/source-view.js';
import type { AnalysisJob } from './engine/analyze-files.js';
import type { FileResult } from './engine/analyze-file.js';
import type { PoolOutcome } from './engine/worker-pool.js';
import { changesSince, type ChangeScope } from './changes/change-scope.js';
import { judge, loadBaseline, type LoadedBaseline } from './baseline/judge-report.js';
import { withSnippets } from './cross-file/snippets.js';
import { partialHeader, resultKey, settingsDigest, shareOf, treeDigest, type PartialHeader, type PartialResult, type ShardSpec } from './shard/partial.js';
import { keepWorkerVerdict, knownWorkerVerdict } from './engine/worker-verdict.js';
import { CLONE_FINGERPRINT_VERSION } from './clones/fingerprint-version.js';
import { typescriptVersion } from './parse/typescript-version.js';
import { UsageError } from './errors.js';
import { buildReport, type AssemblyInput } from './model/build-report.js';
import type { CacheUse, GraphData, ReportModel, SkippedFile } from './model/types.js';
import { assignModule, type WorkspacePackage } from './score/assign-module.js';
import { moduleGraphFigures } from './score/score-modules.js';
import { isInside } from './util/is-inside.js';
import type { TypedRun } from './typed/typed-scan.js';
import type { RuleLoader } from './rule/types.js';
import { TOOL_VERSION } from './version.js';

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

const SMALL_SCAN_BYTES = 512 * 1024;
/** The memo of the cache that holds the stamp of the clone index as last written or checked. */
const CLONE_INDEX_STAMP = 'clone-index-stamp';

/** What the read stage gathers: results the cache already holds, files to analyse, files skipped. */
interface Collected {
  discovery: Discovery;
  cached: FileResult[];
  jobs: AnalysisJob[];
  skipped: SkippedFile[];
  /** The source's entries, when files come from a source rather than the disk. */
  sourceFiles?: SourceEntry[];
  /** Files read from the disk: the cache vouches for the others by size and modification time. */
  read?: number;
}

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
interface AnalysedRun {
  clock: ReturnType<typeof createClock>;
  root: string;
  targets: string[];
  config: ResolvedConfig;
  progress: (p: ScanProgress) => void;
  baseline: LoadedBaseline | undefined;
  opened: OpenedCache;
  collected: Collected;
  files: { file: string; hash: string }[];
  crossFileKey: string | undefined;
  known: CrossFileOutcome | undefined;
  prepared: Readonly<Record<string, unknown>>;
  stage: typeof import('./cross-file/run-cross-file.js') | undefined;
  pool: PoolOutcome;
  results: FileResult[];
  /** The typed analysis, in a typed scan of the disk. */
  typed: TypedRun | undefined;
  /** The commit and the churn window's commits, read from git meanwhile; absent for a git tree or a shard. */
  git: { commit: Promise<string | undefined>; churn: Promise<ChurnCommits | undefined> } | undefined;
}

async function analyseRun(options: ScanWithRules): Promise<AnalysedRun> {
  const clock = createClock();
  const { root, targets } = resolveTargets(options);
  const config = effectiveConfig(root, options);
  const progress = options.onProgress ?? (() => undefined);
  const baseline = loadBaseline(root, options);
  const opened = openCache(root, config, options);
  const { cache, user } = opened;
  // TypeScript's code cache lives in the per-user directory, sealed with the same secret.
  const codeCache: CodeCacheSettings | undefined = user;
  if (codeCache) useCompileCache(codeCache);

  // Git answers in child processes while the files are read and analysed.
  const git = options.source || options.shard ? undefined : { commit: readHeadCommit(root), churn: readChurn(root, config.churn.days) };
  const collected = await collectFiles(root, targets, config, options, cache, progress);
  checkMerge(options.merge, collected, config);
  clock.lap('discover');

  const files = [...collected.cached, ...collected.jobs].map((r) => ({ file: r.file, hash: r.hash }));
  const shard = options.shard !== undefined;
  const { key, known } = shard ? {} : keptCrossFile(cache, root, files, collected.discovery.manifests, config);
  // Analyses that hand files to another process start it now, to overlap the per-file analysis.
  const prepared = known || options.source || shard ? {} : prepareAnalyses({ root, files: files.map((f) => f.file).sort(), config, layout: diskLayout(root, targets, collected.discovery) });
  // The rules, TypeScript and the cross-file analyses load only for work the cache does not hold.
  const stage = known || shard ? undefined : await import('./cross-file/run-cross-file.js');

  const { typed, pool, results } = await analyseFiles(root, config, collected, opened, options, progress);
  clock.lap('analyze');
  return { clock, root, targets, config, progress, baseline, opened, collected, files, crossFileKey: key, known, prepared, stage, pool, results, git, typed };
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
async function analyseFiles(
  root: string,
  config: ResolvedConfig,
  collected: Collected,
  opened: OpenedCache,
  options: ScanWithRules,
  progress: (event: ScanProgress) => void,
): Promise<{ typed: TypedRun | undefined; pool: PoolOutcome; results: FileResult[] }> {
  const { cache, user } = opened;
  const total = collected.cached.length + collected.jobs.length;
  let typedDone = 0;
  const typed = config.typed.enabled && !options.source && !options.merge
    ? (await import('./typed/typed-scan.js')).runTypedAnalysis(root, config, (await import('./engine/analyze-files.js')).enabledRules(config.rules, await options.loadRules()), collected, () => progress({ phase: 'analyze', done: collected.cached.length + ++typedDone, total }))
    : undefined;
  const jobs = typed ? typed.untypedJobs : collected.jobs;
  const cached = typed ? typed.untypedCached : collected.cached;
  const onFileDone = (done: number) => progress({ phase: 'analyze', done: cached.length + typedDone + done, total });
  const pool = await analyzeJobs(jobs, config, options.loadRules, workerCount(options.workers, jobs, user, options.onWarning), onFileDone, options.batchFiles, user);
  const statOf = new Map(jobs.map((job) => [job.file, job.stat]));
  // Typed results are not kept: they depend on other files than their own.
  for (const result of pool.results) cache?.set(result, statOf.get(result.file));
  if (options.source) rememberResults(options.source, pool.results);
  const results = [...cached, ...pool.results, ...(typed?.results ?? [])].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { typed, pool, results };
}

/**
 * A shard of a scan (`debt-scan --shard K/N`): the per-file results of its share of the files,
 * for `debt-scan merge` (src/shard/partial.ts). Nothing cross-file runs here.
 */
export async function scanShard(options: ScanWithRules & { shard: ShardSpec }): Promise<PartialResult> {
  if (options.source || options.merge || options.changedSince) throw new UsageError('--shard scans the files on disk, alone: not with a git tree, a merge or --changed-since');
  const run = await analyseRun(options);
  const { discovery } = run.collected;
  run.opened.cache?.save();
  const header = partialHeader(options.shard, { settings: settingsDigest(shardSettings(run.config)), tree: treeDigest(discovery.files), files: discovery.files.length, analysed: run.results.length });
  return { header, results: run.results };
}

async function scanOnce(options: ScanWithRules, change: ChangeScope | undefined): Promise<ReportModel> {
  const run = await analyseRun(options);
  const { clock, root, config, progress, baseline, collected, files, known, prepared, stage, pool, results } = run;
  const { cache, cacheDirectory, user, unavailable } = run.opened;
  const key = run.crossFileKey;
  progress({ phase: 'cross-file', done: 0, total: 1 });
  const crossFile = known ?? (await reuseCrossFile(options.source, results, () => computeCrossFile({ root, config, results, collected, cache, prepared, stage, source: options.source, loadRules: options.loadRules })));
  if (!known) await withSnippets(crossFile, collected.jobs, root, config, options);
  if (cache && user) await saveCache(cache, { directory: cacheDirectory, secret: user.secret }, { root, config, results, crossFile, key, known: known !== undefined, loadRules: options.loadRules });
  clock.lap('crossFile');

  progress({ phase: 'score', done: 0, total: 1 });
  const report = buildReport({
    root,
    commit: options.source ? options.source.commit : await run.git?.commit,
    config,
    results,
    skipped: collected.skipped,
    // A directory that holds only the cache would appear from the second run on: left out.
    prunedDirectories: collected.discovery.prunedDirectories.filter((d) => !holdsOnlyCache(path.join(root, d), cacheDirectory)),
    packages: collected.discovery.packages,
    projectReports: crossFile.projectReports,
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

/** The cache's key for the cross-file outcome of these files, and the outcome it holds for them, if any. */
function keptCrossFile(
  cache: FileCache | undefined,
  root: string,
  files: readonly { file: string; hash: string }[],
  manifests: readonly string[],
  config: ResolvedConfig,
): { key?: string; known?: CrossFileOutcome } {
  if (!cache) return {};
  const key = crossFileKey(root, files, manifests, crossFileSettings(config));
  return { key, known: cache.getCrossFile<CrossFileOutcome>(key) };
}

/** The cross-file stage on this scan's results: of the disk with kept module resolutions, or of a source (a git tree) with those of its previous tree. */
async function computeCrossFile(run: {
  root: string;
  config: ResolvedConfig;
  results: readonly FileResult[];
  collected: Collected;
  cache: FileCache | undefined;
  prepared: Readonly<Record<string, unknown>>;
  stage: typeof import('./cross-file/run-cross-file.js') | undefined;
  source: FileSource | undefined;
  loadRules: RuleLoader;
}): Promise<CrossFileOutcome> {
  const { root, config, results, collected, cache, prepared, source } = run;
  const registry = await run.loadRules();
  const { runCrossFile, resolutionMemory, carriedResolutions, sourceMaterialiser } = run.stage ?? (await import('./cross-file/run-cross-file.js'));
  const sourceFiles = collected.sourceFiles;
  const packages = collected.discovery.packages;
  if (!source || !sourceFiles) {
    const memory = resolutionMemory(root, cache, collected.skipped.map((s) => s.file), collected.discovery.manifests);
    return runCrossFile(root, config, results, packages, { registry, prepared, memory });
  }
  const view = await sourceView(root, source);
  return runCrossFile(root, config, results, packages, {
    registry,
    prepared,
    memory: carriedResolutions(source, view, packages),
    materialiseFiles: sourceMaterialiser(source, sourceFiles),
    view,
  });
}

function cacheUse(cache: FileCache | undefined, unavailable: string | undefined, filesFromCache: number, files: number): CacheUse {
  const counts = { filesFromCache, files };
  if (unavailable) return { state: 'unavailable', ...counts, reason: unavailable };
  if (!cache) return { state: 'off', ...counts };
  return { state: cache.found === 'verified' ? 'used' : cache.found, ...counts };
}

function workCounts(collected: Collected, pool: Pick<PoolOutcome, 'workers' | 'retired' | 'trial'>, crossFileFromCache: boolean): Record<string, number> {
  return {
    filesAnalysed: collected.jobs.length,
    filesFromCache: collected.cached.length,
    ...(collected.read === undefined ? {} : { filesRead: collected.read }),
    workers: pool.workers,
    workersRetired: pool.retired ? 1 : 0,
    // How much more all threads analysed together than this thread alone, as the trial measured it.
    ...(pool.trial ? { workerGain: Math.round((pool.trial.together / pool.trial.alone) * 100) / 100 } : {}),
    crossFileFromCache: crossFileFromCache ? 1 : 0,
  };
}

interface OpenedCache {
  cache?: FileCache;
  cacheDirectory: string;
  /** The per-user directory and secret, when the cache is on and they can be kept. */
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
function openCache(root: string, config: ResolvedConfig, options: ScanOptions): OpenedCache {
  const named = options.cacheLocation ?? config.cache.location;
  const cacheDirectory = named === undefined ? defaultCacheDirectory(root) : path.resolve(root, named);
  const enabled = !options.source && (options.cache ?? config.cache.enabled);
  if (!enabled) return { cacheDirectory };
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
async function saveCache(
  cache: FileCache,
  target: { directory: string; secret: Uint8Array },
  run: { root: string; config: ResolvedConfig; results: readonly FileResult[]; crossFile: CrossFileOutcome; key: string | undefined; known: boolean; loadRules: RuleLoader },
): Promise<void> {
  const { root, config, results, crossFile } = run;
  if (run.key && !run.known) cache.setCrossFile(run.key, crossFile);
  // A run served from the cache checks the index too, and writes it again when it is missing or
  // damaged. An index whose size, time and inode are those recorded when it was last written or
  // checked is taken as it is, which spares a warm run reading it: damage that keeps all three is
  // caught by the ESLint rules' own check, and repaired by the next run with any change.
  const stamp = cloneIndexStamp(target.directory);
  const vouched = run.known && stamp !== undefined && cache.getMemo<boolean>(CLONE_INDEX_STAMP, stamp) === true;
  if (!vouched && (!run.known || !hasCloneIndex(target.directory, target.secret))) {
    const { writeCloneIndexFor } = await import('./cross-file/run-cross-file.js');
    writeCloneIndexFor(target, root, config, results, crossFile, await run.loadRules());
  }
  const written = vouched ? undefined : cloneIndexStamp(target.directory);
  if (written) cache.setMemo(CLONE_INDEX_STAMP, written, true);
  cache.save();
  saveCompileCache();
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

/** Discovers the files (on disk or in a source), reads them, and splits cache hits from work to do. */
async function collectFiles(
  root: string,
  targets: readonly string[],
  config: ResolvedConfig,
  { source, followLinksOutside, shard, merge }: Pick<ScanOptions, 'source' | 'followLinksOutside' | 'shard' | 'merge'>,
  cache: FileCache | undefined,
  progress: (p: ScanProgress) => void,
): Promise<Collected> {
  const filters = { include: config.include, exclude: config.exclude, maxFileSize: config.files.maxFileSize, ...(followLinksOutside ? { followLinksOutside } : {}) };
  const roleOf = createRoleResolver(config.files);
  if (source) {
    const discovery = await discoverSource(root, source, targets.map((t) => toPosix(path.relative(root, t)) || '.'), filters);
    progress({ phase: 'discover', done: discovery.files.length, total: discovery.files.length });
    const collected = await collectFromSource(source, discovery.files, config.files.maxLineLength, roleOf);
    return { discovery, cached: collected.cached, jobs: collected.jobs, skipped: [...discovery.skipped, ...collected.skipped], sourceFiles: discovery.files };
  }
  const discovery = discoverFiles(root, targets, filters);
  progress({ phase: 'discover', done: discovery.files.length, total: discovery.files.length });
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
    if (index % 200 === 0) progress({ phase: 'read', done: index, total: discovery.files.length });
  }
  return collected;
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
 * Analyses the files the cache does not hold; the engine (rules, TypeScript) loads only when there
 * are any. A worker trial's verdict is kept for later scans on this machine.
 */
async function analyzeJobs(
  jobs: readonly AnalysisJob[],
  config: ResolvedConfig,
  loadRules: RuleLoader,
  workers: { count: number; measured: boolean },
  onFileDone: (done: number) => void,
  batchFiles: number | undefined,
  user: UserCache | undefined,
): Promise<PoolOutcome> {
  if (jobs.length === 0) return { results: [], workers: 0, retired: false };
  const { analyzeInPool } = await import('./engine/worker-pool.js');
  // Workers find TypeScript's code cache in the per-user directory, sealed with the same secret.
  const pool = await analyzeInPool(jobs, config.rules, await loadRules(), workers.count, onFileDone, { batchFiles, compileCache: user, measured: workers.measured });
  if (pool.trial) keepWorkerVerdict(user, pool.trial);
  return pool;
}

/**
 * Worker threads beside this one, which analyses too. Small scans use none: starting a worker
 * (loading TypeScript into it) costs more than it saves below about 512 KiB. Otherwise one per
 * further core if they pay on this machine: as a recent trial here found (src/engine/worker-verdict.ts),
 * else as this scan's own trial finds (src/engine/worker-trial.ts). A count asked for is used as
 * asked, capped at the cores beside this thread, with a warning.
 */
function workerCount(requested: number | undefined, jobs: readonly AnalysisJob[], user: UserCache | undefined, onWarning?: (message: string) => void): { count: number; measured: boolean } {
  if (requested !== undefined) return { count: capWorkers(requested, onWarning), measured: false };
  const bytes = jobs.reduce((sum, j) => sum + j.text.length, 0);
  const count = bytes < SMALL_SCAN_BYTES ? 0 : Math.max(0, Math.min(availableParallelism() - 1, Math.ceil(bytes / SMALL_SCAN_BYTES)));
  if (count === 0) return { count, measured: false };
  const known = knownWorkerVerdict(user);
  return known === undefined ? { count, measured: true } : { count: known ? count : 0, measured: false };
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
  const moduleOf = (file: string) => (scanned.has(file) ? assignModule(file, packages, config.modules.depth) : undefined);
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

/**
 * The configuration the cross-file phases may read: all of it but what only later stages use (the
 * gate, scoring, churn) and what names where things are. Left out by name, so that a setting added
 * later keys the outcome until shown not to matter.
 */
function crossFileSettings(config: ResolvedConfig): string {
  const { source: _source, cache: _cache, gate: _gate, scoring: _scoring, churn: _churn, ...read } = config;
  return JSON.stringify(read);
}

/** What the parts of a sharded scan must agree on: the cache's settings, and whether the scan is typed. */
function shardSettings(config: ResolvedConfig): unknown[] {
  return [...cacheKey(config), `typed-${config.typed.enabled}`];
}

/** What the cache depends on besides file content: the tool, Node.js and TypeScript versions, the line limit and each rule's options. */
function cacheKey(config: ResolvedConfig): unknown[] {
  const { rules, files } = config;
  // The line limit decides which files count as minified, and a file the cache vouches for is not read again.
  // Which rules run on a file depends on its role, which the globs of `files.product` and `files.nonProduct` can change.
  return [TOOL_VERSION, process.versions.node.split('.')[0], `typescript-${typescriptVersion()}`, `clone-fingerprints-v${CLONE_FINGERPRINT_VERSION}`, `max-line-${files.maxLineLength}`, files.product, files.nonProduct, rules.map((r) => [r.name, r.options])];
}

/** Where the walk went: what tools that walk directories themselves must stay out of. */
function diskLayout(root: string, targets: readonly string[], discovery: Discovery): DiskLayout {
  const blocked = (s: SkippedFile) => s.reason === 'unreadable' || s.reason === 'symlink-loop' || s.reason === 'special-file' || s.reason === 'outside-root';
  return {
    walked: targets.map((t) => toPosix(path.relative(root, t))),
    seen: [...discovery.files.map((f) => f.file), ...discovery.skipped.filter((s) => !blocked(s)).map((s) => s.file)],
    opaque: [...discovery.prunedDirectories, ...(discovery.links ?? []), ...discovery.skipped.filter(blocked).map((s) => s.file)],
  };
}

/**
 * At most one worker per core beside this thread's, which analyses too; a larger request is capped
 * with a warning: more threads than cores only add memory (each holds TypeScript and its own heap)
 * and contention.
 */
export function capWorkers(requested: number, onWarning?: (message: string) => void): number {
  const cores = availableParallelism();
  if (requested < cores) return requested;
  onWarning?.(`${requested} workers asked for, more than the ${cores - 1} cores available beside the main thread: using ${cores - 1}`);
  return cores - 1;
}

