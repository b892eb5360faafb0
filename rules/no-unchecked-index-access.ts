import { ts, defineRule } from '../src/rule/index.js';
import { declaredTypeOf, initializerOf, patternHolder, type Binding, type BindingTracker } from './utils/binding-tracker.js';
import { provesNonEmpty, provesPresent } from './utils/guard-conditions.js';
import { absentValueListeners, type AbsentValueWalk } from './utils/first-in-function.js';
import { isGuarded, type ConditionTest } from './utils/is-guarded.js';
import { calleeName, isSameExpression, memberName, shortText, skipAwait, skipParentheses, valueParent } from './utils/same-expression.js';

export type MessageId = 'uncheckedIndex' | 'uncheckedMatch' | 'uncheckedSearch';
export type Options = [];

/** Where an indexed value comes from, which decides what can be missing. */
type Origin =
  | { kind: 'match'; call?: ts.CallExpression }
  /** The result of `find()`/`findLast()`: undefined when nothing matches. */
  | { kind: 'search' }
  | { kind: 'split'; call?: ts.CallExpression }
  | { kind: 'match-groups' }
  | { kind: 'literal'; length: number }
  /** A value whose length is fixed by a signature the rule cannot see: a tuple from a call, a callback's or rest parameter. */
  | { kind: 'tuple-like' }
  /** A list of arguments (`process.argv`), read at any position. */
  | { kind: 'list' }
  | { kind: 'other' };

/** Calls that return a list whose length depends on the data: these results are worth a length check. */
const LIST_PRODUCERS = new Set([
  'filter',
  'map',
  'flatMap',
  'flat',
  'slice',
  'sort',
  'toSorted',
  'querySelectorAll',
  'getElementsByClassName',
  'getElementsByTagName',
  'getElementsByName',
  'keys',
  'values',
  'entries',
  'from',
  'readdirSync',
  'query',
  'findMany',
  'findAll',
  'all',
  'select',
  'getAll',
  'execute',
]);

/** Names of functions that, by their verb, return a list read from somewhere: `getUsers()`, `fetchOrders()`. */
const LIST_VERB = /^(?:get|fetch|load|list|find|search|query|read|select)[A-Z]/u;

/** Declared types of a regex match, which is null when the pattern does not match. */
const MATCH_TYPES = new Set(['RegExpExecArray', 'RegExpMatchArray']);

/** `xs[2]` has `{ index: 2 }`, `xs[xs.length - 1]` has `{ fromEnd: 1 }`. */
type Position = { index: number } | { fromEnd: number };

export default defineRule<Options, MessageId>({
  name: 'no-unchecked-index-access',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow dereferencing an element at a fixed index, or a regex match, when no guard proves it exists',
      recommended: 'strict',
    },
    category: 'unchecked-assumption',
    effortMinutes: 5,
    severity: 'warn',
    precision: 'low',
    messages: {
      uncheckedIndex:
        '`{{ access }}` assumes {{ collection }} has an element at that position, but nothing checked its length: on an empty or shorter input it is undefined and {{ use }} it throws a TypeError. Check the length (or the element) first.',
      uncheckedMatch:
        '`{{ access }}` indexes a regex match that is null when the pattern does not match, and nothing checked it: the first input that does not match throws a TypeError. Test the match (`if (!match) …`) first.',
      uncheckedSearch:
        '`{{ access }}` indexes the result of a search that is undefined when nothing matches: the first input without a match throws a TypeError. Keep the result in a variable and handle the no-match case first.',
    },
    schema: [],
  },
  defaultOptions: [],
  detect(context) {
    return absentValueListeners(context, ts.SyntaxKind.ElementAccessExpression, (node, walk) => {
      const access = node as ts.ElementAccessExpression;
      const finding = uncheckedAccess(access, context.sourceFile, walk, context);
      if (finding) context.report({ node: access, ...finding });
    });
  },
});

