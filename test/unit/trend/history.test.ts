import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseHistory, trendFromSnapshots } from '../../../src/trend/trend-from-history.js';
import type { FindingStamp, Snapshot } from '../../../src/trend/types.js';

function run(date: string, branch: string, findings: FindingStamp[], debtMinutes: number): Snapshot {
  return {
    kind: 'debt-scan-run',
    version: 1,
    date,
    branch,
    commit: `c-${date.slice(0, 10)}`,
    totals: { findings: findings.length, debtMinutes, files: 3, codeLines: 120 },
    categories: findings.length > 0 ? { complexity: { findings: findings.length, debtMinutes } } : {},
    modules: findings.length > 0 ? { src: { findings: findings.length, debtMinutes } } : {},
    rules: findings.length > 0 ? { 'debt-scan/no-complex-function': { category: 'complexity', findings: findings.length, debtMinutes } } : {},
    findings,
  };
}

const X: FindingStamp = ['aaaa:1', 'debt-scan/no-complex-function', 'src/x.ts', 1];
const Y: FindingStamp = ['bbbb:1', 'debt-scan/no-complex-function', 'src/y.ts', 4];

describe('parseHistory', () => {
  it('reads every run record and skips, with a warning naming the line, what is not one', () => {
    const good1 = JSON.stringify(run('2025-01-10T08:00:00.000Z', 'main', [X], 20));
    const good2 = JSON.stringify(run('2025-02-10T08:00:00.000Z', 'main', [X, Y], 40));
    const text = [
      good1,
      good2.slice(0, 40), // cut short by a crash
      '',
      '{"kind":"something-else"}',
      JSON.stringify({ ...run('2025-02-11T08:00:00.000Z', 'main', [], 0), version: 2 }),
      JSON.stringify({ ...run('2025-02-12T08:00:00.000Z', 'main', [], 0), date: 'yesterday' }),
      JSON.stringify({ ...run('2025-02-13T08:00:00.000Z', 'main', [], 0), findings: [['x', 'y', 'z', '1']] }),
      good2,
    ].join('\n');
    const { snapshots, warnings } = parseHistory(text, 'debt-history.jsonl');
    expect(snapshots.map((s) => s.date)).toEqual(['2025-01-10T08:00:00.000Z', '2025-02-10T08:00:00.000Z']);
    expect(warnings).toEqual([
      'debt-history.jsonl:2: not valid JSON; the line is skipped',
      'debt-history.jsonl:4: not a debt-scan run record; the line is skipped',
      'debt-history.jsonl:5: a run record of version 2, expected 1; the line is skipped',
      'debt-history.jsonl:6: a run record without a valid "date"; the line is skipped',
      'debt-history.jsonl:7: a run record whose "findings" are not [fingerprint, ruleId, file, line] lists; the line is skipped',
    ]);
  });
});

describe('trendFromSnapshots', () => {
  // Runs out of order in the file, two on one day, one on another branch.
  const runs = [
    run('2025-03-02T09:00:00.000Z', 'main', [X], 20),
    run('2025-01-15T09:00:00.000Z', 'main', [X, Y], 40),
    run('2025-03-20T09:00:00.000Z', 'main', [X, Y], 40),
    run('2025-02-01T09:00:00.000Z', 'main', [Y], 20),
    run('2025-03-25T09:00:00.000Z', 'feature', [], 0),
  ];
  const until = new Date('2025-03-31T23:59:59Z');

  it('shows for each interval the last run at or before its end, and empty intervals before the first run', () => {
    const trend = trendFromSnapshots(runs, { interval: 'month', months: 4, until, branch: 'main' });
    expect(trend.source).toBe('history');
    expect(trend.branch).toBe('main');
    expect(trend.points.map((p) => [p.label, p.status, p.date, p.findings, p.debtMinutes])).toEqual([
      ['2024-12', 'empty', null, null, null],
      ['2025-01', 'ok', '2025-01-15T09:00:00.000Z', 2, 40],
      ['2025-02', 'ok', '2025-02-01T09:00:00.000Z', 1, 20],
      ['2025-03', 'ok', '2025-03-20T09:00:00.000Z', 2, 40],
    ]);
    expect(trend.points[2].fixed?.map((f) => f.file)).toEqual(['src/x.ts']);
    expect(trend.points[3].introduced?.map((f) => f.file)).toEqual(['src/x.ts']);
    expect(trend.recurring).toEqual([
      { fingerprint: 'aaaa:1', ruleId: 'debt-scan/no-complex-function', file: 'src/x.ts', line: 1, firstSeen: '2025-01', fixedAt: ['2025-02'], reappearedAt: ['2025-03'], openNow: true },
    ]);
  });

  it('takes every branch when none is named', () => {
    const trend = trendFromSnapshots(runs, { interval: 'month', months: 1, until });
    expect(trend.points.map((p) => [p.label, p.date, p.findings])).toEqual([['2025-03', '2025-03-25T09:00:00.000Z', 0]]);
  });

  it('refuses a branch the history never saw', () => {
    expect(() => trendFromSnapshots(runs, { interval: 'month', months: 1, until, branch: 'nope' })).toThrow(UsageError);
    expect(() => trendFromSnapshots(runs, { interval: 'month', months: 1, until, branch: 'nope' })).toThrow(
      'the history has no runs of the branch nope; leave out --branch to use every run',
    );
  });
});
