import { createHash } from 'node:crypto';
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
import { erasureOf, isErasedImport, localTypesOf, type Erasure } from './find-erased-imports.js';
import { mergeProbes, probesHold, probesOfResolution, type ExistenceProbe } from './resolution-probes.js';
import { countDependents, findBreakEdge } from './graph-metrics.js';

// graphology-metrics is CommonJS whose typings declare an ES default export, so that an ES import's
// type (the module object) and value (the function) disagree; `require` returns the function.
const pagerank: typeof PagerankModule.default = createRequire(import.meta.url)('graphology-metrics/centrality/pagerank.js');

export interface ImportGraphInput {
  /**
   * Analysed files in path order, with the imports their facts list, and the digest of their
   * linkage (src/facts/linkage.ts) when known: with a memo and a layout, the facts of a file whose
   * digest the memo holds are not read.
   */
  files: readonly { file: string; digest?: string; facts: { imports: readonly ImportFact[]; exports?: Linkage['exports'] } }[];
  resolve(fromFile: string, specifier: string, request: ResolveRequest): ModuleResolution;
  moduleOf(file: string): string;
  /** Count cycles that close only through `import type` (erased at run time). Default false. */
  typeOnlyCycles?: boolean;
  /**
   * Where the graph keeps, from one run to the next, its edges (under the layout) and its metrics
   * (under their edges), each part under a key made of all it depends on.
   */
  memo?: GraphMemo;
  /** The scan root, where the probes of files outside the scan are made: the edges memo is used only with it. */
  root?: string;
  /**
   * A digest of what module resolution depends on (src/cache/cross-file-key.ts `layoutKey`): under
   * the same layout every import written the same way leads to the same place, so the edges of
   * files whose linkage digest is unchanged are taken from the memo.
   */
  layout?: string;
}

/** A memo in parts: `recall` gives a part's value back only under the key it was kept under. */
export interface GraphMemo {
  recall(part: GraphMemoPart, key: string): unknown;
  keep(part: GraphMemoPart, key: string, value: unknown): void;
}

export type GraphMemoPart = 'edges' | 'metrics';

/** Stronger kinds win when a file imports another several times: a static import is what loads it first. */
const KIND_STRENGTH: Record<ImportEdgeKind, number> = { static: 4, reexport: 3, require: 2, dynamic: 1, type: 0 };

interface FileGraph {
  paths: readonly string[];
  /** Every import edge, by source index, targets in index order. */
  out: number[][];
  /** Parallel to `out`: each edge's kind. */
  kinds: ImportEdgeKind[][];
  /** The first import statement of file `from` that leads to its `i`-th target (made on demand for edges taken from the memo). */
  site(from: number, i: number): GraphImportSite;
  /** Edges that exist at run time (or all, when type-only cycles count). */
  runtimeOut: number[][];
  unresolved: UnresolvedImport[];
  /** Hands the memo these edges, with the import statements along the given cycles, when it does not hold them yet. */
  keep(cycles: readonly (readonly number[])[]): void;
  /** What the edges depend on outside the scan (src/module-graph/resolution-probes.ts); undefined when probes cannot tell. */
  probes(): ExistenceProbe[] | undefined;
}

/** One file's edges: targets in index order, each with its kind and first import statement (and that statement's index among the file's imports). */
interface Row {
  out: number[];
  kinds: ImportEdgeKind[];
  sites: GraphImportSite[];
  first: number[];
}

/** The module graph's edges: files' imports across modules, counted. */
interface ModuleLinks {
  out: number[][];
  /** Parallel to `out`: how many file imports each edge stands for. */
  weights: number[][];
  /** Edges of which at least one file import exists at run time (or all, when type-only cycles count). */
  runtimeOut: number[][];
}

/**
 * What the graphs' metrics are made of that reads more than a node's own edges: transitive
 * dependents, cycles and PageRank, of files and of modules. They depend on the edges alone (which
 * file imports which, whether at run time, which module each file is in), and most edits, even
 * most edits of imports, keep those: so a memo keeps them, keyed by the edges.
 */
