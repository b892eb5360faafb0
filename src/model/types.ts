import type { FixMemory, Precedent } from '../memory/types.js';
import type { FileRole } from '../discover/file-role.js';
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
  /** With a baseline: whether the finding was in it (`unchanged`) or not (`new`), as SARIF says it. */
  baselineState?: BaselineState;
  /** With the memory of fixes (`--memory`): the most similar past fix of the same rule in this repository. */
  precedent?: Precedent;
}

export type BaselineState = 'new' | 'unchanged';

export type { FixHunk, Precedent, RuleMemory } from '../memory/types.js';

/** The memory of fixes as a report carries it: the trend's section without the list of fix events. */
export type ReportMemory = Omit<FixMemory, 'events'>;

/** What a baseline made of the run (src/baseline/baseline.ts). */
export interface BaselineSummary {
  /** The baseline file, as named or found (relative to the scan root when inside it), or the commit whose findings were the baseline. */
  file: string;
  /** Findings in the baseline and still there. */
  unchanged: number;
  /** Findings not in the baseline: the ones the gate judges. */
  new: number;
  /** Baseline entries no finding matched any more. */
  fixed: number;
}

/** What a pull-request scan reported on (src/changes/change-scope.ts). */
export interface ChangeSummary {
  /** The revision the change is measured from, as given. */
  since: string;
  /** The merge base of that revision and HEAD. */
  mergeBase: string;
  /** Files the scan analysed that changed since the merge base (deleted ones left out). */
  files: number;
  /** Findings elsewhere, left out of the report. */
  findingsOutside: number;
  /** With `--new-only`: findings the merge base had and the change removed (at most 100). */
  fixed?: { ruleId: string; file: string; line: number; message: string }[];
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
  | 'special-file'
  | 'outside-root'
  | 'parse-error'
  | 'too-deep';

/** The detail of a file skipped (`excluded`) because the configuration's `include` globs match none of its path. */
export const NOT_INCLUDED = 'matches no `include` glob';

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
  /**
   * Analysed files that are not product code, by role (src/discover/file-role.ts): only rules
   * that matter there report on them. Absent when every file is product code.
   */
  byRole?: Partial<Record<Exclude<FileRole, 'product'>, number>>;
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
  /** Every configured condition, passed or not, with its figure and limit. */
  conditions?: GateCondition[];
}

/** One condition of the quality gate. */
export interface GateCondition {
  /** The configuration key that set it: `failOn`, `maxDebtMinutes`, `maxDebtRatio`, `maxModuleDebtMinutes`, `minRating`, `maxDebtGrowthMinutes`. */
  condition: string;
  passed: boolean;
  /** The measured figure (findings, minutes, a ratio or the worst rating) and the limit, in the same unit. */
  actual: number | string;
  limit: number | string;
  /** What was measured against what, and by how much a failed condition missed. */
  message: string;
  /** Fingerprints of the worst findings behind a failed condition, at most five. */
  findings?: string[];
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
  /** Present when a baseline was used. */
  baseline?: BaselineSummary;
  /** Present in pull-request mode (`--changed-since`): the findings are those of the changed files. */
  change?: ChangeSummary;
  /** Present in a typed scan (`--typed`): how many files the detectors saw with types. */
  types?: TypesSummary;
  /** With the memory of fixes (`--memory`): how this team fixed each rule's findings over the window. */
  memory?: ReportMemory;
  /** Cross-file analyses may attach their own data (graph, clone classes) under their name. */
  analyses: Record<string, unknown>;
  /** Wall-clock timings in milliseconds; left out of JSON output unless asked for. */
  timings?: Record<string, number>;
  /** Whether the run used a cache; for the console and CI logs, never in JSON output (it differs between a cold and a warm run). */
  cache?: CacheUse;
}

/** What a typed scan typed (src/typed/typed-analysis.ts). */
export interface TypesSummary {
  /** Analysed files the detectors saw with their program's types. */
  files: number;
  /** Analysed files without types: outside every tsconfig, or of a tsconfig that could not be used or was over the memory budget. */
  untypedFiles: number;
  /** One program per tsconfig, in the order they were built. */
  programs: { config: string; files: number; sourceMiB: number }[];
}

/**
 * What the run found in the cache. `used`: a cache that this user's secret sealed (some or all
 * files may have changed since); `none`: no cache yet; `ignored`: a cache file that this user's
 * secret did not seal (written on another machine or by another user, shipped in the tree, forged
 * or damaged), rebuilt; `off`: turned off; `unavailable`: the cache could not be used (`reason`).
 */
export interface CacheUse {
  state: 'used' | 'none' | 'ignored' | 'off' | 'unavailable';
  /** Files whose results came from the cache. */
  filesFromCache: number;
  /** Files analysed or taken from the cache. */
  files: number;
  reason?: string;
}

export type {
  GraphData,
  GraphFileEdge,
  GraphFileNode,
  GraphImportSite,
  GraphModuleEdge,
  GraphModuleNode,
  Hotspot,
  ImportCycle,
  ImportEdgeKind,
  UnresolvedImport,
} from './graph-types.js';
