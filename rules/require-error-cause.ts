import { ts, defineRule, type Suggestion } from '../src/rule/index.js';
import { BUILT_IN_ERRORS, compilePattern, errorConstructorName, isFunctionNode, loggingLevel, memberName } from './utils/error-handling.js';
import { skipTransparent } from './utils/same-expression.js';

export type MessageId = 'missingCause' | 'addCause';
export type Options = [{ allowUseInMessage: boolean; ignoredNamePattern: string }];

export default defineRule<Options, MessageId>({
  name: 'require-error-cause',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an error thrown from a catch block to keep the caught error as its cause',
      recommended: 'recommended',
    },
    category: 'error-handling',
    effortMinutes: 5,
    severity: 'warn',
    precision: 'high',
    hasSuggestions: true,
    messages: {
      missingCause:
        "This {{ error }} replaces the caught '{{ name }}' without keeping it{{ also }}: the original message and stack are lost, so whoever reads the failure cannot see what really went wrong. {{ fix }}",
      addCause: 'Add `{ cause: {{ name }} }` to the new error.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          allowUseInMessage: {
            type: 'boolean',
            description:
              "Accept a new error that uses the caught error only in its message (`new Error(`failed: ${e.message}`)`); when false, the caught error must be passed itself, as `cause` or as an argument.",
          },
          ignoredNamePattern: {
            type: 'string',
            description:
              'A regular expression; a caught error whose name matches it (`_err`) is deliberately left out of the new error and not reported.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ allowUseInMessage: true, ignoredNamePattern: '^_' }],
  detect(context, [{ allowUseInMessage, ignoredNamePattern }]) {
    const { sourceFile, checker } = context;
    const ignoredName = compilePattern(ignoredNamePattern, 'ignoredNamePattern');
    const constructors = new Map<string, ts.ConstructorDeclaration | null>();
    /** Per catch clause, the throws that drop its error: one finding per clause, at the first. */
    const pending = new Map<ts.CatchClause, { creation: ts.NewExpression | ts.CallExpression; error: string; caught: string }[]>();
    return {
      enter: {
        [ts.SyntaxKind.ClassDeclaration]: (node) => {
          const declaration = node as ts.ClassDeclaration;
          if (declaration.name) constructors.set(declaration.name.text, declaration.members.find(ts.isConstructorDeclaration) ?? null);
        },
        [ts.SyntaxKind.ThrowStatement]: (node) => {
          const thrown = skipTransparent((node as ts.ThrowStatement).expression);
          const error = errorConstructorName(thrown);
          if (!error) return;
          const clause = enclosingCatch(node);
          const binding = clause?.variableDeclaration?.name;
          if (!clause || !binding || !ts.isIdentifier(binding) || ignoredName.test(binding.text)) return;
          const caught = binding.text;
          const derived = derivedNames(node, clause, caught);
          if (isExaminedTranslation(node, clause, derived)) return;
          if (isRecordedBefore(node, clause, caught) || isParseOnly(clause.parent as ts.TryStatement)) return;
          const creation = thrown as ts.NewExpression | ts.CallExpression;
          const names = allowUseInMessage ? derived : new Set([caught]);
          if (keepsCaughtError(creation.arguments ?? [], caught, names, allowUseInMessage)) return;
          pending.set(clause, [...(pending.get(clause) ?? []), { creation, error, caught }]);
        },
      },
      end: () => {
        for (const [{ creation, error, caught }, ...others] of pending.values()) {
          const suggest = BUILT_IN_ERRORS.has(error) ? causeSuggestion(sourceFile, creation, error, caught) : undefined;
          const withoutOptions = !BUILT_IN_ERRORS.has(error) && takesNoOptions(creation, error, constructors, checker);
          const lines = others.map((other) => sourceFile.getLineAndCharacterOfPosition(other.creation.getStart(sourceFile)).line + 1);
          const also = lines.length === 0 ? '' : ` (as does the throw on ${lines.length === 1 ? 'line' : 'lines'} ${lines.join(', ')} of this catch block)`;
          context.report({
            node: creation,
            messageId: 'missingCause',
            data: { name: caught, error: error === 'Error' ? 'new error' : `new ${error}`, fix: fixAdvice(caught, error, withoutOptions), also },
            ...(suggest ? { suggest: [suggest] } : {}),
          });
        }
      },
    };
  },
});

