import ts from '../src/typescript.cjs';
import { defineRule, type ProjectFile, type ProjectReport, type Report } from '../src/rule/types.js';
import type { FileFacts } from '../src/facts/types.js';
import { hasModifier, isAsyncFunction, isFunctionNode, memberName } from './utils/error-handling.js';
import { regionOf } from './utils/node-region.js';
import { skipTransparent } from './utils/same-expression.js';

export type MessageId = 'floatingPromise' | 'asyncForEach' | 'asyncExecutor' | 'addVoid';
export type Options = [{ ignoreIIFE: boolean; checkForEach: boolean }];

/** A statement-level call of an imported name, recorded for the scanner's cross-file phase. */
export interface ImportedCall {
  specifier: string;
  /** The export it calls: `default`, a named export, or a namespace member. */
  imported: string;
  /** The callee as written, for the message. */
  name: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface FloatingAsyncData {
  calls: ImportedCall[];
}

interface ImportBinding {
  specifier: string;
  /** The imported export's name; `*` for a namespace import. */
  imported: string;
}

interface Candidate {
  expression: ts.Expression;
  call: ts.CallExpression;
}

const MAX_REEXPORT_DEPTH = 5;

export default defineRule<Options, MessageId>({
  name: 'no-floating-async',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow promises of async work that are neither awaited, returned nor handled',
      recommended: 'recommended',
      usesTypeInformation: true,
    },
    category: 'error-handling',
    effortMinutes: 10,
    severity: 'error',
    precision: 'high',
    hasSuggestions: true,
    fileRoles: ['product', 'test', 'migration'],
    messages: {
      floatingPromise:
        "The promise returned by '{{ name }}' is neither awaited, returned nor handled: if it rejects, nothing catches the error (Node ends the process on an unhandled rejection), and the code after it runs before the work is done. Await or return it, or add `.catch(...)`; write `void` before it if fire-and-forget is really meant.",
      asyncForEach:
        'forEach ignores the promises this async callback returns: the loop finishes before the work does, and a rejection is unhandled. Use `for … of` with `await`, or `await Promise.all(items.map(...))`.',
      asyncExecutor:
        'An async Promise executor: an error thrown after its first `await` rejects the executor\'s own promise, which nobody sees, and the outer promise never settles. Make the executor synchronous and await inside an async function instead.',
      addVoid: 'Mark the promise as deliberately not awaited with `void`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignoreIIFE: {
            type: 'boolean',
            description: 'Accept an async function expression called on the spot as a statement (`(async () => { … })();`).',
          },
          checkForEach: {
            type: 'boolean',
            description: 'Report async callbacks passed to `forEach`.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ ignoreIIFE: false, checkForEach: true }],
  detect(context, [{ ignoreIIFE, checkForEach }]) {
    const { sourceFile, checker } = context;
    const asyncNames = new Set<string>();
    const imports = new Map<string, ImportBinding>();
    const classes: Set<string>[] = [];
    const candidates: Candidate[] = [];

    const reportFloating = (expression: ts.Expression, name: string): void => {
      const start = expression.getStart(sourceFile);
      const report: Report<MessageId> = {
        node: expression,
        messageId: 'floatingPromise',
        data: { name },
        suggest: [{ messageId: 'addVoid', edits: [{ start, end: start, text: 'void ' }] }],
      };
      context.report(report);
    };

    const checkStatement = (node: ts.Node): void => {
      const statement = node as ts.ExpressionStatement;
      for (const expression of floatingExpressions(statement.expression)) {
        const call = baseCall(expression);
        if (checker) {
          if (isThenable(checker, expression)) reportFloating(expression, call ? calleeText(call, sourceFile) : shortText(expression, sourceFile));
          continue;
        }
        if (!call) continue;
        const callee = skipTransparent(call.expression);
        if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) {
          if (isAsyncFunction(callee) && !ignoreIIFE && !isNeverRejecting(callee)) reportFloating(expression, 'this async function');
        } else if (isThisCall(callee)) {
          if (classes.at(-1)?.has(callee.name.text)) reportFloating(expression, calleeText(call, sourceFile));
        } else {
          candidates.push({ expression, call });
        }
      }
    };

    const resolveCandidates = (): void => {
      const calls: ImportedCall[] = [];
      for (const { expression, call } of candidates) {
        const callee = skipTransparent(call.expression);
        const target = importedTarget(callee, imports);
        if (target) {
          calls.push({ ...target, name: calleeText(call, sourceFile), ...regionOf(sourceFile, expression) });
        } else if (ts.isIdentifier(callee) && asyncNames.has(callee.text)) {
          reportFloating(expression, callee.text);
        }
      }
      if (calls.length > 0) context.setFileData({ calls } satisfies FloatingAsyncData);
    };

    return {
      enter: {
        [ts.SyntaxKind.ExpressionStatement]: checkStatement,
        [ts.SyntaxKind.FunctionDeclaration]: (node) => {
          const fn = node as ts.FunctionDeclaration;
          if (fn.name && isAsyncDeclaration(fn) && !isNeverRejecting(fn)) asyncNames.add(fn.name.text);
        },
        [ts.SyntaxKind.VariableDeclaration]: (node) => {
          const decl = node as ts.VariableDeclaration;
          if (!ts.isIdentifier(decl.name) || !decl.initializer) return;
          const value = skipTransparent(decl.initializer);
          if ((ts.isArrowFunction(value) || ts.isFunctionExpression(value)) && isAsyncDeclaration(value) && !isNeverRejecting(value)) {
            asyncNames.add(decl.name.text);
          }
        },
        [ts.SyntaxKind.ImportDeclaration]: (node) => addImports(node as ts.ImportDeclaration, imports),
        [ts.SyntaxKind.ClassDeclaration]: (node) => classes.push(asyncMethodsOf(node as ts.ClassLikeDeclaration)),
        [ts.SyntaxKind.ClassExpression]: (node) => classes.push(asyncMethodsOf(node as ts.ClassLikeDeclaration)),
        [ts.SyntaxKind.CallExpression]: (node) => {
          if (!checkForEach) return;
          const call = node as ts.CallExpression;
          const callback = call.arguments[0];
          if (memberName(call.expression) === 'forEach' && callback && isAsyncFunction(skipTransparent(callback))) {
            context.report({ start: callback.getStart(sourceFile), end: headEnd(skipTransparent(callback) as ts.FunctionLikeDeclaration), messageId: 'asyncForEach' });
          }
        },
        [ts.SyntaxKind.NewExpression]: (node) => {
          const creation = node as ts.NewExpression;
          const callee = skipTransparent(creation.expression);
          const executor = creation.arguments?.[0];
          if (ts.isIdentifier(callee) && callee.text === 'Promise' && executor && isAsyncFunction(skipTransparent(executor))) {
            context.report({ start: executor.getStart(sourceFile), end: headEnd(skipTransparent(executor) as ts.FunctionLikeDeclaration), messageId: 'asyncExecutor' });
          }
        },
      },
      exit: {
        [ts.SyntaxKind.ClassDeclaration]: () => classes.pop(),
        [ts.SyntaxKind.ClassExpression]: () => classes.pop(),
      },
      end: () => {
        if (!checker) resolveCandidates();
      },
    };
  },
  project({ files, resolveImport }) {
    const byFile = new Map(files.map((f) => [f.file, f]));
    const reports: ProjectReport[] = [];
    for (const file of files) {
      const data = file.data as FloatingAsyncData | undefined;
      for (const call of data?.calls ?? []) {
        const target = resolveImport(file.file, call.specifier);
        if (!target || !isAsyncExport(target, call.imported, byFile, resolveImport, 0)) continue;
        const { name, line, column, endLine, endColumn } = call;
        reports.push({ file: file.file, line, column, endLine, endColumn, messageId: 'floatingPromise', data: { name } });
      }
    }
    return reports;
  },
});

