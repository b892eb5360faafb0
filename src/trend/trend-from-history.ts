import { UsageError } from '../errors.js';
import { buildTrend, type PointInput } from './build-trend.js';
import { intervalEnds } from './intervals.js';
import { SNAPSHOT_VERSION, type Snapshot, type TrendInterval, type TrendModel } from './types.js';

export interface TrendWindow {
  interval: TrendInterval;
  months: number;
  /** The end of the last interval; by default the last commit of the branch (or the last run recorded), never later than now. */
  until?: Date;
  /** Keep only the runs recorded on this branch. */
  branch?: string;
}

export interface ParsedHistory {
  snapshots: Snapshot[];
  /** One per line that was skipped, naming file and line. */
  warnings: string[];
}

/**
 * Reads the lines of a `--history` file. A line that is not a run record (cut short by a crash,
 * edited by hand, written by a newer version) is skipped with a warning; the others count.
 */
export function parseHistory(text: string, fileName: string): ParsedHistory {
  const snapshots: Snapshot[] = [];
  const warnings: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const problems: string[] = [];
    const value = parseLine(line, problems);
    if (isSnapshot(value, problems)) snapshots.push(value);
    else warnings.push(`${fileName}:${index + 1}: ${problems[0]}; the line is skipped`);
  });
  return { snapshots, warnings };
}

/** The trend of the runs in a history file: each interval shows the last run at or before its end. */
export function trendFromSnapshots(snapshots: readonly Snapshot[], window: TrendWindow): TrendModel {
  const chosen = window.branch === undefined ? [...snapshots] : snapshots.filter((s) => s.branch === window.branch);
  if (window.branch !== undefined && chosen.length === 0) {
    throw new UsageError(`the history has no runs of the branch ${window.branch}; leave out --branch to use every run`);
  }
  const ordered = chosen
    .map((snapshot, order) => ({ snapshot, time: Date.parse(snapshot.date), order }))
    .sort((a, b) => a.time - b.time || a.order - b.order);
  const until = window.until ?? new Date(Math.min(Date.now(), ordered.at(-1)?.time ?? Date.now()));
  const points = intervalEnds(window.interval, window.months, until).map(({ label, end }): PointInput => {
    const latest = ordered.findLast((s) => s.time <= end.getTime());
    return latest
      ? { label, end, status: 'ok', snapshot: latest.snapshot }
      : { label, end, status: 'empty', message: 'no run recorded yet' };
  });
  return buildTrend(points, { source: 'history', interval: window.interval, until, ...(window.branch ? { branch: window.branch } : {}) });
}

function parseLine(line: string, problems: string[]): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    problems.push('not valid JSON');
    return undefined;
  }
}

/** True for a run record of this version; otherwise adds what is wrong with it to `problems`. */
function isSnapshot(value: unknown, problems: string[]): value is Snapshot {
  if (problems.length > 0) return false;
  const problem = snapshotProblem(value);
  if (problem !== undefined) problems.push(problem);
  return problem === undefined;
}

function snapshotProblem(value: unknown): string | undefined {
  if (!isRecord(value) || value.kind !== 'debt-scan-run') return 'not a debt-scan run record';
  if (value.version !== SNAPSHOT_VERSION) return `a run record of version ${String(value.version)}, expected ${SNAPSHOT_VERSION}`;
  if (typeof value.date !== 'string' || Number.isNaN(Date.parse(value.date))) return 'a run record without a valid "date"';
  const totals = value.totals;
  if (!isRecord(totals) || typeof totals.findings !== 'number' || typeof totals.debtMinutes !== 'number') return 'a run record without "totals"';
  if (!isRecord(value.categories) || !isRecord(value.modules) || !isRecord(value.rules)) return 'a run record without "categories", "modules" or "rules"';
  if (!Array.isArray(value.findings) || !value.findings.every(isStamp)) return 'a run record whose "findings" are not [fingerprint, ruleId, file, line] lists';
  return undefined;
}

function isStamp(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    typeof value[2] === 'string' &&
    typeof value[3] === 'number'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
