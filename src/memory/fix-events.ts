import { git, type GitRepository } from '../git/git-repository.js';
import { stampKey } from '../trend/snapshot.js';
import type { FindingStamp } from '../trend/types.js';
import { tokenSimilarity } from '../clones/token-similarity.js';
import { mapLimit } from '../util/map-limit.js';
import { codeShape, type ShapeNames } from './code-shape.js';
import { commitsBetween, type ChangeCommit, type TextVersions } from './git-texts.js';
import type { FixEvent, FixHunk } from './types.js';

/** A point of the trend as the memory reads it: its commit, its findings and the files it held. */
export interface MemoryPoint {
  label: string;
  commit: string;
  /** ISO date of the point's commit. */
  date: string;
  findings: readonly FindingStamp[];
  /** The rules with findings at the point, with their category. */
  rules: Readonly<Record<string, { category: string }>>;
  /** Files below the scan root at the commit. */
  files: ReadonlySet<string>;
}

/** What the history says about findings that went away. */
export interface Disappearances {
  /** Findings that went away while their file stayed: fixes. */
  fixes: FixEvent[];
  /** Findings that went away with their file (deleted, or moved elsewhere): not fixes. */
  removed: FindingStamp[];
}

/** Fixes located at once: each waits on git. */
const CONCURRENT_READS = 8;
/** At most this many lines of a hunk are kept, around the finding's line. */
const MAX_HUNK_LINES = 14;
/** Diffs longer than this are not read: a rewrite is not a repair to copy. */
const MAX_DIFF_BYTES = 256 * 1024;
/** A hunk counts for a finding when it starts or ends at most this many lines away from it. */
const HUNK_REACH = 3;

/**
 * The fix events between consecutive points: every finding present at one point and gone at the
 * next while its file is still there. The commit that fixed it is the first commit in between that
 * changed its file and took its reported line away (one occurrence fewer); when none did (a guard
 * added above it, a cast changed elsewhere on the line), the last commit that changed the file.
 * The event keeps that commit's diff hunk at the finding's line and the shape of the line, so that
 * open findings of the same rule can be matched with it. A finding that went away without any
 * commit changing its file (a clone whose other copy was removed) is a fix without a commit.
 */
export async function findFixes(repo: GitRepository, texts: TextVersions, points: readonly MemoryPoint[], names: ShapeNames): Promise<Disappearances> {
  const fixes: FixEvent[] = [];
  const removed: FindingStamp[] = [];
  for (let i = 1; i < points.length; i += 1) {
    const [before, after] = [points[i - 1], points[i]];
    const present = new Set(after.findings.map(stampKey));
    const known = new Set(before.findings.map(stampKey));
    const gone = before.findings.filter((stamp) => !present.has(stampKey(stamp)));
    if (gone.length === 0) continue;
    const commits = before.commit === after.commit ? [] : await commitsBetween(repo, before.commit, after.commit);
    removed.push(...gone.filter((stamp) => !after.files.has(stamp[2])));
    const arrived = after.findings.filter((stamp) => !known.has(stampKey(stamp)));
    const changed = await rewritten(gone.filter((stamp) => after.files.has(stamp[2])), arrived, before, after, texts, names);
    removed.push(...changed);
    const stayed = gone.filter((stamp) => after.files.has(stamp[2]) && !changed.includes(stamp));
    const diffs = stayed.length === 0 ? new Map<string, DiffHunk[]>() : await diffsBetween(repo, before.commit, after.commit, [...new Set(stayed.map((stamp) => stamp[2]))]);
    fixes.push(...(await mapLimit(stayed, CONCURRENT_READS, (stamp) => fixOf(stamp, before, after.label, commits.filter((c) => c.paths.has(repo.prefix + stamp[2])), texts, names, diffs))));
  }
  return { fixes, removed };
}

async function fixOf(
  stamp: FindingStamp,
  before: MemoryPoint,
  fixedIn: string,
  touching: readonly ChangeCommit[],
  texts: TextVersions,
  names: ShapeNames,
  diffs: ReadonlyMap<string, DiffHunk[]>,
): Promise<FixEvent> {
  const [fingerprint, ruleId, file, line] = stamp;
  const event: FixEvent = { ruleId, fingerprint, file, line, fixedIn };
  const original = await texts.at(before.commit, file);
  const reported = original?.split('\n')[line - 1];
  if (original === undefined || reported === undefined || touching.length === 0) return event;
  const key = squeeze(reported);
  const { fix, previous } = await locateFix(touching, texts, file, key, original);
  if (previous === undefined) return { ...event, ...commitOf(touching[fix]) };
  const at = nearestLine(previous, key, line);
  const whole = at === undefined ? undefined : hunkCovering(diffs.get(`${touching[fix].id}:${file}`) ?? [], at);
  const hunk = whole && at !== undefined ? cutAround(whole, at) : undefined;
  const repair = whole !== undefined && isRepair(whole, key, names);
  return { ...event, ...commitOf(touching[fix]), ...(at === undefined ? {} : { line: at }), ...(hunk ? { hunk } : {}), ...(repair ? { repair } : {}), shape: codeShape(reported, names) };
}

