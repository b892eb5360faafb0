import { ts } from '../../src/rule/index.js';
import { enclosingFunction, isAsyncFunction, memberName, outerParent } from './error-handling.js';
import { skipTransparent } from './same-expression.js';

/** Where a floating promise sits, for no-floating-async's message: the code's environment and what the function around it can do. */

/** Where the code runs, as far as the file tells: it decides what an unhandled rejection does. */
export type Environment = 'browser' | 'node' | 'unknown';

/**
 * What the function around a floating call can do with its promise: await it (`async`), return
 * it (`sync`), or neither, because nobody awaits the function itself (`detached`: an event
 * handler, an effect, a timer callback).
 */
export type Place = 'async' | 'sync' | 'detached';

/** Calls whose function argument runs later, with nobody awaiting what it returns. */
const DETACHING_CALLS = new Set([
  'useEffect', 'useLayoutEffect', 'useInsertionEffect', 'watch', 'watchEffect', 'onMounted', 'onBeforeMount', 'onUpdated',
  'onUnmounted', 'onBeforeUnmount', 'onActivated', 'setTimeout', 'setInterval', 'setImmediate', 'requestAnimationFrame',
  'requestIdleCallback', 'queueMicrotask', 'nextTick', 'addEventListener', 'on', 'once', 'subscribe',
]);
/** Hooks that return their function argument (memoised) for use as a handler elsewhere. */
const MEMO_HOOKS = new Set(['useCallback', 'useMemo', 'useEvent', 'useEffectEvent']);
/**
 * Event handlers by naming convention: `onSubmit`, `handleClick`, `element.onload`. Methods and
 * object members named `on…` are often lifecycle hooks that a framework awaits (`onModuleInit`),
 * so only `handle…` marks those.
 */
const HANDLER_NAME = /^(?:on|handle)[A-Z_]/u;
const EVENT_HANDLER_NAME = /^handle[A-Z_]/u;
const DOM_HANDLER_PROPERTY = /^on[a-z]{4,}$/u;
/** Modules of UI frameworks: code that imports them runs in a browser (or renders for one). */
const UI_MODULE = /^(?:react|react-dom|vue|svelte|preact|solid-js|lit|@angular\/core)(?:\/|$)/u;
/** Node's own modules: code that imports them runs in Node. */
const NODE_MODULE =
  /^(?:node:.+|fs|fs\/promises|child_process|os|net|http|https|http2|cluster|worker_threads|readline|zlib|dgram|dns|tls|v8|vm|process|module|crypto|stream|path)$/u;

/**
 * Where the file runs: `"use client"`, a UI framework's import or JSX make it browser code,
 * `"use server"` or an import of Node's own modules make it Node code; the directives decide first.
 */
export function fileEnvironment(sourceFile: ts.SourceFile, imports: ReadonlyMap<string, { specifier: string }>, hasJsx: boolean): Environment {
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    if (statement.expression.text === 'use client') return 'browser';
    if (statement.expression.text === 'use server') return 'node';
  }
  const specifiers = [...imports.values()].map((binding) => binding.specifier);
  if (specifiers.some((specifier) => NODE_MODULE.test(specifier))) return 'node';
  if (hasJsx || specifiers.some((specifier) => UI_MODULE.test(specifier))) return 'browser';
  return 'unknown';
}

/** A statement inside a JSX attribute's handler or a UI effect: browser code whatever the file says. */
export function isInUiCallback(node: ts.Node): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const { parent } = outerParent(fn);
    if (ts.isJsxExpression(parent)) return true;
    if (ts.isCallExpression(parent) && /^(?:use[A-Z]\w*Effect|watch\w*|on(?:Before)?(?:Mount|Unmount)\w*)$/u.test(calleeName(parent) ?? '')) return true;
  }
  return false;
}

/**
 * What the function around a statement can do with a promise. It is `detached` when nobody awaits
 * it: a JSX event handler, an effect or watcher, a timer or listener, or a function named as an
 * event handler. There `await` changes nothing; the fix is `.catch(...)` or handling inside the
 * callee.
 */
export function placeOf(node: ts.Node): Place {
  const fn = enclosingFunction(node);
  if (fn === undefined) return 'async'; // a module's top level, where ES modules may await
  if (isDetachedCallback(fn)) return 'detached';
  return isAsyncFunction(fn) ? 'async' : 'sync';
}

function isDetachedCallback(fn: ts.Node): boolean {
  if (ts.isFunctionDeclaration(fn) && fn.name) return HANDLER_NAME.test(fn.name.text);
  if (ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name)) return EVENT_HANDLER_NAME.test(fn.name.text);
  const { child, parent } = outerParent(fn);
  if (ts.isJsxExpression(parent)) return true;
  if (ts.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression)) return isDetachingArgument(parent);
  return isHandlerTarget(parent, child);
}

/** A function passed to a timer, listener or effect, or to a memo hook whose result is such a handler. */
function isDetachingArgument(call: ts.CallExpression): boolean {
  const name = calleeName(call);
  if (name === undefined) return false;
  if (DETACHING_CALLS.has(name)) return true;
  return MEMO_HOOKS.has(name) && isDetachedCallback(call);
}

/** A function stored under an event handler's name: `const handleClick = …`, `el.onload = …`, `{ handleSubmit: … }`. */
function isHandlerTarget(parent: ts.Node, child: ts.Node): boolean {
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) return HANDLER_NAME.test(parent.name.text);
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return EVENT_HANDLER_NAME.test(parent.name.text);
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === child) {
    const target = memberName(parent.left);
    return target !== undefined && (HANDLER_NAME.test(target) || DOM_HANDLER_PROPERTY.test(target));
  }
  return false;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = skipTransparent(call.expression);
  return ts.isIdentifier(callee) ? callee.text : memberName(callee);
}
