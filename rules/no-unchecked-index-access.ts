import ts from 'typescript';
import { defineRule } from '../src/rule/types.js';
import { createBindingTracker, initializerOf, type Binding, type BindingTracker } from './utils/binding-tracker.js';
import { provesNonEmpty, provesPresent } from './utils/guard-conditions.js';
import { isGuarded, type ConditionTest } from './utils/is-guarded.js';
import { isTestFile } from './utils/is-test-file.js';
import { calleeName, isSameExpression, shortText, skipAwait, skipParentheses, valueParent } from './utils/same-expression.js';

export type MessageId = 'uncheckedIndex' | 'uncheckedMatch';
export type Options = [{ allowInTests: boolean }];

/** Where an indexed value comes from, which decides what can be missing. */
type Origin =
  | { kind: 'match'; call?: ts.CallExpression }
  | { kind: 'split'; call?: ts.CallExpression }
  | { kind: 'match-groups' }
  | { kind: 'literal'; length: number }
  | { kind: 'other' };

/** `xs[2]` has `{ index: 2 }`, `xs[xs.length - 1]` has `{ fromEnd: 1 }`. */
type Position = { index: number } | { fromEnd: number };

export default defineRule<Options, MessageId>({
  name: 'no-unchecked-index-access',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow dereferencing an element at a fixed index, or a regex match, when no guard proves it exists',
      recommended: 'recommended',
    },
    category: 'unchecked-assumption',
    effortMinutes: 5,
    severity: 'warn',
    precision: 'medium',
    messages: {
      uncheckedIndex:
        '`{{ access }}` assumes {{ collection }} has an element at that position, but nothing checked its length: on an empty or shorter input it is undefined and {{ use }} it throws a TypeError. Check the length (or the element) first.',
      uncheckedMatch:
        '`{{ access }}` indexes a regex match that is null when the pattern does not match, and nothing checked it: the first input that does not match throws a TypeError. Test the match (`if (!match) …`) first.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          allowInTests: {
            type: 'boolean',
            description: 'Skip test files (`*.test.*`, `*.spec.*`, `__tests__/`), where a missing element fails the test anyway.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ allowInTests: true }],
  detect(context, [{ allowInTests }]) {
    if (allowInTests && isTestFile(context.fileName)) return {};
    const bindings = createBindingTracker();
    const record = (node: ts.Node): void => bindings.record(node);
    return {
      enter: {
        [ts.SyntaxKind.VariableDeclaration]: record,
        [ts.SyntaxKind.Parameter]: record,
        [ts.SyntaxKind.ElementAccessExpression]: (node) => {
          const access = node as ts.ElementAccessExpression;
          if (access.questionDotToken) return;
          const receiver = skipParentheses(access.expression);
          const position = positionOf(access, receiver);
          if (!position || ts.isNonNullExpression(receiver)) return;
          const origin = originOf(receiver, bindings);
          const data = { access: shortText(access, context.sourceFile) };
          if (origin.kind === 'match') {
            if (!isGuarded(access, { condition: matchGuard(receiver, origin.call) })) context.report({ node: access, messageId: 'uncheckedMatch', data });
            return;
          }
          const use = dereferenceOf(access);
          if (use === undefined || isSafeByOrigin(origin, position)) return;
          if (isGuarded(access, { condition: elementGuard(access, receiver, origin) })) return;
          context.report({
            node: access,
            messageId: 'uncheckedIndex',
            data: { ...data, use, collection: origin.kind === 'split' ? 'the split' : `\`${shortText(receiver, context.sourceFile, 30)}\`` },
          });
        },
      },
    };
  },
});

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
  if (ts.isArrayLiteralExpression(value)) return literalOrigin(value);
  const binding = ts.isIdentifier(value) ? bindings.resolve(value) : undefined;
  return binding ? originOfBinding(binding) : { kind: 'other' };
}

/** The origin of a named value: its `for…of` source or its initializer. */
function originOfBinding(binding: Binding): Origin {
  const loop = binding.declaration.parent?.parent;
  if (loop && ts.isForOfStatement(loop)) {
    const source = skipParentheses(loop.expression);
    return ts.isCallExpression(source) && calleeName(source) === 'matchAll' ? { kind: 'match-groups' } : { kind: 'other' };
  }
  const initializer = initializerOf(binding);
  if (!initializer) return { kind: 'other' };
  const initial = skipAwait(initializer);
  if (ts.isNonNullExpression(initial)) {
    // `const m = text.match(re)!`: the assertion is no-unsafe-non-null-assertion's finding; its groups are fine.
    const asserted = skipAwait(initial.expression);
    return ts.isCallExpression(asserted) && originOfCall(asserted).kind === 'match' ? { kind: 'match-groups' } : { kind: 'other' };
  }
  if (ts.isArrayLiteralExpression(initial)) return literalOrigin(initial);
  if (!ts.isCallExpression(initial)) return { kind: 'other' };
  // A named match or split is guarded through its name, not through the call that made it.
  const { kind } = originOfCall(initial);
  return kind === 'match' || kind === 'split' ? { kind } : { kind: 'other' };
}

function originOfCall(call: ts.CallExpression): Origin {
  const name = calleeName(call);
  const isMethod = !ts.isIdentifier(skipParentheses(call.expression));
  if (isMethod && (name === 'match' || name === 'exec') && call.arguments.length === 1) return { kind: 'match', call };
  if (isMethod && name === 'split' && call.arguments.length >= 1) return { kind: 'split', call };
  return { kind: 'other' };
}

function literalOrigin(literal: ts.ArrayLiteralExpression): Origin {
  if (literal.elements.some(ts.isSpreadElement)) return { kind: 'other' };
  return { kind: 'literal', length: literal.elements.length };
}

/** A split always has a first and a last element; a literal has its own length. */
function isSafeByOrigin(origin: Origin, position: Position): boolean {
  if (origin.kind === 'match-groups') return true;
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
    present(condition, holds) || nonEmpty(condition, holds) || (split !== undefined && provesSeparatorPresent(split)(condition, holds));
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

/** A match is present under `if (match)`, and an inline `text.match(re)` under `re.test(text)`. */
function matchGuard(receiver: ts.Expression, call: ts.CallExpression | undefined): ConditionTest {
  const present = provesPresent(receiver);
  return (condition, holds) => {
    if (present(condition, holds)) return true;
    if (!call || !holds || !ts.isCallExpression(condition) || calleeName(condition) !== 'test') return false;
    const callee = skipParentheses(call.expression) as ts.AccessExpression;
    const [regex, text] = calleeName(call) === 'exec' ? [callee.expression, call.arguments[0]] : [call.arguments[0], callee.expression];
    const tested = skipParentheses(condition.expression) as ts.AccessExpression;
    return (
      !ts.isIdentifier(tested) &&
      isSameExpression(tested.expression, regex) &&
      condition.arguments[0] !== undefined &&
      isSameExpression(condition.arguments[0], text)
    );
  };
}
