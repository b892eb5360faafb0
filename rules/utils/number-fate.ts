import { ts } from '../../src/rule/index.js';
import { calleeName, memberName, skipParentheses, valueParent } from './same-expression.js';

const NAN_CHECKS = new Set(['isNaN', 'isFinite', 'isInteger', 'isSafeInteger']);
/** Math functions that keep NaN: the value is followed through them. */
const NAN_PRESERVING = new Set(['floor', 'ceil', 'round', 'trunc', 'abs', 'max', 'min', 'sign']);
const ARITHMETIC = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.PlusToken,
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.AsteriskToken,
  ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.PercentToken,
  ts.SyntaxKind.AsteriskAsteriskToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken,
]);
const COMPARISON = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
]);
/** Methods and functions whose numeric argument is a count, index, position or delay. */
const NUMERIC_PARAMETERS = new Set([
  'listen',
  'slice',
  'splice',
  'substring',
  'substr',
  'at',
  'repeat',
  'toFixed',
  'padStart',
  'padEnd',
  'setTimeout',
  'setInterval',
  'sleep',
  'delay',
  'take',
  'limit',
  'skip',
  'offset',
]);
/** Last words of names that hold a port, limit, id, count or size: `port`, `userId`, `PAGE_SIZE`, `timeoutMs`. */
const NUMERIC_ROLES = new Set([
  'port', 'limit', 'id', 'offset', 'page', 'size', 'count', 'timeout', 'ms', 'index', 'idx', 'retries', 'attempts',
  'quantity', 'qty', 'amount', 'price', 'total', 'skip', 'take', 'max', 'min', 'ttl', 'delay', 'interval', 'seconds',
  'width', 'height', 'depth', 'year', 'month', 'day',
]);

/** Where a number's value ends: a NaN check, a use that NaN breaks (described by `sink`), a variable that holds it, or none of these. */
export type Fate =
  | { kind: 'checked' }
  | { kind: 'sink'; sink: string }
  | { kind: 'variable'; name: ts.Identifier }
  | { kind: 'none' };

/** One step up the tree: an end (a fate), or `through` a node that keeps NaN (`?? d`, `Math.max`). */
type Step = Fate | { kind: 'through' };

const NONE: Fate = { kind: 'none' };
const CHECKED: Fate = { kind: 'checked' };
const THROUGH: Step = { kind: 'through' };

/**
 * Follows a number's value up the tree to where it ends: a NaN check, a fallback (`|| d`), a
 * use that NaN breaks (arithmetic, comparison, index, a numeric parameter or property), a
 * variable (followed further by the caller), or something else.
 */
export function fateOf(start: ts.Expression): Fate {
  let value: ts.Node = start;
  for (let depth = 0; depth < 8; depth++) {
    const { parent, child } = numericParent(value);
    if (!parent) return NONE;
    const step = stepAt(parent, child);
    if (step.kind !== 'through') return step;
    value = parent;
  }
  return NONE;
}

/** The parent of a value, seen through parentheses, `as`, `!` and `satisfies`. */
function numericParent(value: ts.Node): { parent: ts.Node | undefined; child: ts.Node } {
  let { parent, child } = valueParent(value);
  while (parent && (ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent))) {
    ({ parent, child } = valueParent(parent));
  }
  return { parent, child };
}

function stepAt(parent: ts.Node, child: ts.Node): Step {
  if (ts.isBinaryExpression(parent)) return stepAtBinary(parent, child);
  if (ts.isCallExpression(parent)) return parent.expression === child ? NONE : stepAtCall(parent);
  if (ts.isElementAccessExpression(parent) && parent.argumentExpression === child) return { kind: 'sink', sink: 'as an index' };
  if (ts.isPropertyAssignment(parent) && parent.initializer === child) return sinkOfName(parent.name);
  if (ts.isShorthandPropertyAssignment(parent)) return sinkOfName(parent.name);
  if (ts.isVariableDeclaration(parent) && parent.initializer === child && ts.isIdentifier(parent.name)) {
    return { kind: 'variable', name: parent.name };
  }
  return NONE;
}

function stepAtBinary(binary: ts.BinaryExpression, child: ts.Node): Step {
  const operator = binary.operatorToken.kind;
  if (operator === ts.SyntaxKind.BarBarToken && binary.left === child) return CHECKED;
  if (operator === ts.SyntaxKind.QuestionQuestionToken && binary.left === child) return THROUGH;
  return sinkOfBinary(binary, child);
}

/** A value passed to a call: `Number.isNaN(n)` checks it, `Math.max(1, n)` keeps NaN, `slice(0, n)` breaks on it. */
function stepAtCall(call: ts.CallExpression): Step {
  const name = calleeName(call);
  if (name === undefined) return NONE;
  if (NAN_CHECKS.has(name)) return CHECKED;
  if (NAN_PRESERVING.has(name) && isMathCall(call)) return THROUGH;
  return NUMERIC_PARAMETERS.has(name) ? { kind: 'sink', sink: `as an argument of \`${name}()\`` } : NONE;
}

function sinkOfBinary(binary: ts.BinaryExpression, child: ts.Node): Fate {
  const operator = binary.operatorToken.kind;
  if (operator === ts.SyntaxKind.EqualsToken) {
    const target = binary.left;
    if (binary.right !== child) return { kind: 'none' };
    const name = memberName(target) ?? (ts.isIdentifier(target) ? target.text : undefined);
    return name !== undefined && hasNumericRole(name) ? { kind: 'sink', sink: `as \`${name}\`` } : { kind: 'none' };
  }
  if (COMPARISON.has(operator)) return { kind: 'sink', sink: 'in a comparison' };
  if (!ARITHMETIC.has(operator)) return { kind: 'none' };
  const other = binary.left === child ? binary.right : binary.left;
  if (operator === ts.SyntaxKind.PlusToken && isTextOperand(other)) return { kind: 'none' };
  return { kind: 'sink', sink: 'in arithmetic' };
}

function sinkOfName(name: ts.PropertyName): Fate {
  const text = ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
  return text !== undefined && hasNumericRole(text) ? { kind: 'sink', sink: `as \`${text}\`` } : { kind: 'none' };
}

/** Whether a name's last word names a port, limit, id, count or size (`port`, `userId`, `PAGE_SIZE`). */
export function hasNumericRole(name: string): boolean {
  const words = name.split(/_|(?<=[a-z0-9])(?=[A-Z])/u);
  return NUMERIC_ROLES.has((words.at(-1) ?? '').toLowerCase());
}

function isTextOperand(node: ts.Expression): boolean {
  const value = skipParentheses(node);
  return ts.isStringLiteralLike(value) || ts.isTemplateExpression(value);
}

function isMathCall(call: ts.CallExpression): boolean {
  const callee = skipParentheses(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const object = skipParentheses(callee.expression);
  return ts.isIdentifier(object) && object.text === 'Math';
}