interface GraphMetrics {
  files: { dependents: Int32Array; cycles: number[][]; ranks: Float64Array };
  modules: { dependents: Int32Array; dependentFiles: Int32Array; cyclic: number[]; ranks: Float64Array };
}

/** Names the way the metrics are computed: a change to it must not meet metrics kept by an earlier one. */
const METRICS_FORMAT = 1;

/**
 * Builds the import graph of the scanned files and its metrics: per file fan-in, fan-out,
 * transitive dependents, cycle membership, instability and PageRank; the same for the module
 * graph the files roll up into; every import cycle with the import that best breaks it; and every
 * import that leads nowhere. Hotspots are left empty for the score stage.
 */
export function buildImportGraph(input: ImportGraphInput): GraphData {
  return buildImportGraphWithProbes(input).graph;
}

/** `buildImportGraph`, with what its edges depend on outside the scan: the probes that say when they no longer hold. */
export function buildImportGraphWithProbes(input: ImportGraphInput): { graph: GraphData; probes: ExistenceProbe[] | undefined } {
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
  const links = moduleLinks(modules.length, moduleOfFile, graph);
  const metrics = graphMetrics(graph, moduleOfFile, filesByModule, links, input.memo);
  graph.keep(metrics.files.cycles);

  const inCycle = new Uint8Array(size);
  for (const component of metrics.files.cycles) for (const v of component) inCycle[v] = 1;
  const fileNodes: GraphFileNode[] = paths.map((id, v) => ({
    id,
    module: modules[moduleOfFile[v]],
    fanIn: inDegree[v],
    fanOut: out[v].length,
    dependents: metrics.files.dependents[v],
    inCycle: inCycle[v] === 1,
    instability: round4(instability[v]),
    pagerank: significant(metrics.files.ranks[v]),
  }));
  const fileEdges: GraphFileEdge[] = [];
  out.forEach((targets, v) => targets.forEach((t, i) => fileEdges.push({ source: paths[v], target: paths[t], kind: graph.kinds[v][i] })));

  const cycles = metrics.files.cycles
    .flatMap((component) => describeCycle(component, graph, instability) ?? [])
    .sort((a, b) => b.files.length - a.files.length || compareStrings(a.files[0], b.files[0]));

  return {
    graph: {
      files: { nodes: fileNodes, edges: fileEdges },
      modules: moduleGraph(modules, filesByModule, links, metrics.modules),
      cycles,
      hotspots: [],
      unresolved: graph.unresolved,
    },
    probes: graph.probes(),
  };
}

/** The graphs' metrics from the memo when it holds those of the same edges, else computed (and kept). */
function graphMetrics(
  graph: FileGraph,
  moduleOfFile: readonly number[],
  filesByModule: readonly (readonly number[])[],
  links: ModuleLinks,
  memo: GraphMemo | undefined,
): GraphMetrics {
  const key = memo ? metricsKey(graph, moduleOfFile, links.out.length) : undefined;
  if (memo && key !== undefined) {
    const recalled = memo.recall('metrics', key);
    if (isGraphMetrics(recalled, graph.out.length, links.out.length)) return recalled;
  }
  const size = graph.out.length;
  const fileGraph = graphOf(size, graph.out);
  const fullComponents = componentsIn(fileGraph);
  const dependents = countDependents(size, graph.out, fullComponents, filesByModule);
  const moduleGraphObject = graphOf(links.out.length, links.out, links.weights);
  const moduleComponents = componentsIn(moduleGraphObject);
  const metrics: GraphMetrics = {
    files: { dependents: dependents.perNode, cycles: cyclesWithin(fullComponents, graph.runtimeOut), ranks: ranksIn(fileGraph, size, false) },
    modules: {
      dependents: countDependents(links.out.length, links.out, moduleComponents).perNode,
      dependentFiles: dependents.perGroup,
      cyclic: [...new Set(cyclesWithin(moduleComponents, links.runtimeOut).flat())].sort((a, b) => a - b),
      ranks: ranksIn(moduleGraphObject, links.out.length, true),
    },
  };
  if (memo && key !== undefined) memo.keep('metrics', key, metrics);
  return metrics;
}

