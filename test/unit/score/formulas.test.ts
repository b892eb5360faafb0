import { describe, expect, it } from 'vitest';
import { debtRatio, hotspotScore, instabilityOf, ratingOf, riskOf, round2 } from '../../../src/score/formulas.js';

describe('the debt model formulas', () => {
  it('divides debt by the cost of writing the code', () => {
    // 60 min of debt on 100 code lines at 30 min per line: 60 / 3000.
    expect(debtRatio(60, 100, 30)).toBe(0.02);
    expect(debtRatio(600, 100, 30)).toBe(0.2);
    expect(debtRatio(5, 0, 30)).toBe(0);
  });

  it('rates the ratio with inclusive upper bounds 0.2%, 0.4%, 0.7%, 1%', () => {
    expect([0, 0.002, 0.00201, 0.004, 0.007, 0.0071, 0.01, 0.0101, 3].map(ratingOf)).toEqual(['A', 'A', 'B', 'B', 'C', 'D', 'D', 'E', 'E']);
  });

  it('weights debt by blast radius and cycle membership', () => {
    // 30 x (1 + log2(1 + 7)) = 30 x 4
    expect(riskOf(30, 7, false)).toBe(120);
    expect(riskOf(30, 7, true)).toBe(180);
    expect(riskOf(10, 0, false)).toBe(10);
    expect(round2(riskOf(10, 2, false))).toBe(25.85); // 10 x (1 + log2 3)
    expect(riskOf(0, 1000, true)).toBe(0);
  });

  it('computes instability and the hotspot score', () => {
    expect(instabilityOf(1, 3)).toBe(0.75);
    expect(instabilityOf(4, 0)).toBe(0);
    expect(instabilityOf(0, 0)).toBe(0);
    expect(hotspotScore(120, 5)).toBe(600);
  });
});
