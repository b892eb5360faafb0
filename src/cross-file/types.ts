import type { ResolvedConfig } from '../config/types.js';
import type { Notification } from '../model/types.js';
import type { ScannedFile } from '../rule/types.js';
import type { LinkedFile } from '../facts/linkage.js';
import type { AnalysisName } from './reads.js';
import type { WorkspacePackage } from '../score/assign-module.js';
import type { ModuleResolver } from '../module-graph/create-module-resolver.js';
import type { DiskLayout } from '../clones/run-jscpd.js';
import type { MaterialisedFiles } from '../source/materialise.js';
import type { ExistenceProbe } from '../module-graph/resolution-probes.js';

export interface AnalysisInput<File extends LinkedFile | ScannedFile = ScannedFile> {
  /** Absolute path of the scan root. */
  root: string;
  /** Every analysed file, as far as the analysis reads it (src/cross-file/reads.ts), in path order. */
  files: readonly File[];
  config: ResolvedConfig;
  resolveImport(fromFile: string, specifier: string): string | undefined;
  /** The same resolver with the reason when an import leads to no scanned file (src/module-graph/create-module-resolver.ts). */
  resolveModule?: ModuleResolver['resolve'];
  /** Workspace packages below the root, which files roll up into as modules. */
  packages?: readonly WorkspacePackage[];
  /** Data of the analyses that ran earlier, by name. */
  previous: Readonly<Record<string, unknown>>;
  /**
   * Present when the files do not come from the disk below the root (a git tree, for example):
   * writes the given files (POSIX paths relative to the root) into a directory, for tools that
   * read files themselves, and gives its path until released.
   */
  materialise?(files: readonly string[]): Promise<MaterialisedFiles>;
  /** What this analysis's early start (src/cross-file/prepare.ts) returned, when it has one and it ran. */
  prepared?: unknown;
  /** Where the analysis may keep values for the next run, each part under a key it makes of all the value depends on. */
  memo?: AnalysisMemo;
  /**
   * A digest of what module resolution depends on (the paths of the analysed and skipped files, the
   * manifests): under the same layout, an import written the same way leads to the same place.
   * Absent where no memo keeps what was resolved under it.
   */
  layout?: string;
}

/** Values an analysis keeps from one run to the next, in named parts: `recall` gives a part back only under the key it was kept under. */
export interface AnalysisMemo {
  recall(part: string, key: string): unknown;
  keep(part: string, key: string, value: unknown): void;
}

export interface AnalysisOutput {
  /** Stored in the report model under `analyses[name]`, so it must be JSON-serialisable. */
  data: unknown;
  notifications?: Notification[];
  /**
   * What the data depends on outside the scanned files, as probes of paths (an asset an import
   * names, for one): a kept outcome is used again only while every probe holds. Null when probes
   * cannot tell; absent when the data depends on nothing outside the scanned files.
   */
  probes?: ExistenceProbe[] | null;
}

/**
 * A cross-file analysis (clone index, import graph): runs after every file was analysed and
 * before the rules' `crossFile` phases, which read its data.
 */
export interface CrossFileAnalysis {
  /** Also the key of what it reads (src/cross-file/reads.ts) and of its early start in src/cross-file/prepare.ts, if it has one. */
  name: AnalysisName;
  /** Given each file as far as the analysis reads it under the configuration (`ANALYSIS_READS`): nothing, linkage or everything. */
  run(input: AnalysisInput<LinkedFile | ScannedFile>): AnalysisOutput | Promise<AnalysisOutput>;
}

export interface PrepareInput {
  /** Absolute path of the scan root. */
  root: string;
  /** The files that will be analysed (POSIX paths relative to the root, read from the disk). */
  files: readonly string[];
  config: ResolvedConfig;
  /** Where the files lie on the disk, as the walk found them (for tools that walk directories themselves). */
  layout?: DiskLayout;
}
