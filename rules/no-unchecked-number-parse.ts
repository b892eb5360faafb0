import { ts, defineRule, type Suggestion } from '../src/rule/index.js';
import { sharedBindings, createScopedNames, declaredTypeOf, initializerOf, type Binding, type BindingTracker } from './utils/binding-tracker.js';
import { isGuarded } from './utils/is-guarded.js';
import { fateOf, hasNumericRole } from './utils/number-fate.js';
import { calleeName, isSameExpression, memberName, shortText, skipParentheses, skipTransparent, valueParent } from './utils/same-expression.js';

export type MessageId = 'uncheckedParse' | 'missingRadix' | 'addRadix' | 'addNaNCheck';
export type Options = [{ requireRadix: boolean }];

/** One parse call of the file and what became of its value. */
interface Parse {
  call: ts.CallExpression;
  /** The text passed a pattern test first (`/^\d+$/.test(text)`): neither NaN nor a radix surprise remains. */
  textTested: boolean;
  /** Where the value was first used unchecked, when it was. */
  sink?: string;
  checked: boolean;
}

/** A variable that holds a parse result, followed to its uses. */
interface Tracked {
  name: ts.Identifier;
  scope: ts.Node;
  parse: Parse;
}

/** Members that hold text from outside: environment, request, URL, form and DOM values. */
const STRING_SOURCES = new Set(['env', 'query', 'params', 'body', 'headers', 'searchParams', 'dataset', 'value', 'argv', 'cookies']);
const STRING_METHODS = new Set(['get', 'getItem', 'getAttribute', 'trim', 'substring', 'slice', 'replace', 'padStart', 'toString']);

export default defineRule<Options, MessageId>({
  name: 'no-unchecked-number-parse',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a NaN check before a number parsed from text is used in arithmetic, comparisons, indices or as a port, limit or id',
      recommended: 'strict',
    },
    category: 'unchecked-assumption',
    effortMinutes: 5,
    severity: 'warn',
    precision: 'low',
    hasSuggestions: true,
    messages: {
      uncheckedParse:
        '`{{ call }}` is NaN for text that is not a number, and its value is used {{ sink }} without a check: NaN passes every comparison silently and spreads through arithmetic. Check it with `Number.isNaN`, `Number.isFinite` or `Number.isInteger` (or give a fallback with `||`) first.',
      missingRadix:
        '`{{ call }}` has no radix: text such as "0x1f" is read as hexadecimal. Pass the radix (`parseInt(text, 10)`).',
      addRadix: 'Pass radix 10.',
      addNaNCheck: 'Throw a TypeError when `{{ name }}` is NaN, right after it is declared.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          requireRadix: {
            type: 'boolean',
            description: 'Also report a `parseInt` without a radix whose result is checked.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ requireRadix: true }],
  detect(context, [{ requireRadix }]) {
    const { sourceFile } = context;
    const bindings = sharedBindings(context);
    const parses: Parse[] = [];
    const tracked = createScopedNames<Tracked>();

    const follow = (value: ts.Expression, parse: Parse): void => {
      const outcome = fateOf(value);
      if (outcome.kind === 'checked') parse.checked = true;
      else if (outcome.kind === 'sink') parse.sink = outcome.sink;
      else if (outcome.kind === 'variable') {
        tracked.add({ name: outcome.name, scope: scopeOf(outcome.name), parse });
      }
    };

    const onCall = (node: ts.Node): void => {
      const call = node as ts.CallExpression;
      if (!isNumberParse(call, bindings)) return;
      const textTested = isDigitsTested(call);
      const parse: Parse = { call, textTested, checked: textTested };
      parses.push(parse);
      if (!textTested) follow(call, parse);
    };

    const onIdentifier = (node: ts.Node): void => {
      const identifier = node as ts.Identifier;
      const entry = tracked.referencedBy(identifier);
      if (!entry || entry.parse.checked || entry.parse.sink !== undefined) return;
      if (!isReadReference(identifier)) return;
      const outcome = fateOf(identifier);
      if (outcome.kind === 'checked' || isTruthinessTest(identifier)) entry.parse.checked = true;
      else if (outcome.kind === 'sink') entry.parse.sink = outcome.sink;
      else if (outcome.kind === 'none' && hasNumericRole(identifier.text) && isPassedOn(identifier)) {
        entry.parse.sink = `as \`${identifier.text}\``;
      }
    };

    const end = (): void => {
      for (const parse of parses) {
        const { call } = parse;
        const argument = radixlessArgument(call);
        const data = { call: shortText(call, sourceFile) };
        if (parse.sink !== undefined && !parse.checked) {
          // The suggestion answers the NaN the message is about; a radix alone would not.
          const check = nanCheckSuggestion(call, sourceFile);
          context.report({ node: call, messageId: 'uncheckedParse', data: { ...data, sink: parse.sink }, suggest: check ? [check] : undefined });
        } else if (argument && requireRadix && !parse.textTested) {
          context.report({ node: call, messageId: 'missingRadix', data, suggest: [radixSuggestion(argument)] });
        }
      }
    };

    return {
      enter: {
        [ts.SyntaxKind.CallExpression]: onCall,
        [ts.SyntaxKind.Identifier]: onIdentifier,
      },
      end,
    };
  },
});

