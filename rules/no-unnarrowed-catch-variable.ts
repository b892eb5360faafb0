import { ts, defineRule, type Suggestion } from '../src/rule/index.js';
import { isFunctionNode, isShadowedBetween, loggingLevel, memberName, outerParent } from './utils/error-handling.js';
import { skipTransparent } from './utils/same-expression.js';

export type MessageId = 'unnarrowedUse' | 'destructuredCatch' | 'assertedAsError' | 'useGuardedMessage';
export type Options = [{ allowTypeAssertions: boolean; ignoredProperties: string[] }];

interface CaughtVariable {
  clause: ts.CatchClause;
  name: string;
  /** False in TypeScript when the variable is `unknown`: the compiler already demands a check. */
  checkProperties: boolean;
  guarded: boolean;
  reported: boolean;
}

/** Calls that narrow their argument: `isError(e)`, `axios.isAxiosError(e)`, `assertIsError(e)`, `_.isError(e)`. */
const GUARD_CALL = /^(?:is|assert|has)(?:[A-Z_]|$)/u;
/** Test assertions that fail unless the value is an instance of a class: `expect(e).toBeInstanceOf(C)`, `assert.instanceOf(e, C)`. */
const INSTANCE_ASSERTION = new Set(['toBeInstanceOf', 'instanceOf', 'instanceof']);
/** Properties every Error has: read as a value (a log line, a message shown to the user) they cannot mislead a branch. */
const STANDARD_PROPERTIES = new Set(['message', 'name', 'stack']);
/** Node's error codes (`ENOENT`, `ERR_OSSL_BAD_DECRYPT`): the errors of Node's own APIs always carry them. */
const NODE_ERROR_CODE = /^(?:E[A-Z0-9]{2,}|ERR_[A-Z0-9_]+)$/u;
const EQUALITY_OPERATORS = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);
/** String methods whose result is a test of the string. */
const STRING_TESTS = new Set(['includes', 'startsWith', 'endsWith', 'match', 'test', 'indexOf', 'search']);