/**
 * The digest of everything the metrics depend on: the number of files and modules, each file's
 * module, and each file's edges, whether each exists at run time (or counts as such).
 */
function metricsKey(graph: FileGraph, moduleOfFile: readonly number[], moduleCount: number): string {
  const size = graph.out.length;
  const edges = graph.out.reduce((sum, targets) => sum + targets.length, 0);
  const words = new Int32Array(3 + size * 2 + edges);
  let n = 0;
  words[n++] = METRICS_FORMAT;
  words[n++] = size;
  words[n++] = moduleCount;
  for (let v = 0; v < size; v++) {
    words[n++] = moduleOfFile[v];
    words[n++] = graph.out[v].length;
    graph.out[v].forEach((t, i) => (words[n++] = t * 2 + (isRuntime(graph, v, i) ? 1 : 0)));
  }
  return createHash('sha256').update(words).digest('hex');
}

/** Whether the i-th edge of `v` counts as existing at run time (every edge does when type-only cycles count). */
function isRuntime(graph: FileGraph, v: number, i: number): boolean {
  return graph.runtimeOut === graph.out || graph.kinds[v][i] !== 'type';
}

/** Whether a recalled value has the shape of metrics for graphs of these sizes (the key vouches for the rest). */
function isGraphMetrics(value: unknown, files: number, modules: number): value is GraphMetrics {
  const metrics = value as Partial<GraphMetrics> | undefined;
  const ofFiles = metrics?.files;
  const ofModules = metrics?.modules;
  return (
    isTyped(ofFiles?.dependents, Int32Array, files) &&
    isTyped(ofFiles?.ranks, Float64Array, files) &&
    Array.isArray(ofFiles?.cycles) &&
    isTyped(ofModules?.dependents, Int32Array, modules) &&
    isTyped(ofModules?.dependentFiles, Int32Array, modules) &&
    isTyped(ofModules?.ranks, Float64Array, modules) &&
    Array.isArray(ofModules?.cyclic)
  );
}

function collectEdges(input: ImportGraphInput): FileGraph {
  const paths = input.files.map((f) => f.file);
  const index = new Map(paths.map((p, i) => [p, i]));
  const { root } = input;
  const layoutKey = input.memo && input.layout !== undefined && root !== undefined && input.files.every((f) => f.digest !== undefined) ? edgesKey(input.layout) : undefined;
  const kept = layoutKey !== undefined ? keptEdgesOf(input.memo?.recall('edges', layoutKey), input.files) : undefined;
  const graph = (kept && root !== undefined && fromKeptEdges(input, root, paths, index, kept)) || fromFacts(input, paths, index);
  const runtimeOut = input.typeOnlyCycles ? graph.out : graph.out.map((list, v) => list.filter((_, i) => graph.kinds[v][i] !== 'type'));
  const keep = (cycles: readonly (readonly number[])[]): void => {
    if (layoutKey !== undefined && graph.changed) input.memo?.keep('edges', layoutKey, graph.keep(cycleSites(graph, cycles)));
  };
  return { paths, out: graph.out, kinds: graph.kinds, site: graph.site, runtimeOut, unresolved: graph.unresolved, keep, probes: () => mergeProbes(graph.probes) ?? undefined };
}

type EdgeSet = Omit<FileGraph, 'paths' | 'runtimeOut' | 'keep' | 'probes'> & {
  /** Per file: the probes of its imports' resolutions (null when one cannot be checked by probes). */
  probes: readonly (readonly ExistenceProbe[] | null)[];
  /** Whether the memo should keep these edges (it does not hold them yet). */
  changed: boolean;
  keep(sites: KeptSites): KeptEdges;
};

