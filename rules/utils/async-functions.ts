import { ts } from '../../src/rule/index.js';
import { hasModifier, isFunctionNode, mentionsName } from './error-handling.js';
import { canReject } from './rejection.js';
import { skipTransparent } from './same-expression.js';

/** The functions and methods of a file as no-floating-async reads them: which ones a call of `this.name()` refers to, whether a declaration is async, and whether an async Promise executor always settles. */

export type FunctionLike = ts.FunctionLikeDeclaration;

/**
 * An async executor that always settles the outer promise: it cannot reject (see
 * rules/utils/rejection.ts), and each of its catch blocks hands the failure on through one of
 * the executor's parameters (`catch (e) { reject(e) }`).
 */
export function isSettlingExecutor(executor: FunctionLike, isSafe: (e: ts.Expression) => boolean): boolean {
  if (canReject(executor, isSafe)) return false;
  const parameters = executor.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : []));
  return catchBlocksOf(executor).every((block) => parameters.some((name) => mentionsName(block, name)));
}

function catchBlocksOf(fn: FunctionLike): ts.Block[] {
  const blocks: ts.Block[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node)) return;
    if (ts.isCatchClause(node)) blocks.push(node.block);
    ts.forEachChild(node, visit);
  };
  if (fn.body) ts.forEachChild(fn.body, visit);
  return blocks;
}

export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
  }
  return undefined;
}

export function methodsNamed(owner: ts.ClassLikeDeclaration, name: string): FunctionLike[] {
  const found: FunctionLike[] = [];
  for (const member of owner.members) {
    if (!member.name || !ts.isIdentifier(member.name) || member.name.text !== name) continue;
    if (ts.isMethodDeclaration(member)) found.push(member);
    if (ts.isPropertyDeclaration(member) && member.initializer) {
      const value = skipTransparent(member.initializer);
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) found.push(value);
    }
  }
  return found;
}

export function isThisCall(callee: ts.Expression): callee is ts.PropertyAccessExpression & { name: ts.Identifier } {
  return ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(callee.name);
}

/** An async function, or one whose return type annotation is `Promise<…>`. */
export function isAsyncDeclaration(fn: ts.SignatureDeclarationBase): boolean {
  if (hasModifier(fn, ts.SyntaxKind.AsyncKeyword)) return true;
  const type = fn.type;
  return !!type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Promise';
}

/** `async function*`: calling it only creates an iterator, nothing runs until it is iterated. */
export function isAsyncGenerator(fn: FunctionLike): boolean {
  return fn.asteriskToken !== undefined;
}
