import { ts } from '../../src/rule/index.js';
import type { ConditionTest } from './is-guarded.js';
import { calleeName, isChainOn, isNullish, isSameExpression, memberName, skipParentheses } from './same-expression.js';

const EQUALITY = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
]);

const RELATIONAL = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
]);

const NEGATED = new Map<ts.SyntaxKind, ts.SyntaxKind>([
  [ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken],
  [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken],
  [ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.EqualsEqualsToken],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken],
  [ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanEqualsToken],
  [ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken],
  [ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.LessThanEqualsToken],
  [ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.LessThanToken],
]);

/** `a < b` read from the other side is `b > a`. */
const MIRRORED = new Map<ts.SyntaxKind, ts.SyntaxKind>([
  [ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken],
  [ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanEqualsToken],
  [ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.LessThanToken],
  [ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.LessThanEqualsToken],
]);

const NON_EMPTY_CALLS = new Set(['isNonEmpty', 'isNotEmpty', 'isNonEmptyArray', 'nonEmpty']);
const EMPTY_CALLS = new Set(['isEmpty', 'isEmptyArray']);
const NON_EMPTY_METHODS = new Set(['some', 'includes', 'has']);

/**
 * A condition that, where it is known, proves `target` is neither `null` nor `undefined`:
 * `target`, `target != null`, `target !== undefined`, `typeof target !== 'undefined'`,
 * `target instanceof C`, `target.x` (truthy, or compared to a value), and their negations
 * when the condition fails (`if (!target) return;`).
 */
export function provesPresent(target: ts.Expression): ConditionTest {
  return (condition, holds) => {
    if (holds && isChainOn(condition, target)) return true;
    if (!ts.isBinaryExpression(condition)) return false;
    const operator = condition.operatorToken.kind;
    if (operator === ts.SyntaxKind.InstanceOfKeyword) return holds && isSameExpression(condition.left, target);
    if (!EQUALITY.has(operator) && !RELATIONAL.has(operator)) return false;
    const effective = holds ? operator : NEGATED.get(operator);
    return (
      isPresentByComparison(condition.left, condition.right, target, effective, holds) ||
      isPresentByComparison(condition.right, condition.left, target, effective, holds)
    );
  };
}

/** One side of a comparison that is known to hold (`holds`) with the operator `effective`. */
function isPresentByComparison(
  side: ts.Expression,
  other: ts.Expression,
  target: ts.Expression,
  effective: ts.SyntaxKind | undefined,
  holds: boolean,
): boolean {
  if (isTypeofOf(side, target)) return isUndefinedString(other) ? isInequality(effective) : holds && isEquality(effective);
  if (!isChainOn(side, target)) return false;
  if (isNullish(other)) return isInequality(effective);
  // `target.length > 0`, `target.kind === 'a'`: only a present value has the property.
  if (holds && !isSameExpression(side, target)) return true;
  // `target === 'a'`: equal to a value that is not nullish.
  return holds && isEquality(effective);
}

/**
 * A condition that, where it is known, proves `receiver` has at least one element:
 * `receiver.length`, `receiver.length > 0`, `receiver.length >= 1`, `receiver.length === n`
 * (n >= 1), `receiver.some(…)`, `receiver.includes(…)`, `isNonEmpty(receiver)`, and what fails
 * in `if (receiver.length === 0) return;`, `if (!receiver.length) throw …`, `if (isEmpty(receiver)) …`.
 */
export function provesNonEmpty(receiver: ts.Expression): ConditionTest {
  return (condition, holds) => {
    if (holds && isLengthOf(condition, receiver)) return true;
    if (ts.isCallExpression(condition)) return provesNonEmptyByCall(condition, receiver, holds);
    if (!ts.isBinaryExpression(condition)) return false;
    const comparison = lengthComparison(condition, receiver);
    if (!comparison) return false;
    const operator = holds ? comparison.operator : NEGATED.get(comparison.operator);
    return operator !== undefined && impliesAtLeastOne(operator, comparison.value);
  };
}

function provesNonEmptyByCall(call: ts.CallExpression, receiver: ts.Expression, holds: boolean): boolean {
  const name = calleeName(call);
  if (name === undefined) return false;
  const callee = skipParentheses(call.expression);
  if (holds && NON_EMPTY_METHODS.has(name) && !ts.isIdentifier(callee)) {
    return isSameExpression((callee as ts.AccessExpression).expression, receiver);
  }
  const first = call.arguments[0];
  if (first === undefined || !isSameExpression(first, receiver)) return false;
  return holds ? NON_EMPTY_CALLS.has(name) : EMPTY_CALLS.has(name);
}

/** `receiver.length OP value`, turned so that the length stands on the left. */
function lengthComparison(
  condition: ts.BinaryExpression,
  receiver: ts.Expression,
): { operator: ts.SyntaxKind; value: number } | undefined {
  const operator = condition.operatorToken.kind;
  if (!EQUALITY.has(operator) && !RELATIONAL.has(operator)) return undefined;
  const right = skipParentheses(condition.right);
  if (isLengthOf(condition.left, receiver) && ts.isNumericLiteral(right)) return { operator, value: Number(right.text) };
  const left = skipParentheses(condition.left);
  if (isLengthOf(condition.right, receiver) && ts.isNumericLiteral(left)) {
    return { operator: MIRRORED.get(operator) ?? operator, value: Number(left.text) };
  }
  return undefined;
}

function impliesAtLeastOne(operator: ts.SyntaxKind, value: number): boolean {
  switch (operator) {
    case ts.SyntaxKind.GreaterThanToken:
      return value >= 0;
    case ts.SyntaxKind.GreaterThanEqualsToken:
    case ts.SyntaxKind.EqualsEqualsToken:
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
      return value >= 1;
    case ts.SyntaxKind.ExclamationEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
      return value === 0;
    default:
      return false;
  }
}

/** `receiver.length` (or `receiver?.length`). */
export function isLengthOf(node: ts.Expression, receiver: ts.Expression): boolean {
  const value = skipParentheses(node);
  return memberName(value) === 'length' && isSameExpression((value as ts.AccessExpression).expression, receiver);
}

/**
 * Whether `node` tests one of the named members of `object` anywhere inside it:
 * `mentionsMember(cond, res, ['ok', 'status'])` is true for `!res.ok`, `res.status === 404`,
 * `[200, 201].includes(res.status)`. Conditions are small, so the search is cheap.
 */
export function mentionsMember(node: ts.Node, object: ts.Expression, names: ReadonlySet<string>): boolean {
  const name = memberName(node);
  if (name !== undefined && names.has(name) && isSameExpression((node as ts.AccessExpression).expression, object)) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, (child) => mentionsMember(child, object, names) || undefined) ?? false;
}

function isTypeofOf(node: ts.Expression, target: ts.Expression): boolean {
  const value = skipParentheses(node);
  return ts.isTypeOfExpression(value) && isSameExpression(value.expression, target);
}

function isUndefinedString(node: ts.Expression): boolean {
  const value = skipParentheses(node);
  return (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) && value.text === 'undefined';
}

function isEquality(operator: ts.SyntaxKind | undefined): boolean {
  return operator === ts.SyntaxKind.EqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsEqualsToken;
}

function isInequality(operator: ts.SyntaxKind | undefined): boolean {
  return operator === ts.SyntaxKind.ExclamationEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsEqualsToken;
}