/**
 * The hunks of every commit between two points (first-parent line, against the first parent) in
 * the given files, from one `git log -p`: `<commit>:<file>` → hunks. A file's change over
 * MAX_DIFF_BYTES, or a binary one, has no hunks.
 */
async function diffsBetween(repo: GitRepository, from: string, to: string, files: readonly string[]): Promise<Map<string, DiffHunk[]>> {
  const found = new Map<string, DiffHunk[]>();
  for (let at = 0; at < files.length; at += PATHS_PER_LOG) {
    const paths = files.slice(at, at + PATHS_PER_LOG).map((file) => repo.prefix + file);
    const output = await git(repo.topLevel, ['-c', 'core.quotePath=false', 'log', '--first-parent', '--no-renames', '--no-color', '--no-ext-diff', '-p', '-U2', '--format=%x01%H', `${from}..${to}`, '--', ...paths]);
    for (const record of output.split('\u0001').slice(1)) {
      const commit = record.slice(0, record.indexOf('\n'));
      for (const section of record.split(/^diff --git /mu).slice(1)) {
        const file = /^\+\+\+ b\/(.*)$/mu.exec(section)?.[1] ?? /^--- a\/(.*)$/mu.exec(section)?.[1];
        if (file === undefined || !file.startsWith(repo.prefix)) continue;
        found.set(`${commit}:${file.slice(repo.prefix.length)}`, section.length > MAX_DIFF_BYTES ? [] : parseHunks(section));
      }
    }
  }
  return found;
}

/** Paths given to one `git log`, so that no command line grows too long. */
const PATHS_PER_LOG = 200;

interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  lines: string[];
}

/** The hunks of a unified diff of one file. */
export function parseHunks(text: string): DiffHunk[] {
  const hunks: DiffHunk[] = [];
  for (const line of text.split('\n')) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,\d+)? @@/u.exec(line);
    if (header) hunks.push({ oldStart: Number(header[1]), oldLines: header[2] === undefined ? 1 : Number(header[2]), newStart: Number(header[3]), lines: [] });
    else if (hunks.length > 0 && /^[ +\-]/u.test(line)) hunks.at(-1)!.lines.push(line);
  }
  return hunks;
}

/**
 * Which of the commits fixed the finding: the first whose version of the file has the reported
 * line (`key`) fewer times than `original`, else the last; with the file as it was before that
 * commit. Stops, with no previous text, at a version that cannot be read (gone, binary, too large).
 */
async function locateFix(touching: readonly ChangeCommit[], texts: TextVersions, file: string, key: string, original: string): Promise<{ fix: number; previous?: string }> {
  const count = occurrences(original, key);
  let previous = original;
  for (const [index, commit] of touching.entries()) {
    const text = await texts.at(commit.id, file);
    if (text === undefined) return { fix: index };
    if (occurrences(text, key) < count || index === touching.length - 1) return { fix: index, previous };
    previous = text;
  }
  return { fix: touching.length - 1, previous };
}

function commitOf(commit: ChangeCommit): Pick<FixEvent, 'commit' | 'date' | 'subject'> {
  return { commit: commit.id, date: commit.date, subject: commit.subject };
}

/** The hunk that covers line `line` of the old version (1-based), or comes within HUNK_REACH lines of it. */
export function hunkCovering(hunks: readonly DiffHunk[], line: number): DiffHunk | undefined {
  return hunks.find((h) => line >= h.oldStart - HUNK_REACH && line < h.oldStart + h.oldLines + HUNK_REACH);
}

/** A hunk cut to MAX_HUNK_LINES around line `line` of the old version. */
export function cutAround(hunk: DiffHunk, line: number): FixHunk {
  // Where the finding's line sits among the hunk's lines, counting the old side's.
  let oldLine = hunk.oldStart;
  let index = 0;
  for (; index < hunk.lines.length && oldLine < line; index += 1) if (!hunk.lines[index].startsWith('+')) oldLine += 1;
  const start = Math.max(0, Math.min(index - 4, hunk.lines.length - MAX_HUNK_LINES));
  const lines = hunk.lines.slice(start, start + MAX_HUNK_LINES);
  const skippedOld = hunk.lines.slice(0, start).filter((l) => !l.startsWith('+')).length;
  const skippedNew = hunk.lines.slice(0, start).filter((l) => !l.startsWith('-')).length;
  return { oldStart: hunk.oldStart + skippedOld, newStart: hunk.newStart + skippedNew, lines };
}

