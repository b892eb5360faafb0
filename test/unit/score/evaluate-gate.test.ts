import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../src/score/evaluate-gate.js';
import { makeFinding, makeModule } from '../../helpers/report-model.js';

const findings = [
  makeFinding({ file: 'src/api/a.ts', line: 3, level: 'error', category: 'error-handling', effortMinutes: 30, fingerprint: 'a3' }),
  makeFinding({ file: 'src/api/a.ts', line: 9, level: 'warning', category: 'duplication', effortMinutes: 50, fingerprint: 'a9' }),
  makeFinding({ file: 'src/db/b.ts', line: 1, level: 'warning', category: 'complexity', effortMinutes: 20, fingerprint: 'b1' }),
];
/** The same findings after a baseline: the last is new. */
const judged = findings.map((f, i) => ({ ...f, baselineState: i === 2 ? ('new' as const) : ('unchanged' as const) }));
const modules = [
  makeModule('src/api', { debtMinutes: 80, codeLines: 400, rating: 'D' }),
  makeModule('src/db', { debtMinutes: 20, codeLines: 600, rating: 'B' }),
];

describe('evaluateGate', () => {
  it('lists every configured condition with its figure and limit, and passes when all hold', () => {
    const gate = evaluateGate({ failOn: 'never', maxDebtMinutes: 100, maxDebtRatio: 0.01, maxModuleDebtMinutes: 80, minRating: 'D' }, findings, modules, 30);
    expect(gate).toEqual({
      passed: true,
      failures: [],
      conditions: [
        { condition: 'maxDebtMinutes', passed: true, actual: 100, limit: 100, message: 'total debt 100 min is within the limit of 100 min' },
        { condition: 'maxDebtRatio', passed: true, actual: 0.003333, limit: 0.01, message: 'debt ratio 0.33% is within the limit of 1%' },
        { condition: 'maxModuleDebtMinutes', passed: true, actual: 80, limit: 80, message: "every module's debt is within 80 min" },
        { condition: 'minRating', passed: true, actual: 'D', limit: 'D', message: 'every module rates D or better' },
      ],
    });
  });

  it('says by how much each failed condition missed, with the worst findings behind it', () => {
    const gate = evaluateGate({ failOn: 'warning', maxDebtMinutes: 60, maxModuleDebtMinutes: 10, minRating: 'C' }, findings, modules, 0.5);
    expect(gate.failures).toEqual([
      '3 findings at level "warning" or above',
      'total debt 100 min exceeds the limit of 60 min by 40 min',
      '2 modules over the debt limit of 10 min: src/api 80 min, over by 70 min; src/db 20 min, over by 10 min',
      '1 module rated below C: src/api (D)',
    ]);
    const behind = Object.fromEntries((gate.conditions ?? []).map((c) => [c.condition, c.findings?.map((fp) => findings.find((f) => f.fingerprint === fp)?.line)]));
    // errors first, then by debt; the module conditions name the findings of the worst module
    expect(behind).toEqual({ failOn: [3, 9, 1], maxDebtMinutes: [3, 9, 1], maxModuleDebtMinutes: [3, 9], minRating: [3, 9] });
  });

  it('limits the level condition to categories, and to new findings with a baseline, where growth is new debt less fixed', () => {
    expect(evaluateGate({ failOn: 'warning', categories: ['duplication'] }, findings, modules, 0.5).failures).toEqual(['1 finding of duplication at level "warning" or above']);
    expect(evaluateGate({ failOn: 'never', maxDebtRatio: 0.1 }, findings, modules, 0.5).failures).toEqual(['debt ratio 20% exceeds the limit of 10% by 10 percentage points']);
    const withBaseline = evaluateGate({ failOn: 'warning', maxDebtGrowthMinutes: 5 }, judged, modules, 0.5, { fixedMinutes: 12 });
    expect(withBaseline.failures).toEqual([
      '1 new finding (not in the baseline) at level "warning" or above',
      'debt grew by 8 min against the baseline (new 20 min, fixed 12 min), over the limit of 5 min by 3 min',
    ]);
    expect(evaluateGate({ failOn: 'never', maxDebtGrowthMinutes: 0 }, judged, modules, 0.5, { fixedMinutes: 50 }).conditions).toEqual([
      { condition: 'maxDebtGrowthMinutes', passed: true, actual: -30, limit: 0, message: 'debt shrank by 30 min against the baseline (new 20 min, fixed 50 min), within 0 min' },
    ]);
    // Without a baseline there is nothing to grow from: the condition is not listed (the scan warns).
    expect(evaluateGate({ failOn: 'never', maxDebtGrowthMinutes: 0 }, findings, modules, 0.5).conditions).toEqual([]);
  });
});
