import path from 'node:path';
import ts from '../parse/typescript.cjs';
import { ESLintUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { AnyRuleDefinition, PlacedReport } from '../rule/types.js';
import { runDetectors, type DetectorRun, type EnabledRule } from '../engine/run-detectors.js';
import { isJavaScriptFile, parseFile } from '../parse/parse-file.js';
import { ruleDocsUrl } from '../version.js';
import { fileRoleOf } from '../discover/file-role.js';
import { relativePosix } from '../util/paths.js';

export interface PluginDocs {
  category: string;
  effortMinutes: number;
  recommended: 'recommended' | 'strict';
  requiresTypeChecking?: boolean;
}

const createRule = ESLintUtils.RuleCreator<PluginDocs>(ruleDocsUrl);

/** Our TypeScript's SourceFile class, to tell whether a parser's AST came from the same module. */
const OUR_SOURCE_FILE_CLASS = ts.createSourceFile('probe.ts', '', ts.ScriptTarget.Latest).constructor;

/**
 * Turns a detector into an ESLint rule: the detectors of all debt-scan rules enabled for a file
 * run in one walk of the TypeScript AST (the parser's own when it came from our `typescript`, else
 * one parse of the text), as in the scanner, and each rule turns its own findings and suggestions
 * into `context.report` calls.
 */
export function createEslintRule(definition: AnyRuleDefinition): TSESLint.RuleModule<string, readonly unknown[], PluginDocs> {
  const { meta } = definition;
  type Context = Parameters<TSESLint.RuleModule<string, readonly unknown[], PluginDocs>['create']>[0];
  const createFor = (context: Context, options: readonly unknown[]): TSESLint.RuleListener => {
    // ESLint creates every rule of a file before it walks the file: each debt-scan rule joins the
    // file's list here, and the first to finish runs all of them in one walk of the TypeScript AST.
    const shared = runsFor.get(context.sourceCode) ?? { rules: [], memo: new Map<string, unknown>(), session: sessionOf(context.languageOptions) };
    runsFor.set(context.sourceCode, shared);
    shared.rules.push({ definition, options });
    return {
      'Program:exit'(program: TSESTree.Program) {
        shared.run ??= runAll(context, program, shared);
        const run = shared.run;
        const { sourceCode } = context;
        const place = (report: PlacedReport) =>
          context.report({
            loc: { start: { line: report.line, column: report.column - 1 }, end: { line: report.endLine, column: report.endColumn - 1 } },
            messageId: report.messageId,
            data: report.data,
          } as never);
        const cached = run.cached.get(definition.name);
        if (cached) {
          for (const report of cached) place(report);
          return;
        }
        const failure = run.failures.find((f) => f.rule === definition.name);
        if (failure) throw new Error(`debt-scan/${definition.name} failed on ${context.filename}: ${failure.message}`);
        const hooked = runEslintStep(() => definition.eslint?.({ fileName: context.filename, text: sourceCode.text, options, memo: shared.memo, session: shared.session, fileData: run.fileData[definition.name] }));
        for (const report of hooked?.reports ?? []) place(report);
        if (hooked?.replaceDetector) return;
        for (const finding of run.findings) {
          if (finding.rule !== definition.name) continue;
          context.report({
            loc: { start: sourceCode.getLocFromIndex(finding.start), end: sourceCode.getLocFromIndex(finding.end) },
            messageId: finding.messageId,
            data: finding.data,
            suggest: finding.suggestions?.map((s) => ({
              messageId: s.messageId,
              data: s.data,
              fix: (fixer: TSESLint.RuleFixer) => s.edits.map((e) => fixer.replaceTextRange([e.start, e.end], e.text)),
            })),
          } as never);
        }
      },
    };
  };
  const module = createRule({
    name: definition.name,
    meta: {
      type: meta.type,
      docs: {
        description: meta.docs.description,
        recommended: meta.docs.recommended,
        category: meta.category,
        effortMinutes: meta.effortMinutes,
        requiresTypeChecking: false,
      },
      ...(meta.hasSuggestions ? { hasSuggestions: true } : {}),
      messages: meta.messages,
      schema: meta.schema,
    },
    defaultOptions: definition.defaultOptions as readonly unknown[],
    create: (context, options) => createFor(context, options),
  });
  // RuleCreator merges the defaults into the options (a structured clone) for every rule of every
  // file; the result is the same for the same options, so it is kept, by their text.
  const resolved = new Map<string, readonly unknown[]>();
  const defaults = definition.defaultOptions as readonly unknown[];
  return {
    ...module,
    create(context) {
      const key = JSON.stringify(context.options);
      let options = resolved.get(key);
      if (!options) {
        options = ESLintUtils.applyDefault(defaults, context.options);
        if (resolved.size < MAX_OPTION_SETS) resolved.set(key, options);
      }
      return createFor(context, options);
    },
  };
}

/** Option sets kept per rule: a configuration has a handful. */
const MAX_OPTION_SETS = 64;

/** The debt-scan rules of one linted file (by its SourceCode, which ESLint shares between them), what they share, and their one run. */
interface FileRun {
  rules: EnabledRule[];
  memo: Map<string, unknown>;
  session: Map<string, unknown>;
  run?: DetectorRun & { cached: Map<string, PlacedReport[]> };
}

const runsFor = new WeakMap<object, FileRun>();

/**
 * What the rules keep across the files of one lint run, by the language options ESLint computed
 * for them: one object for every file a configuration covers, and a new one for a new ESLint
 * instance, so that a fresh lint starts afresh.
 */
const sessions = new WeakMap<object, Map<string, unknown>>();
function sessionOf(languageOptions: unknown): Map<string, unknown> {
  // A host that gives no language options gets a session per file: nothing is kept.
  if (typeof languageOptions !== 'object' || languageOptions === null) return new Map();
  let session = sessions.get(languageOptions);
  if (!session) sessions.set(languageOptions, (session = new Map()));
  return session;
}

/**
 * Every debt-scan rule of the file in one walk, as the scanner runs them, but for the rules whose
 * findings for this very text the last scan's cache holds (`eslintCached`): those are taken as
 * they are, and their detectors do not run.
 */
function runAll(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, program: TSESTree.Program, file: FileRun): DetectorRun & { cached: Map<string, PlacedReport[]> } {
  const text = context.sourceCode.text;
  const cached = new Map<string, PlacedReport[]>();
  for (const { definition, options } of file.rules) {
    const reports = definition.eslintCached ? runEslintStep(() => definition.eslintCached?.({ fileName: context.filename, text, options, memo: file.memo, session: file.session })) : undefined;
    if (reports) cached.set(definition.name, reports);
  }
  const rules = file.rules.filter((rule) => !cached.has(rule.definition.name));
  if (rules.length === 0) return { findings: [], failures: [], fileData: {}, cached };
  const { sourceFile, checker, compilerOptions } = sourceFileFor(context, program);
  const run = runDetectors(sourceFile, rules, {
    host: 'eslint',
    fileName: context.filename,
    isJavaScript: isJavaScriptFile(context.filename),
    fileRole: fileRoleOf(relativeToCwd(context.cwd, context.filename)),
    checker,
    compilerOptions,
  });
  return { ...run, cached };
}

/**
 * Runs one of a rule's ESLint steps, which read the scanner's cache. It must never break
 * linting: a failure counts as no result, and the detector's findings stand.
 */
function runEslintStep<T>(step: () => T | undefined): T | undefined {
  try {
    return step();
  } catch {
    return undefined; // a missing or unreadable cache only means fewer findings
  }
}

/**
 * Our own parse of a linted file, kept for the file's other rules: ESLint hands every rule of one
 * file the same SourceCode object, so all of debt-scan's rules parse a file at most once between them.
 */
const parsedFor = new WeakMap<object, ts.SourceFile>();

function sourceFileFor(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  program: TSESTree.Program,
): { sourceFile: ts.SourceFile; checker?: ts.TypeChecker; compilerOptions?: ts.CompilerOptions } {
  const { sourceCode } = context;
  const services = sourceCode.parserServices;
  const tsNode = services?.esTreeNodeToTSNodeMap?.get(program as never) as unknown;
  if (isOurSourceFile(tsNode) && tsNode.text === sourceCode.text) {
    const typed = services?.program ? { checker: services.program.getTypeChecker(), compilerOptions: services.program.getCompilerOptions() } : {};
    return { sourceFile: tsNode, ...typed };
  }
  const kept = parsedFor.get(sourceCode);
  if (kept && kept.text === sourceCode.text && kept.fileName === context.filename) return { sourceFile: kept };
  const { sourceFile } = parseFile(context.filename, sourceCode.text);
  parsedFor.set(sourceCode, sourceFile);
  return { sourceFile };
}

function isOurSourceFile(node: unknown): node is ts.SourceFile {
  return (
    typeof node === 'object' &&
    node !== null &&
    node.constructor === OUR_SOURCE_FILE_CLASS &&
    (node as ts.Node).kind === ts.SyntaxKind.SourceFile
  );
}

/**
 * The linted file's path relative to ESLint's working directory (usually the project's root, as
 * the scanner's paths are relative to the scan root), so that both hosts give a file one role.
 */
function relativeToCwd(cwd: string, fileName: string): string {
  return relativePosix(cwd, path.resolve(cwd, fileName));
}
