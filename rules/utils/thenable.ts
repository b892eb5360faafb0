import { ts } from '../../src/rule/index.js';
import { isFunctionNode } from './error-handling.js';

/** What the type checker says about a call or a promise, for no-floating-async with types. */

/** The function or method of the project's own source, with a body, that a call resolves to. */
export function projectDeclaration(checker: ts.TypeChecker, call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
  const declaration = checker.getResolvedSignature(call)?.getDeclaration() as ts.Declaration | undefined;
  if (!declaration || !isFunctionNode(declaration) || (declaration as ts.FunctionLikeDeclaration).body === undefined) return undefined;
  return isProjectSource(declaration) ? (declaration as ts.FunctionLikeDeclaration) : undefined;
}

/** Whether the call's target is declared in the project's own source: not in a declaration file and not in an installed package. */
export function isProjectCall(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const declaration = checker.getResolvedSignature(call)?.getDeclaration() as ts.Declaration | undefined;
  return declaration !== undefined && isProjectSource(declaration);
}

function isProjectSource(declaration: ts.Declaration): boolean {
  const home = declaration.getSourceFile();
  return !home.isDeclarationFile && !/[\\/]node_modules[\\/]/u.test(home.fileName);
}

/**
 * Whether the expression's type has a callable `then` (a promise or another thenable): `yes`,
 * `no`, or `unknown` when part of it is `any` or `unknown`, which settles nothing.
 */
export function thenableVerdict(checker: ts.TypeChecker, expression: ts.Expression): 'yes' | 'no' | 'unknown' {
  const type = checker.getTypeAtLocation(expression);
  const parts = type.isUnion() ? type.types : [type];
  const thenable = parts.some((part) => {
    if (part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
    const then = part.getProperty('then');
    return then !== undefined && checker.getTypeOfSymbolAtLocation(then, expression).getCallSignatures().length > 0;
  });
  if (thenable) return 'yes';
  return parts.some((part) => part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) ? 'unknown' : 'no';
}
