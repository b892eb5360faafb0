import type ts from 'typescript';
import type { Notification, Region } from '../model/types.js';
import type { FileFacts } from '../facts/types.js';
import { createFactExtractor } from '../facts/extract-facts.js';
import { createCloneFingerprinter, withCloneFingerprints } from '../facts/clone-fingerprints.js';
import { findingText, fingerprintAll } from '../model/fingerprint.js';
import { snippetOf } from '../model/snippet.js';
import { isJavaScriptFile, parseFile } from '../parse/parse-file.js';
import { readDirectives, suppressionsFrom, type Directive } from '../suppress/directives.js';
import { ruleId } from '../version.js';
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
export function analyzeFile(file: string, text: string, hash: string, rules: readonly EnabledRule[], fileRole: FileRole = 'product'): FileResult {
  const { sourceFile, syntaxErrors } = parseFile(file, text);
  if (syntaxErrors.length > 0) {
    const first = syntaxErrors[0];
    return {
      file,
      hash,
      findings: [],
      ruleData: {},
      parseError: true,
      notifications: [
        {
          level: 'error',
          kind: 'parse-error',
          message: `${file}:${first.line}:${first.column}: ${first.message}${syntaxErrors.length > 1 ? ` (and ${syntaxErrors.length - 1} more syntax errors)` : ''}; the file was not analysed`,
          file,
          line: first.line,
          column: first.column,
        },
      ],
    };
  }
  const facts = createFactExtractor(sourceFile);
  const cloneFingerprints = createCloneFingerprinter(sourceFile);
  const run = runDetectors(sourceFile, rules, {
    host: 'scanner',
    fileName: file,
    isJavaScript: isJavaScriptFile(file),
    fileRole,
    extraListeners: [facts.listener, cloneFingerprints.listener],
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
    factResult = withCloneFingerprints(facts.result(), cloneFingerprints.result());
  } catch (error) {
    notifications.push({ level: 'error', kind: 'rule-failure', message: `fact extraction failed on ${file}: ${String(error)}`, file });
  }
  return {
    file,
    hash,
    ...(directives.length > 0 ? { directives } : {}),
    facts: factResult,
    findings,
    ruleData: run.fileData,
    notifications,
    parseError: false,
  };
}

export function regionOf(sourceFile: ts.SourceFile, start: number, end: number): Region {
  const from = sourceFile.getLineAndCharacterOfPosition(start);
  const to = sourceFile.getLineAndCharacterOfPosition(Math.max(start, end));
  return { line: from.line + 1, column: from.character + 1, endLine: to.line + 1, endColumn: to.character + 1 };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
