import { createSourceMemo, type FileSource, type SourceMemo } from '../source/file-source.js';
import { disposeMaterialised } from '../source/materialise.js';
import { ConfigError, UsageError } from '../errors.js';
import { scan } from '../scan.js';
import { buildTrend, type PointInput } from './build-trend.js';
import type { RuleLoader } from '../rule/types.js';
import {
  GitTreeReader,
  currentBranch,
  firstParentHistory,
  openRepository,
  resolveRevision,
  rootTreeOf,
  type GitCommit,
  type GitRepository,
} from '../git/git-repository.js';
import { intervalEnds, type IntervalEnd } from './intervals.js';
import { analyzeVersions } from './analyze-versions.js';
import { snapshotOf } from './snapshot.js';
import type { Snapshot, TrendModel } from './types.js';
import type { MemoryPoint } from '../memory/fix-events.js';
import type { HistoryMemory } from '../memory/fix-memory.js';
import type { TrendWindow } from './trend-from-history.js';

export interface GitTrendOptions extends TrendWindow {
  /** The scan root: a directory of a git working tree; its configuration is used for every point. */
  root: string;
  configPath?: string;
  workers?: number;
  onPoint?: (progress: GitPointProgress) => void;
  onWarning?: (message: string) => void;
  /** Read the memory of fixes from the points (default true). */
  memory?: boolean;
  /** Receives the memory read, to find precedents for findings other than the trend's. */
  onMemory?: (memory: HistoryMemory) => void;
  /** Receives why the history gave no memory; without it, the reason is a warning. */
  onMemoryUnavailable?: (reason: string) => void;
  /** Where the rules come from: the entry points (CLI, library) pass debt-scan's own. */
  loadRules: RuleLoader;
}

export interface GitPointProgress {
  label: string;
  index: number;
  total: number;
  commit?: string;
  /** `reused`: same tree as an earlier point; `failed`: see message. */
  outcome: 'analysed' | 'reused' | 'empty' | 'failed';
  filesAnalysed?: number;
  filesFromCache?: number;
  milliseconds?: number;
  message?: string;
}

/** How many points are scanned at once: their external tools (jscpd, git) mostly wait, so several overlap well. */
const CONCURRENT_POINTS = 2;

type Located =
  | { kind: 'empty'; commit?: GitCommit; message: string }
  | { kind: 'tree'; commit: GitCommit; tree: string };

type ScannedOk = { ok: true; snapshot: Snapshot; milliseconds: number; analysed: number; fromMemo: number };
type Scanned = ScannedOk | { ok: false; error: unknown };

/**
 * The trend of a branch from its git history: for each interval, the last commit of the
 * branch's first-parent line at or before the interval's end, read straight from git (no
 * checkout, nothing written into the repository) and scanned with the current configuration.
 * Every file version of all points is analysed once (per path and blob id) in one pass over the
 * worker pool; each distinct tree is then scanned once, which only assembles, runs the cross-file
 * phases and scores. A point that fails is reported and the others go on.
 */
