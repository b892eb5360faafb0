import path from 'node:path';
import { ignore } from '../util/require-cjs.js';
import type { FileResult } from '../engine/analyze-file.js';
import type { AnalysisJob } from '../engine/analysis-job.js';
import type { FileRole } from '../discover/file-role.js';
import type { ResolutionSnapshot } from '../module-graph/carry-resolutions.js';
import type { SkippedFile } from '../model/types.js';
import { PRUNED_DIRECTORY_NAMES, type DiscoveredFile, type Discovery, type DiscoveryOptions } from '../discover/discover-files.js';
import { createGlobFilter, isGitignored, isSourceFile, packageNameOf, skipReasonOf, type GitignoreRules } from '../discover/file-filter.js';
import { checkSource } from '../discover/read-source.js';
import { MAX_CONFIGURATION_BYTES } from '../discover/read-regular-file.js';

/** A file offered by a source other than the disk: its place, its size and the id of its content. */
export interface SourceEntry {
  /** POSIX path relative to the scan root. */
  file: string;
  /** Bytes; a source may give 0 for files no discovery rule weighs (neither sources nor `.gitignore` nor JSON files). */
  size: number;
  /** Identifies the content (a git blob id): equal ids mean equal bytes. */
  id: string;
}

/**
 * Where `scan()` takes its files from instead of walking the disk below the root, for example a
 * tree of a git commit. The same rules of discovery apply (pruned directories, `.gitignore`
 * files of the tree, include/exclude, size, declaration files) and the same checks of content
 * (binary, UTF-8, minified, generated).
 */
export interface FileSource {
  /** Every regular file below the scan root, in any order. */
  entries: readonly SourceEntry[];
  /** The bytes of the given entries, in their order. */
  read(entries: readonly SourceEntry[]): Promise<Buffer[]>;
  /** The commit the files belong to, recorded in the report. */
  commit?: string;
  /** Results kept across scans of several sources, so that an unchanged file is analysed once. */
  memo?: SourceMemo;
}

/** A directory kept across the scans of one memo (the points of a trend), and which content it holds. */
export interface MaterialisedTree {
  directory: string;
  /** Content id by file. */
  files: Map<string, string>;
  /** Directories known to exist below it. */
  directories: Set<string>;
  busy: boolean;
}

/** What scans of several sources share: per-file outcomes by path and content id, and cross-file phases by input. */
export interface SourceMemo {
  files: Map<string, FileResult | SkippedFile>;
  /** Outcomes (promises) of cross-file phases by their input. */
  crossFile: Map<string, Promise<unknown>>;
  /** Directories the sources' files are written into for other tools, kept up to date between scans (src/source/materialise.ts). */
  trees?: MaterialisedTree[];
  /** Texts of manifests by content id, read once for all scans (src/source/source-view.ts). */
  texts?: Map<string, string>;
  /** The module resolutions of the last tree scanned, for the next to reuse (src/module-graph/carry-resolutions.ts). */
  resolutions?: ResolutionSnapshot;
  /**
   * Whether the `.gitignore` files of a tree ignore a path (`dir/` for a directory), by the
   * `.gitignore` files' paths and content ids: the trees of a trend mostly share them and their paths.
   */
  gitignored?: Map<string, Map<string, boolean>>;
  /** Discoveries by the sources' entries and the targets and filters applied: a trend discovers each tree before its scan does. */
  discoveries?: WeakMap<readonly SourceEntry[], Map<string, Promise<SourceDiscovery>>>;
}

export function createSourceMemo(): SourceMemo {
  return { files: new Map(), crossFile: new Map(), texts: new Map() };
}

export interface SourceCandidate extends DiscoveredFile {
  id: string;
}

export interface SourceDiscovery extends Discovery {
  files: SourceCandidate[];
}


/**
 * Applies the rules of `discoverFiles` to the entries of a source: returns the files to read, in
 * path order, the skipped ones with their reasons, the pruned directories and the workspace
 * packages. Reads only the `.gitignore` and `package.json` files of the source, and of them only
 * those within the size limit of configuration files (the others are skipped as too large).
 */
