import { describe, expect, it } from 'vitest';
import { prettyJsonChunks } from '../../../reporters/json-chunks.js';

const samples: Record<string, unknown> = {
  'a report-like object': {
    version: 1,
    findings: [
      { file: 'src/a.ts', line: 1, message: 'quotes " and \\ and a line\nbreak', snippet: 'ünïcödé 😀 \u2028', related: [] },
      { file: 'src/b.ts', line: 2, skipped: undefined, fn: () => 1, nested: { deeper: [1, [2, [3]], {}] } },
    ],
    modules: {},
    empty: [],
    none: null,
    flag: false,
  },
  'holes and left-out values in arrays': [undefined, () => 1, Symbol('s'), null, 0, '', [undefined]],
  'an object whose every value is left out': { a: undefined, b: () => 1 },
  'values with toJSON': { when: new Date(Date.UTC(2026, 11, 4)), list: [new Date(0)] },
  'a scalar': 'text',
  'a number': 42,
  'an empty array': [],
};

describe('prettyJsonChunks', () => {
  for (const [name, value] of Object.entries(samples)) {
    it(`joins to JSON.stringify(value, null, 2) for ${name}, at every depth`, () => {
      for (const depth of [0, 1, 2, 3, 5]) expect([...prettyJsonChunks(value, depth)].join('')).toBe(JSON.stringify(value, null, 2));
    });
  }

  it('makes each entry of a top-level list a piece of its own, so that no piece holds the whole text', () => {
    const findings = Array.from({ length: 1000 }, (_, i) => ({ file: `src/f${i}.ts`, line: i, message: 'm'.repeat(100) }));
    const pieces = [...prettyJsonChunks({ version: 1, findings }, 2)];
    expect(pieces.length).toBeGreaterThan(2000);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(300);
    expect(pieces.join('')).toBe(JSON.stringify({ version: 1, findings }, null, 2));
  });
});