export async function trendFromGit(options: GitTrendOptions): Promise<TrendModel> {
  const repo = await openRepository(options.root);
  const revision = options.branch ?? 'HEAD';
  const branch = options.branch ?? (await currentBranch(repo));
  const head = await resolveRevision(repo, revision);
  const history = await firstParentHistory(repo, head);
  const placed = timesInOrder(history, Math.floor(Date.now() / 1000));
  // By default the window ends at the branch's last commit: months after it would repeat its state.
  const until = options.until ?? (placed.length > 0 ? new Date(placed[0] * 1000) : new Date());
  const ends = intervalEnds(options.interval, options.months, until);
  const commits = ends.map((end) => commitAt(history, placed, end));
  checkDepth(repo, history, ends, commits);

  const reader = new GitTreeReader(repo);
  const memo = createSourceMemo();
  try {
    const located = await locatePoints(repo, commits);
    const trees = [...new Set(located.flatMap((l) => (l.kind === 'tree' ? [l.tree] : [])))];
    const sources = await listTrees(reader, trees, located);
    const listed = trees.filter((tree) => !(sources.get(tree) instanceof Error));
    const analysis = analyzeVersions(options.root, listed.map((tree) => sources.get(tree) as FileSource), memo, options);
    const counted = analysis.done.catch((error: unknown) => {
      if (error instanceof UsageError || error instanceof ConfigError) throw error;
      return undefined; // a tree that cannot be read fails its own point below; the others analyse their files then
    });
    const scans = scanTrees(trees, sources, memo, options, (tree) => analysis.ready(listed.indexOf(tree)));
    const counts = await counted;
    const fresh = (tree: string, scanned: ScannedOk) => {
      const at = listed.indexOf(tree);
      return counts && at >= 0
        ? { filesAnalysed: counts.fresh[at], filesFromCache: counts.total[at] - counts.fresh[at] }
        : { filesAnalysed: scanned.analysed, filesFromCache: scanned.fromMemo };
    };
    const points: PointInput[] = [];
    const seen = new Set<string>();
    for (const [index, end] of ends.entries()) {
      const report = (progress: Omit<GitPointProgress, 'label' | 'index' | 'total'>) =>
        options.onPoint?.({ label: end.label, index, total: ends.length, ...progress });
      const place = located[index];
      const scanned = place.kind === 'tree' ? await scans.get(place.tree) : undefined;
      const point = pointOf(end, place, scanned, options.branch);
      points.push(point);
      if (place.kind === 'tree' && scanned?.ok && !seen.has(place.tree)) {
        seen.add(place.tree);
        report({ outcome: 'analysed', commit: place.commit.id, ...fresh(place.tree, scanned), milliseconds: scanned.milliseconds });
      } else if (point.status === 'ok') {
        report({ outcome: 'reused', commit: place.commit?.id });
      } else {
        report({ outcome: point.status, ...(place.commit ? { commit: place.commit.id } : {}), ...(point.message ? { message: point.message } : {}) });
      }
    }
    const trend = buildTrend(points, { source: 'git', interval: options.interval, until, ...(branch ? { branch } : {}) });
    return options.memory === false ? trend : await rememberFixes(trend, repo, reader, memoryPoints(points, located, sources), options);
  } finally {
    reader.close();
    disposeMaterialised(memo);
  }
}

/** The `ok` points as the memory of fixes reads them: commit, findings and the files of the tree. */
function memoryPoints(points: readonly PointInput[], located: readonly Located[], sources: ReadonlyMap<string, FileSource | Error>): MemoryPoint[] {
  return points.flatMap((point, index) => {
    const place = located[index];
    const source = place.kind === 'tree' ? sources.get(place.tree) : undefined;
    if (point.status !== 'ok' || !point.snapshot?.commit || !source || source instanceof Error) return [];
    const { commit, date, findings, rules } = point.snapshot;
    return [{ label: point.label, commit, date, findings, rules, files: new Set(source.entries.map((e) => e.file)) }];
  });
}

/** The trend with the memory of fixes, or without it (and a warning saying why) when the history cannot give it. */
async function rememberFixes(trend: TrendModel, repo: GitRepository, reader: GitTreeReader, points: readonly MemoryPoint[], options: GitTrendOptions): Promise<TrendModel> {
  const unavailable = (reason: string) => (options.onMemoryUnavailable ?? options.onWarning)?.(`the memory of fixes is left out: ${reason}`);
  if (points.length < 2) {
    unavailable('the window holds fewer than two states of the branch to compare');
    return trend;
  }
  try {
    const categories = new Map<string, string>();
    for (const point of points) for (const [ruleId, rule] of Object.entries(point.rules)) categories.set(ruleId, rule.category);
    // Loaded here: it reads code with TypeScript's scanner, which a warm scan must not load.
    const { readMemory, withMemory } = await import('../memory/fix-memory.js');
    const read = await readMemory(repo, reader, points, (ruleId) => categories.get(ruleId));
    options.onMemory?.(read);
    return await withMemory(trend, repo, points, read);
  } catch (error) {
    unavailable(error instanceof Error ? error.message : String(error));
    return trend;
  }
}

