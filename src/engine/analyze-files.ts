import type { ResolvedRule } from '../config/types.js';
import { rulesByName } from '../../rules/index.js';
import { analyzeFile, failedAnalysis, type FileResult } from './analyze-file.js';
import type { EnabledRule } from './run-detectors.js';
import type { AnalysisJob } from './analysis-job.js';

export type { AnalysisJob } from './analysis-job.js';
export { ranOutOfStack } from './analyze-file.js';

export function enabledRules(rules: readonly ResolvedRule[]): EnabledRule[] {
  return rules.flatMap((rule) => {
    const definition = rulesByName.get(rule.name);
    return definition ? [{ definition, options: rule.options }] : [];
  });
}

/** Analyses a batch of files; a failure of the analysis itself becomes a notification of its file. */
export function analyzeFiles(jobs: readonly AnalysisJob[], rules: readonly ResolvedRule[]): FileResult[] {
  const enabled = enabledRules(rules);
  return jobs.map((job) => {
    try {
      return analyzeFile(job.file, job.text, job.hash, enabled, job.role);
    } catch (error) {
      return failedAnalysis(job.file, job.hash, error);
    }
  });
}