/** `if (/^\d+$/.test(text)) … parseInt(text, 10)`: text that a pattern accepted parses to a number. */
function isDigitsTested(call: ts.CallExpression): boolean {
  const text = call.arguments[0];
  return isGuarded(call, {
    condition: (condition, holds) =>
      holds && ts.isCallExpression(condition) && calleeName(condition) === 'test' && condition.arguments.length === 1 && isSameExpression(condition.arguments[0], text),
  });
}

/** `parseInt(x)`, `parseFloat(x)`, `Number.parseInt(x)`, and `Number(x)` of text. */
function isNumberParse(call: ts.CallExpression, bindings: BindingTracker): boolean {
  const [argument] = call.arguments;
  if (!argument || isLiteral(argument)) return false;
  const callee = skipParentheses(call.expression);
  if (ts.isIdentifier(callee)) {
    if (callee.text === 'parseInt' || callee.text === 'parseFloat') return true;
    return callee.text === 'Number' && call.arguments.length === 1 && isText(argument, bindings, 0);
  }
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const object = skipParentheses(callee.expression);
  return ts.isIdentifier(object) && object.text === 'Number' && (callee.name.text === 'parseInt' || callee.name.text === 'parseFloat');
}

function isLiteral(node: ts.Expression): boolean {
  const value = skipParentheses(node);
  return ts.isStringLiteralLike(value) || ts.isNumericLiteral(value);
}

/** Whether an expression reads text: from the environment, a request, a URL, a form, the DOM, or a string parameter. */
function isText(node: ts.Expression, bindings: BindingTracker, depth: number): boolean {
  const value = skipTransparent(node);
  if (ts.isTemplateExpression(value)) return true;
  if (ts.isCallExpression(value)) {
    const name = calleeName(value);
    return name !== undefined && STRING_METHODS.has(name) && !ts.isIdentifier(skipParentheses(value.expression));
  }
  if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
    return isText(value.left, bindings, depth);
  }
  if (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) return readsExternalMember(value);
  const binding = ts.isIdentifier(value) && depth <= 2 ? bindings.resolve(value) : undefined;
  return binding !== undefined && isTextBinding(binding, bindings, depth);
}

/** A parameter or variable declared as a string, or a variable initialised with text. */
function isTextBinding(binding: Binding, bindings: BindingTracker, depth: number): boolean {
  const type = declaredTypeOf(binding);
  if (type) return isStringType(type);
  if (!ts.isVariableDeclaration(binding.declaration)) return false;
  const initializer = initializerOf(binding);
  return initializer !== undefined && isText(initializer, bindings, depth + 1);
}

