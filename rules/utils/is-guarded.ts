import { ts } from '../../src/rule/index.js';
import { calleeName, isNullish, skipParentheses } from './same-expression.js';

/**
 * Tells whether one atomic condition makes a use safe, given whether the condition is known to
 * hold (`true`) or to fail (`false`) where the use is. `!`, `&&` and `||` are already taken apart.
 */
export type ConditionTest = (condition: ts.Expression, holds: boolean) => boolean;

export interface GuardTests {
  condition: ConditionTest;
  /** Whether an earlier statement of an enclosing block makes the use safe (such as `map.set(k, v)`). */
  statement?: (statement: ts.Statement) => boolean;
  /** Whether being inside a case of `switch (discriminant)` makes the use safe. */
  discriminant?: (discriminant: ts.Expression) => boolean;
}

const BLOCK_LIKE = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.Block,
  ts.SyntaxKind.SourceFile,
  ts.SyntaxKind.ModuleBlock,
  ts.SyntaxKind.CaseClause,
  ts.SyntaxKind.DefaultClause,
]);

/** Calls that never return normally: reaching the statement after one means its guard held. */
const NEVER_RETURNING = new Set(['exit', 'notFound', 'redirect', 'unreachable', 'fail']);

/** Objects whose `error(…)` throws: a Rollup or Vite plugin's `this` and its context objects. */
const THROWING_CONTEXTS = new Set(['ctx', 'context', 'pluginContext']);

/** Calls that throw unless their first argument holds. */
const ASSERTIONS = new Set(['assert', 'invariant', 'ok', 'strictAssert']);

/**
 * Whether a guard that dominates `node` makes it safe: an enclosing `if`, `?:`, `&&`, `||` or
 * loop whose condition is known where `node` is, or an earlier statement of an enclosing block
 * (`if (!x) return;`, `assert(x)`, or what `tests.statement` accepts). Looks at the ancestors and
 * their earlier siblings only, so the cost is the depth of the node times the block sizes.
 */
export function isGuarded(node: ts.Node, tests: GuardTests): boolean {
  let child = node;
  let parent = node.parent;
  while (parent) {
    if (isGuardedBy(parent, child, tests)) return true;
    child = parent;
    parent = parent.parent;
  }
  return false;
}

function isGuardedBy(parent: ts.Node, child: ts.Node, tests: GuardTests): boolean {
  if (ts.isIfStatement(parent)) return isGuardedByBranch(parent.expression, parent.thenStatement, parent.elseStatement, child, tests);
  if (ts.isConditionalExpression(parent)) return isGuardedByBranch(parent.condition, parent.whenTrue, parent.whenFalse, child, tests);
  if (ts.isBinaryExpression(parent)) return child === parent.right && isGuardedByLogical(parent, tests);
  if (ts.isWhileStatement(parent)) return child === parent.statement && conditionHolds(parent.expression, true, tests.condition);
  if (ts.isForStatement(parent)) {
    return child === parent.statement && parent.condition !== undefined && conditionHolds(parent.condition, true, tests.condition);
  }
  if (ts.isSwitchStatement(parent)) return child === parent.caseBlock && tests.discriminant?.(parent.expression) === true;
  if (BLOCK_LIKE.has(parent.kind)) return isGuardedByEarlierStatement(blockStatements(parent), child, tests);
  return false;
}

/** `if (c) A else B` and `c ? A : B`: A sees `c` hold, B sees it fail. */
function isGuardedByBranch(condition: ts.Expression, whenTrue: ts.Node, whenFalse: ts.Node | undefined, child: ts.Node, tests: GuardTests): boolean {
  if (child === whenTrue) return conditionHolds(condition, true, tests.condition);
  if (child === whenFalse) return conditionHolds(condition, false, tests.condition);
  return false;
}

/** `c && use` sees `c` hold; `c || use` sees it fail. */
function isGuardedByLogical(binary: ts.BinaryExpression, tests: GuardTests): boolean {
  const operator = binary.operatorToken.kind;
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return conditionHolds(binary.left, true, tests.condition);
  if (operator === ts.SyntaxKind.BarBarToken) return conditionHolds(binary.left, false, tests.condition);
  return false;
}

function blockStatements(block: ts.Node): readonly ts.Statement[] {
  return (block as ts.Block | ts.SourceFile | ts.ModuleBlock | ts.CaseOrDefaultClause).statements;
}

