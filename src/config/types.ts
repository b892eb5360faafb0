import type { Category, Rating } from '../model/types.js';
import type { FileRole } from '../discover/file-role.js';

export type RuleSeverity = 'error' | 'warn' | 'off';
/** The rule set a configuration starts from: `recommended` (the rules measured precise enough to report by default) or `strict` (every rule). */
export type Preset = 'recommended' | 'strict';

export type RuleSetting = RuleSeverity | [RuleSeverity] | [RuleSeverity, Record<string, unknown>];

/** `debt-scan.config.json` as a user writes it; every field is optional. */
export interface UserConfig {
  $schema?: string;
  preset?: Preset;
  include?: string[];
  exclude?: string[];
  rules?: Record<string, RuleSetting>;
  /** Remediation effort per finding in minutes, by rule name, overriding the rule's own. */
  effort?: Record<string, number>;
  gate?: {
    /** `warn` is `warning`, spelled as rule severities spell it. */
    failOn?: 'error' | 'warning' | 'warn' | 'never';
    categories?: Category[];
    maxDebtMinutes?: number;
    maxDebtRatio?: number;
    maxModuleDebtMinutes?: number;
    maxDebtGrowthMinutes?: number;
    minRating?: Rating;
  };
  modules?: {
    depth?: number;
  };
  files?: {
    maxFileSize?: number;
    maxLineLength?: number;
    /** Globs of files that are product code whatever their path says (a `test/` folder that is a feature). */
    product?: string[];
    /** Globs of files that are not product code (tooling, generated fixtures) whatever their path says. */
    nonProduct?: string[];
  };
  cache?: {
    enabled?: boolean;
    location?: string;
  };
  scoring?: {
    minutesPerLine?: number;
  };
  churn?: {
    days?: number;
  };
  /** A typed scan (`--typed`): `true`, or its settings. */
  typed?: boolean | { enabled?: boolean; maxProgramMiB?: number };
  /** Settings of cross-file analyses, by analysis name (for example `clones`). */
  analyses?: Record<string, Record<string, unknown>>;
}

export interface ResolvedRule {
  name: string;
  severity: 'error' | 'warn';
  options: readonly unknown[];
  effortMinutes: number;
  /** The kinds of file the rule reports in (its meta's `fileRoles`). */
  fileRoles: readonly FileRole[];
}

/** The configuration with every default filled in; what the engine runs on. */
export interface ResolvedConfig {
  /** Where the configuration came from, for messages: a file path or `defaults`. */
  source: string;
  preset: 'recommended' | 'strict';
  include: string[];
  exclude: string[];
  /** Enabled rules only, sorted by name. */
  rules: ResolvedRule[];
  gate: {
    failOn: 'error' | 'warning' | 'never';
    /** The categories whose findings the level condition judges; all when absent. */
    categories?: Category[];
    maxDebtMinutes?: number;
    maxDebtRatio?: number;
    maxModuleDebtMinutes?: number;
    /** With a baseline: the most the debt of new findings may exceed that of fixed ones, in minutes. */
    maxDebtGrowthMinutes?: number;
    minRating?: Rating;
  };
  modules: { depth: number };
  files: { maxFileSize: number; maxLineLength: number; product: string[]; nonProduct: string[] };
  cache: { enabled: boolean; location?: string };
  scoring: { minutesPerLine: number };
  churn: { days: number };
  /** A typed scan: detectors see the types of the files a tsconfig includes, one program of at most `maxProgramMiB` at a time. */
  typed: { enabled: boolean; maxProgramMiB: number };
  analyses: Record<string, Record<string, unknown>>;
}
