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
  mentionsName,
  outerParent,
} from './utils/error-handling.js';
import { skipTransparent } from './utils/same-expression.js';

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

/**
 * An empty or logging catch inside a catch or finally block (possibly under an `if`) that goes on
 * to throw: the classic `catch (error) { try { await rollback(); } catch {} throw error; }`. The
 * original failure is rethrown on purpose; only the secondary one is dropped so that it cannot
 * mask the first.
 */
function isBeforeRethrow(tryStatement: ts.TryStatement): boolean {
  let child: ts.Node = tryStatement;
  for (let parent = child.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent)) continue;
    if (!ts.isBlock(parent)) return false;
    const owner = parent.parent;
    if (ts.isCatchClause(owner) || (ts.isTryStatement(owner) && owner.finallyBlock === parent)) {
      return parent.statements.slice(parent.statements.indexOf(child as ts.Statement) + 1).some(containsThrow);
    }
    if (!ts.isIfStatement(owner)) return false;
  }
  return false;
}

function containsThrow(node: ts.Node): boolean {
  return containsNode(node, ts.isThrowStatement);
}

/**
 * A try that computes a value into a variable declared before it, which keeps a default when the
 * try fails: the variable has an initialiser (`let data = UNKNOWN`), or the statement right after
 * the try tests it (`if (!data) return`, `data ?? fallback`) or gives it a default
 * (`path = DEFAULT_PATH`). The failure is handled as "no value".
 */
function isFallbackAssignment(tryStatement: ts.TryStatement): boolean {
  const assigned = assignedNames(tryStatement.tryBlock);
  if (assigned.size === 0) return false;
  const next = nextStatement(tryStatement);
  if (next && [...assigned].some((name) => testsName(next, name) || assignsName(next, name))) return true;
  const block = tryStatement.parent;
  if (!ts.isBlock(block) && !ts.isSourceFile(block)) return false;
  return block.statements.slice(0, block.statements.indexOf(tryStatement)).some((statement) => declaresWithDefault(statement, assigned));
}

/** The statement that runs after this one: its next sibling, or the one after the enclosing `if` when it ends a branch. */
function nextStatement(statement: ts.Statement): ts.Statement | undefined {
  let current: ts.Statement = statement;
  for (;;) {
    const parent = current.parent;
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
      const next = parent.statements[parent.statements.indexOf(current) + 1];
      if (next || !ts.isBlock(parent) || !ts.isIfStatement(parent.parent)) return next;
      current = parent.parent;
    } else if (ts.isIfStatement(parent)) {
      current = parent;
    } else {
      return undefined;
    }
  }
}

/** `name = value;`: a default written when the try did not produce one. */
function assignsName(statement: ts.Statement, name: string): boolean {
  if (!ts.isExpressionStatement(statement)) return false;
  const value = skipTransparent(statement.expression);
  return ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(value.left) && value.left.text === name;
}

/** Names assigned with `=` in a block (outside nested functions). */
function assignedNames(block: ts.Block): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node)) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) names.add(node.left.text);
    ts.forEachChild(node, visit);
  };
  visit(block);
  return names;
}

/** `let x = value` (not `let x;` nor `let x = undefined`) for one of the names. */
function declaresWithDefault(statement: ts.Statement, names: ReadonlySet<string>): boolean {
  if (!ts.isVariableStatement(statement)) return false;
  return statement.declarationList.declarations.some(
    (decl) => ts.isIdentifier(decl.name) && names.has(decl.name.text) && decl.initializer !== undefined && !isUndefinedValue(skipTransparent(decl.initializer)),
  );
}

/**
 * Whether a statement examines a name: an `if` whose condition mentions it, or a `??`/`||` or
 * conditional with the name on its left or as its test (`return data ?? fallback`).
 */
function testsName(statement: ts.Statement, name: string): boolean {
  if (ts.isIfStatement(statement)) return mentionsName(statement.expression, name);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionNode(node)) return;
    if (ts.isBinaryExpression(node) && isFallbackOperator(node.operatorToken.kind) && mentionsName(node.left, name)) found = true;
    else if (ts.isConditionalExpression(node) && mentionsName(node.condition, name)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

function isFallbackOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken;
}

