import { ts, FUNCTION_KINDS } from '../../src/rule/index.js';
import { memberName, skipTransparent } from './same-expression.js';

/** Helpers shared by the error-handling rules: small, per-node checks on the TypeScript AST. */

export type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.ConstructorDeclaration;

export { FUNCTION_KINDS };

export function isFunctionNode(node: ts.Node): node is FunctionNode {
  return FUNCTION_KINDS.includes(node.kind);
}

/** Whether a node or one of its descendants (outside nested functions) passes the test. */
export function containsNode(node: ts.Node, test: (node: ts.Node) => boolean): boolean {
  if (test(node)) return true;
  if (isFunctionNode(node)) return false;
  return ts.forEachChild(node, (child) => (containsNode(child, test) ? true : undefined)) ?? false;
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) ? (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false) : false;
}

export function isAsyncFunction(node: ts.Node): boolean {
  return isFunctionNode(node) && hasModifier(node, ts.SyntaxKind.AsyncKeyword);
}

/** The parent of an expression once parentheses and type-only wrappers are left behind. */
export function outerParent(node: ts.Node): { child: ts.Node; parent: ts.Node } {
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isTypeAssertionExpression(parent))
  ) {
    child = parent;
    parent = parent.parent;
  }
  return { child, parent };
}

/** The name a property access or element access reads, when it is a plain name (one definition, in same-expression.ts). */
export { memberName };

/**
 * The last name of an expression such as `console`, `this.logger` or `ctx.log`; for a logger
 * made by a call, the name of the function that makes it (`getLogger('x')`, `logger.child({ … })`
 * gives `logger`).
 */
function terminalName(expression: ts.Expression): string | undefined {
  const inner = skipTransparent(expression);
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isCallExpression(inner)) {
    const callee = skipTransparent(inner.expression);
    const made = ts.isIdentifier(callee) ? callee.text : memberName(callee);
    if (made === 'child' && (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee))) return terminalName(callee.expression);
    return made !== undefined && /^(?:get|create|make)\w*Logger$/u.test(made) ? 'logger' : undefined;
  }
  return memberName(inner);
}

const LOG_METHODS = new Set([
  'log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'fatal', 'verbose', 'exception', 'critical', 'notice',
]);
const LOGGER_OBJECT = /^(?:console|_?log|_?logger|logging|winston|pino|signale|consola)$|logger$/iu;
/** Logging functions called by name, with the level they log at. */
const LOG_FUNCTIONS: Readonly<Record<string, string>> = {
  log: 'log',
  debug: 'debug',
  warn: 'warn',
  trace: 'trace',
  logError: 'error',
  logException: 'exception',
  logWarn: 'warn',
  logWarning: 'warn',
  logDebug: 'debug',
  logInfo: 'info',
};

/**
 * The level of a reference to a logging function: `error` for `console.error`, `logger.error` or
 * `logError`, `log` for `console.log` or `log`; undefined when it is not one.
 */
export function loggingLevel(expression: ts.Expression): string | undefined {
  const inner = skipTransparent(expression);
  if (ts.isIdentifier(inner)) return Object.hasOwn(LOG_FUNCTIONS, inner.text) ? LOG_FUNCTIONS[inner.text] : undefined;
  if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) {
    const method = memberName(inner);
    const owner = terminalName(inner.expression);
    if (method !== undefined && LOG_METHODS.has(method) && owner !== undefined && LOGGER_OBJECT.test(owner)) return method;
  }
  return undefined;
}

/** The level of a call of a logging function, possibly behind `await`. */
export function loggingCallLevel(expression: ts.Expression): string | undefined {
  let inner = skipTransparent(expression);
  if (ts.isAwaitExpression(inner)) inner = skipTransparent(inner.expression);
  return ts.isCallExpression(inner) ? loggingLevel(inner.expression) : undefined;
}

/** The level of a statement that only logs (`console.error(e);`). */
export function loggingStatementLevel(statement: ts.Statement): string | undefined {
  return ts.isExpressionStatement(statement) ? loggingCallLevel(statement.expression) : undefined;
}

