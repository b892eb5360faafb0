import ts from '../parse/typescript.cjs';

/** TypeScript's exports are getters: the enum read once here, not at every node. */
const { SyntaxKind } = ts;
import type { RuleListener } from '../rule/types.js';
import type { ExportFact, FileFacts, FunctionFact, ImportFact } from './types.js';
import { isDecisionPoint } from './complexity.js';
import { FUNCTION_KIND_NAMES, FUNCTION_KINDS } from './function-kinds.js';
import { uniqueBy } from '../util/unique-by.js';

/** The facts of one file, gathered by a listener that joins the detectors' walk. */
export interface FactExtractor {
  listener: RuleListener;
  result(): FileFacts;
  /** The file's functions alone, after the walk: what clone detection reads, without the rest of `result`'s work. */
  functions(): FunctionFact[];
}

type FunctionLike =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.ArrowFunction
  | ts.FunctionExpression
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.ConstructorDeclaration;

interface OpenFunction {
  fact: FunctionFact;
  node: FunctionLike;
}



/**
 * Creates the listener that extracts lines, imports, exports and functions of one file. With
 * `functionsOnly`, it gathers the functions alone, and without their complexity (each counts 1):
 * what clone detection reads (`functions()`), at a fraction of the walk's work; `result()` then
 * holds no imports or exports. With `functions: false`, it gathers no functions (clone detection,
 * their only reader, is off), and so adds nothing to the walk at most nodes.
 */