/**
 * The expressions of a statement whose promise would float: the statement's value, or the
 * branches of `a && f()` and `c ? f() : g()`. A `.catch(h)`, `.then(f, h)`, `await` or `void`
 * handles the promise.
 */
function floatingExpressions(statementExpression: ts.Expression): ts.Expression[] {
  const expression = skipTransparent(statementExpression);
  if (ts.isVoidExpression(expression) || ts.isAwaitExpression(expression)) return [];
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.CommaToken) {
      return floatingExpressions(expression.right);
    }
    return [];
  }
  if (ts.isConditionalExpression(expression)) {
    return [...floatingExpressions(expression.whenTrue), ...floatingExpressions(expression.whenFalse)];
  }
  if (ts.isCallExpression(expression) && isHandled(expression)) return [];
  return [expression];
}

/** `p.catch(h)` or `p.then(f, h)`, possibly followed by `.then(f)`/`.finally(g)`. */
function isHandled(call: ts.CallExpression): boolean {
  const method = memberName(skipTransparent(call.expression));
  if (method === 'catch' && call.arguments.length > 0) return true;
  if (method === 'then' && call.arguments.length > 1) return true;
  if ((method === 'then' || method === 'finally') && ts.isPropertyAccessExpression(call.expression)) {
    const inner = skipTransparent(call.expression.expression);
    return ts.isCallExpression(inner) && isHandled(inner);
  }
  return false;
}