/** The nearest catch clause around a throw, unless a function lies between them. */
function enclosingCatch(node: ts.Node): ts.CatchClause | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return undefined;
    if (ts.isCatchClause(current)) return current;
  }
  return undefined;
}

/**
 * A throw in a branch whose condition examines the caught error (`if (e.code === 'ETIMEDOUT')`,
 * `if (axios.isCancel(e))`), directly or through a variable computed from it
 * (`const isDuplicate = e instanceof DbError && e.code === '23505'; if (isDuplicate) throw …`),
 * translates a failure the code has recognised: deliberate, not lost.
 */
function isExaminedTranslation(throwNode: ts.Node, clause: ts.CatchClause, names: ReadonlySet<string>): boolean {
  const examines = (condition: ts.Expression): boolean => [...names].some((name) => mentions(condition, name));
  for (let child: ts.Node = throwNode, current = throwNode.parent; current && current !== clause; child = current, current = current.parent) {
    if (ts.isIfStatement(current) && current.thenStatement === child && examines(current.expression)) return true;
    if (ts.isConditionalExpression(current) && current.condition !== child && examines(current.condition)) return true;
  }
  return false;
}

/**
 * The caught error's name and the names of variables declared or assigned from it before the
 * throw (`const message = e instanceof Error ? e.message : String(e)`, `lastError = e`), in the
 * blocks between the catch clause and the throw.
 */
function derivedNames(throwNode: ts.Node, clause: ts.CatchClause, caught: string): Set<string> {
  const names = new Set([caught]);
  const fromNames = (value: ts.Expression): boolean => [...names].some((name) => mentions(value, name));
  for (const statement of statementsBefore(throwNode, clause)) {
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (ts.isIdentifier(decl.name) && decl.initializer && fromNames(decl.initializer)) names.add(decl.name.text);
      }
    } else if (ts.isExpressionStatement(statement)) {
      const value = skipTransparent(statement.expression);
      if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(value.left) && fromNames(value.right)) {
        names.add(value.left.text);
      }
    }
  }
  return names;
}

/** The statements that run before a throw in the blocks between the catch clause and it, outermost first. */
function statementsBefore(throwNode: ts.Node, clause: ts.CatchClause): ts.Statement[] {
  const blocks: { block: ts.Block; child: ts.Node }[] = [];
  for (let child: ts.Node = throwNode, current = throwNode.parent; current && current !== clause; child = current, current = current.parent) {
    if (ts.isBlock(current)) blocks.push({ block: current, child });
  }
  return blocks.reverse().flatMap(({ block, child }) => block.statements.slice(0, block.statements.indexOf(child as ts.Statement)));
}

/** Calls that hand an error to a tracker: `captureException(e)`, `reportError(e)`, `recordError(e)`. */
const REPORTING_CALL = /^(?:capture|report|record|track|notify)(?:Exception|Error)$/u;

/**
 * The catch logs or reports the caught error itself before the throw (`console.error(e)`,
 * `logger.error({ error }, '…')`, `captureException(e)`): the original is on record, and the
 * new error is a deliberate translation (often for a user). Logging only `e.message` does not
 * count, since the stack is lost.
 */
