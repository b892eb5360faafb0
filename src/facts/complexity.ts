import ts from '../parse/typescript.cjs';

/** TypeScript's exports are getters: the enum read once here, not at every node. */
const { SyntaxKind } = ts;

/** Statements and expressions that each add a path through a function (cyclomatic complexity). */
export const DECISION_KINDS: ReadonlySet<ts.SyntaxKind> = new Set<ts.SyntaxKind>([
  SyntaxKind.IfStatement,
  SyntaxKind.ConditionalExpression,
  SyntaxKind.ForStatement,
  SyntaxKind.ForInStatement,
  SyntaxKind.ForOfStatement,
  SyntaxKind.WhileStatement,
  SyntaxKind.DoStatement,
  SyntaxKind.CaseClause,
  SyntaxKind.CatchClause,
]);

const LOGICAL_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set<ts.SyntaxKind>([
  SyntaxKind.AmpersandAmpersandToken,
  SyntaxKind.BarBarToken,
  SyntaxKind.QuestionQuestionToken,
]);

/** True for a node that adds one to its function's cyclomatic complexity. */
export function isDecisionPoint(node: ts.Node): boolean {
  return DECISION_KINDS.has(node.kind) || (ts.isBinaryExpression(node) && LOGICAL_OPERATORS.has(node.operatorToken.kind));
}
