/**
 * The trend: plain, JSON-serialisable data about how debt changed over time, built from
 * snapshots of scans (of git history, or of a stored history file) and rendered by the trend
 * reporters. Dates are ISO 8601 in UTC.
 */

import type { FixHunk, FixMemory, Precedent } from '../memory/types.js';

export const SNAPSHOT_VERSION = 1;
export const TREND_SCHEMA_VERSION = 1;

export type TrendInterval = 'month' | 'week';

export interface CountAndDebt {
  findings: number;
  debtMinutes: number;
}

/** A finding as a snapshot remembers it: `[fingerprint, ruleId, file, line]`. */
export type FindingStamp = [fingerprint: string, ruleId: string, file: string, line: number];

/** The summary of one scan: one line of a `--history` file, or one point of git history. */
export interface Snapshot {
  kind: 'debt-scan-run';
  version: typeof SNAPSHOT_VERSION;
  /** When the scanned state existed: the run's time, or the commit's committer date. */
  date: string;
  commit?: string;
  branch?: string;
  totals: CountAndDebt & { files: number; codeLines: number };
  /** By category; categories without findings are left out. */
  categories: Record<string, CountAndDebt>;
  /** By module; modules without findings are left out. */
  modules: Record<string, CountAndDebt>;
  /** By rule id, with the rule's category. */
  rules: Record<string, CountAndDebt & { category: string }>;
  /** Every unsuppressed finding, sorted by fingerprint. */
  findings: FindingStamp[];
}

export interface FindingRef {
  fingerprint: string;
  ruleId: string;
  file: string;
  line: number;
}

export type PointStatus = 'ok' | 'failed' | 'empty';

export interface TrendPoint {
  /** The interval: `YYYY-MM` for months, the ISO date of its Monday for weeks. */
  label: string;
  /** The instant whose state the point shows: the interval's end, or the end of the trend. */
  end: string;
  /** `empty`: nothing existed yet at `end`; `failed`: the state could not be analysed (see `message`). */
  status: PointStatus;
  commit: string | null;
  /** The commit's date or the run's date. */
  date: string | null;
  message?: string;
  findings: number | null;
  debtMinutes: number | null;
  /** Non-blank, non-comment lines of the analysed files. */
  codeLines: number | null;
  /** Debt in minutes per 1,000 code lines, one decimal: debt that does not grow with the code base. */
  debtPerKloc: number | null;
  /** By category, every category of the trend (zeros included) for `ok` points; empty otherwise. */
  byCategory: Record<string, CountAndDebt>;
  /** Findings present here and absent at the previous `ok` point; null for the first `ok` point. */
  introduced: FindingRef[] | null;
  /** Findings present at the previous `ok` point and absent here; null for the first `ok` point. */
  fixed: FindingRef[] | null;
}

export interface ModuleChange {
  module: string;
  debtBefore: number;
  debtAfter: number;
  debtDelta: number;
  findingsBefore: number;
  findingsAfter: number;
}

export interface RuleChange {
  ruleId: string;
  category: string;
  findingsBefore: number;
  findingsAfter: number;
  debtBefore: number;
  debtAfter: number;
  debtDelta: number;
  /** The rule's part of all the debt growth: its delta over the sum of the positive deltas. */
  shareOfGrowth: number;
  introduced: number;
  fixed: number;
}

export interface RecurringFinding extends FindingRef {
  firstSeen: string;
  /** Labels of the points where it was gone after being present. */
  fixedAt: string[];
  /** Labels of the points where it came back after being fixed. */
  reappearedAt: string[];
  openNow: boolean;
  /** With the memory of fixes: the last fix that was undone, and the commit that brought the finding back. */
  undoneFix?: { commit: string; date: string; subject: string; hunk?: FixHunk };
  broughtBackBy?: { commit: string; date: string; subject: string };
}

export interface OpenFinding extends FindingRef {
  /** Label of the first point of its current uninterrupted run. */
  since: string;
  /** True when that is the first `ok` point of the trend: it may be older still. */
  sinceStart: boolean;
  /** With the memory of fixes: the most similar past fix of the same rule in this repository. */
  precedent?: Precedent;
}

export interface TrendModel {
  kind: 'debt-scan-trend';
  schemaVersion: typeof TREND_SCHEMA_VERSION;
  tool: { name: 'debt-scan'; version: string };
  source: 'git' | 'history';
  branch?: string;
  interval: TrendInterval;
  /** The end of the last interval. */
  until: string;
  /** Categories shown, in the report model's order. */
  categories: string[];
  /** Oldest first. */
  points: TrendPoint[];
  /** Between the first and the last `ok` point. */
  change: { from: string; to: string; debtBefore: number; debtAfter: number; findingsBefore: number; findingsAfter: number } | null;
  modules: { grew: ModuleChange[]; fell: ModuleChange[] };
  /** Rules whose debt grew, most first. */
  rules: RuleChange[];
  recurring: RecurringFinding[];
  /** Findings open at the last `ok` point, oldest first. */
  open: OpenFinding[];
  /** How this repository's team fixed each rule's findings over the window (git history only, unless turned off). */
  memory?: FixMemory;
}
