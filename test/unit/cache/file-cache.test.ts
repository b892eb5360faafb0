import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileCache } from '../../../src/cache/file-cache.js';
import type { FileResult } from '../../../src/engine/analyze-file.js';
import { removeDirectory } from '../../helpers/fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-file-cache-'));
afterAll(() => removeDirectory(dir));

const secret = randomBytes(32);

/** A result with heavy facts of its own, told apart by `n`. */
function resultOf(file: string, n: number): FileResult {
  const facts = {
    lines: n,
    codeLines: n,
    imports: [{ specifier: `./dep-${n}.js`, kind: 'static', names: [`name${n}`], line: n }],
    exports: [{ name: `exported${n}`, kind: 'value' }],
    functions: [{ name: `f${n}`, line: n, fingerprint: `print-${n}` }],
  };
  return { file, hash: `hash-${n}`, facts, linkage: `linkage-${n}`, findings: [], ruleData: {}, notifications: [], parseError: false } as unknown as FileResult;
}

describe('FileCache', () => {
  it('gives back every heavy fact, from the facts file and from the recent ones, each part read on its own', () => {
    const first = FileCache.open(dir, ['key'], secret);
    first.set(resultOf('a.ts', 1));
    first.set(resultOf('b.ts', 2));
    first.save();

    // A second run analyses one more file: its facts travel as recent ones in the cache file.
    const second = FileCache.open(dir, ['key'], secret);
    expect(second.found).toBe('verified');
    for (const [file, n] of [['a.ts', 1], ['b.ts', 2]] as const) expect(second.get(file, `hash-${n}`)).toBeDefined();
    second.set(resultOf('c.ts', 3));
    second.save();

    const third = FileCache.open(dir, ['key'], secret);
    for (const [file, n] of [['a.ts', 1], ['b.ts', 2], ['c.ts', 3]] as const) {
      const { facts } = third.get(file, `hash-${n}`) ?? {};
      const expected = resultOf(file, n).facts;
      // Imports first, then functions, then all of it: each part is unpacked when first asked for.
      expect(facts?.imports).toEqual(expected?.imports);
      expect(facts?.functions).toEqual(expected?.functions);
      expect({ ...facts }).toEqual(expected);
    }
  });
});