/** The call that starts a chain such as `f().then(g).finally(h)`: `f()`. */
function baseCall(expression: ts.Expression): ts.CallExpression | undefined {
  let current = skipTransparent(expression);
  while (ts.isCallExpression(current)) {
    const callee = skipTransparent(current.expression);
    const method = memberName(callee);
    if ((method === 'then' || method === 'finally') && (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee))) {
      const inner = skipTransparent(callee.expression);
      if (ts.isCallExpression(inner)) {
        current = inner;
        continue;
      }
    }
    return current;
  }
  return undefined;
}

function isThisCall(callee: ts.Expression): callee is ts.PropertyAccessExpression & { name: ts.Identifier } {
  return ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(callee.name);
}

/** An async function, or one whose return type annotation is `Promise<…>`. */
function isAsyncDeclaration(fn: ts.SignatureDeclarationBase): boolean {
  if (hasModifier(fn, ts.SyntaxKind.AsyncKeyword)) return true;
  const type = fn.type;
  return !!type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Promise';
}

/**
 * An async function whose whole body is `try { … } catch { … }` with no `throw` in the catch or
 * finally block settles without rejecting: calling it without `await` loses no error.
 */
function isNeverRejecting(fn: ts.SignatureDeclarationBase): boolean {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body || !ts.isBlock(body) || body.statements.length === 0) return false;
  return body.statements.every(
    (statement) =>
      ts.isTryStatement(statement) &&
      statement.catchClause !== undefined &&
      !containsThrow(statement.catchClause.block) &&
      (statement.finallyBlock === undefined || !containsThrow(statement.finallyBlock)),
  );
}

function containsThrow(node: ts.Node): boolean {
  if (ts.isThrowStatement(node)) return true;
  if (isFunctionNode(node)) return false;
  return ts.forEachChild(node, (child) => (containsThrow(child) ? true : undefined)) ?? false;
}

function asyncMethodsOf(node: ts.ClassLikeDeclaration): Set<string> {
  const names = new Set<string>();
  for (const member of node.members) {
    if (!member.name || !ts.isIdentifier(member.name)) continue;
    if (ts.isMethodDeclaration(member) && isAsyncDeclaration(member) && !isNeverRejecting(member)) names.add(member.name.text);
    if (ts.isPropertyDeclaration(member) && member.initializer) {
      const value = skipTransparent(member.initializer);
      if ((ts.isArrowFunction(value) || ts.isFunctionExpression(value)) && isAsyncDeclaration(value) && !isNeverRejecting(value)) names.add(member.name.text);
    }
  }
  return names;
}

function addImports(decl: ts.ImportDeclaration, imports: Map<string, ImportBinding>): void {
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
function importedTarget(callee: ts.Expression, imports: ReadonlyMap<string, ImportBinding>): ImportBinding | undefined {
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

/** Whether a scanned file exports `name` as an async function, following re-exports a few levels. */
function isAsyncExport(
  file: string,
  name: string,
  byFile: ReadonlyMap<string, ProjectFile>,
  resolveImport: (from: string, specifier: string) => string | undefined,
  depth: number,
): boolean {
  const facts: FileFacts | undefined = byFile.get(file)?.facts;
  if (!facts || depth > MAX_REEXPORT_DEPTH) return false;
  if (facts.exports.some((e) => e.name === name && e.isAsync)) return true;
  return facts.imports.some((i) => {
    if (i.kind !== 'reexport' || i.typeOnly || !(i.names.includes(name) || i.names.includes('*'))) return false;
    const target = resolveImport(file, i.specifier);
    return target !== undefined && isAsyncExport(target, name, byFile, resolveImport, depth + 1);
  });
}

/** True when the expression's type has a callable `then`: a promise or another thenable. */
function isThenable(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(expression);
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => {
    if (part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
    const then = part.getProperty('then');
    if (!then) return false;
    return checker.getTypeOfSymbolAtLocation(then, expression).getCallSignatures().length > 0;
  });
}

function calleeText(call: ts.CallExpression, sourceFile: ts.SourceFile): string {
  return shortText(call.expression, sourceFile);
}

function shortText(node: ts.Node, sourceFile: ts.SourceFile): string {
  const text = sourceFile.text.slice(node.getStart(sourceFile), node.getEnd()).replace(/\s+/gu, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function headEnd(fn: ts.FunctionLikeDeclaration): number {
  return fn.body ? fn.body.getStart() : fn.getEnd();
}
