import { describe, expect, it } from 'vitest';
import { lengthBound, tokenSimilarity } from '../../../src/clones/token-similarity.js';

describe('tokenSimilarity', () => {
  it('is 2·LCS/(|a|+|b|)', () => {
    expect(tokenSimilarity('abcdefghij', 'abcdefghij')).toBe(1);
    expect(tokenSimilarity('abcdefghij', 'abcdXfghij')).toBe(0.9); // one token changed: 9 of 10 in common
    expect(tokenSimilarity('abcdefghij', 'abcdefghijkl')).toBeCloseTo(20 / 22, 12); // two tokens added
    expect(tokenSimilarity('abc', 'xyz')).toBe(0);
    expect(tokenSimilarity('', '')).toBe(1);
  });

  it('stops early and gives undefined below the minimum asked for', () => {
    expect(tokenSimilarity('abcdefghij', 'abcdXfghij', 0.9)).toBe(0.9);
    expect(tokenSimilarity('abcdefghij', 'abcdXfghij', 0.91)).toBeUndefined();
    expect(tokenSimilarity('a'.repeat(100), 'b'.repeat(100), 0.5)).toBeUndefined();
  });

  it('bounds the similarity by the lengths alone', () => {
    expect(lengthBound(10, 10)).toBe(1);
    expect(lengthBound(10, 30)).toBe(0.5);
    expect(tokenSimilarity('abcdefghij', 'abcdefghij'.repeat(3))).toBeLessThanOrEqual(lengthBound(10, 30));
  });
});
