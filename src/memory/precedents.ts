import { tokenSimilarity } from '../clones/token-similarity.js';
import type { FixEvent, Precedent } from './types.js';

/** How similar an open finding's line must be to a fixed one's for that fix to be shown as its precedent. */
export const MIN_PRECEDENT_SIMILARITY = 0.8;
/**
 * The categories whose findings are about a line of code, where the line a past fix changed shows
 * the repair. Not duplication, complexity or dependencies: their findings name a function, a
 * block or an import, whose first line a fix rarely touches.
 */
export const PRECEDENT_CATEGORIES: ReadonlySet<string> = new Set(['error-handling', 'unchecked-assumption']);
/** Shapes shorter than this (`} catch (error) {`, `return x!;`) say too little to match. */
const MIN_SHAPE_TOKENS = 8;

/**
 * Finds past fixes for open findings: for each, the fix of the same rule whose reported line had
 * the most similar shape (at least MIN_PRECEDENT_SIMILARITY), with a commit and a hunk to show;
 * among equals, one in the same file, then the latest.
 */
export class PrecedentIndex {
  private readonly byRule = new Map<string, FixEvent[]>();

  constructor(
    events: readonly FixEvent[],
    /** Whether a rule's findings are about a line of code that a past fix can show (not a whole function, module or import). */
    showsPrecedents: (ruleId: string) => boolean,
    private readonly minimum = MIN_PRECEDENT_SIMILARITY,
  ) {
    for (const event of events) {
      if (!showsPrecedents(event.ruleId) || !event.repair || !event.hunk || !event.commit || event.shape === undefined || event.shape.length < MIN_SHAPE_TOKENS) continue;
      this.byRule.set(event.ruleId, [...(this.byRule.get(event.ruleId) ?? []), event]);
    }
  }

  find(ruleId: string, file: string, shape: string): Precedent | undefined {
    if (shape.length < MIN_SHAPE_TOKENS) return undefined;
    let best: { event: FixEvent; similarity: number } | undefined;
    for (const event of this.byRule.get(ruleId) ?? []) {
      const similarity = tokenSimilarity(shape, event.shape!, this.minimum);
      if (similarity === undefined || similarity < this.minimum) continue;
      if (!best || similarity > best.similarity || (similarity === best.similarity && isPreferred(event, best.event, file))) best = { event, similarity };
    }
    if (!best) return undefined;
    const { event } = best;
    return { commit: event.commit!, date: event.date!, subject: event.subject ?? '', file: event.file, line: event.line, similarity: Math.floor(best.similarity * 100) / 100, hunk: event.hunk! };
  }
}

/** Between two equally similar fixes: one in the same file, then the later one, then the first by commit id. */
function isPreferred(event: FixEvent, than: FixEvent, file: string): boolean {
  const [sameFile, sameFileThan] = [event.file === file, than.file === file];
  if (sameFile !== sameFileThan) return sameFile;
  if (event.date !== than.date) return (event.date ?? '') > (than.date ?? '');
  return (event.commit ?? '') < (than.commit ?? '');
}
