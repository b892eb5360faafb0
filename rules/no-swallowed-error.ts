import { ts, defineRule } from '../src/rule/index.js';
import {
  commentsAround,
  commentsBetween,
  compilePattern,
  enclosingStatement,
  isFunctionNode,
  loggingCallLevel,
  loggingLevel,
  loggingStatementLevel,
  memberName,
  outerParent,
} from './utils/error-handling.js';
import { skipTransparent } from './utils/same-expression.js';
import { isBestEffortTry, isDetachedTail, isPerItemIsolation, statementCall } from './utils/best-effort.js';
import { isBeforeRethrow, isFallbackAssignment, isResultChecked, isUndefinedValue } from './utils/failure-fallback.js';

export type MessageId = 'emptyCatch' | 'loggingOnlyCatch' | 'swallowingHandler';
export type Options = [
  {
    allowedCommentPattern: string;
    allowCommentedEmptyCatch: boolean;
    allowedParameterPattern: string;
    loggingMethods: string[];
    allowBestEffort: boolean;
  },
];

/** Words that explain why an error may be ignored; a comment with one of them marks the catch as deliberate. */
const DEFAULT_COMMENT_PATTERN =
  "\\b(?:ignor(?:e|ed|es|ing)|intentional(?:ly)?|deliberate(?:ly)?|on purpose|expected|best[- ]effort|optional|no-?op|nothing to do|safe(?:ly)? to|harmless|non[- ]?(?:fatal|critical)|not (?:an? )?(?:error|problem|fatal|critical)|fall(?:s|ing)? ?back|skip(?:s|ped|ping)?|continue|unsupported|not supported|(?:un|not )available|already|(?:does ?n[o']t|not) exist|missing|not found|no need|silent(?:ly)?|may|might|can(?:not|'t)?|fine|ok(?:ay)?|mov(?:e|ing) on|carry on|keep going|proceed(?:s|ing)?|regardless|anyway|(?:does ?n[o']t|not) matter|(?:should|must|would|will|can|do|does) ?n[o']t (?:break|block|fail|crash|stop|throw|prevent|affect|interrupt)|never (?:break|block|fail|crash|stop|throw)|non[- ]?blocking|fire[- ]and[- ]forget|graceful(?:ly)?|tolerat(?:e|ed|es|ing)|eslint-disable)\\b";

