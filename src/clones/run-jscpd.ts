import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { errorCode } from '../errors.js';
import { readRegularFile } from '../discover/read-regular-file.js';
import { createScratchDirectory, killAtExit, removeScratchDirectory } from '../util/scratch.js';
import { relativePosix } from '../util/paths.js';

/** Where jscpd's native engine is, or why it cannot run here. */
export type JscpdEngine = { available: true; binary: string } | { available: false; reason: string };

export interface JscpdOptions {
  minTokens: number;
  minLines: number;
  /** Milliseconds before the child process is stopped. */
  timeoutMs: number;

}

/** One fragment of a jscpd duplicate: 1-based lines, 1-based columns with an exclusive end. */
export interface JscpdFragment {
  /** POSIX path relative to the root jscpd ran in. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JscpdDuplicate {
  first: JscpdFragment;
  second: JscpdFragment;
  lines: number;
  tokens: number;
}

/**
 * How the files handed to jscpd lie on the disk, as the scan's walk found them, so that jscpd can
 * walk whole directories: given a list of files, it opens each path on its own and pauses about a
 * millisecond between them, which costs seconds on a large repository.
 */
export interface DiskLayout {
  /** The targets the walk started from (POSIX paths relative to the root; '' is the root). */
  walked: readonly string[];
  /** Every source file the walk met, analysed or skipped. */
  seen: readonly string[];
  /** Paths jscpd must not walk into: directories the walk did not enter, links it followed, unreadable entries. */
  opaque: readonly string[];
}

/**
 * What jscpd is given: the directories and files to walk, and what to leave out inside them
 * (files, and whole directories written with a trailing slash), all relative to the root.
 */
export interface JscpdPaths {
  paths: string[];
  ignore: string[];
}

/** jscpd's own size limit (`maxSize`), which also bounds what is read to place its fragments. */
const MAX_JSCPD_FILE_BYTES = 100 * 1024 * 1024;
const SOURCE_PATTERN = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
/**
 * Glob characters, escaped in ignore patterns as one-character classes. A backslash and `!` do
 * not escape that way in jscpd's globs (`[!]` reads as a negated class), so a path holding one is
 * never made a pattern.
 */
const GLOB_SPECIAL = /[*?[\]{}]/gu;
const UNESCAPABLE = /[\\!]/u;
const PLAIN_NAME = /^[^.][^/]*\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/u;

/**
 * The fewest paths that make jscpd read exactly `files`: each file goes in through the highest
 * directory that holds nothing else jscpd would read, except files listed to ignore. A directory
 * is unusable when the walk did not cover it whole: it lies above a target, or holds a directory
 * the walk pruned, a followed link or an unreadable entry. Files whose names jscpd's source
 * pattern or its ignore globs might read differently (dot files, upper-case extensions,
 * backslashes, `!`) are listed one by one. A file to leave out is ignored through the highest
 * directory that holds none of `files`, because jscpd's cost grows with paths times ignore globs.
 */
export function planJscpdPaths(files: readonly string[], layout: DiskLayout): JscpdPaths {
  const wanted = new Set(files);
  const unusable = new Set<string>();
  const markAbove = (relative: string): void => {
    if (relative === '') return;
    unusable.add('');
    for (let slash = relative.indexOf('/'); slash > 0; slash = relative.indexOf('/', slash + 1)) unusable.add(relative.slice(0, slash));
  };
  for (const target of layout.walked) markAbove(target);
  for (const entry of layout.opaque) {
    markAbove(entry);
    unusable.add(entry);
  }
  const holdsWanted = new Set<string>();
  for (const file of files) for (let slash = file.indexOf('/'); slash > 0; slash = file.indexOf('/', slash + 1)) holdsWanted.add(file.slice(0, slash));
  const ignore = new Set<string>();
  for (const file of layout.seen) {
    if (wanted.has(file)) continue;
    if (UNESCAPABLE.test(file)) markAbove(file);
    else ignore.add(highestWithout(file, holdsWanted));
  }
  for (const file of files) if (!PLAIN_NAME.test(file.slice(file.lastIndexOf('/') + 1)) || UNESCAPABLE.test(file)) markAbove(file);
  const paths = new Set<string>();
  for (const file of files) paths.add(entryPathOf(file, unusable));
  return { paths: [...paths].sort(), ignore: [...ignore].sort() };
}

/** The highest directory above a file that holds none of the wanted files (with a trailing slash), or the file itself. */
function highestWithout(file: string, holdsWanted: ReadonlySet<string>): string {
  const directory = highestDirectoryOutside(file, holdsWanted);
  return directory === undefined ? file : `${directory}/`;
}

/** The highest usable directory above a file, or the file itself. */
function entryPathOf(file: string, unusable: ReadonlySet<string>): string {
  return unusable.has('') ? (highestDirectoryOutside(file, unusable) ?? file) : '';
}

/** The highest directory above a file (the root aside) that is not in `set`. */
function highestDirectoryOutside(file: string, set: ReadonlySet<string>): string | undefined {
  for (let slash = file.indexOf('/'); slash > 0; slash = file.indexOf('/', slash + 1)) {
    const directory = file.slice(0, slash);
    if (!set.has(directory)) return directory;
  }
  return undefined;
}

export type JscpdRun = { ok: true; duplicates: JscpdDuplicate[] } | { ok: false; reason: string };

interface PlatformMap {
  PLATFORM_MAP: Record<string, { packageName: string }>;
  getPlatformKey(): string | undefined;
  describeHost(): string;
}

let located: JscpdEngine | undefined;

/**
 * Finds the native engine the jscpd npm package installs for this platform (an optional
 * dependency, so it may be missing), the way jscpd's own launcher does, without starting it.
 * Looked up once per process: telling glibc from musl asks Node for a diagnostic report.
 */
export function locateJscpdEngine(): JscpdEngine {
  located ??= findJscpdEngine();
  return located;
}

function findJscpdEngine(): JscpdEngine {
  const require = createRequire(import.meta.url);
  let platforms: PlatformMap;
  let launcherDirectory: string;
  try {
    launcherDirectory = path.dirname(require.resolve('jscpd/package.json'));
    platforms = require('jscpd/platform-map.js') as PlatformMap;
  } catch {
    return { available: false, reason: 'the jscpd package is not installed' };
  }
  const key = platforms.getPlatformKey();
  if (!key) return { available: false, reason: `jscpd has no native engine for ${platforms.describeHost()}` };
  const packageName = platforms.PLATFORM_MAP[key].packageName;
  try {
    const manifest = require.resolve(`${packageName}/package.json`, { paths: [path.dirname(launcherDirectory), launcherDirectory] });
    const binary = path.join(path.dirname(manifest), 'bin', process.platform === 'win32' ? 'jscpd.exe' : 'jscpd');
    if (existsSync(binary)) return { available: true, binary };
    return { available: false, reason: `jscpd's native engine is missing from ${packageName}` };
  } catch {
    return { available: false, reason: `jscpd's native engine for ${platforms.describeHost()} (npm package ${packageName}) is not installed` };
  }
}

/**
 * Runs jscpd's native engine as a child process on exactly the given files (POSIX paths relative
 * to `root`), JavaScript and TypeScript compared across formats, and reads its JSON report. The
 * paths go through a temporary configuration file, so that no command line grows with the
 * repository. With the layout of the files on the disk, jscpd walks whole directories (see
 * `planJscpdPaths`); without it, or where globs cannot name the paths safely, it gets the list of files.
 */
export async function runJscpd(binary: string, root: string, files: readonly string[], options: JscpdOptions, layout?: DiskLayout): Promise<JscpdRun> {
  if (files.length < 1) return { ok: true, duplicates: [] };
  let directory: string;
  try {
    directory = createScratchDirectory(tmpdir(), 'jscpd');
  } catch (error) {
    return { ok: false, reason: `jscpd could not run: cannot create a temporary directory in ${tmpdir()} (${errorCode(error)})` };
  }
  try {
    const output = path.join(directory, 'report');
    const config = path.join(directory, 'jscpd.json');
    writeFileSync(
      config,
      JSON.stringify({
        ...pathsFor(root, files, layout),
        minTokens: options.minTokens,
        minLines: options.minLines,
        reporters: ['json'],
        output,
        silent: true,
        absolute: true,
        noGitignore: true,
        crossFormats: 'js-ts',
        maxSize: `${MAX_JSCPD_FILE_BYTES / (1024 * 1024)}mb`,
      }),
    );
    const failure = await execute(binary, ['--config', config, '--no-tips'], directory, options.timeoutMs);
    if (failure) return { ok: false, reason: failure };
    const reportFile = path.join(output, 'jscpd-report.json');
    if (!existsSync(reportFile)) return { ok: false, reason: 'jscpd wrote no report' };
    return { ok: true, duplicates: toUtf16Columns(parseJscpdReport(readFileSync(reportFile, 'utf8'), root), (file) => readBytes(path.join(root, file))) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    removeScratchDirectory(directory);
  }
}

function pathsFor(root: string, files: readonly string[], layout: DiskLayout | undefined): { path: string[]; ignore?: string[]; pattern?: string } {
  if (!layout || process.platform === 'win32' || UNESCAPABLE.test(root)) return { path: files.map((file) => path.join(root, file)) };
  const plan = planJscpdPaths(files, layout);
  return { path: plan.paths.map((p) => path.join(root, p)), ignore: plan.ignore.map((p) => `${escapeGlob(path.join(root, p))}${p.endsWith('/') ? '**' : ''}`), pattern: SOURCE_PATTERN };
}

/** A path as a glob that matches only itself. */
export function escapeGlob(literal: string): string {
  return literal.replace(GLOB_SPECIAL, (c) => `[${c}]`);
}

/** Reads the duplicates of jscpd's JSON report (absolute paths) relative to `root`; entries of another shape are skipped. */
export function parseJscpdReport(text: string, root: string): JscpdDuplicate[] {
  const report = JSON.parse(text) as { duplicates?: unknown };
  if (!Array.isArray(report.duplicates)) throw new Error('the jscpd report has no list of duplicates');
  return report.duplicates.flatMap((entry: unknown): JscpdDuplicate[] => {
    const raw = entry as { firstFile?: unknown; secondFile?: unknown; lines?: unknown; tokens?: unknown };
    const first = fragmentOf(raw.firstFile, root);
    const second = fragmentOf(raw.secondFile, root);
    if (!first || !second) return [];
    return [{ first, second, lines: numberOr(raw.lines, first.endLine - first.line + 1), tokens: numberOr(raw.tokens, 0) }];
  });
}

function fragmentOf(raw: unknown, root: string): JscpdFragment | undefined {
  const value = raw as { name?: unknown; startLoc?: { line?: unknown; column?: unknown }; endLoc?: { line?: unknown; column?: unknown } } | undefined;
  if (!value || typeof value.name !== 'string' || !value.startLoc || !value.endLoc) return undefined;
  const { startLoc, endLoc } = value;
  if (typeof startLoc.line !== 'number' || typeof endLoc.line !== 'number') return undefined;
  return {
    file: relativePosix(root, path.resolve(root, value.name)),
    line: startLoc.line,
    column: numberOr(startLoc.column, 0) + 1,
    endLine: endLoc.line,
    endColumn: numberOr(endLoc.column, 0) + 1,
  };
}

/**
 * jscpd counts columns in UTF-8 bytes; findings count UTF-16 code units (src/model/types.ts). Moves
 * the columns of fragments whose first or last line has other than ASCII characters, reading each
 * such file once (as jscpd read it); a file that cannot be read keeps jscpd's columns.
 */
export function toUtf16Columns(duplicates: JscpdDuplicate[], read: (file: string) => Buffer | undefined): JscpdDuplicate[] {
  const starts = new Map<string, { bytes: Buffer; lines: number[] } | undefined>();
  const lineStarts = (file: string) => {
    if (!starts.has(file)) {
      const bytes = read(file);
      starts.set(file, bytes && { bytes, lines: byteLineStarts(bytes) });
    }
    return starts.get(file);
  };
  const column = (file: string, line: number, byteColumn: number): number => {
    const known = lineStarts(file);
    const start = known?.lines[line - 1];
    if (!known || start === undefined) return byteColumn;
    let prefix = known.bytes.subarray(start, Math.min(start + byteColumn - 1, known.bytes.length)).toString('utf8');
    // The scan counts positions after the byte order mark (src/discover/read-source.ts).
    if (line === 1 && prefix.startsWith('\uFEFF')) prefix = prefix.slice(1);
    return prefix.length + 1;
  };
  const convert = (fragment: JscpdFragment): JscpdFragment => ({
    ...fragment,
    column: column(fragment.file, fragment.line, fragment.column),
    endColumn: column(fragment.file, fragment.endLine, fragment.endColumn),
  });
  return duplicates.map((d) => ({ ...d, first: convert(d.first), second: convert(d.second) }));
}

/** Byte offsets where each line starts (after LF; a CR before it belongs to the line before). */
function byteLineStarts(bytes: Buffer): number[] {
  const starts = [0];
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) starts.push(at + 1);
  return starts;
}

function readBytes(file: string): Buffer | undefined {
  const read = readRegularFile(file, MAX_JSCPD_FILE_BYTES);
  return read.ok ? read.bytes : undefined;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Runs the engine; resolves to a reason when it failed, undefined when it succeeded. */
function execute(binary: string, args: string[], cwd: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = execFile(binary, args, { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (error, _stdout, stderr) => {
      ended();
      if (!error) return resolve(undefined);
      const { code, killed, signal } = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
      if (killed || signal === 'SIGTERM') return resolve(`jscpd did not finish within ${Math.round(timeoutMs / 1000)} s`);
      if (code === 'ENOENT' || code === 'EACCES') return resolve(`jscpd's native engine could not be started (${code})`);
      const detail = String(stderr).trim().split('\n').at(-1) ?? '';
      resolve(`jscpd failed${typeof code === 'number' ? ` with exit code ${code}` : ''}${detail ? `: ${detail}` : ''}`);
    });
    const ended = killAtExit(child);
  });
}
