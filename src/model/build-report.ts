import { catalogByName } from '../../rules/catalog-index.js';
import type { ResolvedConfig, ResolvedRule } from '../config/types.js';
import type { FileResult } from '../engine/analyze-file.js';
import type { CrossFileReport, RuleCatalogEntry } from '../rule/types.js';
import { formatMessage } from '../rule/format-message.js';
import { suppressionsFrom } from '../suppress/suppressions.js';
import { createModuleAssigner, type WorkspacePackage } from '../score/assign-module.js';
import { evaluateGate } from '../score/evaluate-gate.js';
import { withHotspots } from '../score/find-hotspots.js';
import { scoreModules, type ModuleGraphFigures } from '../score/score-modules.js';
import { INFORMATION_URI, TOOL_VERSION, ruleDocsUrl, ruleId } from '../version.js';
import { fingerprintAll, withoutPositions } from './fingerprint.js';
import {
  CATEGORIES,
  REPORT_SCHEMA_VERSION,
  type Finding,
  type Level,
  type Notification,
  type ReportModel,
  type FileStats,
  type RuleDescriptor,
  type SkippedFile,
  type TypesSummary,
} from './types.js';
import { createRoleResolver, NON_PRODUCT_ROLES, type FileRole } from '../discover/file-role.js';

export interface AssemblyInput {
  root: string;
  commit?: string;
  config: ResolvedConfig;
  results: readonly FileResult[];
  skipped: readonly SkippedFile[];
  prunedDirectories: readonly string[];
  packages: readonly WorkspacePackage[];
  crossFileReports: readonly { rule: string; report: CrossFileReport }[];
  analyses: Record<string, unknown>;
  notifications: readonly Notification[];
  /** What a typed scan typed. */
  types?: TypesSummary;
  /** Graph figures per module, when the dependency graph was built. */
  moduleGraph?: ReadonlyMap<string, ModuleGraphFigures>;
  churn?: ReadonlyMap<string, number>;
  /** Commits per file in the churn window, for the hotspots; absent outside git. */
  fileChurn?: ReadonlyMap<string, number>;
}

/** Assembles the sorted, JSON-serialisable report model from the per-file and cross-file results. */
export function buildReport(input: AssemblyInput): ReportModel {
  const { config } = input;
  const rules = new Map(config.rules.map((r) => [r.name, r]));
  const moduleOf = createModuleAssigner(input.packages, config.modules.depth);
  const all: Finding[] = [];

  for (const result of input.results) {
    for (const f of result.findings) {
      const rule = rules.get(f.rule);
      if (!rule) continue;
      const finding = makeFinding(rule, result.file, moduleOf(result.file), f.message, f, f.fingerprint);
      if (f.snippet !== undefined) finding.snippet = f.snippet;
      if (f.suppressedBy !== undefined) finding.suppression = { kind: 'inSource', justification: f.suppressedBy };
      all.push(finding);
    }
  }
  const crossFileFingerprints = crossFileFingerprintsOf(input.crossFileReports);
  const directivesByFile = new Map(input.results.map((r) => [r.file, r.directives]));
  input.crossFileReports.forEach(({ rule: name, report }, index) => {
    const rule = rules.get(name);
    if (!rule) return;
    const finding = makeFinding(rule, report.file, moduleOf(report.file), formatCrossFileMessage(name, report), report, crossFileFingerprints[index]);
    if (report.snippet !== undefined) finding.snippet = report.snippet;
    if (report.related) finding.related = report.related;
    if (report.properties) finding.properties = report.properties;
    // Cross-file findings obey the eslint-disable comments of the file they are placed in.
    const suppressedBy = suppressionsFrom(directivesByFile.get(report.file)).justificationFor(finding.ruleId, finding.line, finding.column);
    if (suppressedBy !== undefined) finding.suppression = { kind: 'inSource', justification: suppressedBy };
    all.push(finding);
  });

  all.sort(compareFindings);
  const findings = all.filter((f) => !f.suppression);
  const suppressed = all.filter((f) => f.suppression);
  const analysed = input.results.filter((r) => r.facts);
  const modules = scoreModules({
    files: analysed.map((r) => ({ file: r.file, module: moduleOf(r.file), lines: r.facts!.lines, codeLines: r.facts!.codeLines })),
    findings,
    minutesPerLine: config.scoring.minutesPerLine,
    graph: input.moduleGraph,
    churn: input.churn,
  });
  const skipped = [
    ...input.skipped,
    ...input.results.filter((r) => r.parseError).map((r): SkippedFile => ({ file: r.file, reason: r.tooDeep ? 'too-deep' : 'parse-error' })),
  ].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const notifications = [...input.results.flatMap((r) => r.notifications), ...input.notifications].sort(
    (a, b) => compareStrings(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || compareStrings(a.message, b.message),
  );

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'debt-scan', version: TOOL_VERSION, informationUri: INFORMATION_URI },
    root: input.root,
    ...(input.commit ? { commit: input.commit } : {}),
    rules: config.rules.map(describeRule).sort((a, b) => compareStrings(a.ruleId, b.ruleId)),
    files: {
      scanned: analysed.length,
      lines: analysed.reduce((sum, r) => sum + r.facts!.lines, 0),
      codeLines: analysed.reduce((sum, r) => sum + r.facts!.codeLines, 0),
      skipped: skipped.length,
      skippedByReason: countBy(skipped.map((s) => s.reason)),
      skippedFiles: skipped,
      prunedDirectories: [...input.prunedDirectories],
      ...rolesOf(analysed.map((r) => r.file), config),
    },
    findings,
    suppressed,
    notifications,
    summary: summarize(findings, suppressed.length),
    modules,
    gate: evaluateGate(config.gate, findings, modules, config.scoring.minutesPerLine),
    ...(input.types ? { types: input.types } : {}),
    analyses: withHotspots(input.analyses, findings, input.fileChurn),
  };
}

