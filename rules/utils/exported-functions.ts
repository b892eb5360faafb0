import { ts } from '../../src/rule/index.js';
import { hasModifier, type FunctionNode } from './error-handling.js';
import { skipTransparent } from './same-expression.js';

/** A function a module exports, under its public name. */
export interface ExportedFunction {
  name: string;
  node: FunctionNode;
  /** Where to report: the function's name or head. */
  head: ts.Node;
}

/** A top-level function with its public name, and whether it is exported where it is declared. */
export type FoundFunction = ExportedFunction & { exported: boolean };

/** An exported (or top-level, possibly exported later by name) function with its public name. */
export function exportedFunction(fn: FunctionNode, sourceFile: ts.SourceFile): FoundFunction | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.parent === sourceFile ? topLevelDeclaration(fn) : undefined;
  if (ts.isMethodDeclaration(fn) && ts.isClassDeclaration(fn.parent)) return publicMethod(fn, fn.parent, sourceFile);
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) return assignedFunction(fn, sourceFile) ?? moduleExportsMember(fn);
  if (ts.isMethodDeclaration(fn)) return moduleExportsMember(fn);
  return undefined;
}

/** `function f() {}`, `export function f() {}`, `export default function () {}`. */
function topLevelDeclaration(fn: ts.FunctionDeclaration): FoundFunction | undefined {
  const name = hasModifier(fn, ts.SyntaxKind.DefaultKeyword) ? 'default' : fn.name?.text;
  return name ? { name, node: fn, head: fn.name ?? fn, exported: hasModifier(fn, ts.SyntaxKind.ExportKeyword) } : undefined;
}

/** A public method of an exported top-level class. */
function publicMethod(fn: ts.MethodDeclaration, owner: ts.ClassDeclaration, sourceFile: ts.SourceFile): FoundFunction | undefined {
  if (owner.parent !== sourceFile || !hasModifier(owner, ts.SyntaxKind.ExportKeyword) || !ts.isIdentifier(fn.name)) return undefined;
  if (hasModifier(fn, ts.SyntaxKind.PrivateKeyword) || hasModifier(fn, ts.SyntaxKind.ProtectedKeyword)) return undefined;
  return { name: fn.name.text, node: fn, head: fn.name, exported: true };
}

/** `const f = () => {}` at the top level, `export default () => {}`, `exports.f = function () {}`. */
function assignedFunction(fn: ts.ArrowFunction | ts.FunctionExpression, sourceFile: ts.SourceFile): FoundFunction | undefined {
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    const statement = parent.parent.parent;
    if (!ts.isVariableStatement(statement) || statement.parent !== sourceFile) return undefined;
    return { name: parent.name.text, node: fn, head: parent.name, exported: hasModifier(statement, ts.SyntaxKind.ExportKeyword) };
  }
  if (ts.isExportAssignment(parent)) return { name: 'default', node: fn, head: fn, exported: true };
  if (ts.isBinaryExpression(parent)) {
    const name = commonJsExportName(parent.left);
    return name ? { name, node: fn, head: parent.left, exported: true } : undefined;
  }
  return undefined;
}

/** A method or function property of `module.exports = { … }`. */
function moduleExportsMember(fn: ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression): FoundFunction | undefined {
  if (!isModuleExportsObject(fn.parent)) return undefined;
  const name = ts.isMethodDeclaration(fn) ? fn.name : (fn.parent as ts.PropertyAssignment).name;
  return ts.isIdentifier(name) ? { name: name.text, node: fn, head: name, exported: true } : undefined;
}

/** `exports.name` or `module.exports.name`: the exported name. */
function commonJsExportName(target: ts.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(target)) return undefined;
  const owner = target.expression;
  const isExports = ts.isIdentifier(owner) && owner.text === 'exports';
  const isModuleExports = ts.isPropertyAccessExpression(owner) && ts.isIdentifier(owner.expression) && owner.expression.text === 'module' && owner.name.text === 'exports';
  return isExports || isModuleExports ? target.name.text : undefined;
}

function isModuleExportsTarget(target: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression) && target.expression.text === 'module' && target.name.text === 'exports';
}

/** A property (or method) of the object literal in `module.exports = { … }`. */
function isModuleExportsObject(node: ts.Node): boolean {
  const object = ts.isPropertyAssignment(node) ? node.parent : ts.isObjectLiteralExpression(node) ? node : undefined;
  const assignment = object?.parent;
  return !!assignment && ts.isBinaryExpression(assignment) && assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken && isModuleExportsTarget(assignment.left);
}

/** Names exported by `module.exports = { a, b: c }`, `module.exports = a` or `exports.a = b`. */
export function commonJsExports(binary: ts.BinaryExpression): { local: string; name: string }[] {
  if (binary.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return [];
  const value = skipTransparent(binary.right);
  if (isModuleExportsTarget(binary.left)) {
    if (ts.isIdentifier(value)) return [{ local: value.text, name: 'default' }];
    if (!ts.isObjectLiteralExpression(value)) return [];
    return value.properties.flatMap((p) => {
      if (ts.isShorthandPropertyAssignment(p)) return [{ local: p.name.text, name: p.name.text }];
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && ts.isIdentifier(p.initializer)) return [{ local: p.initializer.text, name: p.name.text }];
      return [];
    });
  }
  const name = commonJsExportName(binary.left);
  return name && ts.isIdentifier(value) ? [{ local: value.text, name }] : [];
}
