import type { Rating } from '../model/types.js';

export type RuleSeverity = 'error' | 'warn' | 'off';
export type RuleSetting = RuleSeverity | [RuleSeverity] | [RuleSeverity, Record<string, unknown>];

/** `debt-scan.config.json` as a user writes it; every field is optional. */
export interface UserConfig {
  $schema?: string;
  preset?: 'recommended' | 'strict';
  include?: string[];
  exclude?: string[];
  rules?: Record<string, RuleSetting>;
  /** Remediation effort per finding in minutes, by rule name, overriding the rule's own. */
  effort?: Record<string, number>;
  gate?: {
    failOn?: 'error' | 'warning' | 'never';
    maxDebtMinutes?: number;
    maxDebtRatio?: number;
    minRating?: Rating;
  };
  modules?: {
    depth?: number;
  };
  files?: {
    maxFileSize?: number;
    maxLineLength?: number;
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
  /** Settings of cross-file analyses, by analysis name (for example `clones`). */
  analyses?: Record<string, Record<string, unknown>>;
}

export interface ResolvedRule {
  name: string;
  severity: 'error' | 'warn';
  options: readonly unknown[];
  effortMinutes: number;
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
    maxDebtMinutes?: number;
    maxDebtRatio?: number;
    minRating?: Rating;
  };
  modules: { depth: number };
  files: { maxFileSize: number; maxLineLength: number };
  cache: { enabled: boolean; location?: string };
  scoring: { minutesPerLine: number };
  churn: { days: number };
  analyses: Record<string, Record<string, unknown>>;
}