function isGuardedByEarlierStatement(statements: readonly ts.Statement[], child: ts.Node, tests: GuardTests): boolean {
  const index = statements.indexOf(child as ts.Statement);
  for (let i = index - 1; i >= 0; i--) {
    const statement = statements[i];
    if (tests.statement?.(statement)) return true;
    if (ts.isIfStatement(statement)) {
      const thenExits = exitsControlFlow(statement.thenStatement);
      const elseExits = statement.elseStatement !== undefined && exitsControlFlow(statement.elseStatement);
      if (thenExits && !elseExits && conditionHolds(statement.expression, false, tests.condition)) return true;
      if (elseExits && !thenExits && conditionHolds(statement.expression, true, tests.condition)) return true;
    } else if (ts.isExpressionStatement(statement)) {
      const assertion = assertedCondition(statement.expression);
      if (assertion && conditionHolds(assertion, true, tests.condition)) return true;
    }
  }
  return false;
}

/** The condition an `assert(x)`/`invariant(x, …)`/`assert.ok(x)` statement guarantees. */
function assertedCondition(expression: ts.Expression): ts.Expression | undefined {
  const call = skipParentheses(expression);
  if (!ts.isCallExpression(call) || call.arguments.length === 0) return undefined;
  const name = calleeName(call);
  return name !== undefined && ASSERTIONS.has(name) ? call.arguments[0] : undefined;
}

/**
 * Whether `condition`, known to hold or to fail, satisfies `test`: `!a` flips, `a && b` that
 * holds makes both hold, `a || b` that fails makes both fail.
 */
export function conditionHolds(condition: ts.Expression, holds: boolean, test: ConditionTest): boolean {
  const value = skipParentheses(condition);
  if (ts.isPrefixUnaryExpression(value) && value.operator === ts.SyntaxKind.ExclamationToken) {
    return conditionHolds(value.operand, !holds, test);
  }
  if (ts.isBinaryExpression(value)) {
    const operator = value.operatorToken.kind;
    // `while ((match = re.exec(text)))`: the assigned variable has the tested value.
    if (operator === ts.SyntaxKind.EqualsToken) return test(value, holds) || conditionHolds(value.left, holds, test);
    const assignment = nullCheckedAssignment(value);
    if (assignment) return test(value, holds) || conditionHolds(assignment.assignment, assignment.equal ? !holds : holds, test);
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken && holds) {
      return conditionHolds(value.left, true, test) || conditionHolds(value.right, true, test);
    }
    if (operator === ts.SyntaxKind.BarBarToken && !holds) {
      return conditionHolds(value.left, false, test) || conditionHolds(value.right, false, test);
    }
  }
  return test(value, holds);
}

/** Whether a statement always leaves the enclosing block: return, throw, break, continue, `process.exit()`. */
export function exitsControlFlow(statement: ts.Statement): boolean {
  switch (statement.kind) {
    case ts.SyntaxKind.ReturnStatement:
    case ts.SyntaxKind.ThrowStatement:
    case ts.SyntaxKind.BreakStatement:
    case ts.SyntaxKind.ContinueStatement:
      return true;
    case ts.SyntaxKind.Block:
      return (statement as ts.Block).statements.some(exitsControlFlow);
    case ts.SyntaxKind.IfStatement: {
      const { thenStatement, elseStatement } = statement as ts.IfStatement;
      return elseStatement !== undefined && exitsControlFlow(thenStatement) && exitsControlFlow(elseStatement);
    }
    case ts.SyntaxKind.ExpressionStatement: {
      const call = skipParentheses((statement as ts.ExpressionStatement).expression);
      return ts.isCallExpression(call) && isNeverReturningCall(call);
    }
    default:
      return false;
  }
}

/** `process.exit()`, `notFound()`, `assert.fail()`, and `this.error()` / `ctx.error()` of a plugin context. */
function isNeverReturningCall(call: ts.CallExpression): boolean {
  const name = calleeName(call);
  if (name === undefined) return false;
  if (NEVER_RETURNING.has(name)) return true;
  if (name !== 'error') return false;
  const callee = skipParentheses(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const object = skipParentheses(callee.expression);
  return object.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(object) && THROWING_CONTEXTS.has(object.text));
}

/** `(match = re.exec(text)) !== null`: the assignment, and whether the comparison tests for equality with null. */
function nullCheckedAssignment(binary: ts.BinaryExpression): { assignment: ts.Expression; equal: boolean } | undefined {
  const operator = binary.operatorToken.kind;
  const equal = operator === ts.SyntaxKind.EqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsEqualsToken;
  if (!equal && operator !== ts.SyntaxKind.ExclamationEqualsToken && operator !== ts.SyntaxKind.ExclamationEqualsEqualsToken) return undefined;
  for (const [side, other] of [
    [binary.left, binary.right],
    [binary.right, binary.left],
  ] as const) {
    const assignment = skipParentheses(side);
    if (ts.isBinaryExpression(assignment) && assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken && isNullish(other)) {
      return { assignment, equal };
    }
  }
  return undefined;
}
