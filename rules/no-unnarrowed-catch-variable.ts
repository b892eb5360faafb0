import ts from '../src/typescript.cjs';
import { defineRule, type Suggestion } from '../src/rule/types.js';
import { isShadowedBetween, loggingLevel, memberName, outerParent } from './utils/error-handling.js';
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

export default defineRule<Options, MessageId>({
  name: 'no-unnarrowed-catch-variable',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a check before a caught value is used as an Error',
      recommended: 'recommended',
      usesTypeInformation: true,
    },
    category: 'error-handling',
    effortMinutes: 5,
    severity: 'warn',
    precision: 'high',
    hasSuggestions: true,
    messages: {
      unnarrowedUse:
        "'{{ name }}.{{ property }}' assumes the caught value is an Error, but anything can be thrown (a string, a plain object, `undefined`): then this reads `undefined` or throws inside the catch block and hides the original failure. Check `{{ name }} instanceof Error` (or another guard) first, or use `String({{ name }})`.",
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
      if (!entry || !entry.checkProperties || property === undefined || ignored.has(property)) return;
      reportOnce(entry, () =>
        context.report({
          node: access,
          messageId: 'unnarrowedUse',
          data: { name: entry.name, property },
          ...(property === 'message' && !isAssignmentTarget(access) ? { suggest: [guardedMessage(sourceFile, access, entry.name)] } : {}),
        }),
      );
    };

    const checkAssertion = (node: ts.Node): void => {
      if (allowTypeAssertions) return;
      const assertion = node as ts.AsExpression | ts.TypeAssertion;
      const entry = caughtVariable(assertion.expression);
      if (!entry || assertion.type.kind === ts.SyntaxKind.UnknownKeyword || isLoggedOnly(assertion)) return;
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
        },
        [ts.SyntaxKind.TypeOfExpression]: (node) => guard((node as ts.TypeOfExpression).expression),
        [ts.SyntaxKind.CallExpression]: (node) => {
          const call = node as ts.CallExpression;
          const callee = skipTransparent(call.expression);
          const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
          if (name !== undefined && GUARD_CALL.test(name)) call.arguments.forEach(guard);
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
