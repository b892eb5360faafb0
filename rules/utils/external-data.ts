import { ts } from '../../src/rule/index.js';
import type { BindingTracker } from './binding-tracker.js';
import { calleeName, memberName, skipAwait, skipParentheses } from './same-expression.js';

/** Where a value of unchecked shape comes from, as a message names it. */
export type ExternalSource = 'the result of JSON.parse()' | 'a response body' | "a message event's data";

/**
 * The origin of an expression whose shape nobody checked, when it has one: `JSON.parse(…)`,
 * `res.json()` / `await req.json()` (also through `.then(r => r.json())`), or the `data` of a
 * message event handler's parameter. `await` and parentheses are seen through.
 */
export function externalSourceOf(expression: ts.Expression, bindings: BindingTracker): ExternalSource | undefined {
  const value = skipAwait(expression);
  if (ts.isCallExpression(value)) return externalSourceOfCall(value, bindings);
  if (memberName(value) === 'data') {
    const object = skipParentheses((value as ts.AccessExpression).expression);
    if (ts.isIdentifier(object) && isMessageEventParameter(bindings.resolve(object)?.declaration)) return "a message event's data";
  }
  return undefined;
}

function externalSourceOfCall(call: ts.CallExpression, bindings: BindingTracker): ExternalSource | undefined {
  const callee = skipParentheses(call.expression);
  const name = calleeName(call);
  if (name === 'parse' && ts.isPropertyAccessExpression(callee)) {
    const object = skipParentheses(callee.expression);
    return ts.isIdentifier(object) && object.text === 'JSON' ? 'the result of JSON.parse()' : undefined;
  }
  if (name === 'json' && call.arguments.length === 0 && !ts.isIdentifier(callee)) return 'a response body';
  if (name === 'then' && call.arguments.length >= 1) {
    const handler = skipParentheses(call.arguments[0]);
    if (ts.isArrowFunction(handler) && !ts.isBlock(handler.body)) return externalSourceOf(handler.body, bindings);
  }
  return undefined;
}

/** The first parameter of a `message` event handler: `addEventListener('message', (e) => …)`, `x.onmessage = (e) => …`, `(e: MessageEvent) => …`. */
function isMessageEventParameter(declaration: ts.Node | undefined): boolean {
  if (!declaration || !ts.isParameter(declaration)) return false;
  const fn = declaration.parent;
  if (!ts.isFunctionLike(fn) || fn.parameters[0] !== declaration) return false;
  const { type } = declaration;
  if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'MessageEvent') return true;
  return isMessageHandler(fn);
}

/** A function passed as `on('message', fn)` / `addEventListener('message', fn)` or assigned to `onmessage`. */
function isMessageHandler(fn: ts.Node): boolean {
  let parent = fn.parent;
  while (parent && ts.isParenthesizedExpression(parent)) parent = parent.parent;
  if (parent && ts.isCallExpression(parent)) {
    const first = parent.arguments[0];
    return first !== undefined && ts.isStringLiteralLike(first) && first.text === 'message';
  }
  if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return memberName(parent.left) === 'onmessage';
  }
  return false;
}

const HONEST_KEYWORDS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.AnyKeyword,
  ts.SyntaxKind.UnknownKeyword,
  ts.SyntaxKind.ObjectKeyword,
  ts.SyntaxKind.NeverKeyword,
  ts.SyntaxKind.VoidKeyword,
  ts.SyntaxKind.UndefinedKeyword,
]);

/** Type names that describe any JSON value, and so claim nothing about its shape. */
const JSON_TYPE_NAME = /^(?:json|jsonvalue|jsonobject|jsonarray|jsontype)$/iu;

/**
 * Whether a type annotation or assertion claims a shape: `Order`, `{ id: string }[]` do;
 * `unknown`, `any`, `object`, `unknown[]`, `Record<string, unknown>` and `JsonValue` do not.
 */
export function isClaimingType(type: ts.TypeNode): boolean {
  if (HONEST_KEYWORDS.has(type.kind)) return false;
  if (ts.isParenthesizedTypeNode(type)) return isClaimingType(type.type);
  if (ts.isArrayTypeNode(type)) return isClaimingType(type.elementType);
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const name = type.typeName.text;
    if (name === 'const' || JSON_TYPE_NAME.test(name)) return false;
    const args = type.typeArguments ?? [];
    if (name === 'Record' && args.length === 2) return isClaimingType(args[1]);
    if ((name === 'Array' || name === 'ReadonlyArray') && args.length === 1) return isClaimingType(args[0]);
  }
  return true;
}

/** The type a function's declared return type promises its caller: `T` for `Promise<T>`, else the type itself. */
export function promisedType(type: ts.TypeNode): ts.TypeNode {
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Promise') {
    const [argument] = type.typeArguments ?? [];
    if (argument) return argument;
  }
  return type;
}
