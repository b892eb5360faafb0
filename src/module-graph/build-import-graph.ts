import { createRequire } from 'node:module';
import { DirectedGraph } from 'graphology';
import { stronglyConnectedComponents } from 'graphology-components';
import type PagerankModule from 'graphology-metrics/centrality/pagerank.js';
import type { Linkage } from '../facts/linkage.js';
import type { ImportFact } from '../facts/types.js';
import type {
  GraphData,
  GraphFileEdge,
  GraphFileNode,
  GraphImportSite,
  GraphModuleEdge,
  GraphModuleNode,
  ImportCycle,
  ImportEdgeKind,
  UnresolvedImport,
} from '../model/types.js';
import { instabilityOf } from '../score/formulas.js';
import type { ModuleResolution, ResolveRequest } from './create-module-resolver.js';
import { findErasedImports } from './find-erased-imports.js';
import { countDependents, findBreakEdge } from './graph-metrics.js';

// graphology-metrics is CommonJS whose typings declare an ES default export, so that an ES import's
// type (the module object) and value (the function) disagree; `require` returns the function.
const pagerank: typeof PagerankModule.default = createRequire(import.meta.url)('graphology-metrics/centrality/pagerank.js');

export interface ImportGraphInput {
  /** Analysed files in path order, with the imports their facts list. */
  files: readonly { file: string; facts: { imports: readonly ImportFact[]; exports?: Linkage['exports'] } }[];
  resolve(fromFile: string, specifier: string, request: ResolveRequest): ModuleResolution;
  moduleOf(file: string): string;
  /** Count cycles that close only through `import type` (erased at run time). Default false. */
  typeOnlyCycles?: boolean;
}

/** Stronger kinds win when a file imports another several times: a static import is what loads it first. */
const KIND_STRENGTH: Record<ImportEdgeKind, number> = { static: 4, reexport: 3, require: 2, dynamic: 1, type: 0 };

interface FileGraph {
  paths: readonly string[];
  /** Every import edge, by source index, targets in index order. */
  out: number[][];
  /** Parallel to `out`: each edge's kind and its first import statement. */
  kinds: ImportEdgeKind[][];
  sites: GraphImportSite[][];
  /** Edges that exist at run time (or all, when type-only cycles count). */
  runtimeOut: number[][];
  unresolved: UnresolvedImport[];
}

/**
 * Builds the import graph of the scanned files and its metrics: per file fan-in, fan-out,
 * transitive dependents, cycle membership, instability and PageRank; the same for the module
 * graph the files roll up into; every import cycle with the import that best breaks it; and every
 * import that leads nowhere. Hotspots are left empty for the score stage.
 */
export function buildImportGraph(input: ImportGraphInput): GraphData {
  const graph = collectEdges(input);
  const { paths, out } = graph;
  const size = paths.length;
  const inDegree = new Int32Array(size);
  for (const targets of out) for (const t of targets) inDegree[t] += 1;
  const instability = paths.map((_, v) => instabilityOf(inDegree[v], out[v].length));

  const fileModules = paths.map((p) => input.moduleOf(p));
  const modules = [...new Set(fileModules)].sort(compareStrings);
  const moduleIndex = new Map(modules.map((m, i) => [m, i]));
  const moduleOfFile = fileModules.map((m) => moduleIndex.get(m) ?? 0);
  const filesByModule: number[][] = modules.map(() => []);
  moduleOfFile.forEach((m, v) => filesByModule[m].push(v));

  const fileGraph = graphOf(size, out);
  const fullComponents = componentsIn(fileGraph);
  const dependents = countDependents(size, out, fullComponents, filesByModule);
  const runtimeComponents = cyclesWithin(fullComponents, graph.runtimeOut);
  const inCycle = new Uint8Array(size);
  for (const component of runtimeComponents) for (const v of component) inCycle[v] = 1;
  const ranks = ranksIn(fileGraph, size, false);

  const fileNodes: GraphFileNode[] = paths.map((id, v) => ({
    id,
    module: modules[moduleOfFile[v]],
    fanIn: inDegree[v],
    fanOut: out[v].length,
    dependents: dependents.perNode[v],
    inCycle: inCycle[v] === 1,
    instability: round4(instability[v]),
    pagerank: significant(ranks[v]),
  }));
  const fileEdges: GraphFileEdge[] = [];
  out.forEach((targets, v) => targets.forEach((t, i) => fileEdges.push({ source: paths[v], target: paths[t], kind: graph.kinds[v][i] })));

  const cycles = runtimeComponents
    .flatMap((component) => describeCycle(component, graph, instability) ?? [])
    .sort((a, b) => b.files.length - a.files.length || compareStrings(a.files[0], b.files[0]));

  return {
    files: { nodes: fileNodes, edges: fileEdges },
    modules: buildModuleGraph(modules, filesByModule, moduleOfFile, graph, dependents.perGroup),
    cycles,
    hotspots: [],
    unresolved: graph.unresolved,
  };
}

