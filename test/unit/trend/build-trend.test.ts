import { describe, expect, it } from 'vitest';
import { buildTrend, type PointInput } from '../../../src/trend/build-trend.js';
import type { FindingStamp, Snapshot } from '../../../src/trend/types.js';

// Three rules of three categories, with efforts of 30, 20 and 10 minutes.
const RULES: Record<string, { category: string; effort: number }> = {
  'debt-scan/r-dup': { category: 'duplication', effort: 30 },
  'debt-scan/r-cx': { category: 'complexity', effort: 20 },
  'debt-scan/r-err': { category: 'error-handling', effort: 10 },
};

const A: FindingStamp = ['fa:1', 'debt-scan/r-dup', 'src/a/x.ts', 3];
const B: FindingStamp = ['fb:1', 'debt-scan/r-cx', 'src/b/y.ts', 10];
const C: FindingStamp = ['fc:1', 'debt-scan/r-cx', 'src/b/y.ts', 20];
const D: FindingStamp = ['fd:1', 'debt-scan/r-err', 'src/a/z.ts', 5];
const E: FindingStamp = ['fe:1', 'debt-scan/r-err', 'src/a/z.ts', 9];
/** Same fingerprint as B, another rule: a different finding. */
const F: FindingStamp = ['fb:1', 'debt-scan/r-err', 'src/c/w.ts', 1];
const G: FindingStamp = ['fg:1', 'debt-scan/r-dup', 'src/c/w.ts', 7];

/** A snapshot whose sums follow from its findings (module = first two path segments). */
function snapshot(date: string, commit: string, findings: FindingStamp[]): Snapshot {
  const add = (into: Record<string, { findings: number; debtMinutes: number }>, key: string, minutes: number) => {
    const entry = (into[key] ??= { findings: 0, debtMinutes: 0 });
    entry.findings += 1;
    entry.debtMinutes += minutes;
  };
  const categories = {};
  const modules = {};
  const rules: Snapshot['rules'] = {};
  for (const [, ruleId, file] of findings) {
    const { category, effort } = RULES[ruleId];
    add(categories, category, effort);
    add(modules, file.split('/').slice(0, 2).join('/'), effort);
    add(rules as Record<string, { findings: number; debtMinutes: number }>, ruleId, effort);
    rules[ruleId].category = category;
  }
  const debtMinutes = findings.reduce((sum, f) => sum + RULES[f[1]].effort, 0);
  return { kind: 'debt-scan-run', version: 1, date, commit, totals: { findings: findings.length, debtMinutes, files: 9, codeLines: 900 }, categories, modules, rules, findings };
}

const end = (iso: string) => new Date(iso);
const INPUTS: PointInput[] = [
  { label: '2024-12', end: end('2024-12-31T23:59:59Z'), status: 'empty', message: 'no commit on the branch yet' },
  { label: '2025-01', end: end('2025-01-31T23:59:59Z'), status: 'ok', snapshot: snapshot('2025-01-20T12:00:00.000Z', 'c1', [A, B, C]) },
  { label: '2025-02', end: end('2025-02-28T23:59:59Z'), status: 'failed', message: 'could not analyse c2: out of memory' },
  { label: '2025-03', end: end('2025-03-31T23:59:59Z'), status: 'ok', snapshot: snapshot('2025-03-05T12:00:00.000Z', 'c3', [B, D]) },
  { label: '2025-04', end: end('2025-04-15T00:00:00Z'), status: 'ok', snapshot: snapshot('2025-04-12T12:00:00.000Z', 'c4', [A, B, D, E, F, G]) },
];
const ref = ([fingerprint, ruleId, file, line]: FindingStamp) => ({ fingerprint, ruleId, file, line });