/**
 * A handled promise whose value is checked at once: the left side of `??`/`||`
 * (`(await cache.get(k).catch(() => undefined)) || compute()`), or a constant that the next
 * statement tests (`const hit = await …catch(() => null); if (!hit) …`).
 */
function isResultChecked(call: ts.CallExpression): boolean {
  let { child, parent } = outerParent(call);
  if (ts.isAwaitExpression(parent)) ({ child, parent } = outerParent(parent));
  if (ts.isBinaryExpression(parent) && isFallbackOperator(parent.operatorToken.kind) && parent.left === child) return true;
  if (!ts.isVariableDeclaration(parent) || !ts.isIdentifier(parent.name)) return false;
  const statement = parent.parent.parent;
  const block = statement.parent;
  if (!ts.isVariableStatement(statement) || !(ts.isBlock(block) || ts.isSourceFile(block))) return false;
  const next = block.statements[block.statements.indexOf(statement) + 1];
  return next !== undefined && testsName(next, parent.name.text);
}

/** Words of side effects whose failure must not fail the work around them: analytics, telemetry, notifications. */
const SIDE_EFFECT_WORDS = new Set(['track', 'tracking', 'capture', 'analytics', 'telemetry', 'metric', 'metrics', 'notify', 'notification', 'notifications', 'alert', 'alerts', 'beacon']);
/** Callees that clean up after the main work: deleting a temporary file, closing a handle, clearing a cache. */
const CLEANUP_CALL =
  /^(?:delete|remove|unlink|rm|rmdir|clear|clean(?:up|Up)?|dispose|destroy|revoke|release|close|unsubscribe|disconnect|abort|cancel|terminate|kill|purge|evict|invalidate)(?:[A-Z_]|$)/u;
const BROWSER_STORAGE = /^(?:local|session)Storage$/u;

/**
 * A try block of best-effort side effects, whose failure should not fail what the function does
 * (logging it is the handling): it opens with an access to `localStorage`/`sessionStorage`
 * (which throws when storage is disabled); or its calls are analytics, tracking or notification
 * calls (with the assignments and `if`s around them), or, after the function's main work,
 * clean-up calls; or it is the whole body of a function named for such a side effect
 * (`trackEvent`, `sendUsageAlert`).
 */
function isBestEffortTry(tryStatement: ts.TryStatement): boolean {
  const statements = tryStatement.tryBlock.statements;
  if (statements.length === 0) return false;
  if (mentionsStorage(statements[0])) return true;
  if (isWholeBodyOfSideEffect(tryStatement)) return true;
  const cleanupAllowed = !isFirstInFunction(tryStatement);
  const calls = statements.flatMap((statement) => sideEffectCalls(statement, cleanupAllowed) ?? [undefined]);
  if (calls.length === 0 || calls.includes(undefined)) return false;
  const declared = statements.flatMap((statement) => (ts.isVariableStatement(statement) ? statement.declarationList.declarations : []));
  return declared.every((decl) => ts.isIdentifier(decl.name) && calls.some((call) => mentionsName(call!, (decl.name as ts.Identifier).text)));
}

/**
 * The best-effort calls of a statement of the try, or undefined when it does other work: a
 * side-effect call (possibly awaited), an `if` whose branches hold only such statements, a
 * declaration (checked by the caller to feed a side effect) or an assignment without calls.
 */
function sideEffectCalls(statement: ts.Statement, cleanupAllowed: boolean): ts.CallExpression[] | undefined {
  if (ts.isVariableStatement(statement)) return [];
  if (ts.isBlock(statement)) return allSideEffectCalls(statement.statements, cleanupAllowed);
  if (ts.isIfStatement(statement)) {
    const branches = [statement.thenStatement, ...(statement.elseStatement ? [statement.elseStatement] : [])];
    return allSideEffectCalls(branches, cleanupAllowed);
  }
  const call = statementCall(statement);
  if (call) return isSideEffectCall(call, cleanupAllowed) ? [call] : undefined;
  if (ts.isExpressionStatement(statement) && isPlainAssignment(statement.expression)) return [];
  return undefined;
}