function collectEdges(input: ImportGraphInput): FileGraph {
  const paths = input.files.map((f) => f.file);
  const index = new Map(paths.map((p, i) => [p, i]));
  const unresolved: UnresolvedImport[] = [];
  const targets = input.files.map(({ file, facts }) =>
    facts.imports.map((fact) => {
      const resolution = input.resolve(file, fact.specifier, { typeOnly: fact.typeOnly, kind: fact.kind });
      if (resolution.kind === 'missing' || resolution.kind === 'undeclared') unresolved.push(unresolvedImport(file, fact, resolution));
      return resolution.kind === 'file' ? index.get(resolution.file) : undefined;
    }),
  );
  const isErased = findErasedImports(input.files, targets);
  const edges = input.files.map(() => new Map<number, { kind: ImportEdgeKind; site: GraphImportSite }>());
  input.files.forEach(({ file, facts }, v) => {
    facts.imports.forEach((fact, k) => {
      const t = targets[v][k];
      if (t === undefined || t === v) return;
      const kind: ImportEdgeKind = isErased(v, k) ? 'type' : fact.kind;
      const known = edges[v].get(t);
      if (!known) edges[v].set(t, { kind, site: { source: file, target: paths[t], specifier: fact.specifier, ...positionOf(fact) } });
      else if (KIND_STRENGTH[kind] > KIND_STRENGTH[known.kind]) known.kind = kind;
    });
  });
  const sorted = edges.map((byTarget) => [...byTarget].sort(([a], [b]) => a - b));
  const out = sorted.map((list) => list.map(([t]) => t));
  const kinds = sorted.map((list) => list.map(([, e]) => e.kind));
  const sites = sorted.map((list) => list.map(([, e]) => e.site));
  const runtimeOut = input.typeOnlyCycles ? out : out.map((list, v) => list.filter((_, i) => kinds[v][i] !== 'type'));
  return { paths, out, kinds, sites, runtimeOut, unresolved };
}

function kindOf(graph: FileGraph, from: number, to: number): ImportEdgeKind {
  return graph.kinds[from][graph.out[from].indexOf(to)];
}

/** The first import statement of `from` that leads to `to`. */
function siteOf(graph: FileGraph, from: number, to: number): GraphImportSite {
  return graph.sites[from][graph.out[from].indexOf(to)];
}

function unresolvedImport(file: string, fact: ImportFact, resolution: ModuleResolution & { kind: 'missing' | 'undeclared' }): UnresolvedImport {
  return {
    file,
    ...positionOf(fact),
    specifier: fact.specifier,
    reason: resolution.kind,
    ...(resolution.kind === 'undeclared' ? { packageName: resolution.packageName, manifest: resolution.manifest } : {}),
  };
}

function positionOf(fact: ImportFact): { line: number; column: number; endLine?: number; endColumn?: number } {
  return {
    line: fact.line,
    column: fact.column,
    ...(fact.endLine !== undefined && fact.endColumn !== undefined ? { endLine: fact.endLine, endColumn: fact.endColumn } : {}),
  };
}

/**
 * A graphology graph of the edges (nodes named by index), built once for both its strongly
 * connected components and its PageRank: building it (an object, a key and adjacency entries per
 * edge) costs more than either, and a trend builds the graphs of every point.
 */
function graphOf(size: number, out: readonly (readonly number[])[], weights?: readonly (readonly number[])[]): DirectedGraph {
  const graph = new DirectedGraph();
  for (let v = 0; v < size; v++) graph.addNode(String(v));
  out.forEach((targets, v) => targets.forEach((t, i) => (weights ? graph.addEdge(String(v), String(t), { weight: weights[v][i] }) : graph.addEdge(String(v), String(t)))));
  return graph;
}

/** Strongly connected components (graphology-components), as lists of node indices. */
function componentsIn(graph: DirectedGraph): number[][] {
  return stronglyConnectedComponents(graph).map((component) => component.map(Number).sort((a, b) => a - b));
}

/**
 * The strongly connected components of more than one node over a subset of the edges (`subOut`):
 * each lies within a component over all edges, so only those of several nodes are searched.
 */
function cyclesWithin(components: readonly (readonly number[])[], subOut: readonly (readonly number[])[]): number[][] {
  return components
    .filter((component) => component.length > 1)
    .flatMap((component) => {
      const local = new Map(component.map((v, i) => [v, i]));
      const localOut = component.map((v) =>
        subOut[v].flatMap((t) => {
          const i = local.get(t);
          return i === undefined ? [] : [i];
        }),
      );
      return componentsIn(graphOf(component.length, localOut))
        .filter((inner) => inner.length > 1)
        .map((inner) => inner.map((i) => component[i]).sort((a, b) => a - b));
    });
}

