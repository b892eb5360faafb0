import type ts from 'typescript';
import type { Notification, Region } from '../model/types.js';
import type { FileFacts } from '../facts/types.js';
import { createFactExtractor } from '../facts/extract-facts.js';
import { linkageDigest } from '../facts/linkage.js';
import { createCloneFingerprinter, fingerprintsNeeded, functionFactsNeeded, withCloneFingerprints } from '../clones/clone-fingerprints.js';
import { findingText, fingerprintAll } from '../model/fingerprint.js';
import { snippetOf } from '../model/snippet.js';
import { isJavaScriptFile, parseFile, syntaxErrorsOf, type ParsedFile } from '../parse/parse-file.js';
import { readDirectives, suppressionsFrom, type Directive } from '../suppress/directives.js';
import { ruleId } from '../version.js';
import { ownStrings } from '../util/own-strings.js';
import { runDetectors, type EnabledRule } from './run-detectors.js';
import type { FileRole } from '../rule/types.js';

/** A detector finding placed in its file: what the cache stores and the scanner assembles. */
export interface FileFinding extends Region {
  rule: string;
  messageId: string;
  message: string;
  fingerprint: string;
  /** The directive's text when an `eslint-disable` comment silences the finding. */
  suppressedBy?: string;
  /** The source text of the finding's first lines, for reports. */
  snippet?: string;
}

/** Everything the scanner learns from one file; plain data, cached by content hash. */
export interface FileResult {
  file: string;
  hash: string;
  /** The file's `eslint-disable` comments, for findings placed in it by cross-file phases. */
  directives?: Directive[];
  /** Absent when the file did not parse. */
  facts?: FileFacts;
  /**
   * A digest of the facts' imports and exports (src/facts/linkage.ts), present with the facts
   * unless the job asked for none: it keys what a disk cache keeps of the cross-file phases.
   */
  linkage?: string;
  findings: FileFinding[];
  /** What rules stored with `setFileData`, by rule name. */
  ruleData: Record<string, unknown>;
  notifications: Notification[];
  parseError: boolean;
  /** The file is nested too deeply for the analysis's stack (a named skip, `too-deep`). */
  tooDeep?: boolean;
}

/**
 * Analyses one file: one parse, one walk that runs every enabled detector and the fact
 * extraction, then positions, fingerprints and suppressions. Never throws for a problem of the
 * file or of one rule: those become notifications.
 */
export function analyzeFile(file: string, text: string, hash: string, rules: readonly EnabledRule[], fileRole: FileRole = 'product', digestLinkage = true): FileResult {
  return analyzeParsed(file, text, hash, rules, fileRole, parseFile(file, text), undefined, digestLinkage);
}

/** What a typed analysis hands the detectors: the file as its program parsed it, and the program's checker and options. */
export interface TypeInformation {
  sourceFile: ts.SourceFile;
  checker: ts.TypeChecker;
  compilerOptions: ts.CompilerOptions;
}

/**
 * Analyses one file of a program (src/typed/typed-analysis.ts): as `analyzeFile`, on the
 * program's parse of the same text, with its checker for the detectors that ask for types.
 */
export function analyzeTypedFile(file: string, text: string, hash: string, rules: readonly EnabledRule[], fileRole: FileRole, types: TypeInformation): FileResult {
  return analyzeParsed(file, text, hash, rules, fileRole, { sourceFile: types.sourceFile, syntaxErrors: syntaxErrorsOf(types.sourceFile) }, types);
}