/** The import statements of every edge between two files of one cycle, by the edge's place in the kept edges. */
function cycleSites(graph: Pick<EdgeSet, 'out' | 'site'>, cycles: readonly (readonly number[])[]): KeptSites {
  const starts = new Int32Array(graph.out.length + 1);
  graph.out.forEach((targets, v) => (starts[v + 1] = starts[v] + targets.length));
  const edges: number[] = [];
  const sites: GraphImportSite[] = [];
  for (const cycle of cycles) {
    const members = new Set(cycle);
    for (const v of cycle) {
      graph.out[v].forEach((t, i) => {
        if (!members.has(t)) return;
        edges.push(starts[v] + i);
        sites.push(graph.site(v, i));
      });
    }
  }
  return {
    edges: Int32Array.from(edges),
    specifiers: sites.map((site) => site.specifier),
    positions: Int32Array.from(sites.flatMap((site) => [site.line, site.column, site.endLine ?? -1, site.endColumn ?? -1])),
  };
}

/** Every file's edges from its facts: every file's imports resolved, erasure decided over all files. */
function fromFacts(input: ImportGraphInput, paths: readonly string[], index: ReadonlyMap<string, number>): EdgeSet {
  const unresolved: UnresolvedImport[] = [];
  const resolved = input.files.map(({ file, facts }) => targetsOf(input, index, file, facts.imports, unresolved));
  const targets = resolved.map((r) => r.targets);
  const probes = resolved.map((r) => r.probes);
  const erasure = erasureOf(input.files, targets);
  const rows = input.files.map(({ file, facts }, v) => rowOf(v, file, facts.imports, targets[v], paths, (k) => isErasedImport(facts.imports[k], targets[v][k], erasure)));
  const out = rows.map((r) => r.out);
  const kinds = rows.map((r) => r.kinds);
  return {
    out,
    kinds,
    site: (from, i) => rows[from].sites[i],
    unresolved,
    probes,
    changed: true,
    keep: (sites) => keptEdges(input.files, out, kinds, rows.map((r) => r.first), erasure.typeOnly, unresolved, (v) => signatureOf(input.files[v].facts), sites, probes),
  };
}

/**
 * The edges of files whose linkage is unchanged from the memo, and those of the others from their
 * facts, reading no other file's facts but those of the files they import (for their types) and
 * of files on a cycle the report describes (for the import statements along it).
 * Undefined when a changed file's exports or re-exports changed: whether other files' imports of
 * it, or of modules that re-export it, are erased may then have changed, and every file's edges
 * are made again.
 */
