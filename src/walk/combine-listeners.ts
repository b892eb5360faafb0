import type ts from 'typescript';
import type { NodeHandler, RuleListener } from '../rule/types.js';

/** One listener that calls each given listener's handlers in order (for a detector built from several). */
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
      combined[kind as ts.SyntaxKind] =
        handlers.length === 1
          ? handlers[0]
          : (node) => {
              for (const handler of handlers) handler(node);
            };
    }
    return combined;
  };
  const every = listeners.flatMap((l) => (l.enterEvery ? [l.enterEvery] : []));
  return {
    ...(every.length > 0
      ? {
          enterEvery: (node: ts.Node) => {
            for (const handler of every) handler(node);
          },
        }
      : {}),
    enter: combine(listeners.map((l) => l.enter)),
    exit: combine(listeners.map((l) => l.exit)),
    end: () => {
      for (const listener of listeners) listener.end?.();
      end?.();
    },
  };
}