export default defineRule<Options, MessageId>({
  name: 'no-unnarrowed-catch-variable',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a check before a caught value is used as an Error',
      recommended: 'strict',
      usesTypeInformation: true,
    },
    category: 'error-handling',
    effortMinutes: 5,
    severity: 'warn',
    precision: 'low',
    hasSuggestions: true,
    messages: {
      unnarrowedUse:
        "'{{ name }}.{{ property }}' assumes the caught value is {{ shape }}, but anything can be thrown (a string, a plain object, `undefined`): then this reads `undefined` or throws inside the catch block and hides the original failure. {{ check }}",
      destructuredCatch:
        'Destructuring the caught value assumes it is an object with these properties, but anything can be thrown: a thrown `undefined` or `null` makes the catch itself throw. Bind it to a name and check `instanceof Error` before reading its properties.',
      assertedAsError:
        "'{{ name }}' is asserted to be {{ type }} without a check: the compiler trusts the assertion, but anything can be thrown, so the code after it can read `undefined` or crash. Narrow it with `{{ name }} instanceof Error` (or another guard) instead.",
      useGuardedMessage: 'Use `{{ name }} instanceof Error ? {{ name }}.message : String({{ name }})`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          allowTypeAssertions: {
            type: 'boolean',
            description: 'Accept type assertions of the caught value (`error as Error`) as if they were checks.',
          },
          ignoredProperties: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Properties that may be read without a check (`toString` and `valueOf` always may).',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ allowTypeAssertions: false, ignoredProperties: [] }],
  detect(context, [{ allowTypeAssertions, ignoredProperties }]) {
    const { sourceFile, checker, isJavaScript } = context;
    const ignored = new Set(['toString', 'valueOf', ...ignoredProperties]);
    const stack: CaughtVariable[] = [];

    /** The open catch variable an identifier refers to, unless a function in between rebinds the name. */
    const caughtVariable = (expression: ts.Expression): CaughtVariable | undefined => {
      if (!ts.isIdentifier(expression) || stack.length === 0) return undefined;
      for (let i = stack.length - 1; i >= 0; i--) {
        const entry = stack[i];
        if (entry.name !== expression.text) continue;
        return isShadowedBetween(expression, entry.clause, entry.name) ? undefined : entry;
      }
      return undefined;
    };

    const guard = (expression: ts.Expression | undefined): void => {
      const entry = expression ? caughtVariable(skipTransparent(expression)) : undefined;
      if (entry) entry.guarded = true;
    };

    const reportOnce = (entry: CaughtVariable, report: () => void): void => {
      if (entry.guarded || entry.reported) return;
      entry.reported = true;
      report();
    };

    const checkPropertyRead = (node: ts.Node): void => {
      const access = node as ts.PropertyAccessExpression | ts.ElementAccessExpression;
      if (access.questionDotToken) return;
      const entry = caughtVariable(access.expression);
      const property = memberName(access);
      if (!entry || !entry.checkProperties || property === undefined || ignored.has(property) || isHarmlessRead(access, property)) return;
      reportOnce(entry, () =>
        context.report({
          node: access,
          messageId: 'unnarrowedUse',
          data: { name: entry.name, property, ...adviceFor(entry.name, property) },
          ...(property === 'message' && !isAssignmentTarget(access) ? { suggest: [guardedMessage(sourceFile, access, entry.name)] } : {}),
        }),
      );
    };

    const checkAssertion = (node: ts.Node): void => {
      if (allowTypeAssertions) return;
      const assertion = node as ts.AsExpression | ts.TypeAssertion;
      const entry = caughtVariable(assertion.expression);
      if (!entry || assertion.type.kind === ts.SyntaxKind.UnknownKeyword || isLoggedOnly(assertion) || isHarmlessAssertion(assertion)) return;
      if (ts.isTypeReferenceNode(assertion.type) && ts.isIdentifier(assertion.type.typeName) && assertion.type.typeName.text === 'const') return;
      const type = sourceFile.text.slice(assertion.type.getStart(sourceFile), assertion.type.getEnd());
      reportOnce(entry, () => context.report({ node: assertion, messageId: 'assertedAsError', data: { name: entry.name, type: `\`${type}\`` } }));
    };

    return {
      enter: {
        [ts.SyntaxKind.CatchClause]: (node) => {
          const clause = node as ts.CatchClause;
          const declaration = clause.variableDeclaration;
          if (!declaration) return;
          if (ts.isObjectBindingPattern(declaration.name) || ts.isArrayBindingPattern(declaration.name)) {
            if (isLoose(declaration, isJavaScript, checker)) context.report({ node: declaration.name, messageId: 'destructuredCatch' });
            return;
          }
          stack.push({ clause, name: declaration.name.text, checkProperties: isLoose(declaration, isJavaScript, checker), guarded: false, reported: false });
        },
        [ts.SyntaxKind.PropertyAccessExpression]: checkPropertyRead,
        [ts.SyntaxKind.ElementAccessExpression]: checkPropertyRead,
        [ts.SyntaxKind.AsExpression]: checkAssertion,
        [ts.SyntaxKind.TypeAssertionExpression]: checkAssertion,
        [ts.SyntaxKind.BinaryExpression]: (node) => {
          const binary = node as ts.BinaryExpression;
          if (binary.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword) guard(binary.left);
          else if (binary.operatorToken.kind === ts.SyntaxKind.InKeyword) guard(binary.right);
          else guard(optionalChainCompared(binary));
        },
        [ts.SyntaxKind.TypeOfExpression]: (node) => guard((node as ts.TypeOfExpression).expression),
        [ts.SyntaxKind.CallExpression]: (node) => {
          const call = node as ts.CallExpression;
          const callee = skipTransparent(call.expression);
          const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
          if (name !== undefined && GUARD_CALL.test(name)) call.arguments.forEach(guard);
          if (name !== undefined && INSTANCE_ASSERTION.has(name)) {
            call.arguments.slice(0, 1).forEach(guard);
            guard(expectedValue(callee));
          }
        },
        [ts.SyntaxKind.VariableDeclaration]: (node) => {
          const decl = node as ts.VariableDeclaration;
          if (!ts.isObjectBindingPattern(decl.name) || !decl.initializer) return;
          const entry = caughtVariable(skipTransparent(decl.initializer));
          if (entry?.checkProperties) reportOnce(entry, () => context.report({ node: decl.name, messageId: 'destructuredCatch' }));
        },
      },
      exit: {
        [ts.SyntaxKind.CatchClause]: (node) => {
          if (stack.at(-1)?.clause === node) stack.pop();
        },
      },
    };
  },
});

