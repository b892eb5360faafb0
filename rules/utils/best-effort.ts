import { ts } from '../../src/rule/index.js';
import { containsNode, isFunctionNode, memberName, mentionsName, outerParent } from './error-handling.js';
import { skipTransparent } from './same-expression.js';

/** Deliberate best effort, for no-swallowed-error's allowBestEffort: a try of side effects (analytics, storage, notifications, clean-up), a try that isolates one item of a loop, and a try that ends a callback nobody awaits. */

/** Words of side effects whose failure must not fail the work around them: analytics, telemetry, notifications. */
const SIDE_EFFECT_WORDS = new Set(['track', 'tracking', 'capture', 'analytics', 'telemetry', 'metric', 'metrics', 'notify', 'notification', 'notifications', 'alert', 'alerts', 'beacon']);
/** Callees that clean up after the main work: deleting a temporary file, closing a handle, clearing a cache. */
const CLEANUP_CALL =
  /^(?:delete|remove|unlink|rm|rmdir|clear|clean(?:up|Up)?|dispose|destroy|revoke|release|close|unsubscribe|disconnect|abort|cancel|terminate|kill|purge|evict|invalidate)(?:[A-Z_]|$)/u;
const BROWSER_STORAGE = /^(?:local|session)Storage$/u;

/**
 * A try block of best-effort side effects, whose failure should not fail what the function does
 * (logging it is the handling): it opens with an access to `localStorage`/`sessionStorage`
 * (which throws when storage is disabled); or its calls are analytics, tracking or notification
 * calls (with the assignments and `if`s around them), or, after the function's main work,
 * clean-up calls; or it is the whole body of a function named for such a side effect
 * (`trackEvent`, `sendUsageAlert`).
 */
export function isBestEffortTry(tryStatement: ts.TryStatement): boolean {
  const statements = tryStatement.tryBlock.statements;
  if (statements.length === 0) return false;
  if (mentionsStorage(statements[0])) return true;
  if (isWholeBodyOfSideEffect(tryStatement)) return true;
  const cleanupAllowed = !isFirstInFunction(tryStatement);
  const calls = statements.flatMap((statement) => sideEffectCalls(statement, cleanupAllowed) ?? [undefined]);
  if (calls.length === 0 || calls.includes(undefined)) return false;
  const declared = statements.flatMap((statement) => (ts.isVariableStatement(statement) ? statement.declarationList.declarations : []));
  return declared.every((decl) => ts.isIdentifier(decl.name) && calls.some((call) => mentionsName(call!, (decl.name as ts.Identifier).text)));
}

/**
 * The best-effort calls of a statement of the try, or undefined when it does other work: a
 * side-effect call (possibly awaited), an `if` whose branches hold only such statements, a
 * declaration (checked by the caller to feed a side effect) or an assignment without calls.
 */
function sideEffectCalls(statement: ts.Statement, cleanupAllowed: boolean): ts.CallExpression[] | undefined {
  if (ts.isVariableStatement(statement)) return [];
  if (ts.isBlock(statement)) return allSideEffectCalls(statement.statements, cleanupAllowed);
  if (ts.isIfStatement(statement)) {
    const branches = [statement.thenStatement, ...(statement.elseStatement ? [statement.elseStatement] : [])];
    return allSideEffectCalls(branches, cleanupAllowed);
  }
  const call = statementCall(statement);
  if (call) return isSideEffectCall(call, cleanupAllowed) ? [call] : undefined;
  if (ts.isExpressionStatement(statement) && isPlainAssignment(statement.expression)) return [];
  return undefined;
}

function allSideEffectCalls(statements: readonly ts.Statement[], cleanupAllowed: boolean): ts.CallExpression[] | undefined {
  const found: ts.CallExpression[] = [];
  for (const statement of statements) {
    const calls = sideEffectCalls(statement, cleanupAllowed);
    if (!calls) return undefined;
    found.push(...calls);
  }
  return found;
}

