/**
 * debt-scan's library API. `scan()` returns the same report model the CLI renders; `render()`
 * turns it into any output format.
 */
export { scan, type ScanOptions, type ScanProgress, type ScanPhase } from './scan.js';
export { renderers, REPORT_FORMATS, type ReportFormat, type RenderOptions, type Renderer } from '../reporters/index.js';
export type * from './model/types.js';
export type { UserConfig, ResolvedConfig } from './config/types.js';
export { loadConfig, resolveConfig } from './config/load-config.js';
export { CONFIG_SCHEMA } from './config/schema.js';
export { ConfigError, UsageError } from './errors.js';
export { TOOL_VERSION } from './version.js';

import { renderers, type ReportFormat, type RenderOptions } from '../reporters/index.js';
import type { ReportModel } from './model/types.js';

/** Renders a report model (from `scan()` or a saved JSON report) in one of the output formats. */
export function render(model: ReportModel, format: ReportFormat, options: RenderOptions = {}): string {
  return renderers[format](model, options);
}

/** The trend over time: from git history (no checkout) or from a `--history` file. */
export { trendFromGit, type GitTrendOptions, type GitPointProgress } from './trend/trend-from-git.js';
export { withFixMemory, type MemoryOptions } from './memory/attach-precedents.js';
export type { FixEvent, FixHunk, FixMemory, Precedent, RuleMemory } from './memory/types.js';
export { parseHistory, trendFromSnapshots, type TrendWindow } from './trend/trend-from-history.js';
export type { TrendModel, TrendPoint, TrendInterval, Snapshot } from './trend/types.js';
export { trendRenderers, TREND_FORMATS } from '../reporters/trend-renderers.js';