function allSideEffectCalls(statements: readonly ts.Statement[], cleanupAllowed: boolean): ts.CallExpression[] | undefined {
  const found: ts.CallExpression[] = [];
  for (const statement of statements) {
    const calls = sideEffectCalls(statement, cleanupAllowed);
    if (!calls) return undefined;
    found.push(...calls);
  }
  return found;
}

function isSideEffectCall(call: ts.CallExpression, cleanupAllowed: boolean): boolean {
  const callee = skipTransparent(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
  const owner = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? ownerName(callee.expression) : undefined;
  if (owner !== undefined && (BROWSER_STORAGE.test(owner) || hasSideEffectWord(owner))) return true;
  if (name !== undefined && hasSideEffectWord(name)) return true;
  return cleanupAllowed && name !== undefined && CLEANUP_CALL.test(name);
}

/** Whether a camelCase or snake_case name has a word of the side-effect vocabulary (`trackEvent`, `sendUsageAlert`). */
function hasSideEffectWord(name: string): boolean {
  return name
    .split(/(?=[A-Z])|_/u)
    .some((word) => SIDE_EFFECT_WORDS.has(word.toLowerCase()));
}

/** `x = value` or `obj.x = value` with no call on the right: bookkeeping next to a side effect. */
function isPlainAssignment(expression: ts.Expression): boolean {
  const value = skipTransparent(expression);
  return ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken && !containsCall(value.right);
}

function containsCall(node: ts.Node): boolean {
  return containsNode(node, (n) => ts.isCallExpression(n) || ts.isNewExpression(n) || ts.isAwaitExpression(n));
}

/** Whether a node or one of its descendants (outside nested functions) passes the test. */
function containsNode(node: ts.Node, test: (node: ts.Node) => boolean): boolean {
  if (test(node)) return true;
  if (isFunctionNode(node)) return false;
  return ts.forEachChild(node, (child) => (containsNode(child, test) ? true : undefined)) ?? false;
}

function mentionsStorage(node: ts.Node): boolean {
  if (ts.isIdentifier(node)) return BROWSER_STORAGE.test(node.text);
  if (isFunctionNode(node)) return false;
  return ts.forEachChild(node, (child) => (mentionsStorage(child) ? true : undefined)) ?? false;
}

/** The try is all a function named for a side effect does (possibly under an `if`). */
function isWholeBodyOfSideEffect(tryStatement: ts.TryStatement): boolean {
  let child: ts.Node = tryStatement;
  for (let parent = child.parent; parent; child = parent, parent = parent.parent) {
    if (isFunctionNode(parent)) {
      const name = functionName(parent);
      return name !== undefined && hasSideEffectWord(name);
    }
    if (ts.isBlock(parent) && parent.statements.length !== 1) return false;
    if (!ts.isBlock(parent) && !ts.isIfStatement(parent)) return false;
  }
  return false;
}

/** The name a function is known by: its own, or that of the variable or property it is assigned to. */
function functionName(fn: ts.Node): string | undefined {
  const named = (fn as ts.FunctionLikeDeclaration).name;
  if (named && ts.isIdentifier(named)) return named.text;
  const { parent } = outerParent(fn);
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** The call a statement makes, possibly awaited: `await storage.remove(key);`. */
function statementCall(statement: ts.Statement): ts.CallExpression | undefined {
  if (!ts.isExpressionStatement(statement)) return undefined;
  let value = skipTransparent(statement.expression);
  if (ts.isAwaitExpression(value) || ts.isVoidExpression(value)) value = skipTransparent(value.expression);
  return ts.isCallExpression(value) ? value : undefined;
}

/** The last name of `window.localStorage` or `this.analytics`. */
function ownerName(expression: ts.Expression): string | undefined {
  const inner = skipTransparent(expression);
  if (ts.isIdentifier(inner)) return inner.text;
  return memberName(inner);
}

/** True when nothing runs before the statement in its function (it is the function's first work). */
function isFirstInFunction(node: ts.Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isFunctionNode(parent) || ts.isSourceFile(parent)) return true;
    if (ts.isBlock(parent) && parent.statements.indexOf(child as ts.Statement) > 0) return false;
    if (ts.isCatchClause(parent) || (ts.isTryStatement(parent) && parent.finallyBlock === child)) return false;
  }
  return true;
}