/** The finding of an element access that can read a missing element, or undefined when it is checked or safe. */
function uncheckedAccess(
  access: ts.ElementAccessExpression,
  sourceFile: ts.SourceFile,
  { bindings, firsts }: AbsentValueWalk,
  types: { checker?: ts.TypeChecker; compilerOptions?: ts.CompilerOptions },
): { messageId: MessageId; data: Record<string, string> } | undefined {
  if (access.questionDotToken) return undefined;
  const receiver = skipParentheses(access.expression);
  const position = positionOf(access, receiver);
  if (!position || ts.isNonNullExpression(receiver)) return undefined;
  const origin = originOf(receiver, bindings);
  const data = { access: shortText(access, sourceFile) };
  if (origin.kind === 'search') return { messageId: 'uncheckedSearch', data };
  if (origin.kind === 'match') {
    return isGuarded(access, { condition: matchGuard(receiver, origin.call) }) ? undefined : { messageId: 'uncheckedMatch', data };
  }
  const use = dereferenceOf(access);
  if (use === undefined || isSafeByOrigin(origin, position)) return undefined;
  if (types.checker && isSettledByTypes(types.checker, types.compilerOptions ?? {}, receiver, position)) return undefined;
  if (isGuarded(access, { condition: elementGuard(access, receiver, origin) }) || !firsts.isFirst(access, access)) return undefined;
  const collection = origin.kind === 'split' ? 'the split' : `\`${shortText(receiver, sourceFile, 30)}\``;
  return { messageId: 'uncheckedIndex', data: { ...data, use, collection } };
}

/**
 * With type information, what the types settle: with `noUncheckedIndexedAccess` the compiler
 * itself makes the code check the element (an access it lets through is proven), and a tuple
 * holds every element below its fixed length. A receiver of type `any` settles nothing.
 */
function isSettledByTypes(checker: ts.TypeChecker, options: ts.CompilerOptions, receiver: ts.Expression, position: Position): boolean {
  const type = checker.getNonNullableType(checker.getTypeAtLocation(receiver));
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  if (options.noUncheckedIndexedAccess) return true;
  if (!('index' in position)) return false;
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((part) => checker.isTupleType(part) && position.index < (part as ts.TupleTypeReference).target.minLength);
}

/** The fixed position an access reads, or undefined for a computed one (`xs[i]`). */
function positionOf(access: ts.ElementAccessExpression, receiver: ts.Expression): Position | undefined {
  const argument = skipParentheses(access.argumentExpression);
  if (ts.isNumericLiteral(argument)) {
    const index = Number(argument.text);
    return Number.isInteger(index) ? { index } : undefined;
  }
  if (ts.isBinaryExpression(argument) && argument.operatorToken.kind === ts.SyntaxKind.MinusToken) {
    const offset = skipParentheses(argument.right);
    const length = skipParentheses(argument.left);
    if (!ts.isNumericLiteral(offset) || !ts.isPropertyAccessExpression(length) || length.name.text !== 'length') return undefined;
    return isSameExpression(length.expression, receiver) ? { fromEnd: Number(offset.text) } : undefined;
  }
  return undefined;
}

function originOf(receiver: ts.Expression, bindings: BindingTracker): Origin {
  const value = skipAwait(receiver);
  if (ts.isCallExpression(value)) return originOfCall(value);
  // `table[key][0]`, `matcher[2][path]`: a position inside an indexed structure is a record's field.
  if (ts.isElementAccessExpression(value)) return { kind: 'tuple-like' };
  if (memberName(value) === 'argv') return { kind: 'list' };
  if (ts.isArrayLiteralExpression(value)) return literalOrigin(value);
  const binding = ts.isIdentifier(value) ? bindings.resolve(value) : undefined;
  return binding ? originOfBinding(binding) : { kind: 'other' };
}

const TUPLE_LIKE: Origin = { kind: 'tuple-like' };
const OTHER: Origin = { kind: 'other' };

