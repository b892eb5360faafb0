import type { ResolvedRule } from '../config/types.js';
import { rulesByName } from '../../rules/index.js';
import { analyzeFile, type FileResult } from './analyze-file.js';
import type { EnabledRule } from './run-detectors.js';
import type { FileRole } from '../rule/types.js';

export interface AnalysisJob {
  file: string;
  text: string;
  hash: string;
  /** What the file is for (src/discover/file-role.ts), with the configuration's globs applied. */
  role: FileRole;
  /** Size and modification time when the file was read, for the cache. */
  stat?: { size: number; mtimeMs: number };
}

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
      return {
        file: job.file,
        hash: job.hash,
        findings: [],
        ruleData: {},
        parseError: true,
        notifications: [
          {
            level: 'error',
            kind: 'analysis-failure',
            message: `${job.file} could not be analysed: ${error instanceof Error ? error.message : String(error)}`,
            file: job.file,
          },
        ],
      };
    }
  });
}
