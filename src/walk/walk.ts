import ts from '../parse/typescript.cjs';
import type { NodeHandler, RuleListener } from '../rule/types.js';
import { flattenListener } from './combine-listeners.js';

/** A listener together with a guard that isolates its failures from the others. */
export interface GuardedListener {
  listener: RuleListener;
  /** Called when one of the listener's handlers throws; the listener is silenced for the rest of the walk. */
  onError(error: unknown): void;
}

/** A handler and the index of the listener it belongs to, whose failure silences the listener. */
interface Handler {
  owner: number;
  fn: NodeHandler;
}

type HandlerTable = (Handler[] | undefined)[];

/** One past the highest syntax kind. */
const KIND_COUNT = ts.SyntaxKind.Count;
/** TypeScript's exports are getters: the function read once here, not at every node. */
const { forEachChild } = ts;

/**
 * Walks the source file once and calls every listener's handlers for each node, in source
 * order (`enter` before the children, `exit` after them). A handler that throws silences its
 * own listener only; the walk and the other listeners go on.
 */
export function walk(sourceFile: ts.SourceFile, listeners: readonly GuardedListener[]): void {
  // Filled to full length so that V8 keeps them packed: a sparse array turns every lookup by node kind into a dictionary search.
  const enter: HandlerTable = new Array<Handler[] | undefined>(KIND_COUNT).fill(undefined);
  const exit: HandlerTable = new Array<Handler[] | undefined>(KIND_COUNT).fill(undefined);
  const failed = new Array<boolean>(listeners.length).fill(false);
  const every: Handler[] = [];
  const ends: Handler[] = [];
  const parts: RuleListener[] = [];
  listeners.forEach(({ listener }, owner) => {
    parts.length = 0;
    flattenListener(listener, parts);
    for (const part of parts) {
      if (part.enterEvery) every.push({ owner, fn: part.enterEvery });
      addHandlers(enter, part.enter, owner);
      addHandlers(exit, part.exit, owner);
      const end = part.end;
      if (end) ends.push({ owner, fn: () => end() });
    }
  });

  const call = (handlers: readonly Handler[], node: ts.Node): void => {
    for (const { owner, fn } of handlers) {
      if (failed[owner]) continue;
      try {
        fn(node);
      } catch (error) {
        failed[owner] = true;
        listeners[owner].onError(error);
      }
    }
  };
  const visit = (node: ts.Node): void => {
    if (every.length > 0) call(every, node);
    const before = enter[node.kind];
    if (before) call(before, node);
    forEachChild(node, visit);
    const after = exit[node.kind];
    if (after) call(after, node);
  };
  visit(sourceFile);
  call(ends, sourceFile);
}

/** Adds a listener's handlers by node kind; `for...in` spares the arrays `Object.entries` would build for every file. */
function addHandlers(table: HandlerTable, handlers: Partial<Record<ts.SyntaxKind, NodeHandler>> | undefined, owner: number): void {
  if (!handlers) return;
  for (const key in handlers) {
    const index: ts.SyntaxKind = Number(key);
    const fn = handlers[index];
    if (fn && index >= 0 && index < KIND_COUNT) (table[index] ??= []).push({ owner, fn });
  }
}