function isRecordedBefore(throwNode: ts.Node, clause: ts.CatchClause, caught: string): boolean {
  return statementsBefore(throwNode, clause).some((statement) => {
    if (!ts.isExpressionStatement(statement)) return false;
    let value = skipTransparent(statement.expression);
    if (ts.isAwaitExpression(value)) value = skipTransparent(value.expression);
    if (!ts.isCallExpression(value)) return false;
    const callee = skipTransparent(value.expression);
    const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
    const records = loggingLevel(value.expression) !== undefined || (name !== undefined && REPORTING_CALL.test(name));
    return records && value.arguments.some((arg) => passesWhole(arg, caught));
  });
}

/** Whether an argument hands over the error itself: `e`, `{ error }`, `{ err: e }`, `{ ...fields(e) }`, `toFields(e)`. */
function passesWhole(argument: ts.Node, caught: string): boolean {
  const value = ts.isExpression(argument) ? skipTransparent(argument) : argument;
  if (ts.isIdentifier(value)) return value.text === caught;
  if (ts.isObjectLiteralExpression(value)) {
    return value.properties.some((property) => {
      if (ts.isShorthandPropertyAssignment(property)) return property.name.text === caught;
      if (ts.isPropertyAssignment(property)) return passesWhole(property.initializer, caught);
      if (ts.isSpreadAssignment(property)) return passesWhole(property.expression, caught);
      return false;
    });
  }
  if (ts.isArrayLiteralExpression(value)) return value.elements.some((element) => passesWhole(element, caught));
  if (ts.isCallExpression(value)) return value.arguments.some((arg) => passesWhole(arg, caught));
  return false;
}

/** Calls whose failure is a statement about their input: `JSON.parse`, `res.json()`, `parseX`, `decodeX`, `new URL`. */
const PARSE_CALL = /^(?:parse\w*|safeParse\w*|json|decode\w*|atob)$/u;
/** Encodings with which `Buffer.from(text, encoding)` decodes text. */
const DECODING = new Set(['base64', 'base64url', 'hex', 'utf8', 'utf-8', 'latin1', 'binary', 'ascii']);

/**
 * A try that only parses input (every call in it is a parse or a decode, or it only reads
 * properties; it may throw errors of its own): its failure is exactly what the new error says
 * (`invalid settings file`, `not a valid URL`, `the cursor is invalid`), and the parser's message
 * adds little.
 */
function isParseOnly(tryStatement: ts.TryStatement): boolean {
  let parsesOnly = true;
  const visit = (node: ts.Node): void => {
    if (!parsesOnly || isFunctionNode(node)) return;
    if (ts.isCallExpression(node)) {
      const callee = skipTransparent(node.expression);
      const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
      if (!isDecoding(node) && (name === undefined || !PARSE_CALL.test(name))) parsesOnly = false;
    } else if (ts.isNewExpression(node)) {
      const callee = skipTransparent(node.expression);
      if (!ts.isIdentifier(callee) || (callee.text !== 'URL' && errorConstructorName(node) === undefined)) parsesOnly = false;
    }
    ts.forEachChild(node, visit);
  };
  visit(tryStatement.tryBlock);
  return parsesOnly;
}

