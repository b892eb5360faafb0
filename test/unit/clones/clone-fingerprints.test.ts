import { describe, expect, it } from 'vitest';
import { createCloneFingerprinter } from '../../../src/clones/clone-fingerprints.js';
import { minhashOf, MINHASH_BINS } from '../../../src/clones/minhash.js';
import type { CloneFingerprint } from '../../../src/facts/types.js';
import { parseFile } from '../../../src/parse/parse-file.js';
import { walk } from '../../../src/walk/walk.js';

/** The fingerprints of a file's functions, in source order. */
function fingerprints(code: string, fileName = 'file.ts'): CloneFingerprint[] {
  const { sourceFile } = parseFile(fileName, code);
  const fingerprinter = createCloneFingerprinter(sourceFile);
  walk(sourceFile, [{ listener: fingerprinter.listener, onError: (error) => { throw error; } }]);
  return [...fingerprinter.result().entries()].sort(([a], [b]) => a - b).map(([, fp]) => fp);
}

const ORIGINAL = `export function total(items: Item[], rate: number): number {
  let sum = 0;
  for (const item of items) {
    sum += item.price * item.quantity;
  }
  const taxed = sum * (1 + rate);
  return Math.round(taxed * 100) / 100;
}`;

describe('clone fingerprints', () => {
  it('give layout and comment changes the same exact hash (type 1)', () => {
    const reformatted = `function total(items: Item[], rate: number): number
{
  // running total
  let sum = 0;

  for (const item of items) { sum += item.price * item.quantity; }
  const taxed = sum * (1 + rate); /* tax */
  return Math.round(taxed * 100) / 100;
}`;
    const [a] = fingerprints(ORIGINAL);
    const [b] = fingerprints(reformatted);
    expect(b.exact).toBe(a.exact);
    expect(b.renamed).toBe(a.renamed);
  });

  it('give renamed identifiers, other literals and other types the same renamed hash only (type 2)', () => {
    const renamed = `export const computeTotal = (lines: Line[], vat: string): number => {
  let acc = 0;
  for (const line of lines) {
    acc += line.price * line.quantity;
  }
  const gross = acc * (2 + vat) as number;
  return Math.round(gross * 1000) / 1000;
};`;
    const [a] = fingerprints(ORIGINAL);
    const [b] = fingerprints(renamed);
    expect(b.exact).not.toBe(a.exact);
    expect(b.renamed).toBe(a.renamed);
    expect(b.tokens).toBe(a.tokens);
  });

  it('leave types out of the normalised stream wherever they end: before a block closes, in calls, in nested functions', () => {
    const typed = `function load(keys: Map<string, number[]>, fallback: { id: number } | undefined): number {
  let total: number = 0;
  for (const [key, values] of keys) {
    const first: number | undefined = values[0];
    if (first === undefined) { let missing: Array<string>; }
    total += pick<number>(values as number[], (v: number): boolean => v > first) satisfies number;
  }
  return total + (fallback?.id ?? 0);
}`;
    const untyped = `function load(keys, fallback) {
  let total = 0;
  for (const [key, values] of keys) {
    const first = values[0];
    if (first === undefined) { let missing; }
    total += pick(values, (v) => v > first);
  }
  return total + (fallback?.id ?? 0);
}`;
    const [a] = fingerprints(typed);
    const [b] = fingerprints(untyped);
    expect(a.tokens).toBe(b.tokens);
    expect(a.renamed).toBe(b.renamed);
    expect(a.exact).not.toBe(b.exact);
  });

  it('keep property names apart and rename consistently, so `a + a` is not `a + b`', () => {
    const [base] = fingerprints(ORIGINAL);
    const [otherProperty] = fingerprints(ORIGINAL.replace('item.quantity', 'item.weight'));
    const [reusedName] = fingerprints(ORIGINAL.replace('sum * (1 + rate)', 'sum * (1 + sum)'));
    expect(otherProperty.renamed).not.toBe(base.renamed);
    expect(reusedName.renamed).not.toBe(base.renamed);
    expect(otherProperty.tokens.length).toBe(base.tokens.length);
  });

  it('leave out functions below both size floors and every bodiless signature', () => {
    const code = `function getX(this: { x: number }) { return this.x; }
declare function overloaded(a: string): string;
function three() { a(); b(); c(); }`;
    const result = fingerprints(code);
    expect(result).toHaveLength(1);
    expect(result[0].tokens.length).toBeLessThan(20);
  });

  it('mark where the body starts, for the finding region', () => {
    const [fp] = fingerprints(`\n\nexport async function load(id: string): Promise<void> {\n  await a(id); await b(id); await c(id);\n}`);
    expect([fp.headEndLine, fp.headEndColumn]).toEqual([3, 55]);
  });

  it('fingerprint nested, TSX and JavaScript functions alike', () => {
    const tsx = fingerprints(`export function Row({ a, b }: Props) {\n  const total = a + b;\n  const label = total > 10 ? 'many' : 'few';\n  return <div className="row">{label} {total}</div>;\n}`, 'row.tsx');
    const js = fingerprints(`module.exports = function outer(list) {\n  return list.map(function inner(entry) {\n    const key = entry.id; const value = entry.value; return [key, value * 2];\n  });\n};`, 'list.js');
    expect(tsx).toHaveLength(1);
    expect(js).toHaveLength(2);
  });

  it('are deterministic and have one MinHash value per bin', () => {
    const [a] = fingerprints(ORIGINAL);
    const [b] = fingerprints(ORIGINAL);
    expect(a).toEqual(b);
    expect(a.minhash).toHaveLength(MINHASH_BINS);
    expect(a.minhash.every((v) => Number.isInteger(v) && v >= 0 && v < 32768)).toBe(true);
    expect(minhashOf([1, 2, 3])).toEqual(minhashOf([1, 2, 3]));
    expect(minhashOf([1, 2, 3])).not.toEqual(minhashOf([3, 2, 1]));
  });
});