export async function discoverSource(
  root: string,
  source: FileSource,
  targets: readonly string[],
  options: DiscoveryOptions,
): Promise<SourceDiscovery> {
  const globs = createGlobFilter(options);
  const inTargets = targetFilter(targets);
  const entries = source.entries.filter((e) => inTargets(e.file));
  const skipped: SkippedFile[] = [];
  const { rules: gitignores, key: gitignoresKey } = await readGitignores(source, entries, skipped);
  const verdicts = gitignoreVerdicts(source.memo, gitignoresKey);
  const ignored = (relative: string, isDirectory: boolean): boolean => {
    const key = isDirectory ? `${relative}/` : relative;
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      verdict = isGitignored(gitignores, relative, isDirectory);
      verdicts.set(key, verdict);
    }
    return verdict;
  };
  const prunedAt = new Map<string, string | undefined>();
  const prunedAncestor = (file: string): string | undefined => {
    const slash = file.lastIndexOf('/');
    if (slash < 0) return undefined;
    const dir = file.slice(0, slash);
    if (prunedAt.has(dir)) return prunedAt.get(dir);
    const name = dir.slice(dir.lastIndexOf('/') + 1);
    const result =
      prunedAncestor(dir) ?? (PRUNED_DIRECTORY_NAMES.has(name) || ignored(dir, true) || globs.isExcluded(dir) ? dir : undefined);
    prunedAt.set(dir, result);
    return result;
  };

  const files: SourceCandidate[] = [];
  const pruned = new Set<string>();
  const packageEntries: SourceEntry[] = [];
  for (const entry of entries) {
    const { file, size } = entry;
    const prunedDir = prunedAncestor(file);
    if (prunedDir !== undefined) {
      pruned.add(prunedDir);
      continue;
    }
    if (file.endsWith('/package.json')) packageEntries.push(entry);
    if (!isSourceFile(file)) continue;
    const skip = skipReasonOf(file, size, options, globs, (relative) => ignored(relative, false));
    if (skip) skipped.push(skip);
    else files.push({ absolute: path.join(root, file), file, size, id: entry.id });
  }
  const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return {
    files: files.sort(byFile),
    packages: await readPackages(source, packageEntries, skipped),
    skipped: skipped.sort(byFile),
    prunedDirectories: [...pruned].sort(),
    // Sources are never cached on disk, so their manifests key nothing.
    manifests: [],
  };
}

/** `discoverSource`, once per source entries, targets and filters in a memo. */
export function discoverSourceOnce(root: string, source: FileSource, targets: readonly string[], options: DiscoveryOptions): Promise<SourceDiscovery> {
  const { memo } = source;
  if (!memo) return discoverSource(root, source, targets, options);
  memo.discoveries ??= new WeakMap();
  let byInput = memo.discoveries.get(source.entries);
  if (!byInput) {
    byInput = new Map();
    memo.discoveries.set(source.entries, byInput);
  }
  const key = JSON.stringify([root, targets, options.include, options.exclude, options.maxFileSize, options.followLinksOutside ?? null, options.outerIgnores ?? null]);
  let discovery = byInput.get(key);
  if (!discovery) {
    discovery = discoverSource(root, source, targets, options);
    byInput.set(key, discovery);
    discovery.catch(() => byInput?.delete(key));
  }
  return discovery;
}

/**
 * Splits the candidates into results known from earlier scans (by path and content id) and
 * files to analyse; reads the unknown ones in one batch and applies the checks of content.
 */
export async function collectFromSource(
  source: FileSource,
  candidates: readonly SourceCandidate[],
  maxLineLength: number,
  roleOf: (file: string) => FileRole,
): Promise<{ cached: FileResult[]; jobs: AnalysisJob[]; skipped: SkippedFile[] }> {
  const cached: FileResult[] = [];
  const skipped: SkippedFile[] = [];
  const unknown: SourceCandidate[] = [];
  for (const candidate of candidates) {
    const known = source.memo?.files.get(memoKey(candidate.file, candidate.id));
    if (known === undefined) unknown.push(candidate);
    else if ('reason' in known) skipped.push(known);
    else cached.push(known);
  }
  const contents = unknown.length > 0 ? await source.read(unknown) : [];
  const jobs: AnalysisJob[] = [];
  unknown.forEach((candidate, index) => {
    const read = checkSource(contents[index], maxLineLength);
    if (read.ok) {
      jobs.push({ file: candidate.file, text: read.text, hash: candidate.id, role: roleOf(candidate.file), digestLinkage: false });
      return;
    }
    const skip: SkippedFile = { file: candidate.file, reason: read.reason, detail: read.detail };
    source.memo?.files.set(memoKey(candidate.file, candidate.id), skip);
    skipped.push(skip);
  });
  return { cached, jobs, skipped };
}

/** Keeps the results of files analysed from a source; their `hash` is the content id. */
export function rememberResults(source: FileSource, results: readonly FileResult[]): void {
  for (const result of results) source.memo?.files.set(memoKey(result.file, result.hash), result);
}

