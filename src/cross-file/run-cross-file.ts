import { indexedFunctions } from '../clones/clones.js';
import { carryResolutions } from '../module-graph/carry-resolutions.js';
import { createModuleResolver, type ModuleResolution } from '../module-graph/create-module-resolver.js';
import { crossFileAnalyses } from './analyses.js';
import { ANALYSIS_READS, type AnalysisName, type FileReads } from './reads.js';
import type { AnalysisInput, AnalysisMemo } from './types.js';
import { mergeProbes, type ExistenceProbe } from '../module-graph/resolution-probes.js';
import { linkageOf, type Linkage, type LinkedFile } from '../facts/linkage.js';
import { buildCloneIndex, writeCloneIndex } from '../clones/clone-index.js';
import { layoutKey } from '../cache/cross-file-key.js';
import type { FileCache } from '../cache/file-cache.js';
import type { ResolvedConfig } from '../config/types.js';
import type { FileSource, SourceEntry } from '../source/file-source.js';
import { materialise, type MaterialisedFiles } from '../source/materialise.js';
import { createRoleResolver } from '../discover/file-role.js';
import type { SourceView } from '../source/source-view.js';
import type { FileSystemView } from '../module-graph/resolution-host.js';
import type { FileResult } from '../engine/analyze-file.js';
import { errorMessage } from '../errors.js';
import type { Notification } from '../model/types.js';
import type { ScannedFile, CrossFileReport, RuleRegistry } from '../rule/types.js';
import type { WorkspacePackage } from '../score/assign-module.js';

export type CrossFileOutcome = Awaited<ReturnType<typeof runCrossFile>>;

/** What a cross-file stage may be given besides the files. */
export interface CrossFileContext {
  /** The rules' definitions, for their cross-file phases. */
  registry: RuleRegistry;
  /** For files of a source other than the disk: writes them out for tools that read files themselves. */
  materialiseFiles?: (files: readonly string[]) => Promise<MaterialisedFiles>;
  /** What the analyses' early starts returned (src/cross-file/prepare.ts). */
  prepared?: Readonly<Record<string, unknown>>;
  /** Module resolutions kept from the last run. */
  memory?: ResolutionMemory;
  /** The files of a source other than the disk, as module resolution looks them up. */
  view?: FileSystemView;
  /** Each analysis's memo, kept from one run to the next. */
  analysisMemo?: (name: AnalysisName) => AnalysisMemo;
}

/**
 * The cross-file stage of a scan: the analyses over all files (import graph, clones) and the
 * rules' crossFile phases. This module is loaded only when the cache does not already hold the
 * outcome, since it brings the rules and TypeScript along.
 */