/** A repair changes few lines (MAX_REPAIR_LINES): more is a rewrite, whose hunk shows no repair to copy. */
const MAX_REPAIR_LINES = 16;
/** A removed reported line counts as repaired when an added line is at least this similar to it. */
const REWRITTEN_SHAPE = 0.75;

/**
 * Whether a hunk is a repair a developer could copy: it adds more code than it takes away (a hunk
 * that only deletes removed the code, not the problem), changes few lines, and when it removes the reported line,
 * writes it anew (`Number(x)` checked, a cast dropped) rather than dropping it.
 */
export function isRepair(hunk: DiffHunk, key: string, names: ShapeNames): boolean {
  const removed = hunk.lines.filter((l) => l.startsWith('-'));
  const added = hunk.lines.filter((l) => l.startsWith('+'));
  if (added.length === 0 || removed.length + added.length > MAX_REPAIR_LINES) return false;
  // A repair adds a check, a cause, a validation; a change that only takes code away (a catch
  // binding dropped, a cast deleted) made the finding go, but shows nothing to copy.
  const tokens = (lines: readonly string[]) => lines.reduce((sum, l) => sum + codeShape(l.slice(1), names).length, 0);
  if (tokens(added) <= tokens(removed)) return false;
  if (!removed.some((l) => squeeze(l.slice(1)) === key)) return true;
  const shape = codeShape(removed.find((l) => squeeze(l.slice(1)) === key)!.slice(1), names);
  return added.some((l) => (tokenSimilarity(shape, codeShape(l.slice(1), names), REWRITTEN_SHAPE) ?? 0) >= REWRITTEN_SHAPE);
}

/** A line without its white space: how the fingerprints compare code. */
function squeeze(line: string): string {
  return line.replace(/\s+/gu, '');
}

function occurrences(text: string, key: string): number {
  let count = 0;
  for (const line of text.split('\n')) if (squeeze(line) === key) count += 1;
  return count;
}

/** The line (1-based) holding `key` nearest to `near`, or undefined when none does. */
function nearestLine(text: string, key: string, near: number): number | undefined {
  let best: number | undefined;
  text.split('\n').forEach((line, index) => {
    if (squeeze(line) === key && (best === undefined || Math.abs(index + 1 - near) < Math.abs(best - near))) best = index + 1;
  });
  return best;
}

/**
 * The commit between two points that brought a finding back: the first that changed its file and
 * added its reported line (as it reads at `after`) once more; else the last that changed the file.
 */
export async function findReturn(repo: GitRepository, texts: TextVersions, stamp: FindingStamp, before: MemoryPoint, after: MemoryPoint): Promise<ChangeCommit | undefined> {
  const file = stamp[2];
  const touching = (await commitsBetween(repo, before.commit, after.commit)).filter((c) => c.paths.has(repo.prefix + file));
  const now = (await texts.at(after.commit, file))?.split('\n')[stamp[3] - 1];
  if (touching.length === 0 || now === undefined) return touching.at(-1);
  const key = squeeze(now);
  const count = occurrences((await texts.at(before.commit, file)) ?? '', key);
  for (const commit of touching) if (occurrences((await texts.at(commit.id, file)) ?? '', key) > count) return commit;
  return touching.at(-1);
}

/**
 * Findings that went away while a finding of the same rule arrived in the same file with a line of
 * the same shape: the code was renamed or edited around the problem, which is still there.
 */
async function rewritten(gone: readonly FindingStamp[], arrived: readonly FindingStamp[], before: MemoryPoint, after: MemoryPoint, texts: TextVersions, names: ShapeNames): Promise<FindingStamp[]> {
  const shapeAt = async (point: MemoryPoint, stamp: FindingStamp) => codeShape((await texts.at(point.commit, stamp[2]))?.split('\n')[stamp[3] - 1] ?? '', names);
  const result: FindingStamp[] = [];
  for (const stamp of gone) {
    const others = arrived.filter((a) => a[1] === stamp[1] && a[2] === stamp[2]);
    if (others.length === 0) continue;
    const shape = await shapeAt(before, stamp);
    for (const other of others) {
      if ((tokenSimilarity(shape, await shapeAt(after, other), SAME_SHAPE) ?? 0) >= SAME_SHAPE) {
        result.push(stamp);
        break;
      }
    }
  }
  return result;
}

/** Two reported lines of at least this similarity are the same code, renamed or edited. */
const SAME_SHAPE = 0.8;
