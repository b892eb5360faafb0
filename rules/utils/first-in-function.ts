import ts from '../../src/typescript.cjs';
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
