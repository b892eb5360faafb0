import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serialize, deserialize } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { buildImportGraph, type GraphMemo, type ImportGraphInput } from '../../../src/module-graph/build-import-graph.js';
import type { ModuleResolution } from '../../../src/module-graph/create-module-resolver.js';
import { linkageDigest, linkageOf } from '../../../src/facts/linkage.js';
import type { ExportFact, ImportFact } from '../../../src/facts/types.js';

const imp = (specifier: string, line: number, names: string[] = ['x'], kind: ImportFact['kind'] = 'static', typeOnly = false): ImportFact => ({
  specifier,
  kind,
  typeOnly,
  names,
  line,
  column: 3,
  ...(line % 2 === 1 ? { endLine: line, endColumn: 30 } : {}),
});
const exp = (name: string, kind: ExportFact['kind']): ExportFact => ({ name, kind, line: 1, isAsync: false });

interface Source {
  file: string;
  imports: ImportFact[];
  exports: ExportFact[];
}

/**
 * a -> b -> c -> a (a cycle), a -> shapes (a type and a value), d -> types (a module of types only,
 * through a barrel: erased), d imports a package and a module that is not there.
 */
const base: Source[] = [
  { file: 'a.ts', imports: [imp('./b.js', 1), imp('./shapes.js', 2, ['Shape', 'area'])], exports: [exp('a', 'function')] },
  { file: 'b.ts', imports: [imp('./c.js', 2)], exports: [exp('b', 'function')] },
  { file: 'barrel.ts', imports: [imp('./types.js', 1, ['*'], 'reexport')], exports: [] },
  { file: 'c.ts', imports: [imp('./a.js', 1)], exports: [exp('c', 'function')] },
  { file: 'd.ts', imports: [imp('./barrel.js', 1, ['User']), imp('left-pad-ai', 2), imp('./gone.js', 3)], exports: [exp('d', 'function')] },
  { file: 'shapes.ts', imports: [], exports: [exp('Shape', 'type'), exp('area', 'function')] },
  { file: 'types.ts', imports: [], exports: [exp('User', 'type')] },
];

