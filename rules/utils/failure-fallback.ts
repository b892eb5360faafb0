import { ts } from '../../src/rule/index.js';
import { containsNode, isFunctionNode, mentionsName, outerParent } from './error-handling.js';
import { skipTransparent } from './same-expression.js';

/** Shapes of no-swallowed-error that deal with a swallowed failure some other way: the original error is rethrown after the catch, the try's variable keeps a default, or the handled promise's value is checked at once. */

/**
 * An empty or logging catch inside a catch or finally block (possibly under an `if`) that goes on
 * to throw: the classic `catch (error) { try { await rollback(); } catch {} throw error; }`. The
 * original failure is rethrown on purpose; only the secondary one is dropped so that it cannot
 * mask the first.
 */
export function isBeforeRethrow(tryStatement: ts.TryStatement): boolean {
  let child: ts.Node = tryStatement;
  for (let parent = child.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent)) continue;
    if (!ts.isBlock(parent)) return false;
    const owner = parent.parent;
    if (ts.isCatchClause(owner) || (ts.isTryStatement(owner) && owner.finallyBlock === parent)) {
      return parent.statements.slice(parent.statements.indexOf(child as ts.Statement) + 1).some(containsThrow);
    }
    if (!ts.isIfStatement(owner)) return false;
  }
  return false;
}

function containsThrow(node: ts.Node): boolean {
  return containsNode(node, ts.isThrowStatement);
}

/**
 * A try that computes a value into a variable declared before it, which keeps a default when the
 * try fails: the variable has an initialiser (`let data = UNKNOWN`), or the statement right after
 * the try tests it (`if (!data) return`, `data ?? fallback`) or gives it a default
 * (`path = DEFAULT_PATH`). The failure is handled as "no value".
 */
export function isFallbackAssignment(tryStatement: ts.TryStatement): boolean {
  const assigned = assignedNames(tryStatement.tryBlock);
  if (assigned.size === 0) return false;
  const next = nextStatement(tryStatement);
  if (next && [...assigned].some((name) => testsName(next, name) || assignsName(next, name))) return true;
  const block = tryStatement.parent;
  if (!ts.isBlock(block) && !ts.isSourceFile(block)) return false;
  return block.statements.slice(0, block.statements.indexOf(tryStatement)).some((statement) => declaresWithDefault(statement, assigned));
}

/** The statement that runs after this one: its next sibling, or the one after the enclosing `if` when it ends a branch. */
function nextStatement(statement: ts.Statement): ts.Statement | undefined {
  let current: ts.Statement = statement;
  for (;;) {
    const parent = current.parent;
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
      const next = parent.statements[parent.statements.indexOf(current) + 1];
      if (next || !ts.isBlock(parent) || !ts.isIfStatement(parent.parent)) return next;
      current = parent.parent;
    } else if (ts.isIfStatement(parent)) {
      current = parent;
    } else {
      return undefined;
    }
  }
}

/** `name = value;`: a default written when the try did not produce one. */
function assignsName(statement: ts.Statement, name: string): boolean {
  if (!ts.isExpressionStatement(statement)) return false;
  const value = skipTransparent(statement.expression);
  return ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(value.left) && value.left.text === name;
}

/** Names assigned with `=` in a block (outside nested functions). */
function assignedNames(block: ts.Block): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node)) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) names.add(node.left.text);
    ts.forEachChild(node, visit);
  };
  visit(block);
  return names;
}

/** `let x = value` (not `let x;` nor `let x = undefined`) for one of the names. */
function declaresWithDefault(statement: ts.Statement, names: ReadonlySet<string>): boolean {
  if (!ts.isVariableStatement(statement)) return false;
  return statement.declarationList.declarations.some(
    (decl) => ts.isIdentifier(decl.name) && names.has(decl.name.text) && decl.initializer !== undefined && !isUndefinedValue(skipTransparent(decl.initializer)),
  );
}

/**
 * Whether a statement examines a name: an `if` whose condition mentions it, or a `??`/`||` or
 * conditional with the name on its left or as its test (`return data ?? fallback`).
 */
function testsName(statement: ts.Statement, name: string): boolean {
  if (ts.isIfStatement(statement)) return mentionsName(statement.expression, name);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionNode(node)) return;
    if (ts.isBinaryExpression(node) && isFallbackOperator(node.operatorToken.kind) && mentionsName(node.left, name)) found = true;
    else if (ts.isConditionalExpression(node) && mentionsName(node.condition, name)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

function isFallbackOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken;
}

/**
 * A handled promise whose value is checked at once: the left side of `??`/`||`
 * (`(await cache.get(k).catch(() => undefined)) || compute()`), or a constant that the next
 * statement tests (`const hit = await …catch(() => null); if (!hit) …`).
 */
export function isResultChecked(call: ts.CallExpression): boolean {
  let { child, parent } = outerParent(call);
  if (ts.isAwaitExpression(parent)) ({ child, parent } = outerParent(parent));
  if (ts.isBinaryExpression(parent) && isFallbackOperator(parent.operatorToken.kind) && parent.left === child) return true;
  if (!ts.isVariableDeclaration(parent) || !ts.isIdentifier(parent.name)) return false;
  const statement = parent.parent.parent;
  const block = statement.parent;
  if (!ts.isVariableStatement(statement) || !(ts.isBlock(block) || ts.isSourceFile(block))) return false;
  const next = block.statements[block.statements.indexOf(statement) + 1];
  return next !== undefined && testsName(next, parent.name.text);
}

export function isUndefinedValue(expression: ts.Expression): boolean {
  return (ts.isIdentifier(expression) && expression.text === 'undefined') || ts.isVoidExpression(expression);
}
