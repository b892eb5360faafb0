import ts from '../parse/typescript.cjs';
import type { FunctionFact } from './types.js';

/** Every syntax kind of a function with a body of its own, and what the facts call it. */
export const FUNCTION_KIND_NAMES: Readonly<Partial<Record<ts.SyntaxKind, FunctionFact['kind']>>> = {
  [ts.SyntaxKind.FunctionDeclaration]: 'function',
  [ts.SyntaxKind.FunctionExpression]: 'expression',
  [ts.SyntaxKind.ArrowFunction]: 'arrow',
  [ts.SyntaxKind.MethodDeclaration]: 'method',
  [ts.SyntaxKind.GetAccessor]: 'accessor',
  [ts.SyntaxKind.SetAccessor]: 'accessor',
  [ts.SyntaxKind.Constructor]: 'constructor',
};

/** The same kinds as a list, for registering listeners. */
export const FUNCTION_KINDS: readonly ts.SyntaxKind[] = Object.keys(FUNCTION_KIND_NAMES).map(Number);
