import type ts from 'typescript';
import { appliesTo, type AnyRuleDefinition, type FileRole, type Report, type RuleListener, type SharedValue, type TextEdit } from '../rule/types.js';
import { formatMessage } from '../rule/format-message.js';
import { walk, type GuardedListener } from '../walk/walk.js';

export interface EnabledRule {
  definition: AnyRuleDefinition;
  /** Options merged over the rule's defaults. */
  options: readonly unknown[];
}

export interface DetectorSuggestion {
  messageId: string;
  data?: Record<string, string | number>;
  message: string;
  edits: TextEdit[];
}

/** A detector's finding, placed by offsets into the parsed text. */
export interface DetectorFinding {
  rule: string;
  messageId: string;
  data?: Record<string, string | number>;
  message: string;
  start: number;
  end: number;
  suggestions?: DetectorSuggestion[];
}

export interface RuleFailure {
  rule: string;
  message: string;
  stack?: string;
}

export interface DetectorRun {
  findings: DetectorFinding[];
  failures: RuleFailure[];
  /** Per-rule data recorded with `setFileData`, keyed by rule name. */
  fileData: Record<string, unknown>;
}

export interface DetectorHost {
  host: 'scanner' | 'eslint';
  fileName: string;
  isJavaScript: boolean;
  /** What the file is for; rules whose meta does not name this role do not run on it. */
  fileRole: FileRole;
  checker?: ts.TypeChecker;
  /** The program's compiler options, with `checker`. */
  compilerOptions?: ts.CompilerOptions;
  /** Further listeners of the same walk (fact extraction); their failures are reported as `facts`. */
  extraListeners?: readonly RuleListener[];
}

/**
 * Runs the given rules' detectors, and any extra listeners, in one walk of the source file.
 * A rule that throws is reported in `failures` and contributes no findings for this file.
 */
export function runDetectors(sourceFile: ts.SourceFile, rules: readonly EnabledRule[], host: DetectorHost): DetectorRun {
  const findings: DetectorFinding[] = [];
  const failures: RuleFailure[] = [];
  const fileData: Record<string, unknown> = {};
  const listeners: GuardedListener[] = [];
  const failedRules = new Set<string>();
  // Values the detectors share, by key, with the rules that asked for each; their listeners walk first.
  const shared = new Map<string, { value: unknown; users: Set<string> }>();
  const sharedListeners: GuardedListener[] = [];

  const fail = (rule: string, error: unknown): void => {
    failedRules.add(rule);
    failures.push(toFailure(rule, error));
  };

  for (const { definition, options } of rules) {
    if (!appliesTo(definition.meta, host.fileRole)) continue;
    const rule = definition.name;
    const report = (r: Report<string>): void => {
      findings.push(toFinding(rule, definition.meta.messages, sourceFile, r));
    };
    try {
      const listener = definition.detect(
        {
          sourceFile,
          host: host.host,
          fileName: host.fileName,
          isJavaScript: host.isJavaScript,
          fileRole: host.fileRole,
          checker: host.checker,
          compilerOptions: host.compilerOptions,
          report,
          setFileData: (data) => {
            fileData[rule] = data;
          },
          shared: <T>(key: string, create: () => SharedValue<T>): T => {
            let entry = shared.get(key);
            if (!entry) {
              const made = create();
              const users = new Set<string>();
              entry = { value: made.value, users };
              shared.set(key, entry);
              if (made.listener) sharedListeners.push({ listener: made.listener, onError: (error) => users.forEach((user) => failedRules.has(user) || fail(user, error)) });
            }
            entry.users.add(rule);
            return entry.value as T;
          },
        },
        options,
      );
      listeners.push({ listener, onError: (error) => fail(rule, error) });
    } catch (error) {
      fail(rule, error);
    }
  }
  for (const listener of host.extraListeners ?? []) {
    listeners.push({ listener, onError: (error) => fail('facts', error) });
  }

  walk(sourceFile, sharedListeners.length > 0 ? [...sharedListeners, ...listeners] : listeners);
  return {
    findings: failedRules.size === 0 ? findings : findings.filter((f) => !failedRules.has(f.rule)),
    failures,
    fileData,
  };
}

function toFinding(
  rule: string,
  messages: Record<string, string>,
  sourceFile: ts.SourceFile,
  report: Report<string>,
): DetectorFinding {
  const start = report.node ? report.node.getStart(sourceFile) : (report.start ?? 0);
  const end = report.node ? report.node.getEnd() : (report.end ?? start);
  const finding: DetectorFinding = {
    rule,
    messageId: report.messageId,
    ...(report.data ? { data: report.data } : {}),
    message: formatMessage(messageText(messages, report.messageId, rule), report.data),
    start,
    end,
  };
  if (report.suggest && report.suggest.length > 0) {
    finding.suggestions = report.suggest.map((s) => ({
      messageId: s.messageId,
      ...(s.data ? { data: s.data } : {}),
      message: formatMessage(messageText(messages, s.messageId, rule), s.data),
      edits: s.edits,
    }));
  }
  return finding;
}

function messageText(messages: Record<string, string>, messageId: string, rule: string): string {
  const text = messages[messageId];
  if (text === undefined) throw new Error(`rule ${rule} reported unknown messageId "${messageId}"`);
  return text;
}

function toFailure(rule: string, error: unknown): RuleFailure {
  if (error instanceof Error) return { rule, message: error.message, stack: error.stack };
  return { rule, message: String(error) };
}
