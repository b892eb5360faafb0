import { ts, defineRule } from '../src/rule/index.js';
import { sharedBindings, createScopedNames, type BindingTracker } from './utils/binding-tracker.js';
import { externalSourceOf, isClaimingType, promisedType, type ExternalSource } from './utils/external-data.js';
import { calleeName, isNullish, shortText, skipParentheses, valueParent } from './utils/same-expression.js';

export type MessageId = 'unvalidatedVariable' | 'unvalidatedDestructuring' | 'unvalidatedReturn';
export type Options = [{ validators: string[] }];

/** A variable that holds external data under a claimed type, waiting for its first use. */
interface Tracked {
  name: ts.Identifier;
  declaration: ts.VariableDeclaration;
  scope: ts.Node;
  source: ExternalSource;
  type: ts.TypeNode;
  /** Where the claim is made: the assertion, or the annotated declaration. */
  claim: ts.Node;
  validated: boolean;
  checkedFields: Set<string>;
  done: boolean;
}

/** Call names that, by convention, validate their argument: type guards, schema and assertion calls. */
const DEFAULT_VALIDATORS = [
  '^is[A-Z_]',
  '^assert',
  '^validate',
  '^check',
  '^ensure',
  '^verify',
  '^guard',
  '^(?:safe)?[pP]arse(?:Async)?$',
  '^decode',
  '^create$',
  '^is$',
  '^Check$',
];

const CHECK_FUNCTIONS = new Set(['isArray', 'isInteger', 'isFinite', 'isSafeInteger', 'isNaN']);

export default defineRule<Options, MessageId>({
  name: 'no-unvalidated-external-data',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow using parsed JSON, response bodies and message data under a declared type before validating them',
      recommended: 'strict',
    },
    category: 'unchecked-assumption',
    effortMinutes: 15,
    severity: 'warn',
    precision: 'low',
    messages: {
      unvalidatedVariable:
        '`{{ name }}` holds {{ source }} typed as `{{ type }}` without any check, and is used at line {{ line }}: the type is a promise nobody verified, so a changed API or a corrupt value flows on as if it were valid. Validate it first (a schema\'s `parse`/`safeParse`, a type guard, or `typeof`/`in` checks of the fields used).',
      unvalidatedDestructuring:
        'Fields are read from {{ source }} typed as `{{ type }}` without any check: a changed API or a corrupt value flows on as if it were valid. Validate it first (a schema\'s `parse`/`safeParse` or a type guard), then destructure.',
      unvalidatedReturn:
        'This returns {{ source }} as `{{ type }}` without any check: every caller trusts a shape nobody verified. Validate it here (a schema\'s `parse`/`safeParse` or a type guard) before returning it.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          validators: {
            type: 'array',
            items: { type: 'string' },
            description:
              'Regular expressions matched against the name of a called function or method; passing the value to a matching call counts as validating it.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ validators: DEFAULT_VALIDATORS }],
  detect(context, [{ validators }]) {
    if (context.isJavaScript) return {};
    const validatorPatterns = validators.map((pattern) => new RegExp(pattern, 'u'));
    const isValidator = (name: string | undefined): boolean => name !== undefined && validatorPatterns.some((re) => re.test(name));
    const bindings = sharedBindings(context);
    // A claim counts from the end of its declaration: its own initializer does not use it.
    const tracked = createScopedNames<Tracked>((entry) => entry.declaration.end);
    const { sourceFile } = context;
    const describe = (type: ts.TypeNode) => shortText(type, sourceFile, 40);

    const onDeclaration = (node: ts.Node): void => {
      const declaration = node as ts.VariableDeclaration;
      const claim = claimOf(declaration, bindings);
      if (!claim) return;
      if (!ts.isIdentifier(declaration.name)) {
        context.report({ node: claim.node, messageId: 'unvalidatedDestructuring', data: { source: claim.source, type: describe(claim.type) } });
        return;
      }
      tracked.add({
        name: declaration.name,
        declaration,
        scope: scopeOf(declaration),
        source: claim.source,
        type: claim.type,
        claim: claim.node,
        validated: false,
        checkedFields: new Set(),
        done: false,
      });
    };

    const onIdentifier = (node: ts.Node): void => {
      const identifier = node as ts.Identifier;
      const entry = tracked.referencedBy(identifier);
      if (!entry || entry.done) return;
      const outcome = classifyReference(identifier, entry, isValidator);
      if (outcome !== 'use') return;
      entry.done = true;
      const { line } = sourceFile.getLineAndCharacterOfPosition(identifier.getStart(sourceFile));
      context.report({
        node: entry.claim,
        messageId: 'unvalidatedVariable',
        data: { name: identifier.text, source: entry.source, type: describe(entry.type), line: line + 1 },
      });
    };

    const onReturned = (returned: ts.Expression, fn: ts.SignatureDeclaration | undefined): void => {
      if (!fn?.type) return;
      const type = promisedType(fn.type);
      if (!isClaimingType(type)) return;
      const source = externalSourceOf(returned, bindings);
      if (source) context.report({ node: returned, messageId: 'unvalidatedReturn', data: { source, type: describe(type) } });
    };

    return {
      enter: {
        [ts.SyntaxKind.VariableDeclaration]: onDeclaration,
        [ts.SyntaxKind.Identifier]: onIdentifier,
        [ts.SyntaxKind.ReturnStatement]: (node) => {
          const { expression } = node as ts.ReturnStatement;
          if (expression) onReturned(expression, enclosingFunction(node));
        },
        [ts.SyntaxKind.ArrowFunction]: (node) => {
          const arrow = node as ts.ArrowFunction;
          if (!ts.isBlock(arrow.body)) onReturned(arrow.body, arrow);
        },
      },
    };
  },
});

