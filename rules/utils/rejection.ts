import { ts } from '../../src/rule/index.js';
import { isFunctionNode } from './error-handling.js';
import { skipTransparent } from './same-expression.js';

/**
 * Whether an awaited or returned expression is known not to reject: a call of a function of the
 * same file that cannot reject (decided by the caller, which knows the file's functions).
 */
export type SafeCallTest = (expression: ts.Expression) => boolean;

/**
 * Whether the promise of an async function (or of one that returns a promise) can reject, read
 * from its body alone. It can when an `await`, a `for await` or a `throw` lies outside every
 * `try` block whose `catch` takes it over, or when it returns a call's value without awaiting it
 * (a `try` does not see a returned promise reject: outside a try any returned call counts, inside
 * one only a call that plainly makes a promise, such as `fetch(…)` or `res.json()`). Catch and finally blocks are not protected by
 * their own try. Plain statements before or after a try (`setLoading(true)`) are taken not to
 * throw, as the same statements in a synchronous function would not be reported either. An await
 * of a call that `isSafe` vouches for cannot reject, which lets a thin wrapper inherit the status
 * of the helper it awaits.
 */
export function canReject(fn: ts.SignatureDeclarationBase, isSafe: SafeCallTest): boolean {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return true;
  if (!ts.isBlock(body)) return escapes(body, false, isSafe) || isUnsafeReturn(body, isSafe);
  return escapes(body, false, isSafe);
}

function escapes(node: ts.Node, protectedHere: boolean, isSafe: SafeCallTest): boolean {
  if (isFunctionNode(node) || ts.isClassLike(node)) return false;
  if (ts.isTryStatement(node)) return tryEscapes(node, protectedHere, isSafe);
  if (isRejectingNode(node, protectedHere, isSafe)) return true;
  return ts.forEachChild(node, (child) => (escapes(child, protectedHere, isSafe) ? true : undefined)) ?? false;
}

/** The try block is protected by its own catch; the catch and finally blocks only by an outer try. */
function tryEscapes(node: ts.TryStatement, protectedHere: boolean, isSafe: SafeCallTest): boolean {
  return (
    escapes(node.tryBlock, protectedHere || node.catchClause !== undefined, isSafe) ||
    (node.catchClause !== undefined && escapes(node.catchClause.block, protectedHere, isSafe)) ||
    (node.finallyBlock !== undefined && escapes(node.finallyBlock, protectedHere, isSafe))
  );
}

/** An unprotected `await`, `for await` or `throw`, or a returned promise (which no try sees reject). */
function isRejectingNode(node: ts.Node, protectedHere: boolean, isSafe: SafeCallTest): boolean {
  if (ts.isReturnStatement(node)) return node.expression !== undefined && isUnsafeReturn(node.expression, isSafe, protectedHere);
  if (protectedHere) return false;
  if (ts.isAwaitExpression(node)) return !isSafe(node.expression) && !isResultValue(node);
  return (ts.isForOfStatement(node) && node.awaitModifier !== undefined) || ts.isThrowStatement(node);
}

/** Tests of a result that carries its failure as a value: `E.isLeft(r)`, `isErr(r)`, `r.isOk()`. */
const RESULT_TEST = /^is(?:Left|Right|Err|Ok|Error|Success|Failure|Some|None)$/u;

/**
 * `const res = await f()` where `res` is then examined as an Either or Result (`E.isLeft(res)`,
 * `res.isErr()`, `res._tag`): the callee reports its failures as values, by the convention of
 * fp-ts, neverthrow and their kin, and the code handles them.
 */
function isResultValue(awaitExpression: ts.AwaitExpression): boolean {
  const declaration = awaitExpression.parent;
  if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name) || declaration.initializer !== awaitExpression) return false;
  const name = declaration.name.text;
  const scope = declaration.parent.parent.parent;
  return scope !== undefined && containsResultTest(scope, name);
}