function fromKeptEdges(input: ImportGraphInput, root: string, paths: readonly string[], index: ReadonlyMap<string, number>, kept: KeptEdges): EdgeSet | undefined {
  const { files } = input;
  // A file is made again when its linkage changed, or when what lies outside the scan changed where its imports lead.
  const keptProbes = new Map(kept.probes);
  const unsettled = (v: number): boolean => {
    const list = keptProbes.get(v);
    return list !== undefined && (list === null || !probesHold(root, list));
  };
  const changed = files.flatMap((f, v) => (f.digest === kept.digests[v] && !unsettled(v) ? [] : [v]));
  if (changed.some((v) => signatureOf(files[v].facts) !== kept.signatures[v])) return undefined;
  const localTypes = new Map<number, ReadonlySet<string>>();
  const erasure: Erasure = {
    typeOnly: kept.typeOnly,
    localTypes: (file) => localTypes.get(file) ?? localTypes.set(file, localTypesOf(files[file].facts)).get(file) ?? new Set(),
  };
  const fresh = new Map<number, { row: Row; unresolved: UnresolvedImport[]; probes: ExistenceProbe[] | null }>();
  for (const v of changed) {
    const { file, facts } = files[v];
    const unresolved: UnresolvedImport[] = [];
    const { targets, probes } = targetsOf(input, index, file, facts.imports, unresolved);
    fresh.set(v, { row: rowOf(v, file, facts.imports, targets, paths, (k) => isErasedImport(facts.imports[k], targets[k], erasure)), unresolved, probes });
  }
  const out = files.map((_, v) => fresh.get(v)?.row.out ?? Array.from(kept.targets.subarray(kept.starts[v], kept.starts[v + 1])));
  const kinds = files.map((_, v) => fresh.get(v)?.row.kinds ?? Array.from(kept.kinds.subarray(kept.starts[v], kept.starts[v + 1]), (code) => EDGE_KINDS[code]));
  const first = files.map((_, v) => fresh.get(v)?.row.first ?? Array.from(kept.first.subarray(kept.starts[v], kept.starts[v + 1])));
  // A kept file's import statements along the last run's cycles are kept; others are read from its facts.
  let keptSite: Map<number, number> | undefined;
  const site = (v: number, i: number): GraphImportSite => {
    const row = fresh.get(v)?.row;
    if (row) return row.sites[i];
    keptSite ??= new Map(Array.from(kept.sites.edges, (edge, n) => [edge, n]));
    const n = keptSite.get(kept.starts[v] + i);
    return n === undefined ? siteAt(files[v].file, paths[out[v][i]], files[v].facts.imports[first[v][i]]) : keptSiteAt(kept.sites, n, files[v].file, paths[out[v][i]]);
  };
  const keptUnresolved = new Map<string, UnresolvedImport[]>();
  for (const u of kept.unresolved) keptUnresolved.set(u.file, [...(keptUnresolved.get(u.file) ?? []), u]);
  const unresolved = files.flatMap(({ file }, v) => fresh.get(v)?.unresolved ?? keptUnresolved.get(file) ?? []);
  const probes = files.map((_, v) => {
    const made = fresh.get(v);
    return made ? made.probes : (keptProbes.get(v) ?? []);
  });
  return {
    out,
    kinds,
    site,
    unresolved,
    probes,
    changed: changed.length > 0,
    keep: (sites) => keptEdges(files, out, kinds, first, kept.typeOnly, unresolved, (v) => kept.signatures[v], sites, probes),
  };
}

/**
 * Where each import of a file leads among the scanned files (unresolved imports are noted as they
 * are met), and the probes of those resolutions (null when one cannot be checked by probes).
 */
function targetsOf(
  input: ImportGraphInput,
  index: ReadonlyMap<string, number>,
  file: string,
  imports: readonly ImportFact[],
  unresolved: UnresolvedImport[],
): { targets: (number | undefined)[]; probes: ExistenceProbe[] | null } {
  let probes: ExistenceProbe[] | null = [];
  const targets = imports.map((fact) => {
    const resolution = input.resolve(file, fact.specifier, { typeOnly: fact.typeOnly, kind: fact.kind });
    if (resolution.kind === 'missing' || resolution.kind === 'undeclared') unresolved.push(unresolvedImport(file, fact, resolution));
    const found = probesOfResolution(file, fact.specifier, resolution);
    if (found === undefined) probes = null;
    else if (found.length > 0) probes?.push(...found);
    return resolution.kind === 'file' ? index.get(resolution.file) : undefined;
  });
  return { targets, probes };
}

/** A file's edges: one per file it imports (not itself), of the strongest kind among its imports of it, at the first of them. */
function rowOf(v: number, file: string, imports: readonly ImportFact[], targets: readonly (number | undefined)[], paths: readonly string[], isErased: (k: number) => boolean): Row {
  const edges = new Map<number, { kind: ImportEdgeKind; first: number }>();
  imports.forEach((fact, k) => {
    const t = targets[k];
    if (t === undefined || t === v) return;
    const kind: ImportEdgeKind = isErased(k) ? 'type' : fact.kind;
    const known = edges.get(t);
    if (!known) edges.set(t, { kind, first: k });
    else if (KIND_STRENGTH[kind] > KIND_STRENGTH[known.kind]) known.kind = kind;
  });
  const sorted = [...edges].sort(([a], [b]) => a - b);
  return {
    out: sorted.map(([t]) => t),
    kinds: sorted.map(([, e]) => e.kind),
    sites: sorted.map(([t, e]) => siteAt(file, paths[t], imports[e.first])),
    first: sorted.map(([, e]) => e.first),
  };
}

function siteAt(source: string, target: string, fact: ImportFact): GraphImportSite {
  return { source, target, specifier: fact.specifier, ...positionOf(fact) };
}