/** The point of one interval from where it lies and how its tree's scan went. */
function pointOf(end: IntervalEnd, place: Located, scanned: Scanned | undefined, branch: string | undefined): PointInput {
  if (place.kind === 'empty') return { ...end, status: 'empty', message: place.message };
  const { commit } = place;
  if (!scanned?.ok) {
    const error = scanned ? scanned.error : new Error(`the tree ${place.tree} was not scanned`);
    if (error instanceof UsageError || error instanceof ConfigError) throw error; // wrong for every point alike
    return { ...end, status: 'failed', message: `could not analyse ${commit.id.slice(0, 12)}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const context = { date: new Date(commit.time * 1000).toISOString(), commit: commit.id, ...(branch ? { branch } : {}) };
  return { ...end, status: 'ok', snapshot: { ...scanned.snapshot, ...context } };
}

async function locatePoints(repo: GitRepository, commits: readonly (GitCommit | undefined)[]): Promise<Located[]> {
  const trees = new Map<string, Promise<string | undefined>>();
  return Promise.all(
    commits.map(async (commit): Promise<Located> => {
      if (!commit) return { kind: 'empty', message: 'no commit on the branch yet' };
      if (!trees.has(commit.id)) trees.set(commit.id, rootTreeOf(repo, commit.id));
      const tree = await trees.get(commit.id);
      return tree
        ? { kind: 'tree', commit, tree }
        : { kind: 'empty', commit, message: `${repo.prefix || 'the scan root'} did not exist at ${commit.id.slice(0, 12)}` };
    }),
  );
}

/** A source per tree, or the error that listing it gave. */
async function listTrees(reader: GitTreeReader, trees: readonly string[], located: readonly Located[]): Promise<Map<string, FileSource | Error>> {
  const sources = new Map<string, FileSource | Error>();
  for (const tree of trees) {
    const commit = located.find((l) => l.kind === 'tree' && l.tree === tree)?.commit;
    try {
      sources.set(tree, { entries: await reader.list(tree), read: (entries) => reader.read(entries.map((e) => e.id)), ...(commit ? { commit: commit.id } : {}) });
    } catch (error) {
      sources.set(tree, error instanceof Error ? error : new Error(String(error)));
    }
  }
  return sources;
}

/** Scans every tree once its files are analysed, a few at a time, in order; the promises never reject. */
function scanTrees(
  trees: readonly string[],
  sources: ReadonlyMap<string, FileSource | Error>,
  memo: SourceMemo,
  options: GitTrendOptions,
  ready: (tree: string) => Promise<void>,
): Map<string, Promise<Scanned>> {
  const resolvers = new Map<string, (scanned: Scanned) => void>();
  const scans = new Map(trees.map((tree) => [tree, new Promise<Scanned>((resolve) => resolvers.set(tree, resolve))]));
  let next = 0;
  const work = async (): Promise<void> => {
    while (next < trees.length) {
      const tree = trees[next];
      next += 1;
      await ready(tree);
      resolvers.get(tree)?.(await scanTree(sources.get(tree) ?? new Error(`the tree ${tree} was not listed`), memo, options));
    }
  };
  for (let i = 0; i < CONCURRENT_POINTS; i += 1) void work();
  return scans;
}

async function scanTree(source: FileSource | Error, memo: SourceMemo, options: GitTrendOptions): Promise<Scanned> {
  if (source instanceof Error) return { ok: false, error: source };
  const started = Date.now();
  try {
    const model = await scan({
      root: options.root,
      source: { ...source, memo },
      snippets: false,
      cache: false,
      ...(options.configPath ? { configPath: options.configPath } : {}),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      onWarning: options.onWarning,
      loadRules: options.loadRules,
    });
    const analysed = model.timings?.filesAnalysed ?? 0;
    return { ok: true, snapshot: snapshotOf(model, { date: '' }), milliseconds: Date.now() - started, analysed, fromMemo: model.timings?.filesFromCache ?? 0 };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The newest commit of the first-parent line at or before the end (the line is newest first). */
function commitAt(history: readonly GitCommit[], times: readonly number[], end: IntervalEnd): GitCommit | undefined {
  const limit = Math.floor(end.end.getTime() / 1000);
  const at = times.findIndex((time) => time <= limit);
  return at < 0 ? undefined : history[at];
}

/**
 * When each commit of a first-parent history (newest first) took effect, in seconds: its
 * committer date, but never before its parent's (a commit dated before its parent, from a skewed
 * clock or a rebase, still holds the parent's changes, so it cannot stand for a time before
 * them) and never after `now` (a tip dated in the future is the current state, not a later one).
 */
export function timesInOrder(history: readonly GitCommit[], now: number): number[] {
  const times = new Array<number>(history.length);
  let floor = -Infinity;
  for (let i = history.length - 1; i >= 0; i--) {
    floor = Math.max(floor, Math.min(history[i].time, now));
    times[i] = floor;
  }
  return times;
}

/** In a shallow clone, a point before the oldest fetched commit cannot be told from "no commits yet". */
function checkDepth(repo: GitRepository, history: readonly GitCommit[], ends: readonly IntervalEnd[], commits: readonly (GitCommit | undefined)[]): void {
  if (!repo.shallow) return;
  const missing = ends.filter((_, i) => commits[i] === undefined);
  if (missing.length === 0) return;
  const oldest = history.at(-1);
  throw new UsageError(
    `this is a shallow clone whose history starts at ${oldest ? new Date(oldest.time * 1000).toISOString().slice(0, 10) : 'an unknown date'}, ` +
      `but the trend needs the state at ${missing[0].end.toISOString().slice(0, 10)}; ` +
      'fetch more history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout) or ask for fewer --months',
  );
}
