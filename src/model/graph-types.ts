/**
 * The report model's module dependency graph (`analyses.graph`, src/module-graph): its files,
 * modules, import cycles, hotspots and unresolved imports. Re-exported by src/model/types.ts.
 */

/**
 * How one file uses another: the strongest of its imports of that file; `type` when TypeScript
 * erases all of them (`import type`, or only interfaces and type aliases imported).
 */
export type ImportEdgeKind = 'static' | 'reexport' | 'dynamic' | 'require' | 'type';

/** A file of the import graph with its metrics (src/module-graph/build-import-graph.ts). */
export interface GraphFileNode {
  /** The file's path. */
  id: string;
  module: string;
  /** Scanned files that import this one. */
  fanIn: number;
  /** Scanned files this one imports. */
  fanOut: number;
  /** Files that import this one directly or transitively: the blast radius of a change. */
  dependents: number;
  /** Part of an import cycle (type-only imports excluded). */
  inCycle: boolean;
  /** fanOut / (fanIn + fanOut), 0 for an isolated file. */
  instability: number;
  pagerank: number;
}

export interface GraphFileEdge {
  source: string;
  target: string;
  kind: ImportEdgeKind;
}

export interface GraphModuleNode {
  /** The module's name. */
  id: string;
  files: number;
  fanIn: number;
  fanOut: number;
  /** Modules that depend on this one directly or transitively. */
  dependents: number;
  /** Files outside the module that import one of its files directly or transitively (the risk's blast radius). */
  dependentFiles: number;
  inCycle: boolean;
  instability: number;
  pagerank: number;
}

export interface GraphModuleEdge {
  source: string;
  target: string;
  /** File-level imports from the source module into the target module. */
  weight: number;
}

/** An import as the graph locates it: the statement in `source` that imports `target`. */
export interface GraphImportSite {
  source: string;
  target: string;
  specifier: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** One strongly connected component of the runtime import graph. */
export interface ImportCycle {
  /**
   * Every file of the component: first the shortest cycle through `breakEdge`, in import order
   * starting at its importing file (`path` has its imports), then the other files by path.
   */
  files: string[];
  /** The import whose removal leaves the fewest of these files on a cycle. */
  breakEdge: GraphImportSite;
  /** Files of the component still on a cycle once `breakEdge` is removed. */
  remainingAfterBreak: number;
  /** The imports along the shortest cycle through `breakEdge`, starting with it. */
  path: GraphImportSite[];
}

/** A file with both risk and churn, ranked by `score` (see src/score/formulas.ts). */
export interface Hotspot {
  file: string;
  risk: number;
  churn: number;
  score: number;
  /** Inputs of the risk: the file's debt, its transitive dependents and cycle membership. */
  debtMinutes: number;
  dependents: number;
  inCycle: boolean;
}

/** An import that leads nowhere: a path to no file, or a package no package.json declares. */
export interface UnresolvedImport {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  specifier: string;
  reason: 'missing' | 'undeclared';
  /** For an undeclared package: its name and the nearest package.json (relative to the root), if any. */
  packageName?: string;
  manifest?: string;
}

/** `analyses.graph` of the report model: the module dependency graph, for reports and other tools. */
export interface GraphData {
  files: { nodes: GraphFileNode[]; edges: GraphFileEdge[] };
  modules: { nodes: GraphModuleNode[]; edges: GraphModuleEdge[] };
  cycles: ImportCycle[];
  /** Filled by the score stage; empty outside a git repository. */
  hotspots: Hotspot[];
  unresolved: UnresolvedImport[];
}