/** PageRank (graphology-metrics) with the library's defaults; edges point from importer to imported. */
function ranksIn(graph: DirectedGraph, size: number, weighted: boolean): number[] {
  if (size === 0) return [];
  let ranks: Record<string, number>;
  try {
    ranks = pagerank(graph, { getEdgeWeight: weighted ? 'weight' : null });
  } catch {
    ranks = pagerank(graph, { getEdgeWeight: weighted ? 'weight' : null, maxIterations: 1000, tolerance: 1e-4 });
  }
  return Array.from({ length: size }, (_, v) => ranks[String(v)] ?? 0);
}

/**
 * A cycle's files and the import that best breaks it. `files` starts with the shortest cycle
 * through that import, in import order from the importing file, followed by the component's
 * other files by path; `path` holds the imports along that shortest cycle.
 */
function describeCycle(component: readonly number[], graph: FileGraph, instability: readonly number[]): ImportCycle | undefined {
  const local = new Map(component.map((v, i) => [v, i]));
  const localOut = component.map((v) =>
    graph.runtimeOut[v].flatMap((t) => {
      const i = local.get(t);
      return i === undefined ? [] : [i];
    }),
  );
  // Among equally good edges: not a re-export (removing one changes a module's interface), then
  // against the stable-dependencies direction (from a stable file to an unstable one).
  const preference = (from: number, to: number) =>
    (kindOf(graph, component[from], component[to]) === 'reexport' ? -2 : 0) + instability[component[to]] - instability[component[from]];
  const best = findBreakEdge(localOut, preference);
  if (!best) return undefined; // unreachable: a component of two or more files has edges
  const cycle = [best.from, ...shortestPath(localOut, best.to, best.from).slice(0, -1)];
  const onCycle = new Set(cycle);
  const rest = component.map((_, i) => i).filter((i) => !onCycle.has(i));
  const site = (from: number, to: number) => siteOf(graph, component[from], component[to]);
  return {
    files: [...cycle, ...rest].map((i) => graph.paths[component[i]]),
    breakEdge: site(best.from, best.to),
    remainingAfterBreak: best.remaining,
    path: cycle.map((i, k) => site(i, cycle[(k + 1) % cycle.length])),
  };
}

/** Breadth-first shortest path from `from` to `to` (both included); neighbours in index order keep it deterministic. */
function shortestPath(out: readonly (readonly number[])[], from: number, to: number): number[] {
  const previous = new Int32Array(out.length).fill(-1);
  previous[from] = from;
  const queue = [from];
  for (let i = 0; i < queue.length && previous[to] < 0; i++) {
    for (const w of out[queue[i]]) {
      if (previous[w] >= 0) continue;
      previous[w] = queue[i];
      queue.push(w);
    }
  }
  const path = [to];
  while (path[path.length - 1] !== from) path.push(previous[path[path.length - 1]]);
  return path.reverse();
}

function buildModuleGraph(
  modules: readonly string[],
  filesByModule: readonly (readonly number[])[],
  moduleOfFile: readonly number[],
  graph: FileGraph,
  dependentFiles: Int32Array,
): GraphData['modules'] {
  const links = modules.map(() => new Map<number, { weight: number; runtime: boolean }>());
  graph.out.forEach((targets, v) => {
    targets.forEach((t, i) => {
      const [a, b] = [moduleOfFile[v], moduleOfFile[t]];
      if (a === b) return;
      const link = links[a].get(b) ?? { weight: 0, runtime: false };
      link.weight += 1;
      link.runtime ||= graph.kinds[v][i] !== 'type' || graph.runtimeOut === graph.out;
      links[a].set(b, link);
    });
  });
  const sorted = links.map((byTarget) => [...byTarget].sort(([x], [y]) => x - y));
  const out = sorted.map((list) => list.map(([b]) => b));
  const weights = sorted.map((list) => list.map(([, link]) => link.weight));
  const runtimeOut = sorted.map((list) => list.filter(([, link]) => link.runtime).map(([b]) => b));
  const inDegree = new Int32Array(modules.length);
  for (const targets of out) for (const t of targets) inDegree[t] += 1;
  const moduleGraph = graphOf(modules.length, out, weights);
  const components = componentsIn(moduleGraph);
  const dependents = countDependents(modules.length, out, components);
  const cyclic = new Set(cyclesWithin(components, runtimeOut).flat());
  const ranks = ranksIn(moduleGraph, modules.length, true);

  const nodes: GraphModuleNode[] = modules.map((id, m) => ({
    id,
    files: filesByModule[m].length,
    fanIn: inDegree[m],
    fanOut: out[m].length,
    dependents: dependents.perNode[m],
    dependentFiles: dependentFiles[m],
    inCycle: cyclic.has(m),
    instability: round4(instabilityOf(inDegree[m], out[m].length)),
    pagerank: significant(ranks[m]),
  }));
  const edges: GraphModuleEdge[] = [];
  out.forEach((targets, a) => targets.forEach((b, i) => edges.push({ source: modules[a], target: modules[b], weight: weights[a][i] })));
  return { nodes, edges };
}

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** Four significant digits: PageRank values are about 1 / files, so fixed decimals would flatten them. */
function significant(value: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(4));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