/** `Buffer.from(text, 'base64')`, and `.toString(…)` of it: decoding text, which fails only on its input. */
function isDecoding(call: ts.CallExpression): boolean {
  const callee = skipTransparent(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  if (callee.name.text === 'toString') {
    const receiver = skipTransparent(callee.expression);
    return ts.isCallExpression(receiver) && isDecoding(receiver);
  }
  const encoding = call.arguments[1];
  return (
    callee.name.text === 'from' &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Buffer' &&
    encoding !== undefined &&
    ts.isStringLiteralLike(encoding) &&
    DECODING.has(encoding.text.toLowerCase())
  );
}

/**
 * Whether the thrown class visibly takes no options argument: a class of this file whose
 * constructor has at most one parameter, or (with type information) one whose every construct
 * signature does. Then `{ cause }` cannot simply be passed.
 */
function takesNoOptions(
  creation: ts.NewExpression | ts.CallExpression,
  error: string,
  constructors: ReadonlyMap<string, ts.ConstructorDeclaration | null>,
  checker: ts.TypeChecker | undefined,
): boolean {
  const declared = constructors.get(error);
  if (declared) return declared.parameters.length <= 1 && !declared.parameters.some((p) => p.dotDotDotToken);
  if (!checker || !ts.isNewExpression(creation)) return false;
  const signatures = checker.getTypeAtLocation(creation.expression).getConstructSignatures();
  return signatures.length > 0 && signatures.every((signature) => signature.parameters.length <= 1 && !hasRestParameter(signature));
}

function hasRestParameter(signature: ts.Signature): boolean {
  const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
  return declaration?.parameters?.some((parameter) => parameter.dotDotDotToken !== undefined) ?? false;
}

function fixAdvice(caught: string, error: string, withoutOptions: boolean): string {
  if (withoutOptions) {
    return `${error}'s constructor takes no options argument: give it one that it forwards to \`super(message, options)\`, then pass \`{ cause: ${caught} }\`.`;
  }
  return `Pass \`{ cause: ${caught} }\` as the error's options (or hand '${caught}' to the error's constructor).`;
}

/** Whether the new error sets a `cause`, or its arguments mention the caught error in a way the option accepts. */
function keepsCaughtError(args: readonly ts.Expression[], caught: string, names: ReadonlySet<string>, allowUseInMessage: boolean): boolean {
  return args.some((arg) => {
    const value = skipTransparent(arg);
    if (ts.isObjectLiteralExpression(value) && value.properties.some(isCauseProperty)) return true;
    if (!allowUseInMessage) return ts.isIdentifier(value) && value.text === caught;
    return [...names].some((name) => mentions(arg, name));
  });
}

function isCauseProperty(property: ts.ObjectLiteralElementLike): boolean {
  if (ts.isShorthandPropertyAssignment(property)) return property.name.text === 'cause';
  if (ts.isPropertyAssignment(property)) return ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text === 'cause' : false;
  return false;
}

/** True when an identifier named `name` appears in the subtree (arguments are small). */
function mentions(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  if (ts.isShorthandPropertyAssignment(node) && node.name.text === name) return true;
  return ts.forEachChild(node, (child) => (mentions(child, name) ? true : undefined)) ?? false;
}

/** The edit that passes `{ cause: name }` as the options argument of a built-in error. */
function causeSuggestion(
  sourceFile: ts.SourceFile,
  creation: ts.NewExpression | ts.CallExpression,
  error: string,
  name: string,
): Suggestion<MessageId> | undefined {
  const data = { name };
  const insert = (at: number, text: string): Suggestion<MessageId> => ({ messageId: 'addCause', data, edits: [{ start: at, end: at, text }] });
  const optionsIndex = error === 'AggregateError' ? 2 : 1;
  const args = creation.arguments ?? [];
  if (args.length <= optionsIndex) {
    const fillers = optionsIndex === 2 && args.length === 0 ? ['[]', 'undefined'] : Array<string>(optionsIndex - args.length).fill('undefined');
    const text = [...fillers, `{ cause: ${name} }`].join(', ');
    const last = args.at(-1);
    if (last) return insert(last.getEnd(), `, ${text}`);
    // `new Error` without parentheses, or `new Error()`
    return creation.arguments ? insert(creation.getEnd() - 1, text) : insert(creation.getEnd(), `(${text})`);
  }
  const options = args.at(optionsIndex);
  const object = options ? skipTransparent(options) : undefined;
  if (args.length !== optionsIndex + 1 || !object || !ts.isObjectLiteralExpression(object)) return undefined;
  const lastProperty = object.properties.at(-1);
  if (lastProperty) return insert(lastProperty.getEnd(), `, cause: ${name}`);
  return { messageId: 'addCause', data, edits: [{ start: object.getStart(sourceFile), end: object.getEnd(), text: `{ cause: ${name} }` }] };
}
