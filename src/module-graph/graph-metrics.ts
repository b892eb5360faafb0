/**
 * Graph algorithms on integer-indexed graphs (`out[v]` lists the nodes `v` imports), for the sizes
 * of real repositories: tens of thousands of files and hundreds of thousands of edges.
 */

/** Memory budget of the reachability bitsets, in 32-bit words (64 MB). */
const BITSET_WORDS = 16 * 1024 * 1024;

export interface Dependents {
  /** Per node: how many other nodes reach it through imports (its transitive dependents). */
  perNode: Int32Array;
  /** Per group: how many nodes outside the group reach any of its nodes. */
  perGroup: Int32Array;
}

/**
 * Counts transitive dependents of every node, and of every group of nodes, on the condensation of
 * the graph (`components` are its strongly connected components, every node in exactly one).
 * Reachability is propagated in topological order as bitsets over the nodes; when those would not
 * fit the memory budget, the nodes are processed in blocks, so time is O(V x E / 32) and memory bounded.
 */
export function countDependents(
  size: number,
  out: readonly (readonly number[])[],
  components: readonly (readonly number[])[],
  groups: readonly (readonly number[])[] = [],
  budgetWords = BITSET_WORDS,
): Dependents {
  const componentOf = new Int32Array(size);
  components.forEach((members, c) => members.forEach((v) => (componentOf[v] = c)));
  const successors = condensationEdges(out, components, componentOf);
  const order = topologicalOrder(components.length, successors);
  const groupComponents = groups.map((g) => [...new Set(g.map((v) => componentOf[v]))]);
  const perNode = new Int32Array(size);
  const perGroup = new Int32Array(groups.length);
  const count = Math.max(1, components.length);
  const words = Math.max(1, Math.min(Math.ceil(size / 32), Math.floor(budgetWords / count)));
  const blockSize = words * 32;

  for (let low = 0; low < size; low += blockSize) {
    const high = Math.min(size, low + blockSize);
    const closure = new Int32Array(count * words);
    components.forEach((members, c) => {
      for (const v of members) if (v >= low && v < high) closure[c * words + ((v - low) >>> 5)] |= 1 << ((v - low) & 31);
    });
    for (const c of order) {
      for (const d of successors[c]) orInto(closure, d * words, closure, c * words, words);
    }
    components.forEach((members, c) => {
      const reached = popcount(closure, c * words, words);
      for (const v of members) perNode[v] += reached;
    });
    const union = new Int32Array(words);
    groups.forEach((group, g) => {
      union.fill(0);
      for (const c of groupComponents[g]) orInto(union, 0, closure, c * words, words);
      let own = 0;
      for (const v of group) if (v >= low && v < high && (union[(v - low) >>> 5] & (1 << ((v - low) & 31))) !== 0) own += 1;
      perGroup[g] += popcount(union, 0, words) - own;
    });
  }
  for (let v = 0; v < size; v++) perNode[v] -= 1; // a node reaches itself
  return { perNode, perGroup };
}

function condensationEdges(
  out: readonly (readonly number[])[],
  components: readonly (readonly number[])[],
  componentOf: Int32Array,
): number[][] {
  const successors: number[][] = components.map(() => []);
  const seen = new Int32Array(components.length).fill(-1);
  components.forEach((members, c) => {
    for (const v of members) {
      for (const w of out[v]) {
        const d = componentOf[w];
        if (d !== c && seen[d] !== c) {
          seen[d] = c;
          successors[c].push(d);
        }
      }
    }
  });
  return successors;
}

/** Kahn's algorithm on the (acyclic) condensation: importers before the modules they import. */
function topologicalOrder(count: number, successors: readonly (readonly number[])[]): number[] {
  const indegree = new Int32Array(count);
  for (const list of successors) for (const d of list) indegree[d] += 1;
  const order: number[] = [];
  for (let c = 0; c < count; c++) if (indegree[c] === 0) order.push(c);
  for (let i = 0; i < order.length; i++) {
    for (const d of successors[order[i]]) if (--indegree[d] === 0) order.push(d);
  }
  return order;
}

function orInto(target: Int32Array, targetStart: number, source: Int32Array, sourceStart: number, words: number): void {
  for (let i = 0; i < words; i++) target[targetStart + i] |= source[sourceStart + i];
}

function popcount(bits: Int32Array, start: number, words: number): number {
  let total = 0;
  for (let i = start; i < start + words; i++) {
    let x = bits[i];
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    total += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return total;
}

/**
 * How many nodes still lie on a cycle when the edge `from -> to` is left out (`from = -1` leaves
 * out nothing). An iterative Tarjan over plain arrays: the break-edge search calls it once per
 * candidate edge, where rebuilding a graph object each time would dominate the run time.
 */
export function countCyclicNodes(out: readonly (readonly number[])[], from = -1, to = -1): number {
  const size = out.length;
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const stack: number[] = [];
  const frames: { v: number; next: number }[] = [];
  let counter = 0;
  let cyclic = 0;
  for (let start = 0; start < size; start++) {
    if (index[start] >= 0) continue;
    frames.push({ v: start, next: 0 });
    index[start] = low[start] = counter++;
    stack.push(start);
    onStack[start] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const { v } = frame;
      if (frame.next < out[v].length) {
        const w = out[v][frame.next++];
        if (v === from && w === to) continue;
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          frames.push({ v: w, next: 0 });
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], index[w]);
        }
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1].v;
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === index[v]) {
        let members = 0;
        let w: number;
        do {
          w = stack.pop() ?? v;
          onStack[w] = 0;
          members += 1;
        } while (w !== v);
        if (members > 1) cyclic += members;
      }
    }
  }
  return cyclic;
}

/** Work budget of the break-edge search: candidate edges x (nodes + edges) of the component. */
const BREAK_SEARCH_BUDGET = 20_000_000;

export interface BreakEdge {
  from: number;
  to: number;
  /** Nodes of the component still on a cycle once the edge is removed. */
  remaining: number;
}

/**
 * The edge of a strongly connected component whose removal leaves the fewest of its nodes on a
 * cycle. `out` is the component's own graph (local indices); `preference` orders ties (higher
 * first), for example by how much the edge goes against the stable-dependencies direction. When
 * trying every edge would exceed the work budget, only the most preferred edges are tried.
 */
export function findBreakEdge(out: readonly (readonly number[])[], preference: (from: number, to: number) => number): BreakEdge | undefined {
  const edges: { from: number; to: number; preference: number }[] = [];
  out.forEach((targets, from) => targets.forEach((to) => edges.push({ from, to, preference: preference(from, to) })));
  if (edges.length === 0) return undefined;
  edges.sort((a, b) => b.preference - a.preference || a.from - b.from || a.to - b.to);
  const limit = Math.max(1, Math.floor(BREAK_SEARCH_BUDGET / (out.length + edges.length)));
  let best: BreakEdge | undefined;
  for (const edge of edges.slice(0, limit)) {
    const remaining = countCyclicNodes(out, edge.from, edge.to);
    if (!best || remaining < best.remaining) best = { from: edge.from, to: edge.to, remaining };
    if (remaining === 0) break; // edges are in preference order: the first full break wins
  }
  return best;
}