/**
 * True when the compiler lets the caught value be used freely: always in JavaScript; in
 * TypeScript when it is annotated `any`, or, without an annotation, unless type information says
 * it is `unknown` (`useUnknownInCatchVariables`).
 */
function isLoose(declaration: ts.VariableDeclaration, isJavaScript: boolean, checker: ts.TypeChecker | undefined): boolean {
  if (isJavaScript) return true;
  if (declaration.type) return declaration.type.kind === ts.SyntaxKind.AnyKeyword;
  if (!checker) return true;
  return (checker.getTypeAtLocation(declaration.name).flags & ts.TypeFlags.Any) !== 0;
}

/** `logger.error('failed', e as Error)`: a logger prints whatever it gets, so the assertion reads nothing. */
function isLoggedOnly(assertion: ts.Expression): boolean {
  const { child, parent } = outerParent(assertion);
  return ts.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression) && loggingLevel(parent.expression) !== undefined;
}

function isAssignmentTarget(node: ts.Node): boolean {
  const parent = node.parent;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

function guardedMessage(sourceFile: ts.SourceFile, access: ts.Node, name: string): Suggestion<MessageId> {
  return {
    messageId: 'useGuardedMessage',
    data: { name },
    edits: [{ start: access.getStart(sourceFile), end: access.getEnd(), text: `(${name} instanceof Error ? ${name}.message : String(${name}))` }],
  };
}

/**
 * A read that cannot mislead: a property every Error has used as a value (not tested in a
 * condition), `e.name` compared with a string (`e.name === 'AbortError'`, the standard test of a
 * DOMException), or `e.code` compared with one of Node's error codes (`e.code === 'ENOENT'`).
 */
function isHarmlessRead(access: ts.Expression, property: string): boolean {
  const compared = comparedString(access);
  if (property === 'name' && compared !== undefined) return true;
  if (property === 'code' && compared !== undefined && NODE_ERROR_CODE.test(compared)) return true;
  return STANDARD_PROPERTIES.has(property) && !isTested(access);
}

/** `(e as Error).message` in a log line or a user message, or `${e as string}` in a template. */
function isHarmlessAssertion(assertion: ts.Expression): boolean {
  const { child, parent } = outerParent(assertion);
  if (ts.isTemplateSpan(parent)) return true;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === child) {
    const property = memberName(parent);
    return property !== undefined && isHarmlessRead(parent, property);
  }
  return false;
}

/** The string a read is compared with by `===`, `!==`, `==` or `!=`, or by the cases of a `switch` on it. */
function comparedString(access: ts.Expression): string | undefined {
  const { child, parent } = outerParent(access);
  if (ts.isBinaryExpression(parent) && isEquality(parent.operatorToken.kind)) {
    const other = skipTransparent(parent.left === child ? parent.right : parent.left);
    return ts.isStringLiteralLike(other) ? other.text : undefined;
  }
  if (ts.isSwitchStatement(parent) && parent.expression === child) {
    const labels = parent.caseBlock.clauses.flatMap((clause) => (ts.isCaseClause(clause) ? [skipTransparent(clause.expression)] : []));
    const texts = labels.map((label) => (ts.isStringLiteralLike(label) ? label.text : undefined));
    return texts.length > 0 && texts.every((text) => text !== undefined && NODE_ERROR_CODE.test(text)) ? texts[0] : undefined;
  }
  return undefined;
}

function isEquality(kind: ts.SyntaxKind): boolean {
  return EQUALITY_OPERATORS.has(kind);
}

