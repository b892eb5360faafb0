import { describe, expect, it } from 'vitest';
import { buildImportGraph } from '../../../src/module-graph/build-import-graph.js';
import type { ModuleResolution } from '../../../src/module-graph/create-module-resolver.js';
import { importFact } from '../../helpers/import-fact.js';

const fact = importFact;

/**
 * a -> b, a -> c, b -> c, c -> a (dynamic): a runtime cycle in which only c -> a breaks both loops.
 * d -> c (type), d -> e (require), e -> f, f -> d (type): a cycle only through a type import.
 * Modules: `.` holds a..d, `lib` holds e and f.
 */
const files = [
  { file: 'a.ts', facts: { imports: [fact('./b.js', 1), fact('./c.js', 2), fact('./b.js', 3, 'static', true), fact('./nowhere.js', 4), fact('left-pad-ai', 5)] } },
  { file: 'b.ts', facts: { imports: [fact('./c.js', 1)] } },
  { file: 'c.ts', facts: { imports: [fact('./a.js', 7, 'dynamic'), fact('node:fs', 8)] } },
  { file: 'd.ts', facts: { imports: [fact('./c.js', 1, 'static', true), fact('./lib/e.js', 2, 'require')] } },
  { file: 'lib/e.ts', facts: { imports: [fact('./f.js', 1)] } },
  { file: 'lib/f.ts', facts: { imports: [fact('../d.js', 1, 'static', true)] } },
];

function resolve(from: string, specifier: string): ModuleResolution {
  if (specifier === './nowhere.js') return { kind: 'missing' };
  if (specifier === 'left-pad-ai') return { kind: 'undeclared', packageName: 'left-pad-ai', manifest: '.' };
  if (specifier.startsWith('node:')) return { kind: 'builtin' };
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
  const joined = (dir + specifier).replace(/^lib\/\.\.\//u, '').replace(/\.\//gu, '').replace(/\.js$/u, '.ts');
  return { kind: 'file', file: joined };
}

const moduleOf = (file: string) => (file.startsWith('lib/') ? 'lib' : '.');

describe('buildImportGraph', () => {
  const graph = buildImportGraph({ files, resolve, moduleOf });

  it('keeps one edge per pair of files, of the strongest kind', () => {
    expect(graph.files.edges).toEqual([
      { source: 'a.ts', target: 'b.ts', kind: 'static' },
      { source: 'a.ts', target: 'c.ts', kind: 'static' },
      { source: 'b.ts', target: 'c.ts', kind: 'static' },
      { source: 'c.ts', target: 'a.ts', kind: 'dynamic' },
      { source: 'd.ts', target: 'c.ts', kind: 'type' },
      { source: 'd.ts', target: 'lib/e.ts', kind: 'require' },
      { source: 'lib/e.ts', target: 'lib/f.ts', kind: 'static' },
      { source: 'lib/f.ts', target: 'd.ts', kind: 'type' },
    ]);
  });

  it('computes fan-in, fan-out, transitive dependents, cycle membership and instability per file', () => {
    const figures = graph.files.nodes.map(({ id, module, fanIn, fanOut, dependents, inCycle, instability }) => [id, module, fanIn, fanOut, dependents, inCycle, instability]);
    expect(figures).toEqual([
      ['a.ts', '.', 1, 2, 5, true, 0.6667],
      ['b.ts', '.', 1, 1, 5, true, 0.5],
      ['c.ts', '.', 3, 1, 5, true, 0.25],
      ['d.ts', '.', 1, 2, 2, false, 0.6667],
      ['lib/e.ts', 'lib', 1, 1, 2, false, 0.5],
      ['lib/f.ts', 'lib', 1, 1, 2, false, 0.5],
    ]);
  });

  it('ranks files with PageRank: the ranks sum to one and the most imported file leads', () => {
    const ranks = graph.files.nodes.map((n) => n.pagerank);
    expect(ranks.reduce((sum, r) => sum + r, 0)).toBeCloseTo(1, 3);
    expect(Math.max(...ranks)).toBe(graph.files.nodes.find((n) => n.id === 'c.ts')!.pagerank);
  });

  it('reports the runtime cycle once, broken at the import every loop goes through', () => {
    expect(graph.cycles).toEqual([
      {
        files: ['c.ts', 'a.ts', 'b.ts'],
        breakEdge: { source: 'c.ts', target: 'a.ts', specifier: './a.js', line: 7, column: 1, endLine: 7, endColumn: 20 },
        remainingAfterBreak: 0,
        path: [
          { source: 'c.ts', target: 'a.ts', specifier: './a.js', line: 7, column: 1, endLine: 7, endColumn: 20 },
          { source: 'a.ts', target: 'c.ts', specifier: './c.js', line: 2, column: 1, endLine: 2, endColumn: 20 },
        ],
      },
    ]);
  });

  it('rolls files up into a module graph with weighted edges and the same metrics', () => {
    expect(graph.modules.edges).toEqual([
      { source: '.', target: 'lib', weight: 1 },
      { source: 'lib', target: '.', weight: 1 },
    ]);
    const figures = graph.modules.nodes.map(({ id, files: count, fanIn, fanOut, dependents, dependentFiles, inCycle, instability }) => [
      id,
      count,
      fanIn,
      fanOut,
      dependents,
      dependentFiles,
      inCycle,
      instability,
    ]);
    // `.` is reached from e and f (e -> f -> d); `lib` only from d. The module cycle closes through a type import only.
    expect(figures).toEqual([
      ['.', 4, 1, 1, 1, 2, false, 0.5],
      ['lib', 2, 1, 1, 1, 1, false, 0.5],
    ]);
  });

  it('lists the imports that lead nowhere', () => {
    expect(graph.unresolved).toEqual([
      { file: 'a.ts', line: 4, column: 1, endLine: 4, endColumn: 20, specifier: './nowhere.js', reason: 'missing' },
      { file: 'a.ts', line: 5, column: 1, endLine: 5, endColumn: 20, specifier: 'left-pad-ai', reason: 'undeclared', packageName: 'left-pad-ai', manifest: '.' },
    ]);
    expect(graph.hotspots).toEqual([]);
  });

  it('counts cycles through type-only imports when asked to', () => {
    const withTypes = buildImportGraph({ files, resolve, moduleOf, typeOnlyCycles: true });
    expect(withTypes.cycles.map((c) => [c.files, `${c.breakEdge.source}>${c.breakEdge.target}`])).toEqual([
      [['c.ts', 'a.ts', 'b.ts'], 'c.ts>a.ts'],
      [['lib/f.ts', 'd.ts', 'lib/e.ts'], 'lib/f.ts>d.ts'],
    ]);
    expect(withTypes.modules.nodes.map((m) => m.inCycle)).toEqual([true, true]);
  });

  it('handles a repository without files or imports', () => {
    expect(buildImportGraph({ files: [], resolve, moduleOf })).toEqual({
      files: { nodes: [], edges: [] },
      modules: { nodes: [], edges: [] },
      cycles: [],
      hotspots: [],
      unresolved: [],
    });
  });
});
