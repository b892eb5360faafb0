import { ts, defineRule } from '../src/rule/index.js';
import { sharedBindings, initializerOf, type BindingTracker } from './utils/binding-tracker.js';
import { mentionsMember } from './utils/guard-conditions.js';
import { isGuarded, type GuardTests } from './utils/is-guarded.js';
import { calleeName, memberName, shortText, skipAwait, skipParentheses, valueParent } from './utils/same-expression.js';

export type MessageId = 'bodyWithoutStatusCheck';
export type Options = [{ fetchFunctions: string[] }];

const BODY_READERS = new Set(['json', 'text', 'blob', 'arrayBuffer', 'formData', 'bytes']);
const STATUS_MEMBERS: ReadonlySet<string> = new Set(['ok', 'status']);
/** Helpers that, by their name, check a response: `assertOk(res)`, `await ensureSuccess(res)`, `checkStatus(res)`. */
const CHECKER_NAME = /ok|status|check|assert|ensure|verify|valid|success|throw|raise/iu;

export default defineRule<Options, MessageId>({
  name: 'require-response-ok-check',
  meta: {
    type: 'problem',
    docs: {
      description: "Require a fetch response's `ok` or `status` to be checked before its body is read",
      recommended: 'strict',
    },
    category: 'unchecked-assumption',
    effortMinutes: 5,
    severity: 'error',
    precision: 'low',
    messages: {
      bodyWithoutStatusCheck:
        '`{{ read }}` reads the body of a fetch response whose `ok` and `status` were never checked: fetch resolves for 404 and 500 too, so an error page is taken for data (or `.json()` throws on HTML). Check `if (!{{ response }}.ok) throw …` before reading the body.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          fetchFunctions: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Names of functions that return a fetch `Response` (called directly or as a method).',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ fetchFunctions: ['fetch'] }],
  detect(context, [{ fetchFunctions }]) {
    const fetchNames = new Set(fetchFunctions);
    const bindings = sharedBindings(context);
    return {
      enter: {
        [ts.SyntaxKind.CallExpression]: (node) => {
          const read = node as ts.CallExpression;
          const callee = skipParentheses(read.expression);
          if (read.arguments.length > 0 || !BODY_READERS.has(memberName(callee) ?? '')) return;
          const response = skipParentheses((callee as ts.AccessExpression).expression);
          if (!isUncheckedResponse(read, response, fetchNames, bindings)) return;
          context.report({
            node: read,
            messageId: 'bodyWithoutStatusCheck',
            data: { read: shortText(read, context.sourceFile), response: ts.isIdentifier(response) ? response.text : 'response' },
          });
        },
      },
    };
  },
});

function isUncheckedResponse(read: ts.CallExpression, response: ts.Expression, fetchNames: ReadonlySet<string>, bindings: BindingTracker): boolean {
  if (isFetchCall(skipAwait(response), fetchNames)) return true;
  if (!ts.isIdentifier(response)) return false;
  const binding = bindings.resolve(response);
  if (!binding) return false;
  const initializer = initializerOf(binding);
  const fromFetch = initializer
    ? isFetchCall(skipAwait(initializer), fetchNames)
    : isThenParameterOfFetch(binding.declaration, fetchNames);
  return fromFetch && !isGuarded(read, statusTests(response));
}

/** `fetch(…)`, `window.fetch(…)`, `this.fetch(…)`, or a configured fetch function. */
function isFetchCall(node: ts.Expression, fetchNames: ReadonlySet<string>): boolean {
  return ts.isCallExpression(node) && fetchNames.has(calleeName(node) ?? '');
}

/** The response parameter of `fetch(…).then((res) => …)`. */
function isThenParameterOfFetch(declaration: ts.Node, fetchNames: ReadonlySet<string>): boolean {
  if (!ts.isParameter(declaration)) return false;
  const fn = declaration.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters[0] !== declaration) return false;
  const { parent } = valueParent(fn);
  if (!parent || !ts.isCallExpression(parent) || parent.arguments[0] !== valueParent(fn).child || calleeName(parent) !== 'then') return false;
  const callee = skipParentheses(parent.expression);
  return ts.isPropertyAccessExpression(callee) && isFetchCall(skipParentheses(callee.expression), fetchNames);
}

/** A branch on `response.ok` or `response.status`, or an earlier call of a checking helper with the response. */
function statusTests(response: ts.Identifier): GuardTests {
  return {
    condition: (condition) => mentionsMember(condition, response, STATUS_MEMBERS),
    discriminant: (discriminant) => mentionsMember(discriminant, response, STATUS_MEMBERS),
    statement: (statement) => {
      if (ts.isIfStatement(statement)) return mentionsMember(statement.expression, response, STATUS_MEMBERS);
      if (ts.isSwitchStatement(statement)) return mentionsMember(statement.expression, response, STATUS_MEMBERS);
      return passesToChecker(statement, response);
    },
  };
}

/** `assertOk(res);`, `await ensureSuccess(res);`, `const checked = await checkStatus(res);` */
function passesToChecker(statement: ts.Statement, response: ts.Identifier): boolean {
  let expression: ts.Expression | undefined;
  if (ts.isExpressionStatement(statement)) expression = statement.expression;
  else if (ts.isVariableStatement(statement)) expression = statement.declarationList.declarations[0]?.initializer;
  if (!expression) return false;
  const call = skipAwait(expression);
  if (!ts.isCallExpression(call)) return false;
  const name = calleeName(call);
  return (
    name !== undefined &&
    CHECKER_NAME.test(name) &&
    call.arguments.some((argument) => {
      const value = skipParentheses(argument);
      return ts.isIdentifier(value) && value.text === response.text;
    })
  );
}