/**
 * Whether a read decides a branch: it lies in the condition of an `if`, loop, `?:` or `switch`,
 * or is compared or tested (`e.message.includes('…')`), where a value of the wrong shape takes the
 * wrong path instead of only printing `undefined`.
 */
function isTested(access: ts.Expression): boolean {
  let child: ts.Node = access;
  for (let parent = access.parent; parent && !isFunctionNode(parent); child = parent, parent = parent.parent) {
    const verdict = testVerdict(parent, child);
    if (verdict !== undefined) return verdict;
  }
  return false;
}

/** Whether `child` is tested by `parent`: true or false when the parent decides it, undefined to look further up. */
function testVerdict(parent: ts.Node, child: ts.Node): boolean | undefined {
  const condition = conditionOf(parent);
  if (condition !== undefined) return condition === child;
  if (ts.isConditionalExpression(parent) && parent.condition === child) return true;
  if (ts.isBinaryExpression(parent) && isComparison(parent.operatorToken.kind)) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === child && STRING_TESTS.has(parent.name.text) && ts.isCallExpression(parent.parent)) return true;
  return ts.isStatement(parent) ? false : undefined;
}

/** The expression a statement branches on: the condition of an `if`, a loop or a `switch`, or a case label. */
function conditionOf(node: ts.Node): ts.Node | null | undefined {
  if (ts.isIfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node) || ts.isSwitchStatement(node) || ts.isCaseClause(node)) return node.expression;
  if (ts.isForStatement(node)) return node.condition ?? null;
  return undefined;
}

function isComparison(kind: ts.SyntaxKind): boolean {
  return (
    isEquality(kind) ||
    kind === ts.SyntaxKind.LessThanToken ||
    kind === ts.SyntaxKind.GreaterThanToken ||
    kind === ts.SyntaxKind.LessThanEqualsToken ||
    kind === ts.SyntaxKind.GreaterThanEqualsToken ||
    kind === ts.SyntaxKind.InstanceOfKeyword ||
    kind === ts.SyntaxKind.InKeyword
  );
}

/**
 * `e?.name === X` (or `==`) with anything but `undefined`/`null` on the other side: when it holds,
 * `e` is not nullish and carries the property, which is the check the rule asks for.
 */
function optionalChainCompared(binary: ts.BinaryExpression): ts.Expression | undefined {
  const kind = binary.operatorToken.kind;
  if (kind !== ts.SyntaxKind.EqualsEqualsEqualsToken && kind !== ts.SyntaxKind.EqualsEqualsToken) return undefined;
  for (const [side, other] of [
    [binary.left, binary.right],
    [binary.right, binary.left],
  ]) {
    const read = skipTransparent(side);
    const value = skipTransparent(other);
    const isNullish = value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined') || ts.isVoidExpression(value);
    if ((ts.isPropertyAccessExpression(read) || ts.isElementAccessExpression(read)) && read.questionDotToken && !isNullish) return read.expression;
  }
  return undefined;
}

/** The `x` of `expect(x).to.be.instanceOf(C)` or `expect(x).toBeInstanceOf(C)`. */
function expectedValue(callee: ts.Expression): ts.Expression | undefined {
  let current = skipTransparent(callee);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current)) {
    if (ts.isCallExpression(current)) {
      const inner = skipTransparent(current.expression);
      if (ts.isIdentifier(inner) && inner.text === 'expect') return current.arguments[0];
    }
    current = skipTransparent(current.expression);
  }
  return undefined;
}

/** The shape a read assumes and the check that fits it. */
function adviceFor(name: string, property: string): { shape: string; check: string } {
  if (STANDARD_PROPERTIES.has(property)) {
    return { shape: 'an Error', check: `Check \`${name} instanceof Error\` (or another guard) first, or use \`String(${name})\`.` };
  }
  return {
    shape: `an error object with a '${property}'`,
    check: `Check it with the class the failing call throws first (\`${name} instanceof\` that library's error class, or its \`is…Error\` guard): \`instanceof Error\` alone does not promise a '${property}'.`,
  };
}
