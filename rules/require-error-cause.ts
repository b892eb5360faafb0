import ts from '../src/typescript.cjs';
import { defineRule, type Suggestion } from '../src/rule/types.js';
import { BUILT_IN_ERRORS, compilePattern, errorConstructorName, isFunctionNode } from './utils/error-handling.js';
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
        "This {{ error }} replaces the caught '{{ name }}' without keeping it: the original message and stack are lost, so whoever reads the failure cannot see what really went wrong. Pass `{ cause: {{ name }} }` as the error's options (or hand '{{ name }}' to the error's constructor).",
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
    const { sourceFile } = context;
    const ignoredName = compilePattern(ignoredNamePattern, 'ignoredNamePattern');
    return {
      enter: {
        [ts.SyntaxKind.ThrowStatement]: (node) => {
          const thrown = skipTransparent((node as ts.ThrowStatement).expression);
          const error = errorConstructorName(thrown);
          if (!error) return;
          const clause = enclosingCatch(node);
          const binding = clause?.variableDeclaration?.name;
          if (!clause || !binding || !ts.isIdentifier(binding) || ignoredName.test(binding.text)) return;
          const caught = binding.text;
          if (isExaminedTranslation(node, clause, caught)) return;
          const creation = thrown as ts.NewExpression | ts.CallExpression;
          const names = allowUseInMessage ? derivedNames(node, clause, caught) : new Set([caught]);
          if (keepsCaughtError(creation.arguments ?? [], caught, names, allowUseInMessage)) return;
          const suggest = BUILT_IN_ERRORS.has(error) ? causeSuggestion(sourceFile, creation, error, caught) : undefined;
          context.report({
            node: creation,
            messageId: 'missingCause',
            data: { name: caught, error: error === 'Error' ? 'new error' : `new ${error}` },
            ...(suggest ? { suggest: [suggest] } : {}),
          });
        },
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
 * `if (axios.isCancel(e))`) translates a failure the code has recognised: deliberate, not lost.
 */
function isExaminedTranslation(throwNode: ts.Node, clause: ts.CatchClause, caught: string): boolean {
  for (let child: ts.Node = throwNode, current = throwNode.parent; current && current !== clause; child = current, current = current.parent) {
    if (ts.isIfStatement(current) && current.thenStatement === child && mentions(current.expression, caught)) return true;
    if (ts.isConditionalExpression(current) && current.condition !== child && mentions(current.condition, caught)) return true;
  }
  return false;
}

/**
 * The caught error's name and the names of variables declared from it before the throw
 * (`const message = e instanceof Error ? e.message : String(e)`), in the blocks between the
 * catch clause and the throw.
 */
function derivedNames(throwNode: ts.Node, clause: ts.CatchClause, caught: string): Set<string> {
  const names = new Set([caught]);
  const blocks: { block: ts.Block; child: ts.Node }[] = [];
  for (let child: ts.Node = throwNode, current = throwNode.parent; current && current !== clause; child = current, current = current.parent) {
    if (ts.isBlock(current)) blocks.push({ block: current, child });
  }
  for (const { block, child } of blocks.reverse()) {
    for (const statement of block.statements) {
      if (statement === child) break;
      if (!ts.isVariableStatement(statement)) continue;
      for (const decl of statement.declarationList.declarations) {
        if (ts.isIdentifier(decl.name) && decl.initializer && [...names].some((name) => mentions(decl.initializer!, name))) names.add(decl.name.text);
      }
    }
  }
  return names;
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
