import { ts, defineRule, type Report, type Suggestion } from '../src/rule/index.js';
import { enclosingFunction, hasModifier, isFunctionNode, isShadowedBetween, memberName, outerParent, promiseExecutor, type PromiseExecutor } from './utils/error-handling.js';
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
      recommended: 'strict',
      usesTypeInformation: true,
    },
    category: 'error-handling',
    effortMinutes: 5,
    severity: 'warn',
    precision: 'medium',
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

    /** Findings held until the file is walked: a value consumed only inside this file may be fine (see isConsumedLocally). */
    const pending: { report: Report<MessageId>; origin: ts.Node }[] = [];

    const report = (value: ts.Expression, messageId: 'throwNonError' | 'rejectNonError', reportNode: ts.Node): void => {
      const kind = kindOf(value);
      if (!kind) return;
      const suggest = isTextKind(kind) ? [wrapSuggestion(sourceFile, value)] : undefined;
      pending.push({ report: { node: reportNode, messageId, data: { kind: withArticle(kind) }, ...(suggest ? { suggest } : {}) }, origin: reportNode });
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
      end: () => {
        if (pending.length === 0) return;
        // Few files throw anything but Errors: only theirs have their names counted, in a walk of their own.
        const { occurrences, callsByName } = namesOf(sourceFile);
        for (const { report: finding, origin } of pending) {
          if (!isConsumedLocally(origin, occurrences, callsByName)) context.report(finding);
        }
      },
    };
  },
});

/** How often each name occurs in the file, and the calls of each plain name, to tell where a function's result goes. */
function namesOf(sourceFile: ts.SourceFile): { occurrences: Map<string, number>; callsByName: Map<string, ts.CallExpression[]> } {
  const occurrences = new Map<string, number>();
  const callsByName = new Map<string, ts.CallExpression[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      occurrences.set(node.text, (occurrences.get(node.text) ?? 0) + 1);
    } else if (ts.isCallExpression(node)) {
      const callee = skipTransparent(node.expression);
      if (ts.isIdentifier(callee)) {
        const calls = callsByName.get(callee.text);
        if (calls) calls.push(node);
        else callsByName.set(callee.text, [node]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { occurrences, callsByName };
}

/**
 * A value thrown or rejected by a module-private function whose every use in the file consumes
 * the failure without reading it: each call sits in a `try` whose catch has no binding, an
 * `_`-named one or one it never reads a property of, or inside `tryCatch(() => f(), (reason) => …)`
 * whose handler reads no property of the reason. The value is a local sentinel that never reaches
 * code expecting an Error.
 */
function isConsumedLocally(origin: ts.Node, occurrences: ReadonlyMap<string, number>, callsByName: ReadonlyMap<string, ts.CallExpression[]>): boolean {
  let fn = enclosingFunction(origin);
  // a reject inside an executor or one of its callbacks belongs to the function that creates the promise
  while (fn && !isNamedFunction(fn)) fn = enclosingFunction(fn);
  const name = fn ? nameOf(fn) : undefined;
  if (!fn || !name || isExported(fn)) return false;
  const calls = callsByName.get(name) ?? [];
  // every occurrence of the name besides its declaration is a call that consumes the failure
  return calls.length > 0 && calls.length === (occurrences.get(name) ?? 0) - 1 && calls.every(isConsumingCall);
}

function isNamedFunction(fn: ts.Node): boolean {
  return nameOf(fn) !== undefined;
}

function nameOf(fn: ts.Node): string | undefined {
  if (ts.isFunctionDeclaration(fn) && fn.name) return fn.name.text;
  const parent = fn.parent;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

function isExported(fn: ts.Node): boolean {
  if (ts.isFunctionDeclaration(fn)) return hasModifier(fn, ts.SyntaxKind.ExportKeyword);
  const statement = fn.parent?.parent?.parent;
  return statement !== undefined && ts.isVariableStatement(statement) && hasModifier(statement, ts.SyntaxKind.ExportKeyword);
}

function isConsumingCall(call: ts.CallExpression): boolean {
  for (let child: ts.Node = call, parent = call.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isTryStatement(parent) && parent.tryBlock === child) return !readsCaught(parent.catchClause);
    if (isFunctionNode(parent)) {
      const { parent: user } = outerParent(parent);
      if (ts.isCallExpression(user) && /^tryCatch/u.test(calleeName(user) ?? '') && user.arguments[0] === outerParent(parent).child) {
        const handler = user.arguments[1] ? skipTransparent(user.arguments[1]) : undefined;
        return handler !== undefined && (ts.isArrowFunction(handler) || ts.isFunctionExpression(handler)) && !readsParameter(handler);
      }
      return false;
    }
  }
  return false;
}

/** Whether a catch clause reads a property of its error (no clause or no binding reads nothing). */
function readsCaught(clause: ts.CatchClause | undefined): boolean {
  const binding = clause?.variableDeclaration?.name;
  if (!clause || !binding) return false;
  if (!ts.isIdentifier(binding)) return true;
  return !binding.text.startsWith('_') && readsProperty(clause.block, binding.text);
}

function readsParameter(handler: ts.ArrowFunction | ts.FunctionExpression): boolean {
  const parameter = handler.parameters[0]?.name;
  if (!parameter) return false;
  return !ts.isIdentifier(parameter) || readsProperty(handler.body, parameter.text);
}

function readsProperty(node: ts.Node, name: string): boolean {
  if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && ts.isIdentifier(skipTransparent(node.expression))) {
    if ((skipTransparent(node.expression) as ts.Identifier).text === name) return true;
  }
  return ts.forEachChild(node, (child) => (readsProperty(child, name) ? true : undefined)) ?? false;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = skipTransparent(call.expression);
  return ts.isIdentifier(callee) ? callee.text : memberName(callee);
}

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