export function createFactExtractor(sourceFile: ts.SourceFile, { functionsOnly = false, functions: gatherFunctions = true } = {}): FactExtractor {
  const imports: ImportFact[] = [];
  const exports: ExportFact[] = [];
  const functions: FunctionFact[] = [];
  const open: OpenFunction[] = [];
  const localAsync = new Map<string, boolean>();
  const exportedLocals: { local: string; name: string; line: number }[] = [];

  const lineOf = (pos: number): number => sourceFile.getLineAndCharacterOfPosition(pos).line + 1;
  const columnOf = (pos: number): number => sourceFile.getLineAndCharacterOfPosition(pos).character + 1;

  const addImport = (node: ts.Node, specifier: string, kind: ImportFact['kind'], typeOnly: boolean, names: string[]) => {
    const start = node.getStart(sourceFile);
    const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
    imports.push({ specifier, kind, typeOnly, names, line: lineOf(start), column: columnOf(start), endLine: end.line + 1, endColumn: end.character + 1 });
  };

  const enterFunction = (node: ts.Node): void => {
    const fn = node as FunctionLike;
    const start = fn.getStart(sourceFile);
    const end = fn.getEnd();
    const endPos = sourceFile.getLineAndCharacterOfPosition(end);
    const fact: FunctionFact = {
      name: functionName(fn, sourceFile),
      kind: FUNCTION_KIND_NAMES[fn.kind] ?? 'function',
      line: lineOf(start),
      column: columnOf(start),
      endLine: endPos.line + 1,
      endColumn: endPos.character + 1,
      start,
      end,
      exported: isExportedFunction(fn),
      isAsync: hasModifier(fn, SyntaxKind.AsyncKeyword),
      statements: 0,
      tokens: 0,
      complexity: 1,
    };
    open.push({ fact, node: fn });
  };

  const exitFunction = (): void => {
    const closing = open.pop();
    if (!closing) return;
    const parent = open.at(-1);
    if (parent) {
      parent.fact.statements += closing.fact.statements;
      parent.fact.tokens += closing.fact.tokens;
    }
    if (closing.node.body) functions.push(closing.fact);
  };

  const countNode = (node: ts.Node): void => {
    const current = open.at(-1);
    if (!current) return;
    current.fact.tokens += 1;
    if (isStatementKind(node.kind)) current.fact.statements += 1;
    if (!functionsOnly && isDecisionPoint(node)) current.fact.complexity += 1;
  };

  const enter: RuleListener['enter'] = {
    [SyntaxKind.ImportDeclaration]: (node) => {
      const decl = node as ts.ImportDeclaration;
      if (!ts.isStringLiteral(decl.moduleSpecifier)) return;
      const clause = decl.importClause;
      addImport(decl, decl.moduleSpecifier.text, 'static', isTypeOnlyImport(clause), importedNames(clause));
    },
    [SyntaxKind.ImportEqualsDeclaration]: (node) => {
      const decl = node as ts.ImportEqualsDeclaration;
      const ref = decl.moduleReference;
      if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) {
        addImport(decl, ref.expression.text, 'require', decl.isTypeOnly, ['*']);
      }
    },
    [SyntaxKind.ExportDeclaration]: (node) => {
      const decl = node as ts.ExportDeclaration;
      if (decl.moduleSpecifier && ts.isStringLiteral(decl.moduleSpecifier)) {
        const names = decl.exportClause && ts.isNamedExports(decl.exportClause)
          ? decl.exportClause.elements.map((e) => (e.propertyName ?? e.name).text)
          : ['*'];
        addImport(decl, decl.moduleSpecifier.text, 'reexport', decl.isTypeOnly, names);
      }
      if (decl.exportClause && ts.isNamedExports(decl.exportClause)) {
        for (const element of decl.exportClause.elements) {
          const line = lineOf(element.getStart(sourceFile));
          if (decl.moduleSpecifier) {
            exports.push({ name: element.name.text, line, isAsync: false, kind: decl.isTypeOnly ? 'type' : 'other' });
          } else {
            exportedLocals.push({ local: (element.propertyName ?? element.name).text, name: element.name.text, line });
          }
        }
      }
    },
    [SyntaxKind.ExportAssignment]: (node) => {
      const assignment = node as ts.ExportAssignment;
      const line = lineOf(assignment.getStart(sourceFile));
      const expression = assignment.expression;
      if (ts.isIdentifier(expression)) {
        exportedLocals.push({ local: expression.text, name: 'default', line });
      } else {
        exports.push({ name: 'default', line, isAsync: isAsyncFunctionValue(expression), kind: valueKind(expression) });
      }
    },
    [SyntaxKind.CallExpression]: (node) => {
      const call = node as ts.CallExpression;
      const [argument] = call.arguments;
      if (!argument || !ts.isStringLiteralLike(argument)) return;
      if (call.expression.kind === SyntaxKind.ImportKeyword) {
        addImport(call, argument.text, 'dynamic', false, ['*']);
      } else if (ts.isIdentifier(call.expression) && call.expression.text === 'require' && call.arguments.length === 1) {
        addImport(call, argument.text, 'require', false, ['*']);
      }
    },
    [SyntaxKind.FunctionDeclaration]: (node) => {
      const decl = node as ts.FunctionDeclaration;
      if (decl.name && decl.parent === sourceFile) {
        const isAsync = hasModifier(decl, SyntaxKind.AsyncKeyword) || returnsPromiseType(decl);
        localAsync.set(decl.name.text, isAsync);
        if (hasModifier(decl, SyntaxKind.ExportKeyword)) {
          const isDefault = hasModifier(decl, SyntaxKind.DefaultKeyword);
          exports.push({ name: isDefault ? 'default' : decl.name.text, line: lineOf(decl.getStart(sourceFile)), isAsync, kind: 'function' });
        }
      } else if (!decl.name && hasModifier(decl, SyntaxKind.ExportKeyword)) {
        const isAsync = hasModifier(decl, SyntaxKind.AsyncKeyword) || returnsPromiseType(decl);
        exports.push({ name: 'default', line: lineOf(decl.getStart(sourceFile)), isAsync, kind: 'function' });
      }
      if (gatherFunctions) enterFunction(node);
    },
    [SyntaxKind.VariableStatement]: (node) => {
      const statement = node as ts.VariableStatement;
      if (statement.parent !== sourceFile) return;
      const exported = hasModifier(statement, SyntaxKind.ExportKeyword);
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name)) continue;
        const isAsync = decl.initializer ? isAsyncFunctionValue(decl.initializer) : false;
        localAsync.set(decl.name.text, isAsync);
        if (exported) {
          const kind = decl.initializer ? valueKind(decl.initializer) : 'variable';
          exports.push({ name: decl.name.text, line: lineOf(decl.getStart(sourceFile)), isAsync, kind });
        }
      }
    },
    [SyntaxKind.ClassDeclaration]: (node) => {
      const decl = node as ts.ClassDeclaration;
      if (decl.parent !== sourceFile || !hasModifier(decl, SyntaxKind.ExportKeyword)) return;
      const isDefault = hasModifier(decl, SyntaxKind.DefaultKeyword);
      exports.push({ name: isDefault || !decl.name ? 'default' : decl.name.text, line: lineOf(decl.getStart(sourceFile)), isAsync: false, kind: 'class' });
    },
    [SyntaxKind.InterfaceDeclaration]: (node) => addTypeExport(node as ts.InterfaceDeclaration),
    [SyntaxKind.TypeAliasDeclaration]: (node) => addTypeExport(node as ts.TypeAliasDeclaration),
    [SyntaxKind.EnumDeclaration]: (node) => {
      const decl = node as ts.EnumDeclaration;
      if (decl.parent === sourceFile && hasModifier(decl, SyntaxKind.ExportKeyword)) {
        exports.push({ name: decl.name.text, line: lineOf(decl.getStart(sourceFile)), isAsync: false, kind: 'other' });
      }
    },
  };

  const addTypeExport = (decl: ts.InterfaceDeclaration | ts.TypeAliasDeclaration): void => {
    if (decl.parent === sourceFile && hasModifier(decl, SyntaxKind.ExportKeyword)) {
      exports.push({ name: decl.name.text, line: lineOf(decl.getStart(sourceFile)), isAsync: false, kind: 'type' });
    }
  };

  const exit: RuleListener['exit'] = {};
  const functionsEnter: RuleListener['enter'] = {};
  for (const kind of gatherFunctions ? FUNCTION_KINDS : []) {
    if (kind !== SyntaxKind.FunctionDeclaration) {
      enter[kind] = enterFunction;
    }
    functionsEnter[kind] = enterFunction;
    exit[kind] = exitFunction;
  }

  return {
    listener: {
      // Every counted node adds to the enclosing function's size and complexity, before any handler of its kind runs.
      ...(gatherFunctions
        ? {
            enterEvery: (node: ts.Node) => {
              if (IS_COUNTED[node.kind] === 1) countNode(node);
            },
          }
        : {}),
      enter: functionsOnly ? functionsEnter : enter,
      exit,
    },
    result(): FileFacts {
      for (const { local, name, line } of exportedLocals) {
        exports.push({ name, line, isAsync: localAsync.get(local) ?? false, kind: localAsync.has(local) ? 'variable' : 'other' });
      }
      const { lines, codeLines } = countLines(sourceFile.text);
      return { lines, codeLines, imports, exports: uniqueBy(exports, (e) => e.name), functions };
    },
    functions: () => functions,
  };
}

