import { createSourceMemo, type FileSource, type SourceMemo } from '../discover/file-source.js';
import { ConfigError, UsageError } from '../errors.js';
import { scan } from '../scan.js';
import { buildTrend, type PointInput } from './build-trend.js';
import {
  GitTreeReader,
  currentBranch,
  firstParentHistory,
  openRepository,
  resolveRevision,
  rootTreeOf,
  type GitCommit,
  type GitRepository,
} from './git-repository.js';
import { intervalEnds, type IntervalEnd } from './intervals.js';
import { snapshotOf } from './snapshot.js';
import type { Snapshot, TrendModel } from './types.js';
import type { TrendWindow } from './trend-from-history.js';

export interface GitTrendOptions extends TrendWindow {
  /** The scan root: a directory of a git working tree; its configuration is used for every point. */
  root: string;
  configPath?: string;
  workers?: number;
  onPoint?: (progress: GitPointProgress) => void;
  onWarning?: (message: string) => void;
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

/**
 * The trend of a branch from its git history: for each interval, the last commit of the
 * branch's first-parent line at or before the interval's end, read straight from git (no
 * checkout, nothing written into the repository) and scanned with the current configuration.
 * Files are analysed once per content (blob id); a point whose tree equals an earlier one's is
 * not scanned again. A point that fails is reported and the others go on.
 */
export async function trendFromGit(options: GitTrendOptions): Promise<TrendModel> {
  const repo = await openRepository(options.root);
  const revision = options.branch ?? 'HEAD';
  const branch = options.branch ?? (await currentBranch(repo));
  const head = await resolveRevision(repo, revision);
  const history = await firstParentHistory(repo, head);
  const ends = intervalEnds(options.interval, options.months, options.until);
  const commits = ends.map((end) => commitAt(history, end));
  checkDepth(repo, history, ends, commits);

  const reader = new GitTreeReader(repo);
  const memo = createSourceMemo();
  const byTree = new Map<string, Snapshot>();
  const points: PointInput[] = [];
  try {
    for (const [index, end] of ends.entries()) {
      const report = (progress: Omit<GitPointProgress, 'label' | 'index' | 'total'>) =>
        options.onPoint?.({ label: end.label, index, total: ends.length, ...progress });
      const commit = commits[index];
      if (!commit) {
        points.push({ ...end, status: 'empty', message: 'no commit on the branch yet' });
        report({ outcome: 'empty' });
        continue;
      }
      points.push(await pointAt(repo, reader, memo, byTree, end, commit, options, report));
    }
  } finally {
    reader.close();
  }
  return buildTrend(points, { source: 'git', interval: options.interval, until: options.until, ...(branch ? { branch } : {}) });
}

async function pointAt(
  repo: GitRepository,
  reader: GitTreeReader,
  memo: SourceMemo,
  byTree: Map<string, Snapshot>,
  end: IntervalEnd,
  commit: GitCommit,
  options: GitTrendOptions,
  report: (progress: Omit<GitPointProgress, 'label' | 'index' | 'total'>) => void,
): Promise<PointInput> {
  const started = Date.now();
  const date = new Date(commit.time * 1000).toISOString();
  const context = { date, commit: commit.id, ...(options.branch ? { branch: options.branch } : {}) };
  try {
    const tree = await rootTreeOf(repo, commit.id);
    if (!tree) {
      report({ outcome: 'empty', commit: commit.id });
      return { ...end, status: 'empty', message: `${repo.prefix || 'the scan root'} did not exist at ${commit.id.slice(0, 12)}` };
    }
    const known = byTree.get(tree);
    if (known) {
      report({ outcome: 'reused', commit: commit.id });
      return { ...end, status: 'ok', snapshot: { ...known, ...context } };
    }
    const source: FileSource = {
      entries: await reader.list(tree),
      read: (entries) => reader.read(entries.map((e) => e.id)),
      commit: commit.id,
      memo,
    };
    const model = await scan({
      root: options.root,
      source,
      cache: false,
      ...(options.configPath ? { configPath: options.configPath } : {}),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      onWarning: options.onWarning,
    });
    const snapshot = snapshotOf(model, context);
    byTree.set(tree, snapshot);
    report({
      outcome: 'analysed',
      commit: commit.id,
      filesAnalysed: model.timings?.filesAnalysed,
      filesFromCache: model.timings?.filesFromCache,
      milliseconds: Date.now() - started,
    });
    return { ...end, status: 'ok', snapshot };
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) throw error; // wrong for every point alike
    const message = `could not analyse ${commit.id.slice(0, 12)}: ${error instanceof Error ? error.message : String(error)}`;
    report({ outcome: 'failed', commit: commit.id, message });
    return { ...end, status: 'failed', message };
  }
}

/** The newest commit of the first-parent line at or before the end (the line is newest first). */
function commitAt(history: readonly GitCommit[], end: IntervalEnd): GitCommit | undefined {
  const limit = Math.floor(end.end.getTime() / 1000);
  return history.find((c) => c.time <= limit);
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