function containsResultTest(node: ts.Node, name: string): boolean {
  if (isResultTestOf(node, name)) return true;
  return ts.forEachChild(node, (child) => (containsResultTest(child, name) ? true : undefined)) ?? false;
}

/** `isLeft(name)`, `E.isLeft(name)`, `name.isErr()` or `name._tag`. */
function isResultTestOf(node: ts.Node, name: string): boolean {
  if (ts.isPropertyAccessExpression(node)) return node.name.text === '_tag' && isNamed(node.expression, name);
  if (!ts.isCallExpression(node)) return false;
  const callee = skipTransparent(node.expression);
  if (ts.isIdentifier(callee)) return RESULT_TEST.test(callee.text) && isNamed(node.arguments[0], name);
  if (!ts.isPropertyAccessExpression(callee) || !RESULT_TEST.test(callee.name.text)) return false;
  return node.arguments.length === 0 ? isNamed(callee.expression, name) : isNamed(node.arguments[0], name);
}

function isNamed(expression: ts.Expression | undefined, name: string): boolean {
  const value = expression ? skipTransparent(expression) : undefined;
  return value !== undefined && ts.isIdentifier(value) && value.text === name;
}

/** A returned value that may be a promise of its own: a call or `new` that nobody vouches for. */
function isUnsafeReturn(expression: ts.Expression, isSafe: SafeCallTest, protectedHere = false): boolean {
  const value = skipTransparent(expression);
  if (ts.isConditionalExpression(value)) return isUnsafeReturn(value.whenTrue, isSafe, protectedHere) || isUnsafeReturn(value.whenFalse, isSafe, protectedHere);
  if (ts.isNewExpression(value) && isResolveOnlyPromise(value)) return false;
  if (!ts.isCallExpression(value) && !ts.isNewExpression(value)) return false;
  if (isSafe(value) || isResultConstruction(value)) return false;
  // inside a try, most returned calls compute a value (`return html.slice(…)`); only a call that
  // plainly makes a promise escapes the catch
  return !protectedHere || isPromiseMaking(value);
}

/** Constructors of a result that carries failure as a value: `E.left(…)`, `E.right(…)`, `ok(…)`, `err(…)`, `Result.fail(…)`. */
const RESULT_CONSTRUCTOR = /^(?:left|right|ok|err|some|none|success|failure|succeed|fail)$/u;

function isResultConstruction(value: ts.CallExpression | ts.NewExpression): boolean {
  const name = calleeName(value);
  return ts.isCallExpression(value) && name !== undefined && RESULT_CONSTRUCTOR.test(name);
}

/** `f` of `f(…)` and of `a.b.f(…)`. */
function calleeName(value: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = skipTransparent(value.expression);
  return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}

/** Calls that return a promise by their name: `fetch(…)`, `res.json()`, `Promise.all(…)`, `p.then(…)`, `new Promise(…)`. */
const PROMISE_CALL = /^(?:fetch|json|text|blob|arrayBuffer|formData|then|catch|finally|all|allSettled|race|any)$/u;

function isPromiseMaking(value: ts.CallExpression | ts.NewExpression): boolean {
  const name = calleeName(value);
  if (ts.isNewExpression(value)) return name === 'Promise';
  return name !== undefined && PROMISE_CALL.test(name);
}

/**
 * `new Promise((resolve) => …)`: an executor that takes no `reject` never rejects the promise on
 * purpose (an async one cannot reject it at all: its failures reject its own promise instead,
 * which no-floating-async reports as an async executor).
 */
function isResolveOnlyPromise(creation: ts.NewExpression): boolean {
  const callee = skipTransparent(creation.expression);
  const executor = creation.arguments?.[0] ? skipTransparent(creation.arguments[0]) : undefined;
  if (!ts.isIdentifier(callee) || callee.text !== 'Promise' || !executor) return false;
  if (!ts.isArrowFunction(executor) && !ts.isFunctionExpression(executor)) return false;
  return executor.parameters.length < 2 || (ts.getModifiers(executor)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
}