/**
 * The fingerprints of cross-file findings. Findings with the same identifying text in one file
 * are numbered in the order of their place in it, not in the order the analyses found them
 * (which follows clone classes and graph cycles, and changes when another copy comes or goes).
 */
function crossFileFingerprintsOf(reports: AssemblyInput['crossFileReports']): string[] {
  const order = reports.map((_, index) => index).sort((a, b) => {
    const [x, y] = [reports[a].report, reports[b].report];
    return compareStrings(x.file, y.file) || x.line - y.line || x.column - y.column || a - b;
  });
  const sorted = fingerprintAll(
    order.map((index) => {
      const { rule, report } = reports[index];
      return { rule: `${rule}/${report.messageId}`, file: report.file, text: report.fingerprintText ?? withoutPositions(formatCrossFileMessage(rule, report)) };
    }),
  );
  const fingerprints: string[] = new Array<string>(reports.length);
  order.forEach((index, at) => (fingerprints[index] = sorted[at]));
  return fingerprints;
}

function makeFinding(
  rule: ResolvedRule,
  file: string,
  module: string,
  message: string,
  region: { line: number; column: number; endLine: number; endColumn: number },
  fingerprint: string,
): Finding {
  const definition = definitionOf(rule.name);
  return {
    ruleId: ruleId(rule.name),
    category: definition.meta.category,
    level: levelOf(rule.severity),
    message,
    file,
    line: region.line,
    column: region.column,
    endLine: region.endLine,
    endColumn: region.endColumn,
    effortMinutes: rule.effortMinutes,
    fingerprint,
    module,
  };
}

function formatCrossFileMessage(rule: string, report: CrossFileReport): string {
  const template = catalogByName.get(rule)?.meta.messages[report.messageId] ?? report.messageId;
  return formatMessage(template, report.data);
}

/** The metadata of a configured rule; the configuration only names registered rules. */
function definitionOf(name: string): RuleCatalogEntry {
  const definition = catalogByName.get(name);
  if (!definition) throw new Error(`rule ${name} is configured but not registered`);
  return definition;
}

function describeRule(rule: ResolvedRule): RuleDescriptor {
  const definition = definitionOf(rule.name);
  return {
    ruleId: ruleId(rule.name),
    name: rule.name,
    category: definition.meta.category,
    level: levelOf(rule.severity),
    description: definition.meta.docs.description,
    docsUrl: ruleDocsUrl(rule.name),
    effortMinutes: rule.effortMinutes,
    recommended: definition.meta.docs.recommended,
    precision: definition.meta.precision,
    messages: { ...definition.meta.messages },
  };
}

export function levelOf(severity: 'error' | 'warn'): Level {
  return severity === 'error' ? 'error' : 'warning';
}

/** Counts and debt of the findings, in all and by rule, level and category. */
export function summarize(findings: readonly Finding[], suppressed: number): ReportModel['summary'] {
  const byRule = new Map<string, { category: Finding['category']; count: number; debtMinutes: number }>();
  const byLevel: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) {
    const entry = byRule.get(f.ruleId) ?? { category: f.category, count: 0, debtMinutes: 0 };
    entry.count += 1;
    entry.debtMinutes += f.effortMinutes;
    byRule.set(f.ruleId, entry);
    byLevel[f.level] += 1;
  }
  return {
    findings: findings.length,
    suppressed,
    debtMinutes: findings.reduce((sum, f) => sum + f.effortMinutes, 0),
    byCategory: CATEGORIES.map((category) => {
      const inCategory = findings.filter((f) => f.category === category);
      return { category, count: inCategory.length, debtMinutes: inCategory.reduce((sum, f) => sum + f.effortMinutes, 0) };
    }),
    byRule: [...byRule.entries()]
      .map(([id, e]) => ({ ruleId: id, ...e }))
      .sort((a, b) => b.count - a.count || compareStrings(a.ruleId, b.ruleId)),
    byLevel,
  };
}

function countBy<Key extends string>(keys: readonly Key[]): Partial<Record<Key, number>> {
  const counts: Partial<Record<Key, number>> = {};
  for (const key of [...keys].sort()) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn ||
    compareStrings(a.fingerprint, b.fingerprint)
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many analysed files are tests, migrations, scripts, examples or configuration, when any are. */
function rolesOf(files: readonly string[], config: ResolvedConfig): Pick<FileStats, 'byRole'> {
  const roleOf = createRoleResolver(config.files);
  const roles = files.map(roleOf).filter((role): role is Exclude<FileRole, 'product'> => role !== 'product');
  if (roles.length === 0) return {};
  const counts = countBy(roles);
  return { byRole: Object.fromEntries(NON_PRODUCT_ROLES.filter((role) => counts[role]).map((role) => [role, counts[role]])) };
}
