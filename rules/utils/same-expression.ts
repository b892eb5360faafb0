import { ts } from '../../src/rule/index.js';

/** Skips parentheses: `((x))` -> `x`. */
export function skipParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/**
 * Skips what does not change a value at run time: parentheses, `!`, `as T`, `<T>x` and
 * `satisfies T`.
 */
export function skipTransparent(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isTypeAssertionExpression(current) ||
      ts.isSatisfiesExpression(current)
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** Skips parentheses and `await`: `(await x)` -> `x`. */
export function skipAwait(node: ts.Expression): ts.Expression {
  let current = skipParentheses(node);
  while (ts.isAwaitExpression(current)) current = skipParentheses(current.expression);
  return current;
}

/**
 * The parent of an expression seen through the parentheses around it, with the outermost of
 * those parentheses (the node the parent actually holds).
 */
export function valueParent(node: ts.Node): { parent: ts.Node | undefined; child: ts.Node } {
  let child = node;
  let parent = node.parent;
  while (parent && ts.isParenthesizedExpression(parent)) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

/** The name of a member access: `a.b` and `a['b']` both give `b`. */
export function memberName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node)) {
    const argument = skipParentheses(node.argumentExpression);
    if (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument)) return argument.text;
  }
  return undefined;
}

/** The name a call is made by: `f(x)` gives `f`, `a.b.f(x)` gives `f`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = skipParentheses(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  return memberName(callee);
}

/** True for `object.method(…)` where the object's own text is `objectName` (an identifier). */
export function isMethodCallOn(call: ts.CallExpression, objectName: string, method: string): boolean {
  const callee = skipParentheses(call.expression);
  if (memberName(callee) !== method) return false;
  const object = skipParentheses((callee as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
  return ts.isIdentifier(object) && object.text === objectName;
}

/**
 * Whether two expressions denote the same value by their shape: the same identifier chain, the
 * same literal keys and arguments. Parentheses, `!` and type assertions are ignored; anything
 * with behaviour of its own (functions, object literals, assignments) is never the same.
 */
export function isSameExpression(a: ts.Expression, b: ts.Expression): boolean {
  const left = skipTransparent(a);
  const right = skipTransparent(b);
  const leftMember = memberName(left);
  if (leftMember !== undefined) {
    return (
      leftMember === memberName(right) &&
      isSameExpression((left as ts.AccessExpression).expression, (right as ts.AccessExpression).expression)
    );
  }
  if (left.kind !== right.kind) return isSameLiteral(left, right);
  return isSameOfKind(left, right);
}

/** Keywords that denote one value each: two of the same kind are the same. */
const VALUE_KEYWORDS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.NullKeyword,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
]);

/** Compares two expressions of the same syntax kind. */
function isSameOfKind(left: ts.Expression, right: ts.Expression): boolean {
  if (VALUE_KEYWORDS.has(left.kind)) return true;
  switch (left.kind) {
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.PrivateIdentifier:
      return (left as ts.Identifier).text === (right as ts.Identifier).text;
    case ts.SyntaxKind.MetaProperty:
      return (left as ts.MetaProperty).name.text === (right as ts.MetaProperty).name.text;
    case ts.SyntaxKind.ElementAccessExpression:
      return isSameElementAccess(left as ts.ElementAccessExpression, right as ts.ElementAccessExpression);
    case ts.SyntaxKind.CallExpression:
      return isSameCall(left as ts.CallExpression, right as ts.CallExpression);
    case ts.SyntaxKind.PrefixUnaryExpression: {
      const l = left as ts.PrefixUnaryExpression;
      const r = right as ts.PrefixUnaryExpression;
      return l.operator === r.operator && isSameExpression(l.operand, r.operand);
    }
    case ts.SyntaxKind.BinaryExpression: {
      const l = left as ts.BinaryExpression;
      const r = right as ts.BinaryExpression;
      return (
        l.operatorToken.kind === r.operatorToken.kind && isSameExpression(l.left, r.left) && isSameExpression(l.right, r.right)
      );
    }
    default:
      return isSameLiteral(left, right);
  }
}

function isSameElementAccess(left: ts.ElementAccessExpression, right: ts.ElementAccessExpression): boolean {
  return isSameExpression(left.argumentExpression, right.argumentExpression) && isSameExpression(left.expression, right.expression);
}

function isSameCall(left: ts.CallExpression, right: ts.CallExpression): boolean {
  return (
    left.arguments.length === right.arguments.length &&
    isSameExpression(left.expression, right.expression) &&
    left.arguments.every((arg, i) => isSameExpression(arg, right.arguments[i]))
  );
}

function isSameLiteral(a: ts.Expression, b: ts.Expression): boolean {
  if (isTextLiteral(a) && isTextLiteral(b)) return a.text === b.text;
  if (ts.isNumericLiteral(a) && ts.isNumericLiteral(b)) return Number(a.text) === Number(b.text);
  if (ts.isRegularExpressionLiteral(a) && ts.isRegularExpressionLiteral(b)) return a.text === b.text;
  return false;
}

function isTextLiteral(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

/** True for the literal `null`, the identifier `undefined` and `void 0`. */
export function isNullish(node: ts.Expression): boolean {
  const value = skipParentheses(node);
  return (
    value.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(value) && value.text === 'undefined') ||
    ts.isVoidExpression(value)
  );
}

/** Whether `chain` is `base` or an access or call on it: `base.a`, `base[0].b`, `base.get()`. */
export function isChainOn(chain: ts.Expression, base: ts.Expression): boolean {
  let current = skipTransparent(chain);
  for (let depth = 0; depth < 8; depth++) {
    if (isSameExpression(current, base)) return true;
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current)) {
      current = skipTransparent(current.expression);
    } else {
      return false;
    }
  }
  return false;
}

/** The text of a node, shortened to `max` characters with an ellipsis and kept on one line. */
export function shortText(node: ts.Node, sourceFile: ts.SourceFile, max = 40): string {
  const text = node.getText(sourceFile).replace(/\s+/gu, ' ');
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
