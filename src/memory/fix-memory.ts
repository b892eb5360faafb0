import { stampKey } from '../trend/snapshot.js';
import type { GitRepository, GitTreeReader } from '../git/git-repository.js';
import type { FindingStamp, TrendModel } from '../trend/types.js';
import { ShapeNames, codeShape } from './code-shape.js';
import { findFixes, findReturn, type MemoryPoint } from './fix-events.js';
import { TextVersions } from './git-texts.js';
import { MIN_PRECEDENT_SIMILARITY, PRECEDENT_CATEGORIES, PrecedentIndex } from './precedents.js';
import { ruleMemories } from './rule-memory.js';
import type { FixEvent, FixMemory, Precedent } from './types.js';

/** The memory read from the points of a history: its section, and what finds a precedent for a line of code. */
export interface HistoryMemory {
  memory: FixMemory;
  fixes: FixEvent[];
  /** The precedent of an open finding, from its rule, file and the text of its reported line. */
  precedentFor(ruleId: string, file: string, line: string): Precedent | undefined;
}

/** Reads the memory of fixes from the `ok` points of a trend, oldest first (at least two). */
export async function readMemory(
  repo: GitRepository,
  reader: GitTreeReader,
  points: readonly MemoryPoint[],
  categoryOf: (ruleId: string) => string | undefined,
): Promise<HistoryMemory & { texts: TextVersions }> {
  const [first, last] = [points[0] as MemoryPoint | undefined, points.at(-1)];
  if (!first || !last) throw new Error('the memory of fixes needs the points of a history');
  const texts = new TextVersions(reader, repo.prefix);
  const names = new ShapeNames();
  const { fixes, removed } = await findFixes(repo, texts, points, names);
  // A fix that was undone (its finding is back at the last point) is no repair to copy.
  const back = new Set(last.findings.map(stampKey));
  const kept = fixes.filter((f) => !back.has(`${f.ruleId}\u0000${f.fingerprint}`));
  const index = new PrecedentIndex(kept, (ruleId) => PRECEDENT_CATEGORIES.has(categoryOf(ruleId) ?? ''));
  const memory: FixMemory = {
    from: first.label,
    to: last.label,
    fixes: fixes.length,
    fixesWithHunk: fixes.filter((f) => f.hunk).length,
    events: fixes.map(({ shape: _shape, ...event }) => event),
    rules: ruleMemories(points, fixes, removed),
    precedents: { open: 0, withPrecedent: 0, minimumSimilarity: MIN_PRECEDENT_SIMILARITY },
  };
  return { memory, fixes, texts, precedentFor: (ruleId, file, line) => index.find(ruleId, file, codeShape(line, names)) };
}

/**
 * Adds the memory to a trend built from the same points: the section itself; a precedent for each
 * open finding (read at the last point); for each recurring finding, the fix that was undone and
 * the commit that brought it back.
 */
export async function withMemory(trend: TrendModel, repo: GitRepository, points: readonly MemoryPoint[], read: HistoryMemory & { texts: TextVersions }): Promise<TrendModel> {
  const last = points.at(-1);
  if (!last) return trend;
  const open = await Promise.all(
    trend.open.map(async (finding) => {
      const line = (await read.texts.at(last.commit, finding.file))?.split('\n')[finding.line - 1];
      const precedent = line === undefined ? undefined : read.precedentFor(finding.ruleId, finding.file, line);
      return precedent ? { ...finding, precedent } : finding;
    }),
  );
  const byLabel = new Map(points.map((p, index) => [p.label, index]));
  const recurring = await Promise.all(
    trend.recurring.map(async (finding) => {
      const undone = read.fixes.filter((f) => f.ruleId === finding.ruleId && f.fingerprint === finding.fingerprint && f.commit).at(-1);
      const back = byLabel.get(finding.reappearedAt.at(-1) ?? '');
      const stamp: FindingStamp = [finding.fingerprint, finding.ruleId, finding.file, finding.line];
      const returned = back === undefined || back === 0 ? undefined : await findReturn(repo, read.texts, atPoint(points[back], stamp), points[back - 1], points[back]);
      return {
        ...finding,
        ...(undone ? { undoneFix: { commit: undone.commit!, date: undone.date!, subject: undone.subject ?? '', ...(undone.hunk ? { hunk: undone.hunk } : {}) } } : {}),
        ...(returned ? { broughtBackBy: { commit: returned.id, date: returned.date, subject: returned.subject } } : {}),
      };
    }),
  );
  const withPrecedent = open.filter((f) => 'precedent' in f).length;
  return { ...trend, open, recurring, memory: { ...read.memory, precedents: { ...read.memory.precedents, open: open.length, withPrecedent } } };
}

/** The stamp of a finding as it was at a point (its line there), or the one given. */
function atPoint(point: MemoryPoint, stamp: FindingStamp): FindingStamp {
  return point.findings.find((s) => stampKey(s) === stampKey(stamp)) ?? stamp;
}
