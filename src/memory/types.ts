/**
 * The memory of fixes: what a repository's history says about how its team repairs each kind of
 * debt. Plain data: it goes into the trend and report models as it is.
 */

/** A diff hunk: its first old and new line and its lines, each led by ' ', '-' or '+'. */
export interface FixHunk {
  oldStart: number;
  newStart: number;
  lines: string[];
}

/** A finding that went away while its file stayed. */
export interface FixEvent {
  ruleId: string;
  fingerprint: string;
  file: string;
  /** The finding's line in the version before the fix. */
  line: number;
  /** The label of the trend point at which it was gone. */
  fixedIn: string;
  /** The commit that fixed it; absent when no commit changed its file (it went away through another file). */
  commit?: string;
  /** The commit's committer date, ISO. */
  date?: string;
  subject?: string;
  /** The diff hunk that removed it; absent without a commit, or for a diff too large to be a repair to copy. */
  hunk?: FixHunk;
  /** The hunk is a repair a developer could copy (src/memory/fix-events.ts `isRepair`): only such fixes become precedents. */
  repair?: boolean;
  /** The shape of the reported line before the fix (src/memory/code-shape.ts); kept out of reports. */
  shape?: string;
}

/** A past fix shown beside an open finding: the most similar fix of the same rule in this repository. */
export interface Precedent {
  commit: string;
  date: string;
  subject: string;
  file: string;
  line: number;
  /** Similarity of the open finding's line and the fixed one's (shapes, 0 to 1). */
  similarity: number;
  hunk: FixHunk;
}

/** How the team has treated one rule's findings over the window. */
export interface RuleMemory {
  ruleId: string;
  /** Findings that appeared during the window (after its first point). */
  introduced: number;
  /** Fix events: gone while their file stayed. */
  fixed: number;
  /** Gone with their file: deleted or moved, not counted as fixes. */
  removed: number;
  /** Open at the window's last point. */
  open: number;
  /** Median days from a fixed finding's first point to its fix (at least; a finding may predate the window). */
  medianDaysToFix: number | null;
  /** fixed / (fixed + open); null when the rule had neither. */
  fixRate: number | null;
  /** Set when the rule's findings stayed open for the whole window and none was fixed: the evidence to turn it off or re-tune it. */
  neverFixed?: string;
}

/** The memory section of a trend or a report. */
export interface FixMemory {
  /** The window the history covers: first and last point. */
  from: string;
  to: string;
  /** Fix events found, and how many of them have a commit and a hunk to show. */
  fixes: number;
  fixesWithHunk: number;
  /** Every fix event, oldest first. */
  events: FixEvent[];
  /** Rules with findings in the window, the most fixed first (by fix rate, then fixes). */
  rules: RuleMemory[];
  /** Open findings given a precedent, of all open findings. */
  precedents: { open: number; withPrecedent: number; minimumSimilarity: number };
}