/** Raised when what the edges memo keeps, or how edges are made, changes. */
const EDGES_FORMAT = 1;

/** Edge kinds as the memo codes them. */
const EDGE_KINDS: readonly ImportEdgeKind[] = ['static', 'reexport', 'require', 'dynamic', 'type'];

/** The edges memo's content: every file's edges by the linkage they were made from, under one layout. */
interface KeptEdges {
  /** Per file: the linkage digest its edges were made from. */
  digests: string[];
  /** Per file: `signatureOf` its facts. */
  signatures: string[];
  typeOnly: Uint8Array;
  /** Edges by file, as offsets into `targets` and `kinds` (`starts` has one entry more than files). */
  starts: Int32Array;
  targets: Int32Array;
  kinds: Uint8Array;
  /** Per edge: the index, among its file's imports, of the first import statement that leads along it. */
  first: Int32Array;
  unresolved: UnresolvedImport[];
  sites: KeptSites;
  /** The files whose imports' resolutions depend on what lies outside the scan, with the probes that say so (null: none can). */
  probes: [file: number, probes: ExistenceProbe[] | null][];
}

/** The import statements of some edges (those along cycles), so that describing a cycle again reads no facts. */
interface KeptSites {
  /** Each one's edge, as an offset into `targets`. */
  edges: Int32Array;
  specifiers: string[];
  /** Four numbers each: line, column, end line and end column (-1 when the end is not known). */
  positions: Int32Array;
}

function keptSiteAt(sites: KeptSites, n: number, source: string, target: string): GraphImportSite {
  const [line, column, endLine, endColumn] = sites.positions.subarray(n * 4, n * 4 + 4);
  return { source, target, specifier: sites.specifiers[n], line, column, ...(endLine >= 0 && endColumn >= 0 ? { endLine, endColumn } : {}) };
}

function edgesKey(layout: string): string {
  return `edges-v${EDGES_FORMAT}\u0000${layout}`;
}

function keptEdges(
  files: ImportGraphInput['files'],
  out: readonly (readonly number[])[],
  kinds: readonly (readonly ImportEdgeKind[])[],
  first: readonly (readonly number[])[],
  typeOnly: Uint8Array,
  unresolved: UnresolvedImport[],
  signature: (file: number) => string,
  sites: KeptSites,
  probes: readonly (readonly ExistenceProbe[] | null)[],
): KeptEdges {
  const starts = new Int32Array(out.length + 1);
  out.forEach((targets, v) => (starts[v + 1] = starts[v] + targets.length));
  const codes = new Map(EDGE_KINDS.map((kind, code) => [kind, code]));
  return {
    digests: files.map((f) => f.digest ?? ''),
    signatures: files.map((_, v) => signature(v)),
    typeOnly,
    starts,
    targets: Int32Array.from(out.flat()),
    kinds: Uint8Array.from(kinds.flat(), (kind) => codes.get(kind) ?? 0),
    first: Int32Array.from(first.flat()),
    unresolved,
    sites,
    probes: probes.flatMap((list, v): [number, ExistenceProbe[] | null][] => (list === null ? [[v, null]] : list.length > 0 ? [[v, [...list]]] : [])),
  };
}

/** The kept edges, when the value recalled has their shape for this many files. */
function keptEdgesOf(value: unknown, files: ImportGraphInput['files']): KeptEdges | undefined {
  const kept = value as Partial<KeptEdges> | undefined;
  const count = files.length;
  const perFile = isListOf(kept?.digests, count) && isListOf(kept?.signatures, count) && isTyped(kept?.typeOnly, Uint8Array, count);
  if (!perFile || !isTyped(kept?.starts, Int32Array, count + 1) || !Array.isArray(kept?.unresolved)) return undefined;
  const edges = kept.starts[count];
  const perEdge = isTyped(kept.targets, Int32Array, edges) && isTyped(kept.kinds, Uint8Array, edges) && isTyped(kept.first, Int32Array, edges);
  return perEdge && isKeptSites(kept.sites, edges) && Array.isArray(kept.probes) ? (kept as KeptEdges) : undefined;
}

