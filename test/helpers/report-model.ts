import type { Finding, ModuleScore, ReportModel, RuleDescriptor } from '../../src/model/types.js';

/** A rule descriptor as the scanner writes it, with test defaults. */
export function makeRule(name: string, overrides: Partial<RuleDescriptor> = {}): RuleDescriptor {
  return {
    ruleId: `debt-scan/${name}`,
    name,
    category: 'complexity',
    level: 'warning',
    description: `Disallow the pattern ${name} looks for`,
    docsUrl: `https://github.com/debt-scan/debt-scan/blob/main/docs/rules/${name}.md`,
    effortMinutes: 10,
    recommended: 'recommended',
    precision: 'high',
    messages: { found: '{{ name }} does the thing: it assumes a value that may be missing. Check it first.' },
    ...overrides,
  };
}

/** A finding with test defaults; `fingerprint` defaults to one derived from file and line. */
export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  const file = overrides.file ?? 'src/a.ts';
  const line = overrides.line ?? 1;
  return {
    ruleId: 'debt-scan/rule-a',
    category: 'complexity',
    level: 'warning',
    message: 'Function f does the thing. Check it first.',
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 10,
    effortMinutes: 10,
    fingerprint: `${Buffer.from(`${file}:${line}`).toString('hex').padEnd(16, '0').slice(0, 16)}:1`,
    module: file.split('/').slice(0, 2).join('/'),
    ...overrides,
  };
}

export function makeModule(module: string, overrides: Partial<ModuleScore> = {}): ModuleScore {
  return {
    module,
    files: 2,
    lines: 120,
    codeLines: 100,
    findings: 1,
    findingsByCategory: { complexity: 1 },
    debtMinutes: 10,
    debtRatio: 0.05,
    rating: 'B',
    risk: 10,
    inputs: { debtMinutes: 10, codeLines: 100, minutesPerLine: 0.5, dependents: 0, inCycle: 0 },
    ...overrides,
  };
}

/** A whole report model around the given findings, with summary and modules computed simply. */
export function makeModel(findings: Finding[], overrides: Partial<ReportModel> = {}): ReportModel {
  const rules = overrides.rules ?? [makeRule('rule-a'), makeRule('rule-b', { category: 'duplication', level: 'error' })];
  const suppressed = overrides.suppressed ?? [];
  const debtOf = (list: readonly Finding[]) => list.reduce((s, f) => s + f.effortMinutes, 0);
  const byCategory = (['duplication', 'unchecked-assumption', 'error-handling', 'complexity', 'dependency'] as const).map((category) => {
    const inCategory = findings.filter((f) => f.category === category);
    return { category, count: inCategory.length, debtMinutes: debtOf(inCategory) };
  });
  const modules = [...new Set(findings.map((f) => f.module))]
    .sort()
    .map((m) => findings.filter((f) => f.module === m))
    .map((inModule) => makeModule(inModule[0].module, { findings: inModule.length, debtMinutes: debtOf(inModule) }));
  return {
    schemaVersion: 1,
    tool: { name: 'debt-scan', version: '1.2.3', informationUri: 'https://github.com/debt-scan/debt-scan' },
    root: '/home/user/project',
    rules,
    files: { scanned: 3, lines: 300, codeLines: 240, skipped: 0, skippedByReason: {}, skippedFiles: [], prunedDirectories: [] },
    findings,
    suppressed,
    notifications: [],
    summary: {
      findings: findings.length,
      suppressed: suppressed.length,
      debtMinutes: findings.reduce((s, f) => s + f.effortMinutes, 0),
      byCategory,
      byRule: rules
        .map((r) => ({ ruleId: r.ruleId, category: r.category, count: findings.filter((f) => f.ruleId === r.ruleId).length, debtMinutes: findings.filter((f) => f.ruleId === r.ruleId).reduce((s, f) => s + f.effortMinutes, 0) }))
        .filter((r) => r.count > 0),
      byLevel: {
        error: findings.filter((f) => f.level === 'error').length,
        warning: findings.filter((f) => f.level === 'warning').length,
        note: findings.filter((f) => f.level === 'note').length,
      },
    },
    modules,
    gate: { passed: true, failures: [] },
    analyses: {},
    ...overrides,
  };
}