/** Where the probes of paths outside the scan look: `gone.js` is written there by one test. */
const root = mkdtempSync(path.join(tmpdir(), 'debt-scan-kept-edges-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function resolve(_from: string, specifier: string): ModuleResolution {
  if (specifier === 'left-pad-ai') return { kind: 'undeclared', packageName: 'left-pad-ai', manifest: '.' };
  if (specifier === './gone.js' || specifier === './later.js') return existsSync(path.join(root, specifier)) ? { kind: 'external' } : { kind: 'missing' };
  return { kind: 'file', file: specifier.replace(/^\.\//u, '').replace(/\.js$/u, '.ts') };
}

/** The graph's input for these sources, each file's facts counted when read. */
function inputOf(sources: readonly Source[], reads: string[], digests = true): ImportGraphInput['files'] {
  return sources.map((source) => {
    const facts = linkageOf(source);
    return {
      file: source.file,
      ...(digests ? { digest: linkageDigest(source) } : {}),
      get facts() {
        reads.push(source.file);
        return facts;
      },
    };
  });
}

/** A memo as the result cache keeps one: a single value per part, serialised, given back only under its key. */
function cacheLikeMemo(): GraphMemo & { edgeHits: number } {
  const stored = new Map<string, { key: string; packed: Buffer }>();
  const memo = {
    edgeHits: 0,
    recall(part: string, key: string): unknown {
      const value = stored.get(part);
      if (value?.key !== key) return undefined;
      if (part === 'edges') memo.edgeHits += 1;
      return deserialize(value.packed);
    },
    keep(part: string, key: string, value: unknown): void {
      stored.set(part, { key, packed: serialize(value) });
    },
  };
  return memo;
}

const moduleOf = () => '.';
const edit = (sources: readonly Source[], file: string, change: (s: Source) => Source) => sources.map((s) => (s.file === file ? change(s) : s));
const uncached = (sources: readonly Source[]) => buildImportGraph({ files: inputOf(sources, []), resolve, moduleOf });

describe('the import graph keeps its edges by the layout, and reads the facts of changed files only', () => {
  it('reads the changed file and the files it imports, and gives the graph a build from every file gives', () => {
    const memo = cacheLikeMemo();
    const first: string[] = [];
    expect(buildImportGraph({ files: inputOf(base, first), resolve, moduleOf, memo, layout: 'L', root })).toEqual(uncached(base));
    expect(new Set(first).size).toBe(base.length);

    // d.ts imports shapes.ts too (a type: erased) and another missing module, between its others.
    const edited = edit(base, 'd.ts', (s) => ({ ...s, imports: [...s.imports.slice(0, 2), imp('./shapes.js', 3, ['Shape']), imp('./later.js', 4), imp('./gone.js', 5)] }));
    const reads: string[] = [];
    const graph = buildImportGraph({ files: inputOf(edited, reads), resolve, moduleOf, memo, layout: 'L', root });
    expect(memo.edgeHits).toBe(1);
    expect(graph).toEqual(uncached(edited));
    // d.ts, and shapes.ts for its types: the import statements along the cycle were kept.
    expect([...new Set(reads)].sort()).toEqual(['d.ts', 'shapes.ts']);
    expect(graph.files.edges.filter((e) => e.source === 'd.ts')).toEqual([
      { source: 'd.ts', target: 'barrel.ts', kind: 'type' },
      { source: 'd.ts', target: 'shapes.ts', kind: 'type' },
    ]);
    expect(graph.unresolved.map((u) => `${u.file}:${u.line} ${u.specifier}`)).toEqual(['d.ts:2 left-pad-ai', 'd.ts:4 ./later.js', 'd.ts:5 ./gone.js']);

    // The next run keeps the edited edges: an edit of b.ts breaks the cycle, and nothing of d.ts is read.
    const broken = edit(edited, 'b.ts', (s) => ({ ...s, imports: [] }));
    const after: string[] = [];
    const next = buildImportGraph({ files: inputOf(broken, after), resolve, moduleOf, memo, layout: 'L', root });
    expect(next).toEqual(uncached(broken));
    expect(next.cycles).toEqual([]);
    expect([...new Set(after)]).toEqual(['b.ts']);
  });

  it('reads the import statements of a new cycle’s kept files from their facts once, and keeps them', () => {
    const memo = cacheLikeMemo();
    const acyclic = edit(base, 'c.ts', (s) => ({ ...s, imports: [] }));
    buildImportGraph({ files: inputOf(acyclic, []), resolve, moduleOf, memo, layout: 'L', root });
    // c.ts imports a.ts again: the cycle a -> b -> c -> a runs through a.ts and b.ts, whose edges were kept.
    const closing: string[] = [];
    expect(buildImportGraph({ files: inputOf(base, closing), resolve, moduleOf, memo, layout: 'L', root })).toEqual(uncached(base));
    expect([...new Set(closing)].sort()).toEqual(['a.ts', 'b.ts', 'c.ts']);
    // The next edit, elsewhere, describes the same cycle from the memo alone.
    const later = edit(base, 'd.ts', (s) => ({ ...s, imports: s.imports.slice(0, 1) }));
    const reads: string[] = [];
    expect(buildImportGraph({ files: inputOf(later, reads), resolve, moduleOf, memo, layout: 'L', root })).toEqual(uncached(later));
    expect([...new Set(reads)]).toEqual(['d.ts']);
  });

  it('makes a kept file’s edges again when something now lies where its import led nowhere, and again when it is gone', () => {
    const memo = cacheLikeMemo();
    const unresolvedOf = (graph: ReturnType<typeof buildImportGraph>) => graph.unresolved.map((u) => `${u.file}:${u.line} ${u.specifier}`);
    buildImportGraph({ files: inputOf(base, []), resolve, moduleOf, memo, layout: 'L', root });
    writeFileSync(path.join(root, 'gone.js'), '');
    try {
      const reads: string[] = [];
      const appeared = buildImportGraph({ files: inputOf(base, reads), resolve, moduleOf, memo, layout: 'L', root });
      expect(unresolvedOf(appeared)).toEqual(['d.ts:2 left-pad-ai']);
      expect([...new Set(reads)]).toEqual(['d.ts']);
      expect(appeared).toEqual(uncached(base));
    } finally {
      rmSync(path.join(root, 'gone.js'));
    }
    const removed = buildImportGraph({ files: inputOf(base, []), resolve, moduleOf, memo, layout: 'L', root });
    expect(unresolvedOf(removed)).toEqual(['d.ts:2 left-pad-ai', 'd.ts:3 ./gone.js']);
    expect(removed).toEqual(uncached(base));
  });

  it('reads no file’s facts when the edges are kept and no cycle needs its import statements', () => {
    const memo = cacheLikeMemo();
    const acyclic = edit(base, 'c.ts', (s) => ({ ...s, imports: [] }));
    buildImportGraph({ files: inputOf(acyclic, []), resolve, moduleOf, memo, layout: 'L', root });
    const reads: string[] = [];
    expect(buildImportGraph({ files: inputOf(acyclic, reads), resolve, moduleOf, memo, layout: 'L', root })).toEqual(uncached(acyclic));
    expect(reads).toEqual([]);
  });

  it.each([
    ['a module of types gains a value', 'types.ts', (s: Source): Source => ({ ...s, exports: [...s.exports, exp('admin', 'variable')] })],
    ['an export becomes a type', 'shapes.ts', (s: Source): Source => ({ ...s, exports: [exp('Shape', 'type'), exp('area', 'type')] })],
    ['a barrel re-exports a module of values too', 'barrel.ts', (s: Source): Source => ({ ...s, imports: [...s.imports, imp('./shapes.js', 2, ['*'], 'reexport')] })],
  ])('makes every file’s edges again when %s', (_, file, change) => {
    const memo = cacheLikeMemo();
    buildImportGraph({ files: inputOf(base, []), resolve, moduleOf, memo, layout: 'L', root });
    const edited = edit(base, file, change);
    const reads: string[] = [];
    const graph = buildImportGraph({ files: inputOf(edited, reads), resolve, moduleOf, memo, layout: 'L', root });
    expect(graph).toEqual(uncached(edited));
    expect(new Set(reads).size).toBe(base.length);
  });

  it('uses no kept edges under another layout, or for files without a digest', () => {
    const memo = cacheLikeMemo();
    buildImportGraph({ files: inputOf(base, []), resolve, moduleOf, memo, layout: 'L', root });
    const reads: string[] = [];
    buildImportGraph({ files: inputOf(base, reads), resolve, moduleOf, memo, layout: 'other', root });
    expect(new Set(reads).size).toBe(base.length);
    const undigested: string[] = [];
    buildImportGraph({ files: inputOf(base, undigested, false), resolve, moduleOf, memo, layout: 'L', root });
    expect(new Set(undigested).size).toBe(base.length);
    expect(memo.edgeHits).toBe(0);
  });

  it('makes every file’s edges when the memo gives back something else under the key', () => {
    for (const wrong of [null, 'edges', { digests: [] }, { digests: base.map(() => 'x'), signatures: base.map(() => 'x'), typeOnly: new Uint8Array(base.length), starts: new Int32Array(2), targets: new Int32Array(0), kinds: new Uint8Array(0), unresolved: [] }]) {
      const memo: GraphMemo = { recall: (part) => (part === 'edges' ? wrong : undefined), keep: () => undefined };
      expect(buildImportGraph({ files: inputOf(base, []), resolve, moduleOf, memo, layout: 'L', root })).toEqual(uncached(base));
    }
  });
});
