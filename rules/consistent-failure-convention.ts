import path from 'node:path';
import { ts, defineRule, type CrossFileReport } from '../src/rule/index.js';
import { FUNCTION_KINDS, memberName, promiseExecutor, type FunctionNode } from './utils/error-handling.js';
import { commonJsExports, exportedFunction, type ExportedFunction } from './utils/exported-functions.js';
import { regionOf } from './utils/node-region.js';
import { skipTransparent } from './utils/same-expression.js';

export type MessageId = 'deviatingFunction' | 'deviatingModule';
export type Options = [{ minFunctions: number; minModules: number }];

/** How a function tells its caller that it failed. */
export type Convention = 'throws' | 'rejects' | 'nullish' | 'result' | 'callback';
/** Conventions a caller handles the same way: throwing and rejecting both need try/catch (or `.catch`). */
export type Family = 'exception' | 'nullish' | 'result' | 'callback';

/** One classified exported function, recorded for the scanner's directory-wide phase. */
export interface ClassifiedFunction {
  name: string;
  convention: Convention;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface FailureConventionData {
  functions: ClassifiedFunction[];
}

interface FunctionState {
  node: FunctionNode;
  throws: boolean;
  rejects: boolean;
  nullish: boolean;
  nullishInCatch: boolean;
  value: boolean;
  result: boolean;
  callback: boolean;
  callbackParams: ReadonlySet<string>;
}

interface Executor {
  fn: ts.Node;
  reject: string;
  owner: FunctionState | undefined;
}

const FAMILY: Record<Convention, Family> = {
  throws: 'exception',
  rejects: 'exception',
  nullish: 'nullish',
  result: 'result',
  callback: 'callback',
};

const OWN_TEXT: Record<Convention, string> = {
  throws: 'throws an error',
  rejects: 'returns a rejected promise',
  nullish: 'returns null or undefined',
  result: 'returns a result object',
  callback: 'passes the error to a callback',
};

const FAMILY_TEXT: Record<Family, string> = {
  exception: 'throw an error (or reject their promise)',
  nullish: 'return null or undefined',
  result: 'return a result object such as `{ ok, error }`',
  callback: 'pass the error to an error-first callback',
};

const RESULT_KEYS = new Set(['error', 'err', 'errors', 'ok', 'success', 'failure', 'isError', 'isOk']);
const CALLBACK_PARAM = /^(?:cb|callback|done|next)$|Callback$/u;

const NO_PARAMS: ReadonlySet<string> = new Set();

/** The names of a function's parameters that look like error-first callbacks (one shared empty set for the many functions without one). */
function callbackParamsOf(fn: FunctionNode): ReadonlySet<string> {
  let names: Set<string> | undefined;
  for (const parameter of fn.parameters) {
    if (ts.isIdentifier(parameter.name) && CALLBACK_PARAM.test(parameter.name.text)) (names ??= new Set()).add(parameter.name.text);
  }
  return names ?? NO_PARAMS;
}

export default defineRule<Options, MessageId>({
  name: 'consistent-failure-convention',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Enforce one way of reporting failure across the exported functions of a module',
      recommended: 'strict',
    },
    category: 'error-handling',
    effortMinutes: 30,
    severity: 'warn',
    precision: 'low',
    messages: {
      deviatingFunction:
        "'{{ name }}' {{ own }} to signal failure, but this module's other exported functions {{ dominant }} ({{ count }} of {{ total }}): a caller who handles failure the module's way misses this function's failures. Make it {{ dominant }} like the rest, or move it to a module of its own kind.",
      deviatingModule:
        'The exported functions of this module {{ own }} on failure, but most modules in {{ directory }} {{ dominant }} ({{ count }} of {{ total }} modules): callers that move between sibling modules will handle this one\'s failures the wrong way. Follow the directory\'s convention, or move the module elsewhere.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          minFunctions: {
            type: 'integer',
            minimum: 2,
            description: 'How many exported functions with a recognisable failure convention a module needs before its majority is enforced.',
          },
          minModules: {
            type: 'integer',
            minimum: 0,
            description: 'How many sibling modules with a clear convention a directory needs before its majority is enforced (scanner only; 0 turns the directory check off).',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ minFunctions: 3, minModules: 3 }],
  detect(context, [{ minFunctions }]) {
    const { sourceFile } = context;
    const stack: FunctionState[] = [];
    const states = new Map<ts.Node, FunctionState>();
    const executors: Executor[] = [];
    const exported: ExportedFunction[] = [];
    const topLevel = new Map<string, { node: FunctionNode; head: ts.Node }>();
    const exportedNames: { local: string; name: string }[] = [];

    const enterFunction = (node: ts.Node): void => {
      const fn = node as FunctionNode;
      const state: FunctionState = {
        node: fn,
        throws: false,
        rejects: false,
        nullish: false,
        nullishInCatch: false,
        value: false,
        result: false,
        callback: false,
        callbackParams: callbackParamsOf(fn),
      };
      stack.push(state);
      states.set(fn, state);
      if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) classifyReturn(state, fn.body, fn);
      collectExport(fn);
    };

