import { existsSync } from 'node:fs';
import path from 'node:path';
import { BASELINE_FILE, entriesOf, matchBaseline, readBaseline, type BaselineEntry } from './baseline.js';
import { inChange, type ChangeScope } from '../changes/change-scope.js';
import type { ResolvedConfig } from '../config/types.js';
import type { FileSource } from '../source/file-source.js';
import type { FileResult } from '../engine/analyze-file.js';
import { summarize } from '../model/build-report.js';
import type { Finding, ReportModel } from '../model/types.js';
import { evaluateGate } from '../score/evaluate-gate.js';
import { isInside } from '../util/is-inside.js';
import { TOOL_NAME } from '../version.js';
import { relativePosix } from '../util/paths.js';

/**
 * The last step of a scan: the report judged against a baseline (a file, or the merge base's own
 * findings in pull-request mode with `newOnly`), and in pull-request mode limited to the change.
 */

/** The baseline named in the options, else the one at the root if there is one; a named one must be readable. */
export function loadBaseline(root: string, options: { baseline?: string | false; source?: FileSource }): LoadedBaseline | undefined {
  if (options.baseline === false || options.source) return undefined;
  const named = options.baseline;
  const file = path.resolve(root, named ?? BASELINE_FILE);
  if (named === undefined && !existsSync(file)) return undefined;
  const shown = isInside(root, file) ? relativePosix(root, file) : file;
  return { file: shown, entries: readBaseline(file, shown) };
}

/**
 * Judges the report: against the baseline (a file, or in pull-request mode with `newOnly` the
 * merge base's findings), then, in pull-request mode, keeps only the findings of the change.
 */
export async function judge(
  report: ReportModel,
  run: {
    config: ResolvedConfig;
    results: readonly FileResult[];
    change: ChangeScope | undefined;
    baseline: LoadedBaseline | undefined;
    newOnly: boolean;
    /** Scans a git tree with this scan's configuration: the merge base, for `newOnly`. */
    scanTree: (source: FileSource) => Promise<ReportModel>;
    onWarning: ((message: string) => void) | undefined;
  },
): Promise<void> {
  const { config, results, change } = run;
  const base = change && run.newOnly ? await mergeBaseFindings(change, run.scanTree) : undefined;
  const fixed = withBaseline(report, base ?? run.baseline, config, results, run.onWarning);
  if (!change) return;
  const fixedFindings = base ? fixed.flatMap((entry) => base.findingOf.get(entry) ?? []) : [];
  scopeToChange(report, change, config, { entries: fixed, findings: fixedFindings }, new Set(results.map((r) => r.file)));
}

/** A baseline as read: its name for messages, and its entries. */
export interface LoadedBaseline {
  file: string;
  entries: readonly BaselineEntry[];
}

/** The merge base's findings as a baseline: its tree scanned from git with this scan's configuration. */
async function mergeBaseFindings(change: ChangeScope, scanTree: (source: FileSource) => Promise<ReportModel>): Promise<LoadedBaseline & { findingOf: Map<BaselineEntry, Finding> }> {
  const file = `${change.revision} (merge base ${change.mergeBase.slice(0, 12)})`;
  const source = await change.base();
  if (!source) return { file, entries: [], findingOf: new Map() };
  const base = await scanTree(source);
  const entries = entriesOf(base.findings);
  return { file, entries, findingOf: new Map(entries.map((entry, i) => [entry, base.findings[i]])) };
}

/**
 * Pull-request mode: the findings of the changed files (and those that point into them), with
 * the summary, the baseline's counts and the gate on them; module scores stay the repository's.
 */
function scopeToChange(
  report: ReportModel,
  change: ChangeScope,
  config: ResolvedConfig,
  gone: { entries: readonly BaselineEntry[]; findings: readonly Finding[] },
  analysed: ReadonlySet<string>,
): void {
  const fixed = gone.findings;
  const inside = report.findings.filter((f) => inChange(f, change));
  report.change = {
    since: change.revision,
    mergeBase: change.mergeBase,
    // The changed files the scan analysed: a changed README or lock file is not counted.
    files: [...change.files].filter((file) => analysed.has(file)).length,
    findingsOutside: report.findings.length - inside.length,
    ...(fixed.length > 0 ? { fixed: fixed.slice(0, 100).map((f) => ({ ruleId: f.ruleId, file: f.file, line: f.line, message: f.message })) } : {}),
  };
  report.findings = inside;
  report.suppressed = report.suppressed.filter((f) => inChange(f, change));
  report.summary = summarize(inside, report.suppressed.length);
  if (report.baseline) {
    const fresh = inside.filter((f) => f.baselineState === 'new').length;
    report.baseline = { ...report.baseline, unchanged: inside.length - fresh, new: fresh };
  }
  // The baseline's entries that are gone, from a file or the merge base: what the change's growth is measured against.
  const fixedMinutes = fixedDebt(config, gone.entries.map((entry) => entry.rule));
  report.gate = evaluateGate(config.gate, inside, report.modules, config.scoring.minutesPerLine, report.baseline ? { fixedMinutes } : undefined);
}

/** The debt of findings that are gone, by their rules' effort now (a rule switched off since weighs nothing). */
function fixedDebt(config: ResolvedConfig, rules: readonly string[]): number {
  const effort = new Map(config.rules.map((r) => [`${TOOL_NAME}/${r.name}`, r.effortMinutes]));
  return rules.reduce((sum, rule) => sum + (effort.get(rule) ?? 0), 0);
}

/**
 * Marks each finding new or unchanged against the baseline, counts what was fixed, and judges the
 * gate on new findings and on debt growth; without a baseline, says that a growth limit was not
 * judged. Returns the baseline's entries that no finding matched.
 */
function withBaseline(report: ReportModel, baseline: LoadedBaseline | undefined, config: ResolvedConfig, results: readonly FileResult[], onWarning: ((message: string) => void) | undefined): readonly BaselineEntry[] {
  if (!baseline) {
    if (config.gate.maxDebtGrowthMinutes !== undefined) {
      onWarning?.('gate.maxDebtGrowthMinutes needs a baseline to compare with (debt-scan baseline writes one); the condition was not judged');
    }
    return [];
  }
  const scanned = new Set([...results.map((r) => r.file), ...report.files.skippedFiles.map((f) => f.file)]);
  const { states, fixed } = matchBaseline(report.findings, baseline.entries, scanned);
  report.findings.forEach((f, i) => (f.baselineState = states[i]));
  const fresh = states.filter((s) => s === 'new').length;
  report.baseline = { file: baseline.file, unchanged: states.length - fresh, new: fresh, fixed: fixed.length };
  const fixedMinutes = fixedDebt(config, fixed.map((entry) => entry.rule));
  report.gate = evaluateGate(config.gate, report.findings, report.modules, config.scoring.minutesPerLine, { fixedMinutes });
  return fixed;
}
