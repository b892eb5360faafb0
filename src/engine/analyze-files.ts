import type { ResolvedRule } from '../config/types.js';
import type { RuleRegistry } from '../rule/types.js';
import { analyzeFile, failedAnalysis, type FileResult } from './analyze-file.js';
import type { EnabledRule } from './run-detectors.js';
import type { AnalysisJob } from './analysis-job.js';

export type { AnalysisJob } from './analysis-job.js';
export { ranOutOfStack } from './analyze-file.js';

/** The configured rules with their definitions from the registry (a name it lacks is left out). */
export function enabledRules(rules: readonly ResolvedRule[], registry: RuleRegistry): EnabledRule[] {
  return rules.flatMap((rule) => {
    const definition = registry.get(rule.name);
    return definition ? [{ definition, options: rule.options }] : [];
  });
}

/** Analyses a batch of files; a failure of the analysis itself becomes a notification of its file. */
export function analyzeFiles(jobs: readonly AnalysisJob[], rules: readonly EnabledRule[]): FileResult[] {
  return jobs.map((job) => {
    try {
      return analyzeFile(job.file, job.text, job.hash, rules, job.role, job.digestLinkage !== false);
    } catch (error) {
      return failedAnalysis(job.file, job.hash, error);
    }
  });
}