export async function runCrossFile(
  root: string,
  config: ResolvedConfig,
  results: readonly FileResult[],
  packages: readonly WorkspacePackage[],
  context: CrossFileContext,
): Promise<{
  crossFileReports: { rule: string; report: CrossFileReport }[];
  analysisData: Record<string, unknown>;
  notifications: Notification[];
  /** What the outcome depends on outside the scanned files (src/module-graph/resolution-probes.ts); null when probes cannot tell. */
  probes: ExistenceProbe[] | null;
}> {
  const notifications: Notification[] = [];
  const analysed = results.filter((r) => r.facts);
  const paths = analysed.map((r) => r.file);
  const { materialiseFiles, prepared = {}, memory, view, registry, analysisMemo } = context;
  const known = memory?.recall(paths);
  const resolver = createModuleResolver({ root, files: paths, packages, known, ...(view ? { view } : {}) });
  const { resolveImport, resolve: resolveModule } = resolver;
  const files = (rule?: string): ScannedFile[] =>
    analysed.map((r) => ({ file: r.file, facts: r.facts!, data: rule ? r.ruleData[rule] : undefined }));
  // Each analysis is given what it reads and no more, which is what keys the outcome in the cache.
  const allFiles = files();
  const given: Record<FileReads, readonly (LinkedFile | ScannedFile)[]> = { nothing: [], linkage: analysed.map(linkedFile), files: allFiles };
  // Edges kept under a layout hold only beside the resolutions kept under it.
  const layout = known ? memory?.layout?.(paths) : undefined;
  const base: Omit<AnalysisInput<LinkedFile | ScannedFile>, 'files' | 'previous'> = {
    root,
    config,
    resolveImport,
    resolveModule,
    packages,
    ...(materialiseFiles ? { materialise: materialiseFiles } : {}),
    ...(layout !== undefined ? { layout } : {}),
  };
  const { analysisData, probes } = await runAnalyses(base, (name) => given[ANALYSIS_READS[name](config)], prepared, analysisMemo, notifications);
  const crossFileReports: { rule: string; report: CrossFileReport }[] = [];
  const roleOf = createRoleResolver(config.files);
  for (const rule of config.rules) {
    const definition = registry.get(rule.name);
    if (!definition?.crossFile) continue;
    try {
      const reports = definition.crossFile({ files: definition.crossFileReads === 'analyses' ? [] : files(rule.name), options: rule.options, resolveImport, analyses: analysisData, root });
      for (const report of reports) if (rule.fileRoles.includes(roleOf(report.file))) crossFileReports.push({ rule: rule.name, report });
    } catch (error) {
      notifications.push({
        level: 'error',
        kind: 'rule-failure',
        message: `rule debt-scan/${rule.name} failed in its cross-file phase: ${errorMessage(error)}`,
        ruleId: `debt-scan/${rule.name}`,
      });
    }
  }
  memory?.keep(paths, () => resolver.entries(), resolver.changes());
  return { crossFileReports, analysisData, notifications, probes: mergeProbes([resolver.probes() ?? null, ...probes]) };
}

/** Runs every cross-file analysis in turn (each sees the data of those before it); a failure is a notification. */
async function runAnalyses(
  base: Omit<AnalysisInput<LinkedFile | ScannedFile>, 'files' | 'previous'>,
  filesFor: (name: AnalysisName) => readonly (LinkedFile | ScannedFile)[],
  prepared: Readonly<Record<string, unknown>>,
  analysisMemo: CrossFileContext['analysisMemo'],
  notifications: Notification[],
): Promise<{ analysisData: Record<string, unknown>; probes: (ExistenceProbe[] | null)[] }> {
  const analysisData: Record<string, unknown> = {};
  const probes: (ExistenceProbe[] | null)[] = [];
  for (const analysis of crossFileAnalyses) {
    try {
      const memo = analysisMemo?.(analysis.name);
      const output = await analysis.run({ ...base, files: filesFor(analysis.name), previous: analysisData, prepared: prepared[analysis.name], ...(memo ? { memo } : {}) });
      analysisData[analysis.name] = output.data;
      notifications.push(...(output.notifications ?? []));
      if (output.probes !== undefined) probes.push(output.probes);
    } catch (error) {
      notifications.push({ level: 'error', kind: 'analysis-failure', message: `cross-file analysis ${analysis.name} failed: ${errorMessage(error)}` });
    }
  }
  return { analysisData, probes };
}

/**
 * A file as analyses that read linkage see it: its linkage digest, and its linkage made when first
 * read, so that an analysis that keeps what it made of unchanged files reads no facts of theirs.
 */
function linkedFile(result: FileResult): LinkedFile {
  let linkage: Linkage | undefined;
  return {
    file: result.file,
    ...(result.linkage !== undefined ? { digest: result.linkage } : {}),
    get facts() {
      return (linkage ??= linkageOf(result.facts!));
    },
  };
}

/** Module resolutions kept in the cache from one run to the next, valid while file paths and manifests stay the same. */
export interface ResolutionMemory {
  recall(files: readonly string[]): [string, ModuleResolution][] | undefined;
  /** The digest of what the resolutions depend on (src/cache/cross-file-key.ts `layoutKey`), where the memory has one. */
  layout?(files: readonly string[]): string;
  /** Keeps the resolutions of this run (`entries`, asked for only when kept), of which `changes` were made or dropped by it. */
  keep(files: readonly string[], entries: () => [string, ModuleResolution][], changes: number): void;
}