/** Syntax kinds that count towards a function's size: statements, expressions, declarations. */
const COUNTED_KINDS: ts.SyntaxKind[] = (() => {
  const kinds: ts.SyntaxKind[] = [];
  for (let kind = SyntaxKind.FirstNode; kind <= SyntaxKind.LastJSDocNode; kind++) {
    if (kind >= SyntaxKind.FirstJSDocNode) break;
    kinds.push(kind);
  }
  kinds.push(SyntaxKind.Identifier, SyntaxKind.StringLiteral, SyntaxKind.NumericLiteral,
    SyntaxKind.NoSubstitutionTemplateLiteral, SyntaxKind.TrueKeyword, SyntaxKind.FalseKeyword,
    SyntaxKind.NullKeyword, SyntaxKind.ThisKeyword);
  return kinds;
})();

/** Declarations of a module's interface and types: they do not count towards a function's size. */
const UNCOUNTED_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  SyntaxKind.ImportDeclaration,
  SyntaxKind.ImportEqualsDeclaration,
  SyntaxKind.ExportDeclaration,
  SyntaxKind.ExportAssignment,
  SyntaxKind.InterfaceDeclaration,
  SyntaxKind.TypeAliasDeclaration,
  SyntaxKind.EnumDeclaration,
]);

/** Membership table of the counted kinds, by kind: the walk asks for every node. */
const IS_COUNTED: Uint8Array = (() => {
  const table = new Uint8Array(SyntaxKind.Count);
  for (const kind of COUNTED_KINDS) if (!UNCOUNTED_KINDS.has(kind)) table[kind] = 1;
  return table;
})();

function isStatementKind(kind: ts.SyntaxKind): boolean {
  return kind >= SyntaxKind.FirstStatement && kind <= SyntaxKind.LastStatement && kind !== SyntaxKind.Block;
}


/**
 * The file's lines, and those with code: not blank, not only comment. Lines end at CR LF, LF or
 * a lone CR; a final line break ends the last line rather than starting one. A line counts as code
 * unless, without its leading and trailing whitespace (as `String.prototype.trim` takes it), it is
 * empty, starts with `//`, or lies in a block comment with nothing after the comment's end. One
 * pass over the text without splitting it: every file of a scan goes through here.
 */