/** The origin of a named value: its parameter list, its `for…of` source, its type or its initializer. */
function originOfBinding(binding: Binding): Origin {
  const { declaration } = binding;
  const type = declaredTypeOf(binding);
  if (type && isTupleType(type)) return TUPLE_LIKE;
  if (ts.isParameter(declaration)) return isTupleLikeParameter(declaration) ? TUPLE_LIKE : OTHER;
  if (ts.isBindingElement(declaration)) return isInCallbackParameter(declaration) ? TUPLE_LIKE : OTHER;
  const loop = declaration.parent?.parent;
  if (loop && ts.isForOfStatement(loop)) return originOfLoopVariable(loop);
  if (type && isMatchType(type)) return { kind: 'match' };
  const initializer = initializerOf(binding);
  return initializer ? originOfInitializer(skipAwait(initializer)) : OTHER;
}

/** `for (const m of text.matchAll(re))`: every `m` is a match that exists. */
function originOfLoopVariable(loop: ts.ForOfStatement): Origin {
  const source = skipParentheses(loop.expression);
  return ts.isCallExpression(source) && calleeName(source) === 'matchAll' ? { kind: 'match-groups' } : OTHER;
}

function originOfInitializer(initial: ts.Expression): Origin {
  if (ts.isNonNullExpression(initial)) {
    // `const m = text.match(re)!`: the assertion is no-unsafe-non-null-assertion's finding; its groups are fine.
    const asserted = skipAwait(initial.expression);
    return ts.isCallExpression(asserted) && originOfCall(asserted).kind === 'match' ? { kind: 'match-groups' } : OTHER;
  }
  if (ts.isArrayLiteralExpression(initial)) return literalOrigin(initial);
  if (!ts.isCallExpression(initial)) return OTHER;
  // A named match or split is guarded through its name, not through the call that made it.
  const { kind } = originOfCall(initial);
  return kind === 'match' || kind === 'split' ? { kind } : OTHER;
}

/**
 * A rest parameter (`...args`), or a parameter of a callback (`entries.sort((a, b) => a[0] …)`,
 * `matches.map((m) => m[1])`) that is untyped or typed as a tuple or `any`: its positions are fixed by
 * the caller's signature, which the rule cannot see.
 */
function isTupleLikeParameter(parameter: ts.ParameterDeclaration): boolean {
  if (parameter.dotDotDotToken) return true;
  const { type } = parameter;
  if (type && !ts.isTupleTypeNode(type) && type.kind !== ts.SyntaxKind.AnyKeyword) return false;
  const fn = parameter.parent;
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isCallExpression(valueParent(fn).parent ?? fn);
}

/** A name destructured from an untyped callback parameter (`({ buffer }) => buffer[0]`): its shape is the caller's. */
function isInCallbackParameter(element: ts.BindingElement): boolean {
  const holder = patternHolder(element);
  return holder !== undefined && ts.isParameter(holder) && isTupleLikeParameter(holder);
}

/** `[string]`, `[A, B] | undefined`. */
function isTupleType(type: ts.TypeNode): boolean {
  if (ts.isUnionTypeNode(type)) return type.types.some(isTupleType);
  return ts.isTupleTypeNode(type);
}

/** `RegExpExecArray | null`, `RegExpMatchArray`. */
function isMatchType(type: ts.TypeNode): boolean {
  if (ts.isUnionTypeNode(type)) return type.types.some(isMatchType);
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && MATCH_TYPES.has(type.typeName.text);
}

function originOfCall(call: ts.CallExpression): Origin {
  const name = calleeName(call);
  const isMethod = !ts.isIdentifier(skipParentheses(call.expression));
  if (isMethod && (name === 'match' || name === 'exec') && call.arguments.length === 1) return { kind: 'match', call };
  if (isMethod && name === 'split' && call.arguments.length >= 1) return { kind: 'split', call };
  if (isMethod && (name === 'find' || name === 'findLast')) return { kind: 'search' };
  return name !== undefined && (LIST_PRODUCERS.has(name) || LIST_VERB.test(name)) ? { kind: 'other' } : { kind: 'tuple-like' };
}

function literalOrigin(literal: ts.ArrayLiteralExpression): Origin {
  if (literal.elements.some(ts.isSpreadElement)) return { kind: 'other' };
  return { kind: 'literal', length: literal.elements.length };
}

