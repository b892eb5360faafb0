import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, UsageError } from '../errors.js';
import type { Finding, Notification, ReportModel } from '../model/types.js';
import { trendFromGit } from '../trend/trend-from-git.js';
import type { HistoryMemory } from './fix-memory.js';
import { PRECEDENT_CATEGORIES } from './precedents.js';
import type { RuleLoader } from '../rule/types.js';

export interface MemoryOptions {
  /** The scan root (inside a git working tree). */
  root: string;
  configPath?: string;
  /** Months of history to read (default 12). */
  months?: number;
  workers?: number;
  onWarning?: (message: string) => void;
  /** Where the rules come from: the entry points (CLI, library) pass debt-scan's own. */
  loadRules: RuleLoader;
}

/**
 * A report with the memory of fixes: the history of the checked-out branch is read as the trend
 * reads it (`months` monthly points, the same configuration), and each finding of a rule whose
 * findings are about a line of code gets the most similar past fix of its rule as precedent. When
 * the history cannot give a memory (no git, a shallow clone, fewer than two points), the report
 * comes back without it and a notification says why; the scan's own results never change.
 */
export async function withFixMemory(model: ReportModel, options: MemoryOptions): Promise<ReportModel> {
  let read: HistoryMemory | undefined;
  let unavailable = 'the memory of fixes is left out: the history gave none';
  try {
    await trendFromGit({
      root: options.root,
      interval: 'month',
      months: options.months ?? 12,
      ...(options.configPath ? { configPath: options.configPath } : {}),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
      loadRules: options.loadRules,
      onMemory: (memory) => (read = memory),
      onMemoryUnavailable: (reason) => (unavailable = reason),
    });
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof ConfigError)) throw error;
    return withNotification(model, `the memory of fixes is left out: ${error.message}`);
  }
  const memory = read;
  if (!memory) return withNotification(model, unavailable);
  const lineOf = lineReader(options.root);
  const findings = model.findings.map((finding): Finding => {
    if (!PRECEDENT_CATEGORIES.has(finding.category)) return finding;
    const line = finding.snippet?.split('\n')[0] ?? lineOf(finding.file, finding.line);
    const precedent = line === undefined ? undefined : memory.precedentFor(finding.ruleId, finding.file, line);
    return precedent ? { ...finding, precedent } : finding;
  });
  const { events: _events, ...section } = memory.memory;
  const withPrecedent = findings.filter((f) => f.precedent).length;
  return { ...model, findings, memory: { ...section, precedents: { ...section.precedents, open: findings.length, withPrecedent } } };
}

function withNotification(model: ReportModel, message: string): ReportModel {
  const notification: Notification = { level: 'warning', kind: 'memory-unavailable', message };
  return { ...model, notifications: [...model.notifications, notification] };
}

/** A finding's line from the file on disk, for findings without a snippet; undefined when unreadable. */
function lineReader(root: string): (file: string, line: number) => string | undefined {
  const lines = new Map<string, string[] | undefined>();
  return (file, line) => {
    if (!lines.has(file)) {
      try {
        lines.set(file, readFileSync(path.join(root, file), 'utf8').split('\n'));
      } catch {
        // A file gone since the scan has no line to match: the finding simply gets no precedent.
        lines.set(file, undefined);
      }
    }
    return lines.get(file)?.[line - 1];
  };
}
