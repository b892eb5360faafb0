import { ts, defineRule } from '../src/rule/index.js';
import { initializerOf, isConstBinding, type BindingTracker } from './utils/binding-tracker.js';
import { absentValueListeners } from './utils/first-in-function.js';
import { provesNonEmpty, provesPresent } from './utils/guard-conditions.js';
import { isGuarded, type ConditionTest, type GuardTests } from './utils/is-guarded.js';
import { calleeName, isSameExpression, memberName, shortText, skipAwait, skipParentheses } from './utils/same-expression.js';

export type MessageId = 'absentByContract';
export type Options = [];

/** What an API promises about absence, and how to check for it. */
interface Contract {
  absent: string;
  check: string;
}

const MISSING_KEY: Contract = { absent: 'is undefined when the key is missing', check: 'test `has(key)` first or handle the missing key' };
const NO_MATCH: Contract = { absent: 'is undefined when nothing matches', check: 'handle the no-match case (`if (!found) throw …`)' };
const OUT_OF_RANGE: Contract = { absent: 'is undefined for an empty array or an index out of range', check: 'check the length first' };
const REGEX_MISS: Contract = { absent: 'is null when the pattern does not match', check: 'test the match (`if (!match) …`) before using it' };
const NO_ELEMENT: Contract = { absent: 'is null when no element matches', check: 'handle the missing element (`if (!el) throw …`)' };
const NOT_STORED: Contract = { absent: 'is null when nothing is stored under the key', check: 'handle the missing entry' };
const UNSET_VARIABLE: Contract = {
  absent: 'is undefined when the variable is not set',
  check: 'read it once at start-up and fail with a clear message when it is missing',
};

/** A call or access whose result an API documents as possibly absent, with the guards that prove it present. */
interface AbsentValue {
  contract: Contract;
  tests: (asserted: ts.Expression) => GuardTests;
}

export default defineRule<Options, MessageId>({
  name: 'no-unsafe-non-null-assertion',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow non-null assertions on values that an API returns as absent by contract, unless a guard proves them present',
      recommended: 'strict',
    },
    category: 'unchecked-assumption',
    effortMinutes: 5,
    severity: 'warn',
    precision: 'low',
    messages: {
      absentByContract:
        '`{{ expression }}` {{ absent }}, but the `!` assumes it never is: the missing case turns into a TypeError far from here. Instead, {{ check }}.',
    },
    schema: [],
  },
  defaultOptions: [],
  detect(context) {
    return absentValueListeners(context, ts.SyntaxKind.NonNullExpression, (node, { bindings, firsts }) => {
      const asserted = skipParentheses((node as ts.NonNullExpression).expression);
      const absent = absentValueOf(asserted, bindings);
      if (!absent || isGuarded(node, absent.tests(asserted))) return;
      if (context.checker && cannotBeAbsent(context.checker, context.compilerOptions ?? {}, asserted)) return;
      // A repeated lookup assumes what the first one did; each `pop()`/`shift()` takes a new element.
      if (!isTaking(asserted) && !firsts.isFirst(node, asserted)) return;
      context.report({
        node,
        messageId: 'absentByContract',
        data: { expression: shortText(asserted, context.sourceFile), ...absent.contract },
      });
    });
  },
});

/**
 * With type information and strict null checks: the asserted value's type has no `null` or
 * `undefined` in it (a `get()` of the project's own that always returns a value, a tuple's
 * `pop()`), so the `!` assumes nothing the types do not already say. `any` settles nothing.
 */
function cannotBeAbsent(checker: ts.TypeChecker, options: ts.CompilerOptions, asserted: ts.Expression): boolean {
  if (!(options.strictNullChecks ?? options.strict ?? false)) return false;
  const type = checker.getTypeAtLocation(asserted);
  const parts = type.isUnion() ? type.types : [type];
  const open = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void | ts.TypeFlags.TypeParameter;
  return parts.every((part) => (part.flags & open) === 0);
}

function isTaking(asserted: ts.Expression): boolean {
  if (!ts.isCallExpression(asserted)) return false;
  const name = calleeName(asserted);
  return name === 'pop' || name === 'shift';
}

/** Classifies the asserted expression, following a `const` to its initializer. */
function absentValueOf(asserted: ts.Expression, bindings: BindingTracker): AbsentValue | undefined {
  if (ts.isIdentifier(asserted)) {
    const binding = bindings.resolve(asserted);
    if (!binding || !isConstBinding(binding)) return undefined;
    const initializer = initializerOf(binding);
    const origin = initializer && absentValueOf(skipAwait(initializer), bindings);
    return origin && { contract: origin.contract, tests: presenceOnly };
  }
  if (isEnvironmentVariable(asserted)) return { contract: UNSET_VARIABLE, tests: presenceOnly };
  if (!ts.isCallExpression(asserted)) return undefined;
  const callee = skipParentheses(asserted.expression);
  if (!ts.isPropertyAccessExpression(callee) || isLifecycleLookup(callee, bindings) || isEndOfSplit(asserted, callee)) return undefined;
  return absentResultOfCall(asserted, callee.expression, callee.name.text);
}

