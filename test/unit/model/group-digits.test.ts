import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../../src/model/group-digits.js';

/** A small deterministic generator (mulberry32), so that a failure names the same numbers again. */
function numbers(seed: number, count: number): number[] {
  let state = seed;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, (_, i) => {
    const magnitude = 10 ** (1 + (i % 16));
    const sign = i % 3 === 0 ? -1 : 1;
    if (i % 4 === 0) return (sign * Math.round(next() * 1e9)) / 1000;
    return sign * Math.floor(next() * magnitude);
  });
}

describe('groupDigits', () => {
  it('writes numbers as en-US does: groups of three, a minus sign, up to three fraction digits', () => {
    expect(groupDigits(0)).toBe('0');
    expect(groupDigits(999)).toBe('999');
    expect(groupDigits(1000)).toBe('1,000');
    expect(groupDigits(1234567)).toBe('1,234,567');
    expect(groupDigits(-1234.5)).toBe('-1,234.5');
    expect(groupDigits(303116)).toBe('303,116');
  });

  it('agrees with toLocaleString("en-US") on edge cases and on 20,000 generated numbers', () => {
    const edges = [-0, 0.001, 0.5, 1.0005, 1234.0001, 1e-7, 1e21, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), NaN, Infinity, -Infinity, 0.1 + 0.2, 123456789.123];
    const all = [...edges, ...numbers(17, 20_000)];
    const differing = all.filter((n) => groupDigits(n) !== n.toLocaleString('en-US'));
    expect(differing).toEqual([]);
  });
});
