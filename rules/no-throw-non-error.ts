import ts from '../src/typescript.cjs';
import { defineRule, type Suggestion } from '../src/rule/types.js';
import { isShadowedBetween, memberName, promiseExecutor, type PromiseExecutor } from './utils/error-handling.js';
import { skipTransparent } from './utils/same-expression.js';

export type MessageId = 'throwNonError' | 'rejectNonError' | 'wrapInError';
export type Options = [{ allowObjectLiterals: boolean }];

type ValueKind = 'string' | 'template string' | 'number' | 'boolean' | 'object literal' | 'array' | 'null' | 'undefined';

export default defineRule<Options, MessageId>({
  name: 'no-throw-non-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow throwing or rejecting with values that are not Error objects',
      recommended: 'recommended',
      usesTypeInformation: true,
    },
    category: 'error-handling',
    effortMinutes: 5,
    severity: 'warn',
    precision: 'very-high',
    hasSuggestions: true,
    messages: {
      throwNonError:
        'This throws {{ kind }}, not an Error: it carries no stack trace, and every `catch` that reads `error.message` or checks `instanceof Error` gets `undefined` or false. Throw an Error (or a subclass) instead.',
      rejectNonError:
        'This rejects with {{ kind }}, not an Error: it carries no stack trace, and every handler that reads `error.message` or checks `instanceof Error` gets `undefined` or false. Reject with an Error (or a subclass) instead.',
      wrapInError: 'Wrap the value in `new Error(...)`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          allowObjectLiterals: {
            type: 'boolean',
            description: 'Accept object literals (for example `throw { status: 404 }` for a framework that expects them).',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ allowObjectLiterals: false }],
  detect(context, [{ allowObjectLiterals }]) {
    const { sourceFile, checker } = context;
    const executors: PromiseExecutor[] = [];

    const kindOf = (expression: ts.Expression): ValueKind | undefined => {
      const kind = literalKind(expression) ?? (checker ? typeKind(checker, expression) : undefined);
      return kind === 'object literal' && allowObjectLiterals ? undefined : kind;
    };

    const report = (value: ts.Expression, messageId: 'throwNonError' | 'rejectNonError', reportNode: ts.Node): void => {
      const kind = kindOf(value);
      if (!kind) return;
      const suggest = isTextKind(kind) ? [wrapSuggestion(sourceFile, value)] : undefined;
      context.report({ node: reportNode, messageId, data: { kind: withArticle(kind) }, ...(suggest ? { suggest } : {}) });
    };

    return {
      enter: {
        [ts.SyntaxKind.ThrowStatement]: (node) => {
          const statement = node as ts.ThrowStatement;
          report(statement.expression, 'throwNonError', statement);
        },
        [ts.SyntaxKind.NewExpression]: (node) => {
          const executor = promiseExecutor(node as ts.NewExpression);
          if (executor) executors.push(executor);
        },
        [ts.SyntaxKind.CallExpression]: (node) => {
          const call = node as ts.CallExpression;
          const [value] = call.arguments;
          if (!value) return;
          if (isPromiseReject(call) || isExecutorReject(call, executors)) report(value, 'rejectNonError', call);
        },
      },
      exit: {
        [ts.SyntaxKind.NewExpression]: (node) => {
          if (executors.at(-1)?.fn.parent === node) executors.pop();
        },
      },
    };
  },
});

function isPromiseReject(call: ts.CallExpression): boolean {
  const callee = skipTransparent(call.expression);
  return (
    (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) &&
    memberName(callee) === 'reject' &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Promise'
  );
}

/** A call of the innermost executor's reject parameter, unless a function in between rebinds the name. */
function isExecutorReject(call: ts.CallExpression, executors: readonly PromiseExecutor[]): boolean {
  const callee = skipTransparent(call.expression);
  if (!ts.isIdentifier(callee)) return false;
  for (let i = executors.length - 1; i >= 0; i--) {
    if (executors[i].reject === callee.text) return !isShadowedBetween(call, executors[i].fn, callee.text);
  }
  return false;
}

const LITERAL_KINDS: Partial<Record<ts.SyntaxKind, ValueKind>> = {
  [ts.SyntaxKind.StringLiteral]: 'string',
  [ts.SyntaxKind.NoSubstitutionTemplateLiteral]: 'template string',
  [ts.SyntaxKind.TemplateExpression]: 'template string',
  [ts.SyntaxKind.NumericLiteral]: 'number',
  [ts.SyntaxKind.BigIntLiteral]: 'number',
  [ts.SyntaxKind.TrueKeyword]: 'boolean',
  [ts.SyntaxKind.FalseKeyword]: 'boolean',
  [ts.SyntaxKind.NullKeyword]: 'null',
  [ts.SyntaxKind.ObjectLiteralExpression]: 'object literal',
  [ts.SyntaxKind.ArrayLiteralExpression]: 'array',
};

/** What a literal value is, when it is plainly not an Error. */
function literalKind(expression: ts.Expression): ValueKind | undefined {
  const value = skipTransparent(expression);
  const kind = LITERAL_KINDS[value.kind];
  if (kind) return kind;
  if (ts.isPrefixUnaryExpression(value)) return ts.isNumericLiteral(skipTransparent(value.operand)) ? 'number' : undefined;
  if (ts.isIdentifier(value)) return value.text === 'undefined' ? 'undefined' : undefined;
  if (ts.isBinaryExpression(value)) return isStringConcatenation(value) ? 'string' : undefined;
  return undefined;
}

/** `'failed: ' + reason`: a `+` with a string or template on either side. */
function isStringConcatenation(binary: ts.BinaryExpression): boolean {
  if (binary.operatorToken.kind !== ts.SyntaxKind.PlusToken) return false;
  const isText = (e: ts.Expression): boolean => {
    const inner = skipTransparent(e);
    if (ts.isStringLiteral(inner) || ts.isTemplateLiteral(inner)) return true;
    return ts.isBinaryExpression(inner) && isStringConcatenation(inner);
  };
  return isText(binary.left) || isText(binary.right);
}

/** With type information: a string or number typed value (never `any`). */
function typeKind(checker: ts.TypeChecker, expression: ts.Expression): ValueKind | undefined {
  const type = checker.getTypeAtLocation(expression);
  if (type.flags & ts.TypeFlags.StringLike) return 'string';
  if (type.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike)) return 'number';
  return undefined;
}

function withArticle(kind: ValueKind): string {
  if (kind === 'null' || kind === 'undefined') return `\`${kind}\``;
  return /^[aeiou]/u.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function isTextKind(kind: ValueKind): boolean {
  return kind === 'string' || kind === 'template string';
}

function wrapSuggestion(sourceFile: ts.SourceFile, value: ts.Expression): Suggestion<MessageId> {
  const text = sourceFile.text.slice(value.getStart(sourceFile), value.getEnd());
  return { messageId: 'wrapInError', edits: [{ start: value.getStart(sourceFile), end: value.getEnd(), text: `new Error(${text})` }] };
}