describe('buildTrend', () => {
  const trend = buildTrend(INPUTS, { source: 'git', branch: 'main', interval: 'month', until: new Date('2025-04-15T00:00:00Z') });

  it('keeps every interval, with totals and debt by category for the analysed ones', () => {
    expect(trend.categories).toEqual(['duplication', 'error-handling', 'complexity']);
    expect(trend.points.map((p) => [p.label, p.status, p.commit, p.findings, p.debtMinutes])).toEqual([
      ['2024-12', 'empty', null, null, null],
      ['2025-01', 'ok', 'c1', 3, 70],
      ['2025-02', 'failed', null, null, null],
      ['2025-03', 'ok', 'c3', 2, 30],
      ['2025-04', 'ok', 'c4', 6, 110],
    ]);
    expect(trend.points[2].message).toBe('could not analyse c2: out of memory');
    expect(trend.points[1].byCategory).toEqual({
      duplication: { findings: 1, debtMinutes: 30 },
      'error-handling': { findings: 0, debtMinutes: 0 },
      complexity: { findings: 2, debtMinutes: 40 },
    });
    expect(trend.points[4].byCategory).toEqual({
      duplication: { findings: 2, debtMinutes: 60 },
      'error-handling': { findings: 3, debtMinutes: 30 },
      complexity: { findings: 1, debtMinutes: 20 },
    });
    expect(trend.change).toEqual({ from: '2025-01', to: '2025-04', debtBefore: 70, debtAfter: 110, findingsBefore: 3, findingsAfter: 6 });
  });

  it('compares each analysed point with the previous analysed one, matching rule and fingerprint', () => {
    expect(trend.points[1].introduced).toBeNull();
    expect(trend.points[1].fixed).toBeNull();
    expect(trend.points[2].introduced).toBeNull();
    expect(trend.points[3].introduced).toEqual([ref(D)]);
    expect(trend.points[3].fixed).toEqual([ref(A), ref(C)]);
    expect(trend.points[4].introduced).toEqual([ref(A), ref(E), ref(F), ref(G)]);
    expect(trend.points[4].fixed).toEqual([]);
  });

  it('names the modules whose debt grew and fell most between the first and the last analysed point', () => {
    expect(trend.modules.grew).toEqual([
      { module: 'src/c', debtBefore: 0, debtAfter: 40, debtDelta: 40, findingsBefore: 0, findingsAfter: 2 },
      { module: 'src/a', debtBefore: 30, debtAfter: 50, debtDelta: 20, findingsBefore: 1, findingsAfter: 3 },
    ]);
    expect(trend.modules.fell).toEqual([{ module: 'src/b', debtBefore: 40, debtAfter: 20, debtDelta: -20, findingsBefore: 2, findingsAfter: 1 }]);
  });

  it('lists the rules that account for the growth with their share and their introduced and fixed counts', () => {
    expect(trend.rules).toEqual([
      { ruleId: 'debt-scan/r-dup', category: 'duplication', findingsBefore: 1, findingsAfter: 2, debtBefore: 30, debtAfter: 60, debtDelta: 30, shareOfGrowth: 0.5, introduced: 2, fixed: 1 },
      { ruleId: 'debt-scan/r-err', category: 'error-handling', findingsBefore: 0, findingsAfter: 3, debtBefore: 0, debtAfter: 30, debtDelta: 30, shareOfGrowth: 0.5, introduced: 3, fixed: 0 },
    ]);
  });

  it('calls a finding that was fixed and came back recurring, with the dates', () => {
    expect(trend.recurring).toEqual([{ ...ref(A), firstSeen: '2025-01', fixedAt: ['2025-03'], reappearedAt: ['2025-04'], openNow: true }]);
  });

  it('dates each open finding from the start of its current run, oldest first', () => {
    expect(trend.open.map((f) => [f.file, f.line, f.ruleId, f.since, f.sinceStart])).toEqual([
      ['src/b/y.ts', 10, 'debt-scan/r-cx', '2025-01', true],
      ['src/a/z.ts', 5, 'debt-scan/r-err', '2025-03', false],
      ['src/a/x.ts', 3, 'debt-scan/r-dup', '2025-04', false],
      ['src/a/z.ts', 9, 'debt-scan/r-err', '2025-04', false],
      ['src/c/w.ts', 1, 'debt-scan/r-err', '2025-04', false],
      ['src/c/w.ts', 7, 'debt-scan/r-dup', '2025-04', false],
    ]);
  });

  it('gives an empty trend when no point could be analysed', () => {
    const empty = buildTrend([INPUTS[0], INPUTS[2]], { source: 'history', interval: 'month', until: new Date('2025-02-28T23:59:59Z') });
    expect(empty.change).toBeNull();
    expect(empty.categories).toEqual([]);
    expect(empty.modules).toEqual({ grew: [], fell: [] });
    expect(empty.rules).toEqual([]);
    expect(empty.recurring).toEqual([]);
    expect(empty.open).toEqual([]);
    expect(empty.points.map((p) => p.status)).toEqual(['empty', 'failed']);
  });
});