/**
 * Runs a cross-file phase once per distinct input: the analysed files and their content ids, and
 * every other file of the source (manifests, tsconfig files and assets steer module resolution).
 * A source whose input equals that of an earlier scan (or of one still running) shares its
 * outcome. Keeps the last few inputs only: neighbouring points are the ones that match.
 */
export async function reuseCrossFile<T>(source: FileSource | undefined, results: readonly FileResult[], run: () => Promise<T>): Promise<T> {
  if (!source?.memo) return run();
  const analysed = new Set(results.map((r) => r.file));
  const others = source.entries.filter((e) => !analysed.has(e.file)).map((e) => `${e.file}\u0000${e.id}`).sort();
  const key = [...results.map((r) => `${r.file}\u0000${r.hash}`), ...others].join('\u0001');
  const { crossFile } = source.memo;
  const known = crossFile.get(key);
  if (known !== undefined) return known as Promise<T>;
  const output = run();
  crossFile.set(key, output);
  if (crossFile.size > CROSS_FILE_KEPT) crossFile.delete(crossFile.keys().next().value as string);
  output.catch(() => crossFile.delete(key));
  return output;
}

const CROSS_FILE_KEPT = 3;

/** The key of a file's outcome in a memo: its path and its content id. */
export function memoKey(file: string, id: string): string {
  return `${file}\u0000${id}`;
}

function targetFilter(targets: readonly string[]): (file: string) => boolean {
  const prefixes = targets.map((t) => t.replace(/\/+$/u, '')).filter((t) => t !== '' && t !== '.');
  if (prefixes.length < targets.length) return () => true;
  return (file) => prefixes.some((p) => file === p || file.startsWith(`${p}/`));
}

/** The entries within the size limit of configuration files; the others are reported as skipped. */
export function withinConfigurationLimit(entries: readonly SourceEntry[], skipped: SkippedFile[]): SourceEntry[] {
  return entries.filter((entry) => {
    if (entry.size <= MAX_CONFIGURATION_BYTES) return true;
    skipped.push({ file: entry.file, reason: 'too-large', detail: `${entry.size} bytes, limit ${MAX_CONFIGURATION_BYTES}` });
    return false;
  });
}

async function readGitignores(source: FileSource, entries: readonly SourceEntry[], skipped: SkippedFile[]): Promise<{ rules: GitignoreRules[]; key: string }> {
  const found = withinConfigurationLimit(
    entries.filter((e) => e.file === '.gitignore' || e.file.endsWith('/.gitignore')),
    skipped,
  );
  const key = found.map((e) => memoKey(e.file, e.id)).sort().join('\u0001');
  if (found.length === 0) return { rules: [], key };
  const contents = await source.read(found);
  const rules = found
    .map((e, i): GitignoreRules => ({ base: e.file.slice(0, Math.max(0, e.file.length - '/.gitignore'.length)), rules: ignore().add(contents[i].toString('utf8')) }))
    .sort((a, b) => a.base.length - b.base.length);
  return { rules, key };
}

/** The verdicts kept in the memo for a set of `.gitignore` files (a fresh map without a memo); the last few sets only. */
function gitignoreVerdicts(memo: SourceMemo | undefined, key: string): Map<string, boolean> {
  if (!memo) return new Map();
  memo.gitignored ??= new Map();
  let verdicts = memo.gitignored.get(key);
  if (!verdicts) {
    verdicts = new Map();
    memo.gitignored.set(key, verdicts);
    if (memo.gitignored.size > GITIGNORE_SETS_KEPT) memo.gitignored.delete(memo.gitignored.keys().next().value as string);
  }
  return verdicts;
}

/** A trend reads its trees twice (all of them to analyse their files, then each to scan it), so the sets of twelve monthly points are kept. */
const GITIGNORE_SETS_KEPT = 12;

/** The workspace packages; a package.json too large to read still marks a package, named by its directory. */
async function readPackages(source: FileSource, entries: readonly SourceEntry[], skipped: SkippedFile[]): Promise<{ dir: string; name: string }[]> {
  if (entries.length === 0) return [];
  const readable = withinConfigurationLimit(entries, skipped);
  const contents = new Map((await source.read(readable)).map((content, i) => [readable[i], content]));
  return entries
    .map((e) => {
      const dir = e.file.slice(0, -'/package.json'.length);
      const content = contents.get(e);
      return { dir, name: content === undefined ? dir : packageNameOf(content.toString('utf8'), dir) };
    })
    .sort((a, b) => (a.dir < b.dir ? -1 : 1));
}
