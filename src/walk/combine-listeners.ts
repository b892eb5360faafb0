import type { RuleListener } from '../rule/types.js';

/** The listeners a combined listener stands for, and its own end. */
interface Parts {
  listeners: readonly RuleListener[];
  end?: () => void;
}

const partsOf = new WeakMap<RuleListener, Parts>();

/**
 * One listener that stands for several (a detector built from several), followed by `end`. The
 * walk (./walk.ts), which is what calls listeners, takes it apart and calls each part's handlers
 * itself, in order, so that no handler costs a call more than its own; the listener has no
 * handlers of its own.
 */
export function combineListeners(listeners: readonly RuleListener[], end?: () => void): RuleListener {
  const combined: RuleListener = {};
  partsOf.set(combined, { listeners, end });
  return combined;
}

/**
 * Adds the plain listeners a listener stands for to `into`, in the order their handlers run: the
 * parts of a combined listener (and of combined listeners among them), each followed by the
 * combined listener's own end; else the listener itself.
 */
export function flattenListener(listener: RuleListener, into: RuleListener[]): void {
  const parts = partsOf.get(listener);
  if (!parts) {
    into.push(listener);
    return;
  }
  for (const part of parts.listeners) flattenListener(part, into);
  const end = parts.end;
  if (end) into.push({ end });
}