export function countLines(text: string): { lines: number; codeLines: number } {
  if (text.length === 0) return { lines: 0, codeLines: 0 };
  const hasCarriageReturn = text.includes('\r');
  const comments = blockComments(text);
  let lines = 0;
  let codeLines = 0;
  for (let start = 0; start <= text.length; ) {
    const end = lineEnd(text, start, hasCarriageReturn);
    lines += 1;
    const first = firstNonBlank(text, start, end);
    if (first < end && comments.lineHasCode(first, end)) codeLines += 1;
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
  // A final line break (LF, CR LF or a lone CR) ends the last line rather than starting one.
  if (text.endsWith('\n') || text.endsWith('\r')) lines -= 1;
  return { lines, codeLines };
}

/** Follows block comments from line to line: whether a line, from its first non-blank character to its end, holds code. */
function blockComments(text: string): { lineHasCode(first: number, end: number): boolean } {
  let inBlockComment = false;
  // The first `*/` at or after `closeFrom` (-1: none), kept so that a long comment is searched once.
  let closeFrom = -1;
  let close = -1;
  const closeAtOrAfter = (from: number): number => {
    if (closeFrom < 0 || from < closeFrom || (close >= 0 && close < from)) {
      closeFrom = from;
      close = text.indexOf('*/', from);
    }
    return close;
  };
  /** Whether something follows the comment that closes at `at` on the line ending at `end`. */
  const codeAfter = (at: number, end: number): boolean => firstNonBlank(text, at + 2, end) < end;
  return {
    lineHasCode(first, end) {
      if (inBlockComment) {
        const at = closeAtOrAfter(first);
        if (at < 0 || at + 2 > end) return false;
        inBlockComment = false;
        return codeAfter(at, end);
      }
      if (text.startsWith('//', first)) return false;
      if (!text.startsWith('/*', first)) return true;
      const at = closeAtOrAfter(first + 2);
      inBlockComment = at < 0 || at + 2 > end;
      return !inBlockComment && codeAfter(at, end);
    },
  };
}

/** Where the line that starts at `start` ends: its LF or CR, or the end of the text. */
function lineEnd(text: string, start: number, hasCarriageReturn: boolean): number {
  const feed = text.indexOf('\n', start);
  const lineFeed = feed < 0 ? text.length : feed;
  if (!hasCarriageReturn) return lineFeed;
  const ret = text.indexOf('\r', start);
  return ret >= 0 && ret < lineFeed ? ret : lineFeed;
}

/** The first position in [from, to) that `trim` would keep, or `to`. */
function firstNonBlank(text: string, from: number, to: number): number {
  let at = from;
  while (at < to && isTrimmed(text.charCodeAt(at))) at += 1;
  return at;
}

/** Whether `String.prototype.trim` removes the character: ECMAScript's white space and line terminators. */
function isTrimmed(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return code === 160 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) ? (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false) : false;
}

function isTypeOnlyImport(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return !clause.name && !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function importedNames(clause: ts.ImportClause | undefined): string[] {
  if (!clause) return [];
  const names: string[] = [];
  if (clause.name) names.push('default');
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) names.push((element.propertyName ?? element.name).text);
  }
  return names;
}

function isAsyncFunctionValue(expression: ts.Expression): boolean {
  const inner = skipOuterExpressions(expression);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
    return hasModifier(inner, SyntaxKind.AsyncKeyword) || returnsPromiseType(inner);
  }
  return false;
}

function valueKind(expression: ts.Expression): ExportFact['kind'] {
  const inner = skipOuterExpressions(expression);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return 'function';
  if (ts.isClassExpression(inner)) return 'class';
  return 'variable';
}

function skipOuterExpressions(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return current;
}

function returnsPromiseType(fn: ts.SignatureDeclarationBase): boolean {
  const type = fn.type;
  return !!type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Promise';
}

function isExportedFunction(fn: FunctionLike): boolean {
  if (ts.isFunctionDeclaration(fn)) return hasModifier(fn, SyntaxKind.ExportKeyword);
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent)) {
    const statement = parent.parent.parent;
    return ts.isVariableStatement(statement) && hasModifier(statement, SyntaxKind.ExportKeyword);
  }
  if (ts.isExportAssignment(parent)) return true;
  if (ts.isMethodDeclaration(fn) || ts.isGetAccessor(fn) || ts.isSetAccessor(fn) || ts.isConstructorDeclaration(fn)) {
    const owner = fn.parent;
    return ts.isClassDeclaration(owner) && hasModifier(owner, SyntaxKind.ExportKeyword);
  }
  return false;
}

/** The name a person would use for the function: its own, its variable's, its property's. */
export function functionName(fn: ts.Node, sourceFile: ts.SourceFile): string {
  const named = fn as { name?: ts.Node };
  if (named.name && (ts.isIdentifier(named.name) || ts.isPrivateIdentifier(named.name) || ts.isStringLiteral(named.name))) {
    return named.name.text;
  }
  if (ts.isConstructorDeclaration(fn)) return 'constructor';
  const parent = fn.parent;
  if (parent) {
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(sourceFile);
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === SyntaxKind.EqualsToken) {
      return parent.left.getText(sourceFile);
    }
    if (ts.isExportAssignment(parent)) return 'default';
  }
  return '<anonymous>';
}
