/**
 * debt-scan's library API. `scan()` returns the same report model the CLI renders; `render()`
 * turns it into any output format.
 */
export type { ScanOptions, ScanProgress, ScanPhase } from './scan.js';
export { renderers, REPORT_FORMATS, type ReportFormat, type RenderOptions, type Renderer } from '../reporters/index.js';
export type * from './model/types.js';
export type { UserConfig, ResolvedConfig } from './config/types.js';
export { loadConfig, resolveConfig } from './config/load-config.js';
export { CONFIG_SCHEMA } from './config/schema.js';
export { ConfigError, UsageError } from './errors.js';
export { TOOL_VERSION } from './version.js';

import { renderers, type ReportFormat, type RenderOptions } from '../reporters/index.js';
import type { ReportModel } from './model/types.js';
import type { RuleLoader } from './rule/types.js';
import { scan as scanWithRules, type ScanOptions } from './scan.js';
import { trendFromGit as trendWithRules, type GitTrendOptions as GitTrendRun } from './trend/trend-from-git.js';
import { withFixMemory as withFixMemoryOf, type MemoryOptions as MemoryRun } from './memory/attach-precedents.js';
import type { TrendModel } from './trend/types.js';

/** debt-scan's own rules, loaded when a scan first needs them (the library is one of their entry points). */
const loadRules: RuleLoader = async (names) => (await import('../rules/load.js')).loadRuleDefinitions(names);

/** Scans a repository and returns the report model (see `ScanOptions`). Never executes the code it scans. */
export function scan(options: ScanOptions = {}): Promise<ReportModel> {
  return scanWithRules({ ...options, loadRules });
}

export type GitTrendOptions = Omit<GitTrendRun, 'loadRules'>;
export type MemoryOptions = Omit<MemoryRun, 'loadRules'>;

/** The trend from the git history of the checked-out branch, one scan of each point's tree (no checkout). */
export function trendFromGit(options: GitTrendOptions): Promise<TrendModel> {
  return trendWithRules({ ...options, loadRules });
}

/** The report with the memory of fixes read from the git history (see `MemoryOptions`). */
export function withFixMemory(model: ReportModel, options: MemoryOptions): Promise<ReportModel> {
  return withFixMemoryOf(model, { ...options, loadRules });
}

/** Renders a report model (from `scan()` or a saved JSON report) in one of the output formats. */
export function render(model: ReportModel, format: ReportFormat, options: RenderOptions = {}): string {
  return renderers[format](model, options);
}

/** The trend over time: from git history (no checkout) or from a `--history` file. */
export type { GitPointProgress } from './trend/trend-from-git.js';
export type { FixEvent, FixHunk, FixMemory, Precedent, RuleMemory } from './memory/types.js';
export { parseHistory, trendFromSnapshots, type TrendWindow } from './trend/trend-from-history.js';
export type { TrendModel, TrendPoint, TrendInterval, Snapshot } from './trend/types.js';
export { trendRenderers, TREND_FORMATS } from '../reporters/index.js';
