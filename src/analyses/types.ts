import type { ResolvedConfig } from '../config/types.js';
import type { Notification } from '../model/types.js';
import type { ProjectFile } from '../rule/types.js';

export interface AnalysisInput {
  /** Absolute path of the scan root. */
  root: string;
  /** Every analysed file with its facts, in path order. */
  files: readonly ProjectFile[];
  config: ResolvedConfig;
  resolveImport(fromFile: string, specifier: string): string | undefined;
  /** Data of the analyses that ran earlier, by name. */
  previous: Readonly<Record<string, unknown>>;
}

export interface AnalysisOutput {
  /** Stored in the report model under `analyses[name]`, so it must be JSON-serialisable. */
  data: unknown;
  notifications?: Notification[];
}

/**
 * A cross-file analysis (clone index, import graph): runs after every file was analysed and
 * before the rules' `project` phases, which read its data.
 */
export interface CrossFileAnalysis {
  name: string;
  run(input: AnalysisInput): AnalysisOutput | Promise<AnalysisOutput>;
}
