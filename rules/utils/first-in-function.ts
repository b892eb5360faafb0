import { ts, type DetectContext, type RuleListener } from '../../src/rule/index.js';
import { sharedBindings, type BindingTracker } from './binding-tracker.js';
import { isSameExpression } from './same-expression.js';

export interface FirstInFunction {
  /**
   * True the first time an expression of this shape is seen in its function (or at the top level);
   * false for a repetition, whose assumption the first occurrence already made.
   */
  isFirst(node: ts.Node, expression: ts.Expression): boolean;
}

/**
 * Keeps one finding per assumption and function: after `event.Records[0].cf` has been read once
 * unchecked, the eight reads that follow make the same assumption, and one guard fixes them all.
 */
export function createFirstInFunction(): FirstInFunction {
  const seen = new Map<ts.Node, ts.Expression[]>();
  return {
    isFirst(node, expression) {
      const scope = enclosingFunction(node);
      const earlier = seen.get(scope);
      if (earlier?.some((other) => isSameExpression(other, expression))) return false;
      if (earlier) earlier.push(expression);
      else seen.set(scope, [expression]);
      return true;
    },
  };
}

function enclosingFunction(node: ts.Node): ts.Node {
  let current = node.parent;
  while (current && !ts.isFunctionLike(current) && !ts.isSourceFile(current)) current = current.parent;
  return current ?? node;
}

/** What a rule about possibly absent values keeps during the walk. */
export interface AbsentValueWalk {
  /** The names declared so far, to follow `const x = map.get(k)` from a use of `x`. */
  bindings: BindingTracker;
  /** One finding per assumption and function. */
  firsts: FirstInFunction;
}

/**
 * The listeners of a rule about possibly absent values (`xs[0].id`, `map.get(k)!`): names resolve
 * through the file's shared binding tracker, and `check` runs on each node of `kind`.
 */
export function absentValueListeners(context: Pick<DetectContext<string>, 'shared'>, kind: ts.SyntaxKind, check: (node: ts.Node, walk: AbsentValueWalk) => void): RuleListener {
  const walk: AbsentValueWalk = { bindings: sharedBindings(context), firsts: createFirstInFunction() };
  return { enter: { [kind]: (node: ts.Node) => check(node, walk) } };
}