function isKeptSites(value: Partial<KeptSites> | undefined, edges: number): value is KeptSites {
  const count = value?.edges?.length ?? -1;
  return (
    isTyped(value?.edges, Int32Array, count) &&
    value.edges.every((edge) => edge >= 0 && edge < edges) &&
    isListOf(value.specifiers, count) &&
    isTyped(value.positions, Int32Array, count * 4)
  );
}

function isListOf(value: unknown, length: number): boolean {
  return Array.isArray(value) && value.length === length;
}

function isTyped<T extends Int32Array | Uint8Array | Float64Array>(value: unknown, type: new (length: number) => T, length: number): value is T {
  return value instanceof type && value.length === length;
}

/**
 * What other files' edges read of a file: its exports as the graph sees them and its re-exports.
 * While a changed file keeps it, which module is type-only and which names are types stay as they
 * were, so no other file's edges change with it.
 */
function signatureOf(facts: ImportGraphInput['files'][number]['facts']): string {
  const reexports = facts.imports.filter((i) => i.kind === 'reexport').map((i) => [i.specifier, i.typeOnly, i.names]);
  return JSON.stringify([facts.exports ?? null, reexports]);
}

function kindOf(graph: FileGraph, from: number, to: number): ImportEdgeKind {
  return graph.kinds[from][graph.out[from].indexOf(to)];
}

/** The first import statement of `from` that leads to `to`. */
function siteOf(graph: FileGraph, from: number, to: number): GraphImportSite {
  return graph.site(from, graph.out[from].indexOf(to));
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
function ranksIn(graph: DirectedGraph, size: number, weighted: boolean): Float64Array {
  if (size === 0) return new Float64Array(0);
  let ranks: Record<string, number>;
  try {
    ranks = pagerank(graph, { getEdgeWeight: weighted ? 'weight' : null });
  } catch {
    ranks = pagerank(graph, { getEdgeWeight: weighted ? 'weight' : null, maxIterations: 1000, tolerance: 1e-4 });
  }
  return Float64Array.from({ length: size }, (_, v) => ranks[String(v)] ?? 0);
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

function moduleLinks(count: number, moduleOfFile: readonly number[], graph: FileGraph): ModuleLinks {
  const links = Array.from({ length: count }, () => new Map<number, { weight: number; runtime: boolean }>());
  graph.out.forEach((targets, v) => {
    targets.forEach((t, i) => {
      const [a, b] = [moduleOfFile[v], moduleOfFile[t]];
      if (a === b) return;
      const link = links[a].get(b) ?? { weight: 0, runtime: false };
      link.weight += 1;
      link.runtime ||= isRuntime(graph, v, i);
      links[a].set(b, link);
    });
  });
  const sorted = links.map((byTarget) => [...byTarget].sort(([x], [y]) => x - y));
  return {
    out: sorted.map((list) => list.map(([b]) => b)),
    weights: sorted.map((list) => list.map(([, link]) => link.weight)),
    runtimeOut: sorted.map((list) => list.filter(([, link]) => link.runtime).map(([b]) => b)),
  };
}

function moduleGraph(modules: readonly string[], filesByModule: readonly (readonly number[])[], links: ModuleLinks, metrics: GraphMetrics['modules']): GraphData['modules'] {
  const { out, weights } = links;
  const inDegree = new Int32Array(modules.length);
  for (const targets of out) for (const t of targets) inDegree[t] += 1;
  const cyclic = new Set(metrics.cyclic);
  const nodes: GraphModuleNode[] = modules.map((id, m) => ({
    id,
    files: filesByModule[m].length,
    fanIn: inDegree[m],
    fanOut: out[m].length,
    dependents: metrics.dependents[m],
    dependentFiles: metrics.dependentFiles[m],
    inCycle: cyclic.has(m),
    instability: round4(instabilityOf(inDegree[m], out[m].length)),
    pagerank: significant(metrics.ranks[m]),
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