/** `text.split(sep).pop()!`, `.shift()!`, `.at(0)!`, `.at(-1)!`: a split always has a first and a last element. */
function isEndOfSplit(call: ts.CallExpression, callee: ts.PropertyAccessExpression): boolean {
  const receiver = skipParentheses(callee.expression);
  if (!ts.isCallExpression(receiver) || calleeName(receiver) !== 'split') return false;
  const method = callee.name.text;
  if (method === 'pop' || method === 'shift') return true;
  if (method !== 'at' || call.arguments.length !== 1) return false;
  const index = skipParentheses(call.arguments[0]);
  const text = index.getText();
  return text === '0' || text === '-1';
}

const ELEMENT_LOOKUPS = new Set(['querySelector', 'getElementById', 'closest']);

/**
 * Lookups whose presence is a matter of the program's own lifecycle rather than of data: an
 * element of a component's own DOM (`this.root.querySelector(…)`, built from its template), an
 * entry of a `WeakMap` declared in the file, and an entry keyed by a lifecycle object
 * (`cache.get(config)!`, `hotMap.get(environment)!`): data attached to an object earlier in its life.
 */
function isLifecycleLookup(callee: ts.PropertyAccessExpression, bindings: BindingTracker): boolean {
  const method = callee.name.text;
  if (ELEMENT_LOOKUPS.has(method)) return isRootedAtThis(callee.expression);
  if (method !== 'get') return false;
  const call = callee.parent as ts.CallExpression;
  if (call.arguments.length === 1 && isLifecycleObject(call.arguments[0])) return true;
  const receiver = skipParentheses(callee.expression);
  if (!ts.isIdentifier(receiver)) return false;
  const initializer = initializerOf(bindings.resolve(receiver));
  if (!initializer) return false;
  const created = skipParentheses(initializer);
  return ts.isNewExpression(created) && ts.isIdentifier(created.expression) && created.expression.text === 'WeakMap';
}

/** Last words of names that denote the objects a program attaches data to: its configuration, environments, servers, AST nodes. */
const LIFECYCLE_OBJECTS = new Set(['config', 'environment', 'server', 'compiler', 'compilation', 'node', 'element', 'context', 'instance', 'component']);

