import type ts from 'typescript';
import type { NodeHandler, RuleListener } from '../rule/types.js';

/** The listeners a combined listener was made of, and its own end: the walk calls them directly. */
interface Parts {
  listeners: readonly RuleListener[];
  end?: () => void;
}

const partsOf = new WeakMap<RuleListener, Parts>();

/**
 * One listener that calls each given listener's handlers in order (for a detector built from
 * several), then `end`. The walk takes the parts apart again and calls each part's handlers
 * itself, so that no handler of a combined listener costs a call more than its own.
 */
export function combineListeners(listeners: readonly RuleListener[], end?: () => void): RuleListener {
  const combine = (tables: (Partial<Record<ts.SyntaxKind, NodeHandler>> | undefined)[]): Partial<Record<ts.SyntaxKind, NodeHandler>> => {
    const byKind = new Map<number, NodeHandler[]>();
    for (const table of tables) {
      for (const [kind, handler] of Object.entries(table ?? {})) {
        if (handler) byKind.set(Number(kind), [...(byKind.get(Number(kind)) ?? []), handler]);
      }
    }
    const combined: Partial<Record<ts.SyntaxKind, NodeHandler>> = {};
    for (const [kind, handlers] of byKind) {
      combined[kind as ts.SyntaxKind] = (node) => {
        for (const handler of handlers) handler(node);
      };
    }
    return combined;
  };
  let tables: { enter: Partial<Record<ts.SyntaxKind, NodeHandler>>; exit: Partial<Record<ts.SyntaxKind, NodeHandler>> } | undefined;
  const tablesOf = () => (tables ??= { enter: combine(listeners.map((l) => l.enter)), exit: combine(listeners.map((l) => l.exit)) });
  const every = listeners.flatMap((l) => (l.enterEvery ? [l.enterEvery] : []));
  const combined: RuleListener = {
    ...(every.length > 0
      ? {
          enterEvery: (node: ts.Node) => {
            for (const handler of every) handler(node);
          },
        }
      : {}),
    // Built when first read: the walk reads the parts instead.
    get enter() {
      return tablesOf().enter;
    },
    get exit() {
      return tablesOf().exit;
    },
    end: () => {
      for (const listener of listeners) listener.end?.();
      end?.();
    },
  };
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
