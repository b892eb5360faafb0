import { ts, defineRule, type CrossFileReport } from '../src/rule/index.js';
import { enclosingFunction, hasModifier, isAsyncFunction, memberName } from './utils/error-handling.js';
import { regionOf } from './utils/node-region.js';
import { canReject } from './utils/rejection.js';
import { fileEnvironment, isInUiCallback, placeOf, type Environment, type Place } from './utils/floating-context.js';
import { skipTransparent } from './utils/same-expression.js';
import { isProjectCall, projectDeclaration, thenableVerdict } from './utils/thenable.js';
import { enclosingClass, isAsyncDeclaration, isAsyncGenerator, isSettlingExecutor, isThisCall, methodsNamed, type FunctionLike } from './utils/async-functions.js';
import { baseCall, floatingExpressions } from './utils/floating-expressions.js';
import { calleeText, floatingData, formatFingerprint, groupBy, headEnd, lineOf, expressionText } from './utils/floating-report.js';
import { addImports, asyncExportHome, exportedNames, importedTarget, type ImportBinding } from './utils/module-bindings.js';

export type MessageId = 'floatingPromise' | 'asyncForEach' | 'asyncExecutor';
export type Options = [{ ignoreIIFE: boolean; checkForEach: boolean; checkTopLevel: boolean }];
export type { Environment, Place };

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
  /** What can be done with the promise where the call sits. */
  place?: Place;
  /** The offset of the function the call sits in (-1 at the top level): calls of one callee in one function make one finding. */
  scope?: number;
  environment?: Environment;
}

export interface FloatingAsyncData {
  calls: ImportedCall[];
  /** This file's exported async functions whose promise cannot reject (see rules/utils/rejection.ts). */
  safeExports?: string[];
}

/** A floating statement whose callee is resolved once the whole file has been walked. */
interface Candidate {
  expression: ts.Expression;
  call: ts.CallExpression;
  /** The class whose methods `this.name()` refers to, for a call on `this`. */
  owner?: ts.ClassLikeDeclaration;
}

