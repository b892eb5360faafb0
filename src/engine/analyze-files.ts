import type { ResolvedRule } from '../config/types.js';
import { rulesByName } from '../../rules/index.js';
import { analyzeFile, type FileResult } from './analyze-file.js';
import type { EnabledRule } from './run-detectors.js';
import type { AnalysisJob } from './analysis-job.js';

export type { AnalysisJob } from './analysis-job.js';

export function enabledRules(rules: readonly ResolvedRule[]): EnabledRule[] {
  return rules.flatMap((rule) => {
    const definition = rulesByName.get(rule.name);
    return definition ? [{ definition, options: rule.options }] : [];
  });
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

/** Analyses a batch of files; a failure of the analysis itself becomes a notification of its file. */
export function analyzeFiles(jobs: readonly AnalysisJob[], rules: readonly ResolvedRule[]): FileResult[] {
  const enabled = enabledRules(rules);
  return jobs.map((job) => {
    try {
      return analyzeFile(job.file, job.text, job.hash, enabled, job.role);
    } catch (error) {
      const tooDeep = isStackOverflow(error);
      return {
        file: job.file,
        hash: job.hash,
        findings: [],
        ruleData: {},
        parseError: true,
        ...(tooDeep ? { tooDeep } : {}),
        notifications: [
          {
            level: 'error',
            kind: tooDeep ? 'too-deep' : 'analysis-failure',
            message: tooDeep
              ? `${job.file} is nested too deeply to analyse (its syntax tree exhausted the analysis's stack); the file was skipped`
              : `${job.file} could not be analysed: ${error instanceof Error ? error.message : String(error)}`,
            file: job.file,
          },
        ],
      };
    }
  });
}
