import { ts } from '../../src/rule/index.js';
import { memberName } from './error-handling.js';
import { skipTransparent } from './same-expression.js';

/** The parts of an expression statement no-floating-async looks at: the expressions whose promise would float, and the call a promise chain starts from. */

/**
 * The expressions of a statement whose promise would float: the statement's value, or the
 * branches of `a && f()` and `c ? f() : g()`. A `.catch(h)`, `.then(f, h)`, `await` or `void`
 * handles the promise.
 */
export function floatingExpressions(statementExpression: ts.Expression): ts.Expression[] {
  const expression = skipTransparent(statementExpression);
  if (ts.isVoidExpression(expression) || ts.isAwaitExpression(expression)) return [];
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.CommaToken) {
      return floatingExpressions(expression.right);
    }
    return [];
  }
  if (ts.isConditionalExpression(expression)) {
    return [...floatingExpressions(expression.whenTrue), ...floatingExpressions(expression.whenFalse)];
  }
  if (ts.isCallExpression(expression) && isHandled(expression)) return [];
  return [expression];
}

/** `p.catch(h)` or `p.then(f, h)`, possibly followed by `.then(f)`/`.finally(g)`. */
function isHandled(call: ts.CallExpression): boolean {
  const method = memberName(skipTransparent(call.expression));
  if (method === 'catch' && call.arguments.length > 0) return true;
  if (method === 'then' && call.arguments.length > 1) return true;
  if ((method === 'then' || method === 'finally') && ts.isPropertyAccessExpression(call.expression)) {
    const inner = skipTransparent(call.expression.expression);
    return ts.isCallExpression(inner) && isHandled(inner);
  }
  return false;
}

/** The call that starts a chain such as `f().then(g).finally(h)`: `f()`. */
export function baseCall(expression: ts.Expression): ts.CallExpression | undefined {
  let current = skipTransparent(expression);
  while (ts.isCallExpression(current)) {
    const callee = skipTransparent(current.expression);
    const method = memberName(callee);
    if ((method === 'then' || method === 'finally') && (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee))) {
      const inner = skipTransparent(callee.expression);
      if (ts.isCallExpression(inner)) {
        current = inner;
        continue;
      }
    }
    return current;
  }
  return undefined;
}