const RESOLUTIONS_MEMO = 'module-resolutions';

/**
 * A remembered set of resolutions is written again only when this run changed more than this
 * share of it: writing it costs as much as resolving a few hundred imports (on typeorm, 18,000
 * resolutions, 2.2 MB, about 25 ms to write and read again), and an import added or edited only
 * leaves its own resolution to be made again by the next run.
 */
const RESOLUTIONS_KEPT_BELOW = 1 / 100;

export function resolutionMemory(root: string, cache: FileCache | undefined, skipped: readonly string[], manifests: readonly string[]): ResolutionMemory | undefined {
  if (!cache) return undefined;
  let recalled = 0;
  // The key reads every manifest: made once for the files both are given.
  let keyed: { files: readonly string[]; key: string } | undefined;
  const keyOf = (files: readonly string[]): string => (keyed?.files === files ? keyed.key : (keyed = { files, key: layoutKey(root, files, skipped, manifests) }).key);
  return {
    layout: keyOf,
    recall: (files) => {
      const known = cache.getMemo<[string, ModuleResolution][]>(RESOLUTIONS_MEMO, keyOf(files));
      recalled = known?.length ?? 0;
      return known;
    },
    keep: (files, entries, changes) => {
      if (recalled > 0 && changes <= recalled * RESOLUTIONS_KEPT_BELOW) return;
      cache.setMemo(RESOLUTIONS_MEMO, keyOf(files), entries());
    },
  };
}

/** The analyses' memos in the result cache: one value per part of each (the last run's). */
export function analysisMemory(cache: FileCache | undefined): ((name: AnalysisName) => AnalysisMemo) | undefined {
  if (!cache) return undefined;
  return (name) => ({
    recall: (part, key) => cache.getMemo(`analysis-${name}-${part}`, key),
    keep: (part, key, value) => cache.setMemo(`analysis-${name}-${part}`, key, value),
  });
}

/**
 * Module resolutions handed from one tree of a source (a trend's commits) to the next: kept where
 * the differences between the trees cannot have touched them (src/module-graph/carry-resolutions.ts).
 */
export function carriedResolutions(source: FileSource, view: SourceView, packages: readonly WorkspacePackage[]): ResolutionMemory | undefined {
  const memo = source.memo;
  if (!memo) return undefined;
  const tree = new Set(source.entries.map((e) => e.file));
  const { versions, compilers, declared } = view.configuration;
  const configuration = { versions, compilers };
  return {
    recall: (files) => (memo.resolutions ? carryResolutions(memo.resolutions, { tree, scanned: new Set(files), configuration, declared, packages }) : undefined),
    keep: (files, entries) => {
      memo.resolutions = { tree, scanned: new Set(files), configuration, declared, entries: entries() };
    },
  };
}

/** Writes files of a non-disk source, named by their paths, into a directory for analyses that hand files to other tools. */
export function sourceMaterialiser(source: FileSource, files: readonly SourceEntry[]): (wanted: readonly string[]) => Promise<MaterialisedFiles> {
  const byFile = new Map(files.map((f) => [f.file, f]));
  return (wanted) => materialise(source, wanted.map((file) => byFile.get(file)).filter((entry): entry is SourceEntry => entry !== undefined));
}

/** Writes the clone index the ESLint rules of duplication read to report a file's clones in other files. */
export function writeCloneIndexFor(
  target: { directory: string; secret: Uint8Array },
  root: string,
  config: ResolvedConfig,
  results: readonly FileResult[],
  crossFile: CrossFileOutcome,
  registry: RuleRegistry,
): void {
  const rules = config.rules.map((r) => r.name).filter((name) => registry.get(name)?.eslintCached);
  const index = buildCloneIndex(root, rules, results.filter((r) => r.facts), crossFile.crossFileReports, indexedFunctions(config, results, crossFile.analysisData));
  writeCloneIndex(target.directory, index, target.secret);
}