/** The texts of the comments inside `[start, end)`, found by the scanner (strings are not comments). */
export function commentsBetween(sourceFile: ts.SourceFile, start: number, end: number): string[] {
  if (end <= start) return [];
  const text = sourceFile.text;
  const comments: string[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text, undefined, start, end - start);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.SingleLineCommentTrivia || token === ts.SyntaxKind.MultiLineCommentTrivia) {
      comments.push(scanner.getTokenText());
    }
  }
  return comments;
}

/** The comments directly before a node (its leading trivia) and right after it on the same line. */
export function commentsAround(sourceFile: ts.SourceFile, node: ts.Node): string[] {
  const text = sourceFile.text;
  const ranges = [...(ts.getLeadingCommentRanges(text, node.pos) ?? []), ...(ts.getTrailingCommentRanges(text, node.end) ?? [])];
  return ranges.map((r) => text.slice(r.pos, r.end));
}

/** The statement that holds a node, or the node itself when it is one. */
export function enclosingStatement(node: ts.Node): ts.Node {
  let current: ts.Node = node;
  while (current.parent && !ts.isBlock(current.parent) && !ts.isSourceFile(current.parent) && !ts.isCaseClause(current.parent) && !ts.isDefaultClause(current.parent)) {
    if (isFunctionNode(current.parent)) return current;
    current = current.parent;
  }
  return current;
}

/** Compiles a user's pattern option, naming the option when it is not a valid regular expression. */
export function compilePattern(pattern: string, option: string): RegExp {
  try {
    return new RegExp(pattern, 'iu');
  } catch (error) {
    throw new Error(`option ${option} is not a valid regular expression: ${pattern}`, { cause: error });
  }
}

/** True for a name that refers to the built-in `Error` constructors. */
export const BUILT_IN_ERRORS = new Set([
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError',
]);

/** The constructor name of `new X(...)`/`X(...)` when it looks like an error class (`Error`, `…Error`, `…Exception`). */
export function errorConstructorName(expression: ts.Expression): string | undefined {
  const inner = skipTransparent(expression);
  if (!ts.isNewExpression(inner) && !ts.isCallExpression(inner)) return undefined;
  const callee = skipTransparent(inner.expression);
  const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
  if (name === undefined) return undefined;
  if (BUILT_IN_ERRORS.has(name)) return name;
  if (ts.isNewExpression(inner) && /^[A-Z]\w*(?:Error|Exception)$/u.test(name)) return name;
  return undefined;
}

/** True when an identifier named `name` occurs in the subtree. */
export function mentionsName(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  return ts.forEachChild(node, (child) => (mentionsName(child, name) ? true : undefined)) ?? false;
}

/** True when `node` lies inside `ancestor` (or is it). */
export function isInside(node: ts.Node, ancestor: ts.Node): boolean {
  return node.pos >= ancestor.pos && node.end <= ancestor.end;
}

/** The function that contains a node, if any. */
export function enclosingFunction(node: ts.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return undefined;
}

/** The function passed to `new Promise(…)` and the name of its reject parameter. */
export interface PromiseExecutor {
  fn: ts.ArrowFunction | ts.FunctionExpression;
  reject: string;
}

/** `new Promise((resolve, reject) => …)`: the executor and the name of its reject parameter. */
export function promiseExecutor(node: ts.NewExpression): PromiseExecutor | undefined {
  const callee = skipTransparent(node.expression);
  if (!ts.isIdentifier(callee) || callee.text !== 'Promise') return undefined;
  const fn = node.arguments?.[0];
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const reject = fn.parameters[1]?.name;
  return reject && ts.isIdentifier(reject) ? { fn, reject: reject.text } : undefined;
}

/**
 * True when a function between `node` and its ancestor `outer` declares a parameter `name`
 * (`(reject) => …`, `({ error }) => …`): there the name no longer means the outer one.
 */
export function isShadowedBetween(node: ts.Node, outer: ts.Node, name: string): boolean {
  for (let current = node.parent; current && current !== outer; current = current.parent) {
    if (isFunctionNode(current) && current.parameters.some((p) => bindsName(p.name, name))) return true;
  }
  return false;
}

/** True when a parameter's name or destructuring pattern declares `name`. */
function bindsName(binding: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return binding.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, name));
}