function analyzeParsed(file: string, text: string, hash: string, rules: readonly EnabledRule[], fileRole: FileRole, parsed: ParsedFile, types?: TypeInformation, digestLinkage = true): FileResult {
  const { sourceFile, syntaxErrors } = parsed;
  if (syntaxErrors.length > 0) {
    const first = syntaxErrors[0];
    return unanalysed(file, hash, {
      level: 'error',
      kind: 'parse-error',
      message: `${file}:${first.line}:${first.column}: ${first.message}${syntaxErrors.length > 1 ? ` (and ${syntaxErrors.length - 1} more syntax errors)` : ''}; the file was not analysed`,
      file,
      line: first.line,
      column: first.column,
    });
  }
  const facts = createFactExtractor(sourceFile, { functions: functionFactsNeeded(rules) });
  const cloneFingerprints = fingerprintsNeeded(rules) ? createCloneFingerprinter(sourceFile) : undefined;
  const run = runDetectors(sourceFile, rules, {
    host: 'scanner',
    fileName: file,
    isJavaScript: isJavaScriptFile(file),
    fileRole,
    ...(types ? { checker: types.checker, compilerOptions: types.compilerOptions } : {}),
    extraListeners: cloneFingerprints ? [facts.listener, cloneFingerprints.listener] : [facts.listener],
  });
  const notifications: Notification[] = run.failures.map((failure) => ({
    level: 'error',
    kind: 'rule-failure',
    message:
      failure.rule === 'facts'
        ? `fact extraction failed on ${file}: ${failure.message}`
        : `rule debt-scan/${failure.rule} failed on ${file}: ${failure.message}; its findings for this file are missing`,
    file,
    ...(failure.rule === 'facts' ? {} : { ruleId: ruleId(failure.rule) }),
  }));
  const ordered = [...run.findings].sort((a, b) => a.start - b.start || a.end - b.end || compare(a.rule, b.rule));
  const fingerprints = fingerprintAll(
    ordered.map((f) => ({ rule: `${f.rule}/${f.messageId}`, file, text: findingText(text, f.start, f.end) })),
  );
  const directives = readDirectives(sourceFile);
  const suppressions = suppressionsFrom(directives);
  const findings = ordered.map((f, index): FileFinding => {
    const region = regionOf(sourceFile, f.start, f.end);
    const suppressedBy = suppressions.justificationFor(ruleId(f.rule), region.line, region.column);
    return {
      rule: f.rule,
      messageId: f.messageId,
      message: f.message,
      ...region,
      fingerprint: fingerprints[index],
      snippet: snippetOf(text, sourceFile.getLineStarts(), region.line, region.endLine),
      ...(suppressedBy === undefined ? {} : { suppressedBy }),
    };
  });
  let factResult: FileFacts | undefined;
  try {
    factResult = cloneFingerprints ? withCloneFingerprints(facts.result(), cloneFingerprints.result()) : facts.result();
  } catch (error) {
    notifications.push({ level: 'error', kind: 'rule-failure', message: `fact extraction failed on ${file}: ${String(error)}`, file });
  }
  // The result outlives the parse: its names and snippets must not keep the file's text alive.
  return ownStrings({
    file,
    hash,
    ...(directives.length > 0 ? { directives } : {}),
    facts: factResult,
    ...(factResult && digestLinkage ? { linkage: linkageDigest(factResult) } : {}),
    findings,
    ruleData: run.fileData,
    notifications,
    parseError: false,
  });
}

export function regionOf(sourceFile: ts.SourceFile, start: number, end: number): Region {
  const from = sourceFile.getLineAndCharacterOfPosition(start);
  const to = sourceFile.getLineAndCharacterOfPosition(Math.max(start, end));
  return { line: from.line + 1, column: from.character + 1, endLine: to.line + 1, endColumn: to.character + 1 };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** V8's message for a stack overflow ("Maximum call stack size exceeded"). */
const STACK_OVERFLOW = /call stack size/iu;

/** Whether an error is V8's stack overflow: the file is nested deeper than the thread's stack allows. */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && STACK_OVERFLOW.test(error.message);
}

/** Whether any part of a file's analysis (the parse, the walk, one rule, whose failure is a notification) ran out of stack. */
export function ranOutOfStack(result: FileResult): boolean {
  return result.tooDeep === true || result.notifications.some((n) => STACK_OVERFLOW.test(n.message));
}

/** The result of a file whose analysis itself failed (not one rule: the parse or the walk): a notification, no findings. */
export function failedAnalysis(file: string, hash: string, error: unknown): FileResult {
  const tooDeep = isStackOverflow(error);
  const message = tooDeep
    ? `${file} is nested too deeply to analyse (its syntax tree exhausted the analysis's stack); the file was skipped`
    : `${file} could not be analysed: ${error instanceof Error ? error.message : String(error)}`;
  return { ...unanalysed(file, hash, { level: 'error', kind: tooDeep ? 'too-deep' : 'analysis-failure', message, file }), ...(tooDeep ? { tooDeep } : {}) };
}

/** The result of a file that was not analysed, with the notification that says why. */
function unanalysed(file: string, hash: string, notification: Notification): FileResult {
  return { file, hash, findings: [], ruleData: {}, parseError: true, notifications: [notification] };
}
