import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { encodeEntries, StoredEntries, type StoredResult } from '../../../src/cache/stored-entries.js';

/** A result with nothing to say but its counts. */
function plain(file: string, n: number): StoredResult {
  return { file, hash: `hash-${n}`, facts: { lines: n, codeLines: n - 1 }, linkage: `linkage-${n}`, findings: [], ruleData: {}, notifications: [], parseError: false };
}

const finding = { ruleId: 'no-swallowed-error', message: 'm', line: 3, column: 1, severity: 'warning', fingerprint: 'f' };

/** Results of every shape the cache meets: plain, with findings, rule data, notifications and directives, unparsed, skipped, with facts the columns do not hold, and one with a field added later. */
const RESULTS: StoredResult[] = [
  plain('a.ts', 10),
  { ...plain('b.ts', 20), findings: [finding], ruleData: { 'no-duplicate-function': { prints: [1, 2] } } } as unknown as StoredResult,
  { ...plain('c.ts', 30), notifications: [{ ruleId: 'x', message: 'crashed' }], directives: [{ line: 1, kind: 'disable-next-line', rules: ['x'] }] } as unknown as StoredResult,
  { file: 'd.ts', hash: 'hash-d', findings: [], ruleData: {}, notifications: [], parseError: true },
  { file: 'e.ts', hash: 'hash-e', findings: [], ruleData: {}, notifications: [], parseError: false, tooDeep: true },
  { ...plain('f.ts', 5), facts: { lines: 5, codeLines: 4, extra: 1 } } as unknown as StoredResult,
  { ...plain('g.ts', 7), facts: { lines: 2 ** 31, codeLines: 1 } },
  { ...plain('h.ts', 8), addedLater: { kept: true } } as unknown as StoredResult,
  { file: 'i.ts', hash: 'hash-i', findings: [], ruleData: {}, notifications: [], parseError: false },
];

/** The entries as a cache file gives them back. */
function roundTrip(entries: Parameters<typeof encodeEntries>[0]): StoredEntries {
  const stored = StoredEntries.of(deserialize(serialize(encodeEntries(entries))));
  if (!stored) throw new Error('the columns did not come back');
  return stored;
}

describe('StoredEntries', () => {
  it('gives back every result as it was stored, with its stat', () => {
    const stored = roundTrip(RESULTS.map((result, i) => ({ result, ...(i % 3 === 0 ? {} : { stat: { size: 100 + i, mtimeMs: 1_700_000_000_123.456 + i } }) })));
    expect(stored.size).toBe(RESULTS.length);
    expect(stored.files()).toEqual(RESULTS.map((r) => r.file));
    RESULTS.forEach((result, i) => {
      expect(stored.result(result.file)).toStrictEqual(result);
      expect(stored.hash(result.file)).toBe(result.hash);
      expect(stored.stat(result.file)).toEqual(i % 3 === 0 ? undefined : { size: 100 + i, mtimeMs: 1_700_000_000_123.456 + i });
      expect(stored.hasFacts(result.file)).toBe(result.facts !== undefined);
    });
  });

  it('stores a plain result in the columns alone, and what differs beside them', () => {
    const columns = encodeEntries(RESULTS.map((result) => ({ result })));
    expect(columns.rest.map(([i, rest]) => [RESULTS[i].file, Object.keys(rest).sort()])).toEqual([
      ['b.ts', ['findings', 'ruleData']],
      ['c.ts', ['directives', 'notifications']],
      ['d.ts', ['parseError']],
      ['e.ts', ['tooDeep']],
      ['f.ts', ['facts']],
      ['g.ts', ['facts']],
      ['h.ts', ['addedLater']],
    ]);
  });

  it('makes a plain result anew at each call, so that a change to one does not reach the store, and knows no other file', () => {
    const stored = roundTrip([{ result: plain('a.ts', 1) }]);
    const first = stored.result('a.ts');
    first?.findings.push(finding as never);
    expect(stored.result('a.ts')).toStrictEqual(plain('a.ts', 1));
    expect(stored.result('z.ts')).toBeUndefined();
    expect(stored.hash('z.ts')).toBeUndefined();
    expect(stored.stat('z.ts')).toBeUndefined();
  });

  it('refuses columns of another shape', () => {
    const good = encodeEntries([{ result: plain('a.ts', 1) }]);
    for (const bad of [undefined, null, {}, { ...good, hashes: [] }, { ...good, lines: new Float64Array(2) }, { ...good, stats: new Float64Array(4) }, { ...good, files: [1] }, { ...good, rest: [[5, {}]] }, { ...good, rest: [[0, null]] }]) {
      expect(StoredEntries.of(bad)).toBeUndefined();
    }
    expect(StoredEntries.of(good)?.size).toBe(1);
  });
});
