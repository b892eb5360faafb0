import type { ReportModel } from '../src/model/types.js';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'markdown' | 'html' | 'gitlab';

export interface RenderOptions {
  /** ANSI colours in the text format. */
  color?: boolean;
  /** The text format lists skipped files and every notification. */
  verbose?: boolean;
  /** The command line of the run, recorded in SARIF invocations. */
  commandLine?: string;
  /** SARIF `automationDetails.id`, only when the user asked for a category. */
  sarifCategory?: string;
  /** Include suppressed findings (SARIF `suppressions`, a section in the human formats). */
  includeSuppressed?: boolean;
  /** Keep the timings in the JSON output (they make it differ from run to run). */
  includeTimings?: boolean;
}

/** A reporter: a pure function from the report model to the text of one output file. */
export type Renderer = (model: ReportModel, options: RenderOptions) => string;