/** The claim a declaration makes about external data: `const x: T = JSON.parse(s)` or `const x = JSON.parse(s) as T`. */
function claimOf(
  declaration: ts.VariableDeclaration,
  bindings: BindingTracker,
): { node: ts.Node; type: ts.TypeNode; source: ExternalSource } | undefined {
  const { initializer } = declaration;
  if (!initializer) return undefined;
  if (declaration.type) {
    if (!isClaimingType(declaration.type)) return undefined;
    const source = externalSourceOf(initializer, bindings);
    return source && { node: declaration, type: declaration.type, source };
  }
  const value = skipParentheses(initializer);
  if (!ts.isAsExpression(value) && !ts.isTypeAssertionExpression(value)) return undefined;
  if (!isClaimingType(value.type)) return undefined;
  const source = externalSourceOf(value.expression, bindings);
  return source && { node: value, type: value.type, source };
}

function scopeOf(declaration: ts.VariableDeclaration): ts.Node {
  const list = declaration.parent;
  const holder = list.parent;
  return ts.isVariableStatement(holder) ? holder.parent : holder;
}

/**
 * What one reference to a tracked variable does: validates it, checks a field, only tests it
 * (`!x`, `x == null`, `typeof x`), or uses it as the claimed type.
 */
function classifyReference(identifier: ts.Identifier, entry: Tracked, isValidator: (name: string | undefined) => boolean): 'check' | 'use' | 'none' {
  if (!isReference(identifier)) return 'none';
  const { parent: user, child } = valueParent(identifier);
  if (!user) return 'none';
  if (validatesWhole(user, child, isValidator)) {
    entry.validated = true;
    return 'check';
  }
  if (isTestPosition(user, child)) return 'none';
  if (ts.isPropertyAccessExpression(user) && user.expression === child) return classifyFieldRead(user, entry);
  if (ts.isBinaryExpression(user) && user.operatorToken.kind === ts.SyntaxKind.InKeyword && user.right === child) {
    const key = skipParentheses(user.left);
    if (ts.isStringLiteralLike(key)) entry.checkedFields.add(key.text);
    return 'check';
  }
  if (ts.isBinaryExpression(user) && user.left === child && user.operatorToken.kind === ts.SyntaxKind.EqualsToken) return 'none';
  return entry.validated ? 'none' : 'use';
}

/** `isOrder(x)`, `Schema.parse(x)`, `validate(x)`, `x instanceof Order`: the whole value is checked. */
function validatesWhole(user: ts.Node, child: ts.Node, isValidator: (name: string | undefined) => boolean): boolean {
  if (ts.isCallExpression(user)) return user.expression !== child && isValidator(calleeName(user));
  return ts.isBinaryExpression(user) && user.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword;
}

/** `x.f`: a check of the field records it; a read is fine once the value or that field was checked. */
function classifyFieldRead(access: ts.PropertyAccessExpression, entry: Tracked): 'check' | 'use' | 'none' {
  const field = access.name.text;
  if (isFieldCheck(access)) {
    entry.checkedFields.add(field);
    return 'check';
  }
  return entry.validated || entry.checkedFields.has(field) ? 'none' : 'use';
}

/** Whether the identifier reads a variable (not a property name, a declaration name or a label). */
function isReference(identifier: ts.Identifier): boolean {
  const { parent } = identifier;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if (ts.isQualifiedName(parent) && parent.right === identifier) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === identifier) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isTypeQueryNode(parent)) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === identifier) return false;
  return !ts.isDeclarationStatement(parent) && !ts.isVariableDeclaration(parent) && !ts.isParameter(parent);
}

/** `!x`, `x == null`, `if (x)`, `x ? … : …`, `x && …`, `typeof x`: tests of the value that do not rely on its type. */
function isTestPosition(user: ts.Node, child: ts.Node): boolean {
  if (ts.isPrefixUnaryExpression(user) && user.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isTypeOfExpression(user)) return true;
  if (ts.isIfStatement(user) || ts.isWhileStatement(user)) return user.expression === child;
  if (ts.isConditionalExpression(user)) return user.condition === child;
  if (ts.isBinaryExpression(user)) {
    const operator = user.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) return user.left === child;
    if (isEquality(operator)) return isNullish(user.left === child ? user.right : user.left);
  }
  return false;
}

/**
 * `typeof x.f`, `Array.isArray(x.f)`, `'k' in x.f`, `x.f instanceof C`, `x.f === 'a'`,
 * `x.f == null`, `!x.f`, `if (x.f)`: an explicit check of the field `f`.
 */
function isFieldCheck(access: ts.PropertyAccessExpression): boolean {
  const { parent: user, child } = valueParent(access);
  if (!user) return false;
  if (ts.isTypeOfExpression(user) || isTestPosition(user, child)) return true;
  if (ts.isCallExpression(user) && user.expression !== child) return CHECK_FUNCTIONS.has(calleeName(user) ?? '');
  if (ts.isBinaryExpression(user)) {
    const operator = user.operatorToken.kind;
    return operator === ts.SyntaxKind.InKeyword || operator === ts.SyntaxKind.InstanceOfKeyword || isEquality(operator);
  }
  return false;
}

function isEquality(operator: ts.SyntaxKind): boolean {
  return (
    operator === ts.SyntaxKind.EqualsEqualsToken ||
    operator === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    operator === ts.SyntaxKind.ExclamationEqualsToken ||
    operator === ts.SyntaxKind.ExclamationEqualsEqualsToken
  );
}

function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
  }
  return undefined;
}
