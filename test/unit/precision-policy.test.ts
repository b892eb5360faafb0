import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without declarations
import { policyProblems, precisionLevelOf } from '../../scripts/rule-precision.mjs';

type Cell = { findings: number; real: number; debatable: number; noise: number };
type Check = (figures: Map<string, unknown>, definitions: unknown[]) => string[];

/** Ruling figures of one rule in one code base. */
function figures(rule: string, cell: Cell): Map<string, unknown> {
  return new Map([[rule, { rule, total: cell, corpora: new Map([['a', cell]]) }]]);
}

function definition(name: string, recommended: 'recommended' | 'strict', severity: 'warn' | 'error', precision: string) {
  return { name, meta: { docs: { recommended }, severity, precision } };
}

const check = policyProblems as Check;

describe('the precision policy of recommended', () => {
  it('keeps a rule in recommended only at 70 % measured, 90 % at error level', () => {
    const seventyFive = figures('r', { findings: 40, real: 15, debatable: 3, noise: 2 });
    expect(check(seventyFive, [definition('r', 'recommended', 'warn', 'high')])).toEqual([]);
    expect(check(seventyFive, [definition('r', 'recommended', 'error', 'high')])).toEqual([
      'r is in recommended at 75 % (weighted 75 %), below the 90 % bar of its level',
    ]);
    expect(check(seventyFive, [definition('r', 'strict', 'error', 'high')])).toEqual([]);
  });

  it('needs ten reviewed findings before a rule can be recommended', () => {
    const few = figures('r', { findings: 3, real: 3, debatable: 0, noise: 0 });
    expect(check(few, [definition('r', 'recommended', 'warn', 'very-high')])).toEqual(['r is in recommended with 3 reviewed findings (needs 10)']);
    expect(check(new Map(), [definition('r', 'strict', 'warn', 'high')])).toEqual([]);
  });

  it('holds the precision declared to SARIF to the measured one', () => {
    const low = figures('r', { findings: 90, real: 3, debatable: 4, noise: 13 });
    expect(check(low, [definition('r', 'strict', 'warn', 'high')])).toEqual(["r declares precision 'high' but measured 15 % weighted: 'low'"]);
    expect((precisionLevelOf as (v: number) => string)(0.9)).toBe('very-high');
    expect((precisionLevelOf as (v: number) => string)(0.7)).toBe('high');
    expect((precisionLevelOf as (v: number) => string)(0.4)).toBe('medium');
  });
});