    const collectExport = (fn: FunctionNode): void => {
      const found = exportedFunction(fn, sourceFile);
      if (found?.exported) exported.push(found);
      else if (found) topLevel.set(found.name, found);
    };

    const classifyReturn = (state: FunctionState, expression: ts.Expression | undefined, at: ts.Node): void => {
      let value = expression ? skipTransparent(expression) : undefined;
      if (value && ts.isAwaitExpression(value)) value = skipTransparent(value.expression);
      if (value && ts.isConditionalExpression(value)) {
        classifyReturn(state, value.whenTrue, at);
        classifyReturn(state, value.whenFalse, at);
      } else if (!value || isNullish(value)) {
        state.nullish = true;
        if (isInCatch(at, state.node)) state.nullishInCatch = true;
      } else if (ts.isObjectLiteralExpression(value) && value.properties.some(isResultProperty)) {
        state.result = true;
      } else if (isPromiseReject(value)) {
        state.rejects = true;
      } else {
        state.value = true;
      }
    };

    const enter: Partial<Record<ts.SyntaxKind, (node: ts.Node) => void>> = {
      [ts.SyntaxKind.ThrowStatement]: (node) => {
        const state = stack.at(-1);
        if (state && !isCaughtLocally(node, state.node)) state.throws = true;
      },
      [ts.SyntaxKind.ReturnStatement]: (node) => {
        const state = stack.at(-1);
        if (state) classifyReturn(state, (node as ts.ReturnStatement).expression, node);
      },
      [ts.SyntaxKind.NewExpression]: (node) => {
        const executor = promiseExecutor(node as ts.NewExpression);
        if (executor) executors.push({ ...executor, owner: stack.at(-1) });
      },
      [ts.SyntaxKind.CallExpression]: (node) => {
        const call = node as ts.CallExpression;
        const callee = skipTransparent(call.expression);
        if (!ts.isIdentifier(callee) || call.arguments.length === 0) return;
        const executor = executors.findLast((e) => e.reject === callee.text);
        if (executor?.owner) executor.owner.rejects = true;
        const owner = stack.findLast((s) => s.callbackParams.has(callee.text));
        if (owner) owner.callback = true;
      },
      [ts.SyntaxKind.ExportDeclaration]: (node) => {
        const decl = node as ts.ExportDeclaration;
        if (decl.moduleSpecifier || decl.isTypeOnly || !decl.exportClause || !ts.isNamedExports(decl.exportClause)) return;
        for (const element of decl.exportClause.elements) {
          exportedNames.push({ local: (element.propertyName ?? element.name).text, name: element.name.text });
        }
      },
      [ts.SyntaxKind.ExportAssignment]: (node) => {
        const expression = skipTransparent((node as ts.ExportAssignment).expression);
        if (ts.isIdentifier(expression)) exportedNames.push({ local: expression.text, name: 'default' });
      },
      [ts.SyntaxKind.BinaryExpression]: (node) => {
        for (const { local, name } of commonJsExports(node as ts.BinaryExpression)) exportedNames.push({ local, name });
      },
    };
    const exit: Partial<Record<ts.SyntaxKind, (node: ts.Node) => void>> = {
      [ts.SyntaxKind.NewExpression]: (node) => {
        if (executors.at(-1)?.fn.parent === node) executors.pop();
      },
    };
    for (const kind of FUNCTION_KINDS) {
      enter[kind] = enterFunction;
      exit[kind] = () => stack.pop();
    }

