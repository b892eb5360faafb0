import { describe, expect, it } from 'vitest';
import { countCyclicNodes, countDependents, findBreakEdge } from '../../../src/module-graph/graph-metrics.js';

/** Each node its own component: valid for acyclic graphs. */
const singletons = (size: number) => Array.from({ length: size }, (_, v) => [v]);

describe('countDependents', () => {
  // 0 -> 1 -> 3, 0 -> 2 -> 3, 4 isolated: a diamond.
  const diamond = [[1, 2], [3], [3], [], []];

  it('counts every file that reaches a node once, however many paths lead there', () => {
    expect([...countDependents(5, diamond, singletons(5)).perNode]).toEqual([0, 1, 1, 3, 0]);
  });

  it('gives the members of a cycle each other as dependents', () => {
    // 0 -> 1 -> 2 -> 1, 2 -> 3
    const out = [[1], [2], [1, 3], []];
    const components = [[0], [1, 2], [3]];
    expect([...countDependents(4, out, components).perNode]).toEqual([0, 2, 2, 3]);
  });

  it('counts a group\'s dependents outside the group, once each', () => {
    const groups = [[0, 1], [2, 3], [4]];
    // group {2,3}: 0 and 1 reach it; 2 reaches 3 but is inside. group {0,1}: nothing outside reaches it.
    expect([...countDependents(5, diamond, singletons(5), groups).perGroup]).toEqual([0, 2, 0]);
  });

  it('gives the same counts when the bitsets are split into blocks', () => {
    // A chain of 100 nodes: node k has k dependents. A budget of 2 words per component forces blocks of 64 nodes.
    const out = Array.from({ length: 100 }, (_, v) => (v < 99 ? [v + 1] : []));
    const groups = [Array.from({ length: 50 }, (_, v) => v + 50)];
    const whole = countDependents(100, out, singletons(100), groups);
    const blocked = countDependents(100, out, singletons(100), groups, 200);
    expect([...blocked.perNode]).toEqual(Array.from({ length: 100 }, (_, v) => v));
    expect([...blocked.perNode]).toEqual([...whole.perNode]);
    expect([...blocked.perGroup]).toEqual([50]);
  });
});

describe('countCyclicNodes', () => {
  const figureEight = [[1], [0, 2], [1]]; // 0 <-> 1 <-> 2

  it('counts the nodes of components larger than one', () => {
    expect(countCyclicNodes(figureEight)).toBe(3);
    expect(countCyclicNodes([[1], [2], []])).toBe(0);
  });

  it('leaves out the given edge', () => {
    expect(countCyclicNodes(figureEight, 0, 1)).toBe(2);
    expect(countCyclicNodes(figureEight, 1, 0)).toBe(2);
  });
});

describe('findBreakEdge', () => {
  it('picks the edge that every cycle goes through', () => {
    // 0 -> 1, 1 -> 2, 1 -> 3, 2 -> 0, 3 -> 0: both cycles use 0 -> 1.
    const out = [[1], [2, 3], [0], [0]];
    expect(findBreakEdge(out, () => 0)).toEqual({ from: 0, to: 1, remaining: 0 });
  });

  it('reports how many nodes stay on a cycle when no single edge breaks them all', () => {
    // Two 2-cycles sharing node 1: 0 <-> 1 <-> 2. Any edge leaves one 2-cycle.
    expect(findBreakEdge([[1], [0, 2], [1]], () => 0)).toEqual({ from: 0, to: 1, remaining: 2 });
  });

  it('breaks ties by preference, then by index', () => {
    const out = [[1], [2], [0]];
    expect(findBreakEdge(out, (from) => (from === 2 ? 1 : 0))).toEqual({ from: 2, to: 0, remaining: 0 });
    expect(findBreakEdge(out, () => 0)).toEqual({ from: 0, to: 1, remaining: 0 });
  });

  it('returns nothing for a graph without edges', () => {
    expect(findBreakEdge([[], []], () => 0)).toBeUndefined();
  });
});