/** A split always has a first and a last element; a literal has its own length. */
function isSafeByOrigin(origin: Origin, position: Position): boolean {
  if (origin.kind === 'match-groups' || origin.kind === 'tuple-like') return true;
  // Code reaches for the first or the last element of a list; a fixed position further in is a tuple's or record's field.
  if (origin.kind === 'other') return 'index' in position && position.index > 0;
  if (origin.kind === 'split') return 'fromEnd' in position ? position.fromEnd === 1 : position.index === 0;
  if (origin.kind === 'literal') return 'index' in position ? position.index < origin.length : position.fromEnd <= origin.length;
  return false;
}

/**
 * How the element is used when that use throws on `undefined`: reading a property, indexing,
 * calling or destructuring it. Undefined for uses that tolerate it (`xs[0]?.x`, `xs[0] ?? d`, an argument).
 */
function dereferenceOf(access: ts.ElementAccessExpression): string | undefined {
  let { parent, child } = valueParent(access);
  while (parent && ts.isNonNullExpression(parent)) ({ parent, child } = valueParent(parent));
  if (!parent) return undefined;
  if (ts.isVariableDeclaration(parent)) return parent.initializer === child && !ts.isIdentifier(parent.name) ? 'destructuring' : undefined;
  if (!ts.isPropertyAccessExpression(parent) && !ts.isElementAccessExpression(parent) && !ts.isCallExpression(parent)) return undefined;
  if (parent.expression !== child || parent.questionDotToken) return undefined;
  if (ts.isPropertyAccessExpression(parent)) return `reading \`.${parent.name.text}\` of`;
  return ts.isElementAccessExpression(parent) ? 'indexing' : 'calling';
}

function elementGuard(access: ts.ElementAccessExpression, receiver: ts.Expression, origin: Origin): ConditionTest {
  const present = provesPresent(access);
  const nonEmpty = provesNonEmpty(receiver);
  const split = origin.kind === 'split' ? origin.call : undefined;
  return (condition, holds) =>
    present(condition, holds) ||
    nonEmpty(condition, holds) ||
    (holds && isMatchAssignedTo(condition, receiver)) ||
    (split !== undefined && provesSeparatorPresent(split)(condition, holds));
}

/** `(match = re.exec(text))` that holds: `match` is a match that exists, and so is `match[0]`. */
function isMatchAssignedTo(condition: ts.Expression, receiver: ts.Expression): boolean {
  if (!ts.isBinaryExpression(condition) || condition.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  const value = skipAwait(condition.right);
  return isSameExpression(condition.left, receiver) && ts.isCallExpression(value) && originOfCall(value).kind === 'match';
}

/** `text.includes(sep)` makes `text.split(sep)[1]` exist. */
function provesSeparatorPresent(split: ts.CallExpression): ConditionTest {
  const callee = skipParentheses(split.expression) as ts.AccessExpression;
  return (condition, holds) => {
    if (!holds || !ts.isCallExpression(condition) || calleeName(condition) !== 'includes') return false;
    const tested = skipParentheses(condition.expression);
    return (
      !ts.isIdentifier(tested) &&
      isSameExpression((tested as ts.AccessExpression).expression, callee.expression) &&
      condition.arguments[0] !== undefined &&
      isSameExpression(condition.arguments[0], split.arguments[0])
    );
  };
}

/** A match is present under `if (match)`, and an inline `text.match(re)` under a `.test(text)` of the same text. */
function matchGuard(receiver: ts.Expression, call: ts.CallExpression | undefined): ConditionTest {
  const present = provesPresent(receiver);
  return (condition, holds) => {
    if (present(condition, holds)) return true;
    if (!call || !holds || !ts.isCallExpression(condition) || calleeName(condition) !== 'test') return false;
    const callee = skipParentheses(call.expression) as ts.AccessExpression;
    const text = calleeName(call) === 'exec' ? call.arguments[0] : callee.expression;
    return condition.arguments[0] !== undefined && isSameExpression(condition.arguments[0], text);
  };
}