export default defineRule<Options, MessageId>({
  name: 'no-floating-async',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow promises of async work that are neither awaited, returned nor handled',
      recommended: 'strict',
      usesTypeInformation: true,
    },
    category: 'error-handling',
    effortMinutes: 10,
    severity: 'error',
    precision: 'low',
    fileRoles: ['product', 'test', 'migration'],
    messages: {
      floatingPromise: "The promise returned by '{{ name }}' is neither awaited, returned nor handled{{ also }}: {{ consequence }} {{ advice }}",
      asyncForEach:
        'forEach ignores the promises this async callback returns: the loop finishes before the work does, and a rejection is unhandled. Use `for … of` with `await`, or `await Promise.all(items.map(...))`.',
      asyncExecutor:
        "An async Promise executor: an error thrown after its first `await` rejects the executor's own promise, which nobody sees, and the outer promise never settles. Make the executor synchronous and await inside an async function instead, or wrap its body in `try { … } catch (error) { reject(error) }`.",
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
          checkTopLevel: {
            type: 'boolean',
            description:
              "Report floating calls at a module's top level, outside any function (`main();` at the end of a script or entry point), where an unhandled rejection ends a Node process with the error.",
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ ignoreIIFE: false, checkForEach: true, checkTopLevel: false }],
  detect(context, [{ ignoreIIFE, checkForEach, checkTopLevel }]) {
    const { sourceFile, checker } = context;
    const functions = new Map<string, FunctionLike[]>();
    const imports = new Map<string, ImportBinding>();
    const classes: ts.ClassLikeDeclaration[] = [];
    const candidates: Candidate[] = [];
    const executors: ts.FunctionLikeDeclaration[] = [];
    const verdicts = new Map<ts.Node, boolean>();
    let hasJsx = false;

    /** Whether a function of this file can reject, following the same-file helpers it awaits. */
    const mayReject = (fn: FunctionLike): boolean => {
      const known = verdicts.get(fn);
      if (known !== undefined) return known;
      verdicts.set(fn, true); // a helper that awaits itself, directly or not, is taken to reject
      const verdict = !isAsyncGenerator(fn) && canReject(fn, (e) => isSafeCall(e, fn));
      verdicts.set(fn, verdict);
      return verdict;
    };

    /** A call of a same-file function (or of a method of the enclosing class) whose promise cannot reject. */
    const isSafeCall = (expression: ts.Expression, from: ts.Node): boolean => {
      const value = skipTransparent(expression);
      if (!ts.isCallExpression(value)) return false;
      const targets = calleeDeclarations(skipTransparent(value.expression), from);
      return targets.length > 0 && targets.every((fn) => isAsyncDeclaration(fn) && !mayReject(fn));
    };

    const calleeDeclarations = (callee: ts.Expression, from: ts.Node): FunctionLike[] => {
      if (ts.isIdentifier(callee)) return functions.get(callee.text) ?? [];
      if (isThisCall(callee)) {
        const owner = enclosingClass(from);
        return owner ? methodsNamed(owner, callee.name.text) : [];
      }
      return [];
    };

    /** True when a same-file callee is async (or returns a promise) and its promise can reject. */
    const isRejectingCallee = (callee: ts.Expression, from: ts.Node, owner?: ts.ClassLikeDeclaration): boolean => {
      const targets = isThisCall(callee) ? (owner ? methodsNamed(owner, callee.name.text) : []) : calleeDeclarations(callee, from);
      return targets.some((fn) => isAsyncDeclaration(fn) && mayReject(fn));
    };

    const environmentOf = (node: ts.Node): Environment => {
      const declared = fileEnvironment(sourceFile, imports, hasJsx);
      if (declared !== 'unknown') return declared;
      return isInUiCallback(node) ? 'browser' : 'unknown';
    };

    /** Floating calls to report once the file is walked; the same callee floated again in one function is the same finding. */
    const floating: { expression: ts.Expression; name: string; isIIFE: boolean }[] = [];
    const reportFloating = (expression: ts.Expression, name: string, isIIFE: boolean): void => {
      floating.push({ expression, name, isIIFE });
    };

    const flushFloating = (): void => {
      for (const group of groupBy(floating, (f) => [enclosingFunction(f.expression) ?? sourceFile, f.isIIFE ? f.expression : f.name])) {
        const [{ expression, name, isIIFE }, ...others] = group;
        const lines = others.map((other) => lineOf(sourceFile, other.expression));
        const data = floatingData(name, placeOf(expression), environmentOf(expression), isIIFE, lines);
        context.report({ node: expression, messageId: 'floatingPromise', data });
      }
    };

    /**
     * What types say about a floating expression: settled ('done': not a promise, or taken as a
     * typed finding), or left to the analysis without types ('untyped'). Types that settle nothing
     * (`any`: an import that does not resolve), and in the scanner imported functions, go the way
     * they go without types: the cross-file phase follows the import, so the finding is the same
     * one (same fingerprint) with and without types. ESLint has no cross-file phase: there, types
     * decide imported calls too.
     */
    const typedDecision = (expression: ts.Expression, call: ts.CallExpression | undefined): 'done' | 'untyped' => {
      if (!checker) return 'untyped';
      const verdict = thenableVerdict(checker, expression);
      if (verdict === 'no') return 'done';
      const imported = context.host === 'scanner' && call !== undefined && importedTarget(skipTransparent(call.expression), imports) !== undefined;
      // An inline function is read from its body, with or without types.
      const inline = call !== undefined && (ts.isArrowFunction(skipTransparent(call.expression)) || ts.isFunctionExpression(skipTransparent(call.expression)));
      if (verdict !== 'yes' || imported || inline) return 'untyped';
      if (!call || isProjectCall(checker, call)) typed.push({ expression, call });
      return 'done';
    };

    const addCandidate = (expression: ts.Expression, call: ts.CallExpression): void => {
      const callee = skipTransparent(call.expression);
      if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) {
        if (isAsyncFunction(callee) && !ignoreIIFE) candidates.push({ expression, call });
      } else if (isThisCall(callee)) {
        const owner = classes.at(-1);
        if (owner) candidates.push({ expression, call, owner });
      } else {
        candidates.push({ expression, call });
      }
    };

    const checkStatement = (node: ts.Node): void => {
      const statement = node as ts.ExpressionStatement;
      if (!checkTopLevel && enclosingFunction(statement) === undefined) return;
      for (const expression of floatingExpressions(statement.expression)) {
        const call = baseCall(expression);
        if (typedDecision(expression, call) === 'untyped' && call) addCandidate(expression, call);
      }
    };

    /**
     * With type information: thenable calls of the project's own functions and methods, among the
     * callees `followsCallee` admits, reported unless the callee (in any file) cannot reject.
     * Promises of libraries are left alone, as without types: floating `router.push()` or a test
     * runner's `it()` is the library's documented use.
     */
    const typed: { expression: ts.Expression; call: ts.CallExpression | undefined }[] = [];
    const typedVerdicts = new Map<ts.Node, boolean>();

    /** Whether a function of the project, in any file, can reject, following the project's functions it awaits (as the checker resolves them). */
    const mayRejectTyped = (fn: FunctionLike, types: ts.TypeChecker): boolean => {
      const known = typedVerdicts.get(fn);
      if (known !== undefined) return known;
      typedVerdicts.set(fn, true); // a function that awaits itself, directly or not, is taken to reject
      const verdict = !isAsyncGenerator(fn) && canReject(fn, (e) => isSafeTypedCall(e, types));
      typedVerdicts.set(fn, verdict);
      return verdict;
    };

    /**
     * A call that cannot reject what awaits or returns it: one whose value is no promise (a plain
     * call, as a plain statement, is taken not to throw: see canReject), or a call of an async
     * function or method of the project (in any file) whose promise cannot reject.
     */
    const isSafeTypedCall = (expression: ts.Expression, types: ts.TypeChecker): boolean => {
      const value = skipTransparent(expression);
      if (!ts.isCallExpression(value)) return false;
      if (thenableVerdict(types, value) === 'no') return true;
      const target = projectDeclaration(types, value);
      // Only an `async` function: the promise another function returns may be built in ways its body does not show (`task.catch(() => { throw … })`).
      return target !== undefined && hasModifier(target, ts.SyntaxKind.AsyncKeyword) && !mayRejectTyped(target, types);
    };

    /**
     * The callees types may report: those the analysis without types follows too (a function of
     * this file, a method of the enclosing class, and in ESLint, which has no cross-file phase, an
     * imported function). A method of another object (`this.pubsub.publish()`, `Log.warn()`) or a
     * callback passed in is left alone, as without types: measured on real code, most of their
     * promises were fire-and-forget by design (events, logs, host hooks).
     */
    const followsCallee = (callee: ts.Expression): boolean => {
      if (isThisCall(callee)) return true;
      if (ts.isIdentifier(callee) && functions.has(callee.text)) return true;
      return context.host !== 'scanner' && importedTarget(callee, imports) !== undefined;
    };

    const resolveTyped = (): void => {
      for (const { expression, call } of typed) {
        const callee = call ? skipTransparent(call.expression) : undefined;
        if (callee && !followsCallee(callee)) continue;
        if (callee && isSafeCall(call!, expression)) continue;
        if (call && checker && isSafeTypedCall(call, checker)) continue;
        reportFloating(expression, call ? calleeText(call, sourceFile) : expressionText(expression, sourceFile), false);
      }
    };

    const resolveCandidates = (): void => {
      const calls: ImportedCall[] = [];
      for (const { expression, call, owner } of candidates) {
        const callee = skipTransparent(call.expression);
        if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) {
          if (mayReject(callee)) reportFloating(expression, 'this async function', true);
          continue;
        }
        const target = importedTarget(callee, imports);
        if (target) {
          const scope = enclosingFunction(expression)?.getStart(sourceFile) ?? -1;
          // Kept for every call: a literal that starts with a spread would give each its own hidden class in V8.
          calls.push({ specifier: target.specifier, imported: target.imported, name: calleeText(call, sourceFile), ...regionOf(sourceFile, expression), place: placeOf(expression), environment: environmentOf(expression), scope });
        } else if ((ts.isIdentifier(callee) || isThisCall(callee)) && isRejectingCallee(callee, expression, owner)) {
          reportFloating(expression, calleeText(call, sourceFile), false);
        }
      }
      const safeExports = exportedNames(sourceFile).filter(({ local }) => {
        const declarations = functions.get(local) ?? [];
        return declarations.length > 0 && declarations.every((fn) => isAsyncDeclaration(fn) && !mayReject(fn));
      });
      if (calls.length > 0 || safeExports.length > 0) {
        context.setFileData({ calls, ...(safeExports.length > 0 ? { safeExports: safeExports.map((e) => e.name) } : {}) } satisfies FloatingAsyncData);
      }
    };

    const addFunction = (name: string, fn: FunctionLike): void => {
      functions.set(name, [...(functions.get(name) ?? []), fn]);
    };

    return {
      enter: {
        [ts.SyntaxKind.ExpressionStatement]: checkStatement,
        [ts.SyntaxKind.FunctionDeclaration]: (node) => {
          const fn = node as ts.FunctionDeclaration;
          if (fn.name) addFunction(fn.name.text, fn);
        },
        [ts.SyntaxKind.VariableDeclaration]: (node) => {
          const decl = node as ts.VariableDeclaration;
          if (!ts.isIdentifier(decl.name) || !decl.initializer) return;
          const value = skipTransparent(decl.initializer);
          if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) addFunction(decl.name.text, value);
        },
        [ts.SyntaxKind.ImportDeclaration]: (node) => addImports(node as ts.ImportDeclaration, imports),
        [ts.SyntaxKind.ClassDeclaration]: (node) => classes.push(node as ts.ClassLikeDeclaration),
        [ts.SyntaxKind.ClassExpression]: (node) => classes.push(node as ts.ClassLikeDeclaration),
        [ts.SyntaxKind.JsxElement]: () => (hasJsx = true),
        [ts.SyntaxKind.JsxSelfClosingElement]: () => (hasJsx = true),
        [ts.SyntaxKind.JsxFragment]: () => (hasJsx = true),
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
          const executor = creation.arguments?.[0] ? skipTransparent(creation.arguments[0]) : undefined;
          if (ts.isIdentifier(callee) && callee.text === 'Promise' && executor && isAsyncFunction(executor)) executors.push(executor as FunctionLike);
        },
      },
      exit: {
        [ts.SyntaxKind.ClassDeclaration]: () => classes.pop(),
        [ts.SyntaxKind.ClassExpression]: () => classes.pop(),
      },
      end: () => {
        for (const executor of executors) {
          if (isSettlingExecutor(executor, (e) => isSafeCall(e, executor))) continue;
          context.report({ start: executor.getStart(sourceFile), end: headEnd(executor), messageId: 'asyncExecutor' });
        }
        resolveTyped();
        resolveCandidates();
        flushFloating();
      },
    };
  },
  crossFile({ files, resolveImport }) {
    const byFile = new Map(files.map((f) => [f.file, f]));
    const reports: CrossFileReport[] = [];
    for (const file of files) {
      const data = file.data as FloatingAsyncData | undefined;
      const rejecting = (data?.calls ?? []).filter((call) => {
        const target = resolveImport(file.file, call.specifier);
        const home = target ? asyncExportHome(target, call.imported, byFile, resolveImport, 0) : undefined;
        return home !== undefined && !(byFile.get(home.file)?.data as FloatingAsyncData | undefined)?.safeExports?.includes(home.name);
      });
      for (const [call, ...others] of groupBy(rejecting, (c) => [c.scope ?? c.line, c.name])) {
        const { name, line, column, endLine, endColumn } = call;
        const lines = others.map((other) => other.line);
        reports.push({
          file: file.file,
          line,
          column,
          endLine,
          endColumn,
          messageId: 'floatingPromise',
          data: floatingData(name, call.place ?? 'async', call.environment ?? 'unknown', false, lines),
          fingerprintText: formatFingerprint(name),
        });
      }
    }
    return reports;
  },
});
