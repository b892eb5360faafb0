import { ts, type FileFacts, type ScannedFile } from '../../src/rule/index.js';
import { hasModifier } from './error-handling.js';

/** A file's imports and exports as no-floating-async follows them: the import a callee refers to, the names a file exports, and where a re-exported async function is declared. */

export interface ImportBinding {
  specifier: string;
  /** The imported export's name; `*` for a namespace import. */
  imported: string;
}

const MAX_REEXPORT_DEPTH = 5;

/** The exported names of the file's top-level functions, with the local name each refers to. */
export function exportedNames(sourceFile: ts.SourceFile): { name: string; local: string }[] {
  return sourceFile.statements.flatMap(exportsOf);
}

function exportsOf(statement: ts.Statement): { name: string; local: string }[] {
  if (ts.isFunctionDeclaration(statement) && statement.name && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
    return [{ name: hasModifier(statement, ts.SyntaxKind.DefaultKeyword) ? 'default' : statement.name.text, local: statement.name.text }];
  }
  if (ts.isVariableStatement(statement) && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
    return statement.declarationList.declarations.flatMap((decl) => (ts.isIdentifier(decl.name) ? [{ name: decl.name.text, local: decl.name.text }] : []));
  }
  if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
    return statement.exportClause.elements.map((element) => ({ name: element.name.text, local: (element.propertyName ?? element.name).text }));
  }
  if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression)) {
    return [{ name: 'default', local: statement.expression.text }];
  }
  return [];
}

export function addImports(decl: ts.ImportDeclaration, imports: Map<string, ImportBinding>): void {
  const clause = decl.importClause;
  if (!clause || clause.isTypeOnly || !ts.isStringLiteral(decl.moduleSpecifier)) return;
  const specifier = decl.moduleSpecifier.text;
  if (clause.name) imports.set(clause.name.text, { specifier, imported: 'default' });
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { specifier, imported: '*' });
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) {
      if (!element.isTypeOnly) imports.set(element.name.text, { specifier, imported: (element.propertyName ?? element.name).text });
    }
  }
}

/** The import a callee refers to: `charge` from `import { charge }`, or `payments.charge` from `import * as payments`. */
export function importedTarget(callee: ts.Expression, imports: ReadonlyMap<string, ImportBinding>): ImportBinding | undefined {
  if (ts.isIdentifier(callee)) {
    const binding = imports.get(callee.text);
    return binding && binding.imported !== '*' ? binding : undefined;
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && ts.isIdentifier(callee.name)) {
    const binding = imports.get(callee.expression.text);
    return binding?.imported === '*' ? { specifier: binding.specifier, imported: callee.name.text } : undefined;
  }
  return undefined;
}

/**
 * Where a scanned file's export `name` is declared as an async function, following re-exports a
 * few levels: the file and the name there; undefined when it is not an async export.
 */
export function asyncExportHome(
  file: string,
  name: string,
  byFile: ReadonlyMap<string, ScannedFile>,
  resolveImport: (from: string, specifier: string) => string | undefined,
  depth: number,
): { file: string; name: string } | undefined {
  const facts: FileFacts | undefined = byFile.get(file)?.facts;
  if (!facts || depth > MAX_REEXPORT_DEPTH) return undefined;
  if (facts.exports.some((e) => e.name === name && e.isAsync)) return { file, name };
  for (const i of facts.imports) {
    if (i.kind !== 'reexport' || i.typeOnly || !(i.names.includes(name) || i.names.includes('*'))) continue;
    const target = resolveImport(file, i.specifier);
    const home = target === undefined ? undefined : asyncExportHome(target, name, byFile, resolveImport, depth + 1);
    if (home) return home;
  }
  return undefined;
}
