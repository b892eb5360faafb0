import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { packFileGraph, unpackFileGraph } from '../../../src/cache/pack-file-graph.js';
import { buildImportGraph } from '../../../src/module-graph/build-import-graph.js';
import type { GraphData } from '../../../src/model/types.js';

/** A graph as the scan builds it: a cycle, a type-only edge, a re-export, a file no one imports, two modules. */
function builtGraph(): GraphData['files'] {
  const imports: Record<string, { specifier: string; kind: string; typeOnly?: boolean }[]> = {
    'src/a.ts': [{ specifier: './b.js', kind: 'static' }],
    'src/b.ts': [{ specifier: './a.js', kind: 'static' }, { specifier: '../lib/c.js', kind: 'reexport' }],
    'lib/c.ts': [{ specifier: '../src/a.js', kind: 'static', typeOnly: true }],
    'lib/d.ts': [{ specifier: './c.js', kind: 'dynamic' }],
  };
  const files = Object.entries(imports).map(([file, list]) => ({
    file,
    facts: { imports: list.map((fact, i) => ({ ...fact, typeOnly: fact.typeOnly ?? false, names: [], line: i + 1, column: 1 })) as never[] },
  }));
  const paths = new Set(Object.keys(imports));
  return buildImportGraph({
    files,
    resolve: (from, specifier) => {
      const target = `${from.slice(0, from.lastIndexOf('/') + 1)}${specifier}`.replace(/[^/]+\/\.\.\//u, '').replace('./', '').replace(/\.js$/u, '.ts');
      return paths.has(target) ? { kind: 'file', file: target } : { kind: 'missing' };
    },
    moduleOf: (file) => file.split('/')[0],
  }).files;
}

describe('packFileGraph', () => {
  it('gives back the nodes and edges the graph was built with, keys in their order, through a cache file', () => {
    const files = builtGraph();
    expect(files.edges.length).toBeGreaterThanOrEqual(4);
    expect(files.nodes.some((node) => node.inCycle)).toBe(true);
    const packed = packFileGraph(files);
    const back = unpackFileGraph(deserialize(serialize(packed)));
    expect(back).toStrictEqual(files);
    expect(JSON.stringify(back)).toBe(JSON.stringify(files));
  });

  it('keeps exact numbers, and shares the nodes’ paths with the edges', () => {
    const files = { nodes: [{ id: 'a.ts', module: '.', fanIn: 0, fanOut: 1, dependents: 0, inCycle: false, instability: 1 / 3, pagerank: 0.000123456789 }, { id: 'b.ts', module: 'x', fanIn: 1, fanOut: 0, dependents: 1, inCycle: true, instability: 0, pagerank: 0.9 }], edges: [{ source: 'a.ts', target: 'b.ts', kind: 'type' as const }] };
    const back = unpackFileGraph(packFileGraph(files));
    expect(back).toStrictEqual(files);
  });

  it('leaves alone a graph whose nodes or edges are of another shape, and refuses columns it did not make', () => {
    const files = builtGraph();
    const [node, ...nodes] = files.nodes;
    const reordered = { module: node.module, id: node.id, fanIn: node.fanIn, fanOut: node.fanOut, dependents: node.dependents, inCycle: node.inCycle, instability: node.instability, pagerank: node.pagerank };
    expect(packFileGraph({ ...files, nodes: [reordered, ...nodes] })).toBeUndefined();
    expect(packFileGraph({ ...files, nodes: [{ ...node, extra: 1 } as never, ...nodes] })).toBeUndefined();
    expect(packFileGraph({ ...files, edges: [{ source: 'nowhere.ts', target: node.id, kind: 'static' }] })).toBeUndefined();
    expect(packFileGraph({ ...files, nodes: [node, node] })).toBeUndefined();
    const packed = packFileGraph(files);
    if (!packed) throw new Error('the built graph was not packed');
    for (const bad of [undefined, {}, { ...packed, format: 'other' }, { ...packed, edges: Int32Array.from([0, 99, 0]) }, { ...packed, edges: Int32Array.from([0, 1, 9]) }, { ...packed, numbers: new Float64Array(1) }, { ...packed, moduleOf: Int32Array.from(packed.moduleOf, () => 7) }]) {
      expect(unpackFileGraph(bad)).toBeUndefined();
    }
  });
});