    const end = (): void => {
      for (const { local, name } of exportedNames) {
        const found = topLevel.get(local);
        if (found && !exported.some((e) => e.node === found.node)) exported.push({ name, node: found.node, head: found.head });
      }
      const classified = exported.flatMap((e) => {
        const state = states.get(e.node);
        const convention = state ? conventionOf(state) : undefined;
        return convention ? [{ ...e, convention }] : [];
      });
      if (context.host === 'scanner' && classified.length > 0) {
        context.setFileData({
          functions: classified.map((c) => ({ name: c.name, convention: c.convention, ...regionOf(sourceFile, c.head) })),
        } satisfies FailureConventionData);
      }
      const dominant = dominantFamily(classified.map((c) => FAMILY[c.convention]), minFunctions);
      if (!dominant) return;
      for (const c of classified) {
        if (FAMILY[c.convention] === dominant.family) continue;
        context.report({
          node: c.head,
          messageId: 'deviatingFunction',
          data: { name: c.name, own: OWN_TEXT[c.convention], dominant: FAMILY_TEXT[dominant.family], count: dominant.count, total: classified.length },
        });
      }
    };

    return { enter, exit, end };
  },
  crossFile({ files, options: [{ minModules }] }) {
    if (minModules === 0) return [];
    const byDirectory = new Map<string, { file: string; family: Family; first: ClassifiedFunction }[]>();
    for (const file of files) {
      const functions = (file.data as FailureConventionData | undefined)?.functions ?? [];
      const module = dominantFamily(functions.map((f) => FAMILY[f.convention]), 2);
      if (!module || module.count !== functions.length) continue;
      const directory = path.posix.dirname(file.file);
      const list = byDirectory.get(directory) ?? [];
      list.push({ file: file.file, family: module.family, first: functions[0] });
      byDirectory.set(directory, list);
    }
    const reports: CrossFileReport[] = [];
    for (const [directory, modules] of byDirectory) {
      const dominant = dominantFamily(modules.map((m) => m.family), minModules);
      if (!dominant) continue;
      for (const module of modules) {
        if (module.family === dominant.family) continue;
        const { line, column, endLine, endColumn } = module.first;
        reports.push({
          file: module.file,
          line,
          column,
          endLine,
          endColumn,
          messageId: 'deviatingModule',
          data: {
            own: FAMILY_TEXT[module.family],
            directory: directory === '.' ? 'the root directory' : `${directory}/`,
            dominant: FAMILY_TEXT[dominant.family],
            count: dominant.count,
            total: modules.length,
          },
        });
      }
    }
    return reports;
  },
});

/**
 * The convention a function's body shows, by precedence; undefined when it shows none. Returning
 * nothing signals failure only from a catch block of a function that otherwise returns a value: an
 * early `return undefined` for an empty list is an answer, not a failure.
 */
function conventionOf(state: FunctionState): Convention | undefined {
  if (state.result) return 'result';
  if (state.callback) return 'callback';
  if (state.nullishInCatch && state.value) return 'nullish';
  if (state.throws) return 'throws';
  if (state.rejects) return 'rejects';
  return undefined;
}

/** The family most values share, when there are enough values and it has a strict majority. */
function dominantFamily(families: readonly Family[], minimum: number): { family: Family; count: number } | undefined {
  if (families.length < minimum) return undefined;
  const counts = new Map<Family, number>();
  for (const family of families) counts.set(family, (counts.get(family) ?? 0) + 1);
  for (const [family, count] of counts) {
    if (count * 2 > families.length) return { family, count };
  }
  return undefined;
}

function isNullish(value: ts.Expression): boolean {
  return value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined') || ts.isVoidExpression(value);
}

function isResultProperty(property: ts.ObjectLiteralElementLike): boolean {
  const name = property.name;
  return !!name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) && RESULT_KEYS.has(name.text);
}

function isPromiseReject(value: ts.Expression): boolean {
  return ts.isCallExpression(value) && memberName(skipTransparent(value.expression)) === 'reject' && ts.isPropertyAccessExpression(value.expression) && ts.isIdentifier(value.expression.expression) && value.expression.expression.text === 'Promise';
}

/** A throw inside the try block of a try/catch of the same function does not leave the function. */
function isCaughtLocally(node: ts.Node, fn: ts.Node): boolean {
  for (let child = node, current = node.parent; current && current !== fn; child = current, current = current.parent) {
    if (ts.isTryStatement(current) && current.tryBlock === child && current.catchClause) return true;
  }
  return false;
}

function isInCatch(node: ts.Node, fn: ts.Node): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (ts.isCatchClause(current)) return true;
  }
  return false;
}
