import { serialize, deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { buildImportGraph, type GraphMemo, type ImportGraphInput } from '../../../src/module-graph/build-import-graph.js';
import type { ModuleResolution } from '../../../src/module-graph/create-module-resolver.js';
import type { ImportFact } from '../../../src/facts/types.js';
import { importFact } from '../../helpers/import-fact.js';

const fact = importFact;

type Files = ImportGraphInput['files'];

/** a -> b -> c -> a (a cycle of files), d -> a, b -> lib/f, lib/e -> d (a cycle of modules): PageRank, dependents and cycles to keep. */
const base: Files = [
  { file: 'a.ts', facts: { imports: [fact('./b.js', 1)] } },
  { file: 'b.ts', facts: { imports: [fact('./c.js', 1), fact('./lib/f.js', 2)] } },
  { file: 'c.ts', facts: { imports: [fact('./a.js', 1)] } },
  { file: 'd.ts', facts: { imports: [fact('./a.js', 1)] } },
  { file: 'lib/e.ts', facts: { imports: [fact('../d.js', 1)] } },
  { file: 'lib/f.ts', facts: { imports: [] } },
];

function resolve(from: string, specifier: string): ModuleResolution {
  if (!specifier.startsWith('.')) return { kind: 'missing' };
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
  const joined = (dir + specifier).replace(/^lib\/\.\.\//u, '').replace(/\.\//gu, '').replace(/\.js$/u, '.ts');
  return { kind: 'file', file: joined };
}

const byDirectory = (file: string) => (file.startsWith('lib/') ? 'lib' : '.');

/** A memo as the result cache keeps one: a single value per part, serialised, given back only under its key; it counts what it is asked. */
function cacheLikeMemo(): GraphMemo & { recalls: number; hits: number; keeps: number } {
  const stored = new Map<string, { key: string; packed: Buffer }>();
  const memo = {
    recalls: 0,
    hits: 0,
    keeps: 0,
    recall(part: string, key: string): unknown {
      if (part !== 'metrics') return undefined;
      memo.recalls += 1;
      const value = stored.get(part);
      if (value?.key !== key) return undefined;
      memo.hits += 1;
      return deserialize(value.packed);
    },
    keep(part: string, key: string, value: unknown): void {
      if (part !== 'metrics') return;
      memo.keeps += 1;
      stored.set(part, { key, packed: serialize(value) });
    },
  };
  return memo;
}

const withImport = (files: Files, file: string, added: ImportFact): Files =>
  files.map((f) => (f.file === file ? { ...f, facts: { ...f.facts, imports: [...f.facts.imports, added] } } : f));

describe('the import graph keeps its metrics in a memo keyed by its edges', () => {
  it('gives the same graph from kept metrics as from computed ones, for an edit that keeps every edge', () => {
    const memo = cacheLikeMemo();
    const first = buildImportGraph({ files: base, resolve, moduleOf: byDirectory, memo });
    expect(first).toEqual(buildImportGraph({ files: base, resolve, moduleOf: byDirectory }));
    expect([memo.hits, memo.keeps]).toEqual([0, 1]);

    // An import of a package, and a second import of a file already imported: sites and unresolved imports change, edges do not.
    const edited = withImport(withImport(base, 'd.ts', fact('left-pad-ai', 5)), 'a.ts', fact('./b.js', 9));
    const kept = buildImportGraph({ files: edited, resolve, moduleOf: byDirectory, memo });
    expect([memo.hits, memo.keeps]).toEqual([1, 1]);
    expect(kept).toEqual(buildImportGraph({ files: edited, resolve, moduleOf: byDirectory }));
    expect(kept.unresolved.map((u) => u.specifier)).toEqual(['left-pad-ai']);
    expect(kept.cycles[0].files).toEqual(['a.ts', 'b.ts', 'c.ts']);
    expect(kept.files.nodes.find((n) => n.id === 'a.ts')?.pagerank).toBeGreaterThan(0);
    expect(kept.modules.nodes.map((m) => [m.id, m.inCycle, m.dependents, m.dependentFiles])).toEqual([
      ['.', true, 1, 1],
      ['lib', true, 1, 4],
    ]);
  });

  it.each([
    ['an import of another file added', withImport(base, 'd.ts', fact('./b.js', 2)), byDirectory],
    ['an import that exists only as a type', base.map((f) => (f.file === 'c.ts' ? { ...f, facts: { imports: [fact('./a.js', 1, 'static', true)] } } : f)), byDirectory],
    ['a file moved to another module', base, (file: string) => (file === 'd.ts' || file.startsWith('lib/') ? 'lib' : '.')],
    ['a file added', [...base, { file: 'g.ts', facts: { imports: [] } }], byDirectory],
  ])('computes them again after %s, as a graph without a memo has them', (_, files, moduleOf) => {
    const memo = cacheLikeMemo();
    buildImportGraph({ files: base, resolve, moduleOf: byDirectory, memo });
    const after = buildImportGraph({ files, resolve, moduleOf, memo });
    expect([memo.hits, memo.keeps]).toEqual([0, 2]);
    expect(after).toEqual(buildImportGraph({ files, resolve, moduleOf }));
  });

  it('counts type-only cycles into the key', () => {
    const typed: Files = base.map((f) => (f.file === 'c.ts' ? { ...f, facts: { imports: [fact('./a.js', 1, 'static', true)] } } : f));
    const memo = cacheLikeMemo();
    const runtimeOnly = buildImportGraph({ files: typed, resolve, moduleOf: byDirectory, memo });
    const counted = buildImportGraph({ files: typed, resolve, moduleOf: byDirectory, memo, typeOnlyCycles: true });
    expect(memo.hits).toBe(0);
    expect(runtimeOnly.cycles).toEqual([]);
    expect(counted.cycles.map((c) => c.files)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('computes them when the memo gives back something else under the key', () => {
    for (const wrong of [null, 'metrics', { files: {} }, { files: { dependents: new Int32Array(2), ranks: new Float64Array(2), cycles: [] }, modules: {} }]) {
      const memo: GraphMemo = { recall: (part) => (part === 'metrics' ? wrong : undefined), keep: () => undefined };
      expect(buildImportGraph({ files: base, resolve, moduleOf: byDirectory, memo })).toEqual(buildImportGraph({ files: base, resolve, moduleOf: byDirectory }));
    }
  });
});