/** `config`, `this.environment`, `clientEnvironment`, `config.mainConfig || config`, `env.getTopLevelConfig()`. */
function isLifecycleObject(key: ts.Expression): boolean {
  let value = skipParentheses(key);
  while (ts.isBinaryExpression(value) && (value.operatorToken.kind === ts.SyntaxKind.BarBarToken || value.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    value = skipParentheses(value.right);
  }
  if (ts.isCallExpression(value) && value.arguments.length === 0) value = skipParentheses(value.expression);
  const name = ts.isIdentifier(value) ? value.text : ts.isPropertyAccessExpression(value) ? value.name.text : undefined;
  if (name === undefined) return false;
  const words = name.split(/(?<=[a-z0-9])(?=[A-Z])/u);
  return LIFECYCLE_OBJECTS.has((words.at(-1) ?? '').toLowerCase());
}

function isRootedAtThis(node: ts.Expression): boolean {
  let current = skipParentheses(node);
  while (ts.isPropertyAccessExpression(current) || ts.isNonNullExpression(current)) current = skipParentheses(current.expression);
  return current.kind === ts.SyntaxKind.ThisKeyword;
}

/** The calls whose result is absent by contract, by method name: how many arguments, what is promised, what proves it present. */
const CALL_CONTRACTS = new Map<string, { arity: number; contract: Contract; tests: (asserted: ts.Expression, receiver: ts.Expression, first: ts.Expression) => GuardTests }>([
  ['get', { arity: 1, contract: MISSING_KEY, tests: (asserted, receiver, key) => mapGuards(asserted, receiver, key) }],
  ['find', { arity: 1, contract: NO_MATCH, tests: (asserted, receiver) => guards(provesPresent(asserted), provesSomeOf(receiver)) }],
  ['findLast', { arity: 1, contract: NO_MATCH, tests: (asserted, receiver) => guards(provesPresent(asserted), provesSomeOf(receiver)) }],
  ['at', { arity: 1, contract: OUT_OF_RANGE, tests: (asserted, receiver) => guards(provesPresent(asserted), provesNonEmpty(receiver)) }],
  ['pop', { arity: 0, contract: OUT_OF_RANGE, tests: (_asserted, receiver) => guards(provesNonEmpty(receiver)) }],
  ['shift', { arity: 0, contract: OUT_OF_RANGE, tests: (_asserted, receiver) => guards(provesNonEmpty(receiver)) }],
  ['match', { arity: 1, contract: REGEX_MISS, tests: (asserted, text, regex) => guards(provesPresent(asserted), provesRegexTest(regex, text)) }],
  ['exec', { arity: 1, contract: REGEX_MISS, tests: (asserted, regex, text) => guards(provesPresent(asserted), provesRegexTest(regex, text)) }],
  ['querySelector', { arity: 1, contract: NO_ELEMENT, tests: presenceOnly }],
  ['getElementById', { arity: 1, contract: NO_ELEMENT, tests: presenceOnly }],
  ['closest', { arity: 1, contract: NO_ELEMENT, tests: presenceOnly }],
  ['getItem', { arity: 1, contract: NOT_STORED, tests: presenceOnly }],
]);

function absentResultOfCall(call: ts.CallExpression, receiver: ts.Expression, method: string): AbsentValue | undefined {
  const entry = CALL_CONTRACTS.get(method);
  if (!entry || call.arguments.length !== entry.arity) return undefined;
  const first = call.arguments[0] ?? call;
  return { contract: entry.contract, tests: (asserted) => entry.tests(asserted, receiver, first) };
}

function presenceOnly(asserted: ts.Expression): GuardTests {
  return guards(provesPresent(asserted));
}

function guards(...conditions: ConditionTest[]): GuardTests {
  return { condition: (condition, holds) => conditions.some((test) => test(condition, holds)) };
}

/** `map.get(k)!` is safe under `map.has(k)` and after `map.set(k, …)` (also inside `if (!map.has(k)) …`). */
function mapGuards(asserted: ts.Expression, map: ts.Expression, key: ts.Expression): GuardTests {
  const hasKey: ConditionTest = (condition, holds) => holds && isMethodCall(condition, map, 'has', key);
  return {
    condition: (condition, holds) => hasKey(condition, holds) || provesPresent(asserted)(condition, holds),
    statement: (statement) => setsKey(statement, map, key),
  };
}

function setsKey(statement: ts.Statement, map: ts.Expression, key: ts.Expression): boolean {
  if (ts.isExpressionStatement(statement)) return isMethodCall(statement.expression, map, 'set', key);
  if (ts.isIfStatement(statement) && !statement.elseStatement) {
    const then = statement.thenStatement;
    return ts.isBlock(then) ? then.statements.some((s) => setsKey(s, map, key)) : setsKey(then, map, key);
  }
  return false;
}

/** `receiver.method(key, …)` with the same receiver and first argument. */
function isMethodCall(node: ts.Expression, receiver: ts.Expression, method: string, key: ts.Expression): boolean {
  const call = skipParentheses(node);
  if (!ts.isCallExpression(call) || calleeName(call) !== method || call.arguments.length === 0) return false;
  const callee = skipParentheses(call.expression);
  return (
    !ts.isIdentifier(callee) &&
    isSameExpression((callee as ts.AccessExpression).expression, receiver) &&
    isSameExpression(call.arguments[0], key)
  );
}

/** `receiver.some(…)` that holds: a search of the same array then finds something. */
function provesSomeOf(receiver: ts.Expression): ConditionTest {
  return (condition, holds) => {
    if (!holds || !ts.isCallExpression(condition) || calleeName(condition) !== 'some') return false;
    const callee = skipParentheses(condition.expression);
    return !ts.isIdentifier(callee) && isSameExpression((callee as ts.AccessExpression).expression, receiver);
  };
}

/** `regex.test(text)` that holds: `text.match(regex)` and `regex.exec(text)` then find a match. */
function provesRegexTest(regex: ts.Expression, text: ts.Expression): ConditionTest {
  return (condition, holds) => holds && ts.isCallExpression(condition) && isMethodCall(condition, regex, 'test', text);
}

/** `process.env.NAME`, `process.env['NAME']`, `import.meta.env.NAME`. */
function isEnvironmentVariable(node: ts.Expression): boolean {
  if (memberName(node) === undefined) return false;
  const object = skipParentheses((node as ts.AccessExpression).expression);
  if (memberName(object) !== 'env') return false;
  const owner = skipParentheses((object as ts.AccessExpression).expression);
  return (ts.isIdentifier(owner) && owner.text === 'process') || ts.isMetaProperty(owner);
}