function readsExternalMember(node: ts.Expression): boolean {
  let current: ts.Expression = node;
  for (let depth = 0; depth < 6; depth++) {
    const name = memberName(current);
    if (name !== undefined && STRING_SOURCES.has(name)) return true;
    if (!ts.isPropertyAccessExpression(current) && !ts.isElementAccessExpression(current)) {
      return ts.isIdentifier(current) && STRING_SOURCES.has(current.text);
    }
    current = skipTransparent(current.expression);
  }
  return false;
}

function isStringType(type: ts.TypeNode): boolean {
  if (type.kind === ts.SyntaxKind.StringKeyword) return true;
  return ts.isUnionTypeNode(type) && type.types.some((member) => member.kind === ts.SyntaxKind.StringKeyword);
}

/** `!n`, `if (n)`, `n ? … : …`, `n && …`: NaN is falsy, so a truthiness test rules it out. */
function isTruthinessTest(identifier: ts.Identifier): boolean {
  const { parent, child } = valueParent(identifier);
  if (!parent) return false;
  if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
  if (ts.isIfStatement(parent) || ts.isWhileStatement(parent)) return parent.expression === child;
  if (ts.isConditionalExpression(parent)) return parent.condition === child;
  return ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && parent.left === child;
}

/** A variable passed to a call or stored in a property: where a port, limit or id ends up. */
function isPassedOn(identifier: ts.Identifier): boolean {
  const { parent, child } = valueParent(identifier);
  if (!parent) return false;
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return parent.expression !== child;
  return ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent);
}

/** Whether the identifier reads the variable (not its declaration, a property name or an assignment target). */
function isReadReference(identifier: ts.Identifier): boolean {
  const { parent } = identifier;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === identifier) return false;
  if (ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isTypeQueryNode(parent)) return false;
  return !(ts.isBinaryExpression(parent) && parent.left === identifier && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken);
}

function scopeOf(name: ts.Identifier): ts.Node {
  const declaration = name.parent;
  const holder = declaration.parent.parent;
  return ts.isVariableStatement(holder) ? holder.parent : holder;
}

/**
 * For a parse that initialises a variable of its own statement (`const page = Number(text);`), a
 * check inserted after that statement: `if (Number.isNaN(page)) throw new TypeError(…)`.
 */
function nanCheckSuggestion(call: ts.CallExpression, sourceFile: ts.SourceFile): Suggestion<MessageId> | undefined {
  let initialiser: ts.Node = call;
  while (ts.isParenthesizedExpression(initialiser.parent) || ts.isAsExpression(initialiser.parent)) initialiser = initialiser.parent;
  const declaration = initialiser.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== initialiser || !ts.isIdentifier(declaration.name)) return undefined;
  const list = declaration.parent;
  const statement = list.parent;
  if (!ts.isVariableDeclarationList(list) || !ts.isVariableStatement(statement) || list.declarations.length !== 1) return undefined;
  if (!ts.isBlock(statement.parent) && !ts.isSourceFile(statement.parent) && !ts.isModuleBlock(statement.parent) && !ts.isCaseClause(statement.parent)) return undefined;
  const name = declaration.name.text;
  const lineStart = sourceFile.getLineStarts()[sourceFile.getLineAndCharacterOfPosition(statement.getStart(sourceFile)).line];
  const indent = /^[ \t]*/u.exec(sourceFile.text.slice(lineStart, statement.getStart(sourceFile)))?.[0] ?? '';
  const end = statement.getEnd();
  const text = `\n${indent}if (Number.isNaN(${name})) throw new TypeError('${name} is not a number');`;
  return { messageId: 'addNaNCheck', data: { name }, edits: [{ start: end, end, text }] };
}

/** The only argument of a `parseInt` call without a radix. */
function radixlessArgument(call: ts.CallExpression): ts.Expression | undefined {
  return call.arguments.length === 1 && calleeName(call) === 'parseInt' ? call.arguments[0] : undefined;
}

function radixSuggestion(argument: ts.Expression): Suggestion<MessageId> {
  const end = argument.getEnd();
  return { messageId: 'addRadix', edits: [{ start: end, end, text: ', 10' }] };
}