function isSideEffectCall(call: ts.CallExpression, cleanupAllowed: boolean): boolean {
  const callee = skipTransparent(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
  const owner = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? ownerName(callee.expression) : undefined;
  if (owner !== undefined && (BROWSER_STORAGE.test(owner) || hasSideEffectWord(owner))) return true;
  if (name !== undefined && hasSideEffectWord(name)) return true;
  return cleanupAllowed && name !== undefined && CLEANUP_CALL.test(name);
}

/** Whether a camelCase or snake_case name has a word of the side-effect vocabulary (`trackEvent`, `sendUsageAlert`). */
function hasSideEffectWord(name: string): boolean {
  return name
    .split(/(?=[A-Z])|_/u)
    .some((word) => SIDE_EFFECT_WORDS.has(word.toLowerCase()));
}

/** `x = value` or `obj.x = value` with no call on the right: bookkeeping next to a side effect. */
function isPlainAssignment(expression: ts.Expression): boolean {
  const value = skipTransparent(expression);
  return ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken && !containsCall(value.right);
}

function containsCall(node: ts.Node): boolean {
  return containsNode(node, (n) => ts.isCallExpression(n) || ts.isNewExpression(n) || ts.isAwaitExpression(n));
}

function mentionsStorage(node: ts.Node): boolean {
  return containsNode(node, (n) => ts.isIdentifier(n) && BROWSER_STORAGE.test(n.text));
}

/** The try is all a function named for a side effect does (possibly under an `if`). */
function isWholeBodyOfSideEffect(tryStatement: ts.TryStatement): boolean {
  let child: ts.Node = tryStatement;
  for (let parent = child.parent; parent; child = parent, parent = parent.parent) {
    if (isFunctionNode(parent)) {
      const name = functionName(parent);
      return name !== undefined && hasSideEffectWord(name);
    }
    if (ts.isBlock(parent) && parent.statements.length !== 1) return false;
    if (!ts.isBlock(parent) && !ts.isIfStatement(parent)) return false;
  }
  return false;
}

/** The name a function is known by: its own, or that of the variable or property it is assigned to. */
function functionName(fn: ts.Node): string | undefined {
  const named = (fn as ts.FunctionLikeDeclaration).name;
  if (named && ts.isIdentifier(named)) return named.text;
  const { parent } = outerParent(fn);
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** The call a statement makes, possibly awaited: `await storage.remove(key);`. */
export function statementCall(statement: ts.Statement): ts.CallExpression | undefined {
  if (!ts.isExpressionStatement(statement)) return undefined;
  let value = skipTransparent(statement.expression);
  if (ts.isAwaitExpression(value) || ts.isVoidExpression(value)) value = skipTransparent(value.expression);
  return ts.isCallExpression(value) ? value : undefined;
}

/** The last name of `window.localStorage` or `this.analytics`. */
function ownerName(expression: ts.Expression): string | undefined {
  const inner = skipTransparent(expression);
  if (ts.isIdentifier(inner)) return inner.text;
  return memberName(inner);
}

/** True when nothing runs before the statement in its function (it is the function's first work). */
function isFirstInFunction(node: ts.Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isFunctionNode(parent) || ts.isSourceFile(parent)) return true;
    if (ts.isBlock(parent) && parent.statements.indexOf(child as ts.Statement) > 0) return false;
    if (ts.isCatchClause(parent) || (ts.isTryStatement(parent) && parent.finallyBlock === child)) return false;
  }
  return true;
}

/**
 * A synchronous try that ends the body of a loop or of a per-item callback (`forEach`, `map`, …),
 * after nothing but guards (`if (skip) return;`) and declarations: one bad item must not stop the
 * others (a renderer drawing each element, a parser reading each line). Awaited work per item is
 * not covered: dropping a failed send or charge per item is what the rule is for.
 */
export function isPerItemIsolation(tryStatement: ts.TryStatement): boolean {
  if (containsAwait(tryStatement.tryBlock)) return false;
  let statement: ts.Statement = tryStatement;
  for (;;) {
    const parent = statement.parent;
    if (ts.isIterationStatement(parent, false)) return true;
    if (!ts.isBlock(parent) || !isItemBody(parent, statement)) return false;
    const owner = parent.parent;
    if (ts.isIterationStatement(owner, false)) return true;
    if (isFunctionNode(owner)) {
      const { parent: user } = outerParent(owner);
      return ts.isCallExpression(user) && PER_ITEM_METHODS.has(memberName(skipTransparent(user.expression)) ?? '');
    }
    if (!ts.isIfStatement(owner)) return false;
    statement = owner;
  }
}

/** The statement ends the block, after only guards that leave early and declarations without await. */
function isItemBody(block: ts.Block, last: ts.Statement): boolean {
  if (block.statements.at(-1) !== last) return false;
  return block.statements.slice(0, -1).every(
    (statement) => (ts.isVariableStatement(statement) && !containsAwait(statement)) || (ts.isIfStatement(statement) && !statement.elseStatement && leavesEarly(statement.thenStatement)),
  );
}

function leavesEarly(statement: ts.Statement): boolean {
  if (ts.isBlock(statement)) return statement.statements.length > 0 && leavesEarly(statement.statements.at(-1)!);
  return ts.isReturnStatement(statement) || ts.isContinueStatement(statement);
}

const PER_ITEM_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'some', 'every']);

function containsAwait(node: ts.Node): boolean {
  return containsNode(node, (n) => ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier !== undefined));
}

/** Calls that run their function argument later, with nobody to report a failure to. */
const DETACHING_CALLS = new Set(['setTimeout', 'setImmediate', 'queueMicrotask', 'nextTick', 'requestIdleCallback', 'waitUntil', 'after']);

/**
 * A try that ends a function whose result nobody receives: a timer or `waitUntil` callback, or an
 * async function called on the spot as a statement. There is no caller to rethrow to (a rethrow
 * only becomes an unhandled rejection), so logging is the handling.
 */
export function isDetachedTail(tryStatement: ts.TryStatement): boolean {
  const body = tryStatement.parent;
  if (!ts.isBlock(body) || body.statements.at(-1) !== tryStatement || !isFunctionNode(body.parent)) return false;
  const { child, parent } = outerParent(body.parent);
  if (ts.isCallExpression(parent)) {
    if (parent.expression === child) {
      const use = outerParent(parent);
      return ts.isExpressionStatement(use.parent) || ts.isVoidExpression(use.parent) || (ts.isCallExpression(use.parent) && isDetachingCall(use.parent));
    }
    return isDetachingCall(parent);
  }
  return false;
}

function isDetachingCall(call: ts.CallExpression): boolean {
  const callee = skipTransparent(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
  return name !== undefined && DETACHING_CALLS.has(name);
}
