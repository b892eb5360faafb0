import { ts, defineRule } from '../src/rule/index.js';
import { sharedBindings } from './utils/binding-tracker.js';
import { externalSourceOf, isClaimingType } from './utils/external-data.js';
import { calleeName, shortText, skipParentheses, valueParent } from './utils/same-expression.js';

export type MessageId = 'doubleCast' | 'keysCast' | 'externalCast';
export type Options = [];

type Assertion = ts.AsExpression | ts.TypeAssertion;

const KEY_LISTS = new Set(['keys', 'entries', 'getOwnPropertyNames']);

export default defineRule<Options, MessageId>({
  name: 'no-blind-cast',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow type assertions that bypass the compiler: double casts, `Object.keys` as `keyof` and casts of external data',
      recommended: 'strict',
    },
    category: 'unchecked-assumption',
    effortMinutes: 10,
    severity: 'warn',
    precision: 'low',
    messages: {
      doubleCast:
        '`as {{ via }} as {{ type }}` forces a type the compiler refused to accept directly: nothing checks that the value is a `{{ type }}`, so the mismatch it hid shows up at run time. Convert the value (or fix the types) instead of casting through `{{ via }}`.',
      keysCast:
        '`Object.{{ method }}()` returns `string[]` because an object can carry more keys at run time than its type lists; casting to `keyof` assumes it cannot. Iterate over a list of the known keys, or narrow each key with a check.',
      externalCast:
        '{{ source }} is cast to `{{ type }}` without any check: the cast is a promise nobody verified, so a changed API or a corrupt value flows on as if it were valid. Validate it (a schema\'s `parse`/`safeParse` or a type guard) instead of casting.',
    },
    schema: [],
  },
  defaultOptions: [],
  detect(context) {
    if (context.isJavaScript) return {};
    const bindings = sharedBindings(context);
    const onAssertion = (node: ts.Node): void => {
      const assertion = node as Assertion;
      if (!isClaimingType(assertion.type) || isInnerOfDoubleCast(assertion) || isAssignmentTarget(assertion)) return;
      const inner = skipParentheses(assertion.expression);
      const type = shortText(assertion.type, context.sourceFile, 40);
      if ((ts.isAsExpression(inner) || ts.isTypeAssertionExpression(inner)) && isEscapeType(inner.type)) {
        const via = inner.type.kind === ts.SyntaxKind.AnyKeyword ? 'any' : 'unknown';
        context.report({ node: assertion, messageId: 'doubleCast', data: { via, type } });
        return;
      }
      const keysMethod = objectKeysMethod(inner);
      if (keysMethod && containsKeyof(assertion.type)) {
        context.report({ node: assertion, messageId: 'keysCast', data: { method: keysMethod } });
        return;
      }
      const source = externalSourceOf(inner, bindings);
      // A cast that initialises a variable is no-unvalidated-external-data's: it follows the variable to its uses.
      if (source && !isVariableInitializer(assertion)) {
        context.report({ node: assertion, messageId: 'externalCast', data: { source: capitalise(source), type } });
      }
    };
    return {
      enter: {
        [ts.SyntaxKind.AsExpression]: onAssertion,
        [ts.SyntaxKind.TypeAssertionExpression]: onAssertion,
      },
    };
  },
});

function isEscapeType(type: ts.TypeNode): boolean {
  return type.kind === ts.SyntaxKind.UnknownKeyword || type.kind === ts.SyntaxKind.AnyKeyword;
}

/** The `x as unknown` of `x as unknown as T`: reported once, on the outer assertion. */
function isInnerOfDoubleCast(assertion: Assertion): boolean {
  const { parent } = valueParent(assertion);
  return parent !== undefined && (ts.isAsExpression(parent) || ts.isTypeAssertionExpression(parent));
}

/** `keys` for `Object.keys(o)`, likewise `entries` and `getOwnPropertyNames`. */
function objectKeysMethod(node: ts.Expression): string | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = skipParentheses(node.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const object = skipParentheses(callee.expression);
  const name = calleeName(node);
  return ts.isIdentifier(object) && object.text === 'Object' && name !== undefined && KEY_LISTS.has(name) ? name : undefined;
}

function containsKeyof(type: ts.Node): boolean {
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.KeyOfKeyword) return true;
  return ts.forEachChild(type, (child) => containsKeyof(child) || undefined) ?? false;
}

/** `(state as unknown as State) = value`: a write through a cast reads nothing unchecked. */
function isAssignmentTarget(assertion: Assertion): boolean {
  const { parent, child } = valueParent(assertion);
  return parent !== undefined && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.left === child;
}

function isVariableInitializer(assertion: Assertion): boolean {
  const { parent, child } = valueParent(assertion);
  return parent !== undefined && ts.isVariableDeclaration(parent) && parent.initializer === child;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
