import ts from 'typescript';
import { defineRule } from '../src/rule/types.js';
import {
  commentsAround,
  commentsBetween,
  compilePattern,
  enclosingStatement,
  isFunctionNode,
  isLoggingCall,
  isLoggingReference,
  isLoggingStatement,
  memberName,
  outerParent,
  skipOuter,
} from './utils/error-handling.js';

export type MessageId = 'emptyCatch' | 'loggingOnlyCatch' | 'swallowingHandler';
export type Options = [{ allowedCommentPattern: string; reportLoggingOnly: boolean }];

/** Words that explain why an error may be ignored; a comment with one of them marks the catch as deliberate. */
const DEFAULT_COMMENT_PATTERN =
  "\\b(?:ignor(?:e|ed|es|ing)|intentional(?:ly)?|deliberate(?:ly)?|on purpose|expected|best[- ]effort|optional|no-?op|nothing to do|safe(?:ly)? to|harmless|non[- ]?(?:fatal|critical)|not (?:an? )?(?:error|problem|fatal|critical)|fall(?:s|ing)? ?back|may|might|can(?:not|'t)?|fine|ok(?:ay)?|eslint-disable)\\b";

type Swallow = 'empty' | 'logging';

export default defineRule<Options, MessageId>({
  name: 'no-swallowed-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow catch blocks and promise handlers that swallow an error and carry on as if nothing failed',
      recommended: 'recommended',
    },
    category: 'error-handling',
    effortMinutes: 10,
    severity: 'warn',
    precision: 'high',
    messages: {
      emptyCatch:
        'This catch block is empty: the code assumes the failure does not matter, yet the error disappears and the caller carries on with whatever state the try block left. Handle it (rethrow, return or record the error), or say why ignoring it is right in a comment such as `// ignore: best-effort cleanup`.',
      loggingOnlyCatch:
        'This catch block only logs the error and then carries on as if the operation had succeeded: callers cannot tell that it failed and the log line is easy to miss. Rethrow, return a failure the caller checks, or explain in a comment why carrying on is right.',
      swallowingHandler:
        'This handler turns the rejection into `undefined`, and the resolved value is then used as if the operation had succeeded. Let the rejection propagate, return a value the caller checks, or explain in a comment why a missing result is acceptable.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          allowedCommentPattern: {
            type: 'string',
            description:
              'A regular expression (case-insensitive); a comment in the catch block, on its line or right before the try statement that matches it marks the swallowing as deliberate.',
          },
          reportLoggingOnly: {
            type: 'boolean',
            description: 'Also report catch blocks and promise handlers whose only effect is logging.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ allowedCommentPattern: DEFAULT_COMMENT_PATTERN, reportLoggingOnly: true }],
  detect(context, [{ allowedCommentPattern, reportLoggingOnly }]) {
    const { sourceFile } = context;
    const allowed = compilePattern(allowedCommentPattern, 'allowedCommentPattern');
    const isExplained = (comments: string[]): boolean => comments.some((c) => allowed.test(c));

    const checkCatchClause = (node: ts.Node): void => {
      const clause = node as ts.CatchClause;
      const swallow = swallowOfBlock(clause.block, reportLoggingOnly);
      if (!swallow) return;
      const block = clause.block;
      const comments = [
        ...commentsBetween(sourceFile, block.getStart(sourceFile) + 1, block.end - 1),
        ...commentsAround(sourceFile, clause.parent),
        ...commentsAround(sourceFile, clause),
      ];
      if (isExplained(comments)) return;
      context.report({
        start: clause.getStart(sourceFile),
        end: swallow === 'empty' ? clause.end : block.getStart(sourceFile) + 1,
        messageId: swallow === 'empty' ? 'emptyCatch' : 'loggingOnlyCatch',
      });
    };

    const checkCall = (node: ts.Node): void => {
      const call = node as ts.CallExpression;
      const handler = rejectionHandler(call);
      if (!handler || !isSwallowingHandler(handler, reportLoggingOnly) || !isResultUsed(call)) return;
      const comments = [
        ...commentsBetween(sourceFile, handler.getStart(sourceFile), handler.end),
        ...commentsAround(sourceFile, enclosingStatement(call)),
      ];
      if (isExplained(comments)) return;
      context.report({ node: handler, messageId: 'swallowingHandler' });
    };

    return {
      enter: {
        [ts.SyntaxKind.CatchClause]: checkCatchClause,
        [ts.SyntaxKind.CallExpression]: checkCall,
      },
    };
  },
});

/** How a catch block swallows its error, if it does: it is empty, or it only logs. */
function swallowOfBlock(block: ts.Block, reportLoggingOnly: boolean): Swallow | undefined {
  if (block.statements.length === 0) return 'empty';
  if (reportLoggingOnly && block.statements.every(isLoggingStatement)) return 'logging';
  return undefined;
}

/** The rejection handler of `p.catch(h)` or `p.then(f, h)`. */
function rejectionHandler(call: ts.CallExpression): ts.Expression | undefined {
  const method = memberName(call.expression);
  if (method === 'catch' && call.arguments.length === 1) return call.arguments[0];
  if (method === 'then' && call.arguments.length === 2) return call.arguments[1];
  return undefined;
}

/** `() => {}`, `() => undefined`, `console.error`, `(e) => console.error(e)`. */
function isSwallowingHandler(handler: ts.Expression, reportLoggingOnly: boolean): boolean {
  const inner = skipOuter(handler);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
    const body = inner.body;
    if (ts.isBlock(body)) return swallowOfBlock(body, reportLoggingOnly) !== undefined;
    const value = skipOuter(body);
    if (isUndefinedValue(value)) return true;
    return reportLoggingOnly && isLoggingCall(value);
  }
  return reportLoggingOnly && isLoggingReference(inner);
}

function isUndefinedValue(expression: ts.Expression): boolean {
  return (ts.isIdentifier(expression) && expression.text === 'undefined') || ts.isVoidExpression(expression);
}

/**
 * True when the value of the handled promise is used: assigned, returned, passed on, awaited into
 * a value or chained with `.then`. A statement `p.catch(() => {})` only silences the rejection.
 */
function isResultUsed(call: ts.CallExpression): boolean {
  let { child, parent } = outerParent(call);
  while (parent) {
    if (ts.isAwaitExpression(parent)) {
      ({ child, parent } = outerParent(parent));
      continue;
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === child) {
      const call = parent.parent;
      if (parent.name.text !== 'finally' || !ts.isCallExpression(call)) return true;
      ({ child, parent } = outerParent(call));
      continue;
    }
    return !isDiscardingParent(parent, child);
  }
  return false;
}

/** Parents that throw the value away: an expression statement, `void`, a comma's left side, a concise arrow body. */
function isDiscardingParent(parent: ts.Node, child: ts.Node): boolean {
  if (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent)) return true;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.CommaToken) return parent.left === child;
  if (ts.isArrowFunction(parent) || isFunctionNode(parent)) return true;
  return false;
}
