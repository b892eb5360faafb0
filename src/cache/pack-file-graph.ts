import type { GraphData, GraphFileEdge, GraphFileNode, ImportEdgeKind } from '../model/types.js';

/**
 * The files of the import graph as the cache keeps them with the cross-file outcome: each path
 * once, numbers in one array, edges as indices. As objects, typeorm's 3,583 nodes and 11,645
 * edges (each edge naming its two files' paths again) were nine tenths of the stored outcome, and
 * deserialising them took a warm run about 10 ms with the garbage they make; made again from
 * columns, they share the nodes' path strings.
 */
export interface PackedFileGraph {
  format: typeof FORMAT;
  ids: string[];
  modules: string[];
  /** Per node, its module's index in `modules`. */
  moduleOf: Int32Array;
  /** Per node, NODE_NUMBERS in order (`inCycle` as 0 or 1). */
  numbers: Float64Array;
  /** Per edge, its source's and target's node indices and its kind's index in KINDS. */
  edges: Int32Array;
}

const FORMAT = 'file-graph-1';
const NODE_KEYS = ['id', 'module', 'fanIn', 'fanOut', 'dependents', 'inCycle', 'instability', 'pagerank'] as const;
const NODE_NUMBERS = ['fanIn', 'fanOut', 'dependents', 'inCycle', 'instability', 'pagerank'] as const;
const EDGE_KEYS = ['source', 'target', 'kind'] as const;
const KINDS: readonly ImportEdgeKind[] = ['static', 'reexport', 'dynamic', 'require', 'type'];

/**
 * The graph's files packed, or undefined when a node or an edge is not of the shape `unpackFileGraph`
 * makes again exactly (its keys in their order, its values of their types): the caller then keeps
 * them as they are.
 */
export function packFileGraph(files: GraphData['files']): PackedFileGraph | undefined {
  const { nodes, edges } = files;
  if (!nodes.every(isPlainNode) || !edges.every(isPlainEdge)) return undefined;
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  if (index.size !== nodes.length) return undefined;
  const modules = [...new Set(nodes.map((node) => node.module))];
  const moduleIndex = new Map(modules.map((module, i) => [module, i]));
  const numbers = new Float64Array(nodes.length * NODE_NUMBERS.length);
  nodes.forEach((node, i) => NODE_NUMBERS.forEach((name, k) => (numbers[i * NODE_NUMBERS.length + k] = Number(node[name]))));
  const packedEdges = new Int32Array(edges.length * 3);
  for (const [i, edge] of edges.entries()) {
    const [source, target] = [index.get(edge.source), index.get(edge.target)];
    if (source === undefined || target === undefined) return undefined;
    packedEdges.set([source, target, KINDS.indexOf(edge.kind)], i * 3);
  }
  return { format: FORMAT, ids: nodes.map((node) => node.id), modules, moduleOf: Int32Array.from(nodes, (node) => moduleIndex.get(node.module) ?? 0), numbers, edges: packedEdges };
}

/** The graph's files made again from `packFileGraph`'s columns, or undefined when `packed` is not such columns. */
export function unpackFileGraph(packed: unknown): GraphData['files'] | undefined {
  if (!isPacked(packed)) return undefined;
  const { ids, modules, moduleOf, numbers, edges } = packed;
  const width = NODE_NUMBERS.length;
  const nodes: GraphFileNode[] = ids.map((id, i) => ({
    id,
    module: modules[moduleOf[i]],
    fanIn: numbers[i * width],
    fanOut: numbers[i * width + 1],
    dependents: numbers[i * width + 2],
    inCycle: numbers[i * width + 3] === 1,
    instability: numbers[i * width + 4],
    pagerank: numbers[i * width + 5],
  }));
  const fileEdges: GraphFileEdge[] = [];
  for (let i = 0; i < edges.length; i += 3) fileEdges.push({ source: ids[edges[i]], target: ids[edges[i + 1]], kind: KINDS[edges[i + 2]] });
  return { nodes, edges: fileEdges };
}

function isPlainNode(node: GraphFileNode): boolean {
  return (
    hasKeys(node, NODE_KEYS) &&
    typeof node.id === 'string' &&
    typeof node.module === 'string' &&
    typeof node.inCycle === 'boolean' &&
    [node.fanIn, node.fanOut, node.dependents, node.instability, node.pagerank].every((n) => typeof n === 'number')
  );
}

function isPlainEdge(edge: GraphFileEdge): boolean {
  return hasKeys(edge, EDGE_KEYS) && typeof edge.source === 'string' && typeof edge.target === 'string' && KINDS.includes(edge.kind);
}

/** Exactly these own keys, in this order. */
function hasKeys(value: object, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && own.every((key, i) => key === keys[i]);
}

function isPacked(value: unknown): value is PackedFileGraph {
  const packed = value as Partial<PackedFileGraph> | null | undefined;
  if (typeof packed !== 'object' || packed === null || packed.format !== FORMAT) return false;
  const { ids, modules, moduleOf, numbers, edges } = packed;
  if (!Array.isArray(ids) || !Array.isArray(modules) || !(moduleOf instanceof Int32Array) || !(numbers instanceof Float64Array) || !(edges instanceof Int32Array)) return false;
  const count = ids.length;
  return (
    moduleOf.length === count &&
    numbers.length === count * NODE_NUMBERS.length &&
    edges.length % 3 === 0 &&
    moduleOf.every((m) => m >= 0 && m < modules.length) &&
    edges.every((value, i) => value >= 0 && value < (i % 3 === 2 ? KINDS.length : count))
  );
}
