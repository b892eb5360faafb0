/**
 * The report model: plain, JSON-serialisable data that every stage after the per-file analysis
 * produces and every reporter renders. Paths are POSIX, relative to the scan root; lines and
 * columns are 1-based, columns count UTF-16 code units and `endColumn` is exclusive.
 */

export const REPORT_SCHEMA_VERSION = 1;

export type Category = 'duplication' | 'unchecked-assumption' | 'error-handling' | 'complexity' | 'dependency';

export const CATEGORIES: readonly Category[] = [
  'duplication',
  'unchecked-assumption',
  'error-handling',
  'complexity',
  'dependency',
];

/** How loudly a finding speaks; `note` is used for informational findings only. */
export type Level = 'error' | 'warning' | 'note';

export interface Region {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface RelatedLocation extends Region {
  file: string;
  message: string;
}

export interface Finding extends Region {
  /** `debt-scan/<rule-name>` */
  ruleId: string;
  category: Category;
  level: Level;
  message: string;
  file: string;
  /** Remediation effort in minutes: the finding's debt. */
  effortMinutes: number;
  /** Stable across unrelated edits above the finding and re-indentation. */
  fingerprint: string;
  /** The module the file rolls up into. */
  module: string;
  related?: RelatedLocation[];
  /** Rule-specific figures (for example a clone's similarity). */
  properties?: Record<string, string | number | boolean>;
  /** Set when the finding was suppressed by a comment or a baseline. */
  suppression?: { kind: 'inSource' | 'external'; justification: string };
  /** The source text of the finding's first lines (at most 3 lines, 400 characters), when known. */
  snippet?: string;
}

export type NotificationLevel = 'error' | 'warning' | 'note';

/** Something the user should know about the run itself: a parse error, a rule that failed, a limit. */
export interface Notification {
  level: NotificationLevel;
  /** A short, stable identifier such as `parse-error` or `rule-failure`. */
  kind: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  ruleId?: string;
}

export type SkipReason =
  | 'declaration'
  | 'minified'
  | 'generated'
  | 'too-large'
  | 'binary'
  | 'not-utf8'
  | 'unreadable'
  | 'excluded'
  | 'gitignored'
  | 'symlink-loop'
  | 'parse-error';

export interface SkippedFile {
  file: string;
  reason: SkipReason;
  detail?: string;
}

export interface FileStats {
  /** Files analysed (parse errors included: they were read and reported). */
  scanned: number;
  /** Lines of the analysed files. */
  lines: number;
  /** Non-blank, non-comment lines of the analysed files. */
  codeLines: number;
  skipped: number;
  skippedByReason: Partial<Record<SkipReason, number>>;
  skippedFiles: SkippedFile[];
  /** Directories not entered (node_modules, build output, version control). */
  prunedDirectories: string[];
}

export interface RuleSummary {
  ruleId: string;
  category: Category;
  count: number;
  debtMinutes: number;
}

export interface CategorySummary {
  category: Category;
  count: number;
  debtMinutes: number;
}

export type Rating = 'A' | 'B' | 'C' | 'D' | 'E';

export interface ModuleScore {
  module: string;
  files: number;
  lines: number;
  codeLines: number;
  findings: number;
  findingsByCategory: Partial<Record<Category, number>>;
  debtMinutes: number;
  /** debtMinutes / (codeLines * minutesPerLine) */
  debtRatio: number;
  rating: Rating;
  /** Debt weighted by blast radius and cycle membership; see src/score/formulas.ts. */
  risk: number;
  /** Commits that touched the module's files in the churn window; absent outside git. */
  churn?: number;
  /** Inputs of the risk formula, so that a user can check the figure by hand. */
  inputs: Record<string, number>;
}

export interface GateResult {
  passed: boolean;
  /** One sentence per failed condition. */
  failures: string[];
}

export interface RuleDescriptor {
  ruleId: string;
  name: string;
  category: Category;
  level: Level;
  description: string;
  docsUrl: string;
  effortMinutes: number;
  recommended: 'recommended' | 'strict';
  /** How sure the rule is that a finding is real (SARIF `precision`). */
  precision?: 'very-high' | 'high' | 'medium' | 'low';
  /** The rule's message templates by message id (`{{ name }}` placeholders), for help texts. */
  messages?: Record<string, string>;
}

export interface ReportSummary {
  findings: number;
  suppressed: number;
  debtMinutes: number;
  byCategory: CategorySummary[];
  byRule: RuleSummary[];
  byLevel: Record<Level, number>;
}

export interface ReportModel {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'debt-scan'; version: string; informationUri: string };
  /** Absolute path of the scan root. */
  root: string;
  /** Git commit of the scanned tree, when known. */
  commit?: string;
  /** Every rule that ran, sorted by id. */
  rules: RuleDescriptor[];
  files: FileStats;
  /** Sorted by file, line, column, rule id. */
  findings: Finding[];
  /** Findings silenced by comments or a baseline, sorted like `findings`. */
  suppressed: Finding[];
  notifications: Notification[];
  summary: ReportSummary;
  /** Sorted by risk, highest first. */
  modules: ModuleScore[];
  gate: GateResult;
  /** Cross-file analyses may attach their own data (graph, clone classes) under their name. */
  analyses: Record<string, unknown>;
  /** Wall-clock timings in milliseconds; left out of JSON output unless asked for. */
  timings?: Record<string, number>;
}
