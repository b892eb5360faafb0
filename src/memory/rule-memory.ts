import { stampKey } from '../trend/snapshot.js';
import type { FindingStamp } from '../trend/types.js';
import type { MemoryPoint } from './fix-events.js';
import type { FixEvent, RuleMemory } from './types.js';

/** A rule is named a candidate to turn off or re-tune only with at least this many findings open for the whole window. */
const NEVER_FIXED_MINIMUM = 3;
const DAY = 24 * 60 * 60 * 1000;

/**
 * How the team treated each rule over the points (oldest first): findings introduced, fixed,
 * removed with their file and still open; the median time to fix; the fix rate. The most fixed
 * rules come first. A rule none of whose findings was fixed, with several open since the first
 * point, carries the evidence to turn it off or re-tune it; nothing is switched off.
 */
export function ruleMemories(points: readonly MemoryPoint[], fixes: readonly FixEvent[], removed: readonly FindingStamp[]): RuleMemory[] {
  const firstSeen = new Map<string, string>();
  const introduced = new Map<string, number>();
  points.forEach((point, index) => {
    for (const stamp of point.findings) {
      const key = stampKey(stamp);
      if (firstSeen.has(key)) continue;
      firstSeen.set(key, point.date);
      if (index > 0) add(introduced, stamp[1]);
    }
  });
  const last = points.at(-1)?.findings ?? [];
  const first = new Set((points[0]?.findings ?? []).map(stampKey));
  const rules = new Set([...firstSeen.keys()].map((key) => key.slice(0, key.indexOf('\u0000'))));
  return [...rules]
    .map((ruleId): RuleMemory => {
      const fixed = fixes.filter((f) => f.ruleId === ruleId);
      const open = last.filter((s) => s[1] === ruleId);
      const days = fixed.flatMap((f) => {
        const seen = firstSeen.get(`${ruleId}\u0000${f.fingerprint}`);
        return f.date && seen ? [Math.max(0, (Date.parse(f.date) - Date.parse(seen)) / DAY)] : [];
      });
      const openSinceStart = open.filter((s) => first.has(stampKey(s))).length;
      const memory: RuleMemory = {
        ruleId,
        introduced: introduced.get(ruleId) ?? 0,
        fixed: fixed.length,
        removed: removed.filter((s) => s[1] === ruleId).length,
        open: open.length,
        medianDaysToFix: days.length === 0 ? null : Math.round(median(days)),
        fixRate: fixed.length + open.length === 0 ? null : Math.round((fixed.length / (fixed.length + open.length)) * 100) / 100,
      };
      if (fixed.length === 0 && points.length > 1 && openSinceStart >= NEVER_FIXED_MINIMUM) {
        memory.neverFixed = `${openSinceStart} of its ${open.length} open findings were already there at ${points[0].label} and none of its findings was fixed up to ${points.at(-1)!.label}`;
      }
      return memory;
    })
    .sort((a, b) => (b.fixRate ?? -1) - (a.fixRate ?? -1) || b.fixed - a.fixed || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

function add(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
