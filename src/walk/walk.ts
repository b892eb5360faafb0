import ts from '../typescript.cjs';
import type { NodeHandler, RuleListener } from '../rule/types.js';

/** A listener together with a guard that isolates its failures from the others. */
export interface GuardedListener {
  listener: RuleListener;
  /** Called when one of the listener's handlers throws; the listener is silenced for the rest of the walk. */
  onError(error: unknown): void;
}

type HandlerTable = (NodeHandler[] | undefined)[];

/**
 * Walks the source file once and calls every listener's handlers for each node, in source
 * order (`enter` before the children, `exit` after them). A handler that throws silences its
 * own listener only; the walk and the other listeners go on.
 */
export function walk(sourceFile: ts.SourceFile, listeners: readonly GuardedListener[]): void {
  const enter: HandlerTable = [];
  const exit: HandlerTable = [];
  const ends: (() => void)[] = [];
  for (const guarded of listeners) {
    let failed = false;
    const guard =
      (fn: (node: ts.Node) => void): NodeHandler =>
      (node) => {
        if (failed) return;
        try {
          fn(node);
        } catch (error) {
          failed = true;
          guarded.onError(error);
        }
      };
    addHandlers(enter, guarded.listener.enter, guard);
    addHandlers(exit, guarded.listener.exit, guard);
    const end = guarded.listener.end;
    if (end) ends.push(() => guard(() => end())(sourceFile));
  }

  const visit = (node: ts.Node): void => {
    const before = enter[node.kind];
    if (before) for (const handler of before) handler(node);
    ts.forEachChild(node, visit);
    const after = exit[node.kind];
    if (after) for (const handler of after) handler(node);
  };
  visit(sourceFile);
  for (const end of ends) end();
}

function addHandlers(
  table: HandlerTable,
  handlers: Partial<Record<ts.SyntaxKind, NodeHandler>> | undefined,
  guard: (fn: NodeHandler) => NodeHandler,
): void {
  if (!handlers) return;
  for (const [kind, handler] of Object.entries(handlers)) {
    if (!handler) continue;
    const index = Number(kind);
    (table[index] ??= []).push(guard(handler));
  }
}