/**
 * A synchronous try that ends the body of a loop or of a per-item callback (`forEach`, `map`, …),
 * after nothing but guards (`if (skip) return;`) and declarations: one bad item must not stop the
 * others (a renderer drawing each element, a parser reading each line). Awaited work per item is
 * not covered: dropping a failed send or charge per item is what the rule is for.
 */
function isPerItemIsolation(tryStatement: ts.TryStatement): boolean {
  if (containsAwait(tryStatement.tryBlock)) return false;
  let statement: ts.Statement = tryStatement;
  for (;;) {
    const parent = statement.parent;
    if (ts.isIterationStatement(parent, false)) return true;
    if (!ts.isBlock(parent) || !isItemBody(parent, statement)) return false;
    const owner = parent.parent;
    if (ts.isIterationStatement(owner, false)) return true;
    if (isFunctionNode(owner)) {
      const { parent: user } = outerParent(owner);
      return ts.isCallExpression(user) && PER_ITEM_METHODS.has(memberName(skipTransparent(user.expression)) ?? '');
    }
    if (!ts.isIfStatement(owner)) return false;
    statement = owner;
  }
}

/** The statement ends the block, after only guards that leave early and declarations without await. */
function isItemBody(block: ts.Block, last: ts.Statement): boolean {
  if (block.statements.at(-1) !== last) return false;
  return block.statements.slice(0, -1).every(
    (statement) => (ts.isVariableStatement(statement) && !containsAwait(statement)) || (ts.isIfStatement(statement) && !statement.elseStatement && leavesEarly(statement.thenStatement)),
  );
}

function leavesEarly(statement: ts.Statement): boolean {
  if (ts.isBlock(statement)) return statement.statements.length > 0 && leavesEarly(statement.statements.at(-1)!);
  return ts.isReturnStatement(statement) || ts.isContinueStatement(statement);
}

const PER_ITEM_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'some', 'every']);

function containsAwait(node: ts.Node): boolean {
  return containsNode(node, (n) => ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier !== undefined));
}

/** Calls that run their function argument later, with nobody to report a failure to. */
const DETACHING_CALLS = new Set(['setTimeout', 'setImmediate', 'queueMicrotask', 'nextTick', 'requestIdleCallback', 'waitUntil', 'after']);

/**
 * A try that ends a function whose result nobody receives: a timer or `waitUntil` callback, or an
 * async function called on the spot as a statement. There is no caller to rethrow to (a rethrow
 * only becomes an unhandled rejection), so logging is the handling.
 */
function isDetachedTail(tryStatement: ts.TryStatement): boolean {
  const body = tryStatement.parent;
  if (!ts.isBlock(body) || body.statements.at(-1) !== tryStatement || !isFunctionNode(body.parent)) return false;
  const { child, parent } = outerParent(body.parent);
  if (ts.isCallExpression(parent)) {
    if (parent.expression === child) {
      const use = outerParent(parent);
      return ts.isExpressionStatement(use.parent) || ts.isVoidExpression(use.parent) || (ts.isCallExpression(use.parent) && isDetachingCall(use.parent));
    }
    return isDetachingCall(parent);
  }
  return false;
}

function isDetachingCall(call: ts.CallExpression): boolean {
  const callee = skipTransparent(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
  return name !== undefined && DETACHING_CALLS.has(name);
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
