import { prepareBlockClones } from '../clones/block-clones.js';
import type { PrepareInput } from './types.js';

/**
 * Work of the cross-file analyses that can start as soon as the files are known, before the
 * per-file analysis, so that a child process (jscpd) overlaps it; what each returns reaches the
 * analysis's `run` as `input.prepared`. Kept apart from the analyses, which load TypeScript, so
 * that starting it costs nothing. Each must neither throw nor reject.
 */
const EARLY_STARTS: Readonly<Record<string, (input: PrepareInput) => unknown>> = {
  clones: prepareBlockClones,
};

/** Calls each analysis's early start; one that throws simply runs in full later. */
export function prepareAnalyses(input: PrepareInput): Record<string, unknown> {
  const prepared: Record<string, unknown> = {};
  for (const [name, start] of Object.entries(EARLY_STARTS)) {
    try {
      prepared[name] = start(input);
    } catch {
      // the analysis does the work in its run instead
    }
  }
  return prepared;
}