/** Comments that promise handling instead of explaining its absence; they do not excuse an empty catch block. */
const PLACEHOLDER_COMMENT = /^\/[/*]\s*(?:todo|fixme|xxx|hack)\b|\bhandle (?:the |this )?(?:error|exception|it)\b/iu;

/** A log line that says the failure is handled by carrying on: "using fallback answers", "skipping", "will retry later". */
const LOGGED_REASON = /\b(?:fall(?:ing)? ?back|fallback|using (?:the )?defaults?|ignor(?:e|ed|ing)|skipp(?:ed|ing)|best[- ]effort|non[- ]?fatal|retry(?:ing)? later|will retry)\b/iu;

/** Logging levels that report a failure; a catch that only logs a warning or below records a decision that the failure is not fatal. */
const DEFAULT_LOGGING_METHODS = ['log', 'error', 'exception', 'fatal', 'critical', 'trace'];

type Swallow = 'empty' | 'logging';

export default defineRule<Options, MessageId>({
  name: 'no-swallowed-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow catch blocks and promise handlers that swallow an error and carry on as if nothing failed',
      recommended: 'strict',
    },
    category: 'error-handling',
    effortMinutes: 10,
    severity: 'warn',
    precision: 'low',
    fileRoles: ['product', 'migration'],
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
          allowCommentedEmptyCatch: {
            type: 'boolean',
            description:
              "Accept an empty catch block that contains any comment other than a placeholder (`TODO`, `FIXME`, 'handle the error'), as ESLint's no-empty does; when false, its comment must match allowedCommentPattern.",
          },
          allowedParameterPattern: {
            type: 'string',
            description: 'A regular expression (case-insensitive); a catch parameter whose name matches it (such as `_` or `ignored`) marks the swallowing as deliberate.',
          },
          loggingMethods: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Logging methods (`console.error`, `logger.log`, …) that count as swallowing when a catch block or handler does nothing else; an empty list reports empty catch blocks and handlers only.',
          },
          allowBestEffort: {
            type: 'boolean',
            description:
              'Accept the forms of deliberate best effort: a try block that only tracks analytics, touches browser storage, notifies or cleans up after the main work; a synchronous try that forms the whole body of a loop or per-item callback; a catch that logs at the end of a callback nobody awaits (a timer, an un-awaited async IIFE).',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [
    {
      allowedCommentPattern: DEFAULT_COMMENT_PATTERN,
      allowCommentedEmptyCatch: true,
      allowedParameterPattern: '^(?:_|ignored?$)',
      loggingMethods: DEFAULT_LOGGING_METHODS,
      allowBestEffort: true,
    },
  ],
  detect(context, [{ allowedCommentPattern, allowCommentedEmptyCatch, allowedParameterPattern, loggingMethods, allowBestEffort }]) {
    const { sourceFile } = context;
    const allowed = compilePattern(allowedCommentPattern, 'allowedCommentPattern');
    const allowedParameter = compilePattern(allowedParameterPattern, 'allowedParameterPattern');
    const reported = new Set(loggingMethods);
    const isExplained = (comments: string[]): boolean => comments.some((c) => allowed.test(c));

    const checkCatchClause = (node: ts.Node): void => {
      const clause = node as ts.CatchClause;
      const swallow = swallowOfBlock(clause.block, reported);
      if (!swallow) return;
      const parameter = clause.variableDeclaration?.name;
      if (parameter && ts.isIdentifier(parameter) && allowedParameter.test(parameter.text)) return;
      const block = clause.block;
      const inside = commentsBetween(sourceFile, block.getStart(sourceFile) + 1, block.end - 1);
      if (allowCommentedEmptyCatch && swallow === 'empty' && inside.some((comment) => !PLACEHOLDER_COMMENT.test(comment))) return;
      if (isExplained([...inside, ...commentsAround(sourceFile, clause.parent), ...commentsAround(sourceFile, clause)])) return;
      if (isDeliberate(clause, swallow, allowBestEffort)) return;
      context.report({
        start: clause.getStart(sourceFile),
        end: swallow === 'empty' ? clause.end : block.getStart(sourceFile) + 1,
        messageId: swallow === 'empty' ? 'emptyCatch' : 'loggingOnlyCatch',
      });
    };

    const checkCall = (node: ts.Node): void => {
      const call = node as ts.CallExpression;
      const handler = rejectionHandler(call);
      if (!handler || !isSwallowingHandler(handler, reported) || !isResultUsed(call) || isResultChecked(call)) return;
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

/**
 * A swallowing catch whose shape says it is meant: its log line states the recovery, the original
 * error is rethrown after it, the try only computes a value that keeps a default, or (with
 * `allowBestEffort`) the try is best effort, per-item isolation or the tail of a detached callback.
 */
function isDeliberate(clause: ts.CatchClause, swallow: Swallow, allowBestEffort: boolean): boolean {
  const tryStatement = clause.parent as ts.TryStatement;
  if (swallow === 'logging' && logsReason(clause.block)) return true;
  if (isBeforeRethrow(tryStatement) || isFallbackAssignment(tryStatement)) return true;
  if (!allowBestEffort) return false;
  return isBestEffortTry(tryStatement) || isPerItemIsolation(tryStatement) || (swallow === 'logging' && isDetachedTail(tryStatement));
}

/** How a catch block swallows its error, if it does: it is empty, or it only logs at a reported level. */
function swallowOfBlock(block: ts.Block, reported: ReadonlySet<string>): Swallow | undefined {
  if (block.statements.length === 0) return 'empty';
  const levels = block.statements.map(loggingStatementLevel);
  if (levels.every((level) => level !== undefined) && levels.some((level) => reported.has(level!))) return 'logging';
  return undefined;
}

/** The rejection handler of `p.catch(h)` or `p.then(f, h)`. */
function rejectionHandler(call: ts.CallExpression): ts.Expression | undefined {
  const method = memberName(call.expression);
  if (method === 'catch' && call.arguments.length === 1) return call.arguments[0];
  // `p.then(() => undefined, () => undefined)` discards the value either way: nothing uses it
  if (method === 'then' && call.arguments.length === 2 && !isDiscardingHandler(call.arguments[0])) return call.arguments[1];
  return undefined;
}

function isDiscardingHandler(handler: ts.Expression): boolean {
  const inner = skipTransparent(handler);
  if (!ts.isArrowFunction(inner) && !ts.isFunctionExpression(inner)) return false;
  return ts.isBlock(inner.body) ? inner.body.statements.length === 0 : isUndefinedValue(skipTransparent(inner.body));
}

/** `() => {}`, `() => undefined`, `console.error`, `(e) => console.error(e)`. */
function isSwallowingHandler(handler: ts.Expression, reported: ReadonlySet<string>): boolean {
  const inner = skipTransparent(handler);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
    const body = inner.body;
    if (ts.isBlock(body)) return swallowOfBlock(body, reported) !== undefined;
    const value = skipTransparent(body);
    if (isUndefinedValue(value)) return true;
    const level = loggingCallLevel(value);
    return level !== undefined && reported.has(level);
  }
  const level = loggingLevel(inner);
  return level !== undefined && reported.has(level);
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

/** A catch whose log line states the recovery in its text (`logger.warn('cache down, using defaults')`). */
function logsReason(block: ts.Block): boolean {
  return block.statements.some((statement) => {
    const call = statementCall(statement);
    return call !== undefined && call.arguments.some((arg) => {
      const value = skipTransparent(arg);
      return (ts.isStringLiteralLike(value) || ts.isTemplateExpression(value)) && LOGGED_REASON.test(value.getText());
    });
  });
}
