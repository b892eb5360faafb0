import { describe, expect, it } from 'vitest';
import type { Finding, GraphData, GraphFileNode } from '../../../src/model/types.js';
import { findHotspots, withHotspots } from '../../../src/score/find-hotspots.js';

const node = (id: string, dependents: number, inCycle = false): GraphFileNode => ({
  id,
  module: '.',
  fanIn: 0,
  fanOut: 0,
  dependents,
  inCycle,
  instability: 0,
  pagerank: 0,
});
const finding = (file: string, effortMinutes: number) => ({ file, effortMinutes }) as Finding;

describe('findHotspots', () => {
  const nodes = [node('hub.ts', 7), node('leaf.ts', 0), node('cyclic.ts', 1, true), node('quiet.ts', 3), node('clean.ts', 15)];
  const findings = [finding('hub.ts', 10), finding('hub.ts', 20), finding('leaf.ts', 20), finding('cyclic.ts', 10), finding('quiet.ts', 30)];
  const churn = new Map([
    ['hub.ts', 2],
    ['leaf.ts', 5],
    ['cyclic.ts', 3],
    ['clean.ts', 40],
  ]);

  it('ranks files with debt and churn by risk x churn', () => {
    // hub: 30 x (1 + log2 8) = 120, x 2 = 240; leaf: 20 x 1 = 20, x 5 = 100;
    // cyclic: 10 x (1 + log2 2) x 1.5 = 30, x 3 = 90. quiet has no churn, clean no debt.
    expect(findHotspots(nodes, findings, churn)).toEqual([
      { file: 'hub.ts', risk: 120, churn: 2, score: 240, debtMinutes: 30, dependents: 7, inCycle: false },
      { file: 'leaf.ts', risk: 20, churn: 5, score: 100, debtMinutes: 20, dependents: 0, inCycle: false },
      { file: 'cyclic.ts', risk: 30, churn: 3, score: 90, debtMinutes: 10, dependents: 1, inCycle: true },
    ]);
  });

  it('keeps the ten highest', () => {
    const many = Array.from({ length: 12 }, (_, i) => node(`f${String(i).padStart(2, '0')}.ts`, 0));
    const hotspots = findHotspots(
      many,
      many.map((n) => finding(n.id, 10)),
      new Map(many.map((n, i) => [n.id, i + 1])),
    );
    expect(hotspots.map((h) => h.file)).toEqual(['f11.ts', 'f10.ts', 'f09.ts', 'f08.ts', 'f07.ts', 'f06.ts', 'f05.ts', 'f04.ts', 'f03.ts', 'f02.ts']);
  });
});

describe('withHotspots', () => {
  const graph: GraphData = { files: { nodes: [node('a.ts', 0)], edges: [] }, modules: { nodes: [], edges: [] }, cycles: [], hotspots: [], unresolved: [] };

  it('fills the graph\'s hotspots without touching the input', () => {
    const analyses = { graph, clones: { classes: [] } };
    const result = withHotspots(analyses, [finding('a.ts', 5)], new Map([['a.ts', 2]]));
    expect((result.graph as GraphData).hotspots).toEqual([{ file: 'a.ts', risk: 5, churn: 2, score: 10, debtMinutes: 5, dependents: 0, inCycle: false }]);
    expect(result.clones).toBe(analyses.clones);
    expect(graph.hotspots).toEqual([]);
  });

  it('returns the analyses unchanged without churn or without a graph', () => {
    const analyses = { graph };
    expect(withHotspots(analyses, [], undefined)).toBe(analyses);
    expect(withHotspots({}, [], new Map())).toEqual({});
  });
});
