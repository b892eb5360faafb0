import type { ReportModel } from '../model/types.js';
import { SNAPSHOT_VERSION, type CountAndDebt, type FindingStamp, type Snapshot } from './types.js';

export interface SnapshotContext {
  /** ISO date of the scanned state. */
  date: string;
  commit?: string;
  branch?: string;
}

/** The part of a report the trend needs: totals, debt by category, module and rule, and the fingerprints. */
export function snapshotOf(report: ReportModel, context: SnapshotContext): Snapshot {
  const categories: Record<string, CountAndDebt> = {};
  for (const c of report.summary.byCategory) {
    if (c.count > 0) categories[c.category] = { findings: c.count, debtMinutes: c.debtMinutes };
  }
  const modules: Record<string, CountAndDebt> = {};
  for (const m of [...report.modules].sort((a, b) => compare(a.module, b.module))) {
    if (m.findings > 0) modules[m.module] = { findings: m.findings, debtMinutes: m.debtMinutes };
  }
  const rules: Snapshot['rules'] = {};
  for (const r of [...report.summary.byRule].sort((a, b) => compare(a.ruleId, b.ruleId))) {
    rules[r.ruleId] = { category: r.category, findings: r.count, debtMinutes: r.debtMinutes };
  }
  const findings = report.findings
    .map((f): FindingStamp => [f.fingerprint, f.ruleId, f.file, f.line])
    .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  const commit = context.commit ?? report.commit;
  return {
    kind: 'debt-scan-run',
    version: SNAPSHOT_VERSION,
    date: context.date,
    ...(commit ? { commit } : {}),
    ...(context.branch ? { branch: context.branch } : {}),
    totals: {
      findings: report.summary.findings,
      debtMinutes: report.summary.debtMinutes,
      files: report.files.scanned,
      codeLines: report.files.codeLines,
    },
    categories,
    modules,
    rules,
    findings,
  };
}

/** The key that matches a finding across snapshots: its rule and its fingerprint. */
export function stampKey(stamp: FindingStamp): string {
  return `${stamp[1]}\u0000${stamp[0]}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
