import path from 'node:path';
import { nearestConfigFinder } from '../module-graph/find-project-config.js';
import { MAX_CONFIGURATION_BYTES, readRegularFile } from '../discover/read-regular-file.js';
import type { Notification } from '../model/types.js';
import ts from '../parse/typescript.cjs';
import type { WorkspaceLinks } from './workspace-links.js';
import { normalizeSlashes } from '../util/paths.js';

/** The scanned files one tsconfig governs: they are type-checked together, in one program. */
export interface TypedGroup {
  /** The tsconfig (or jsconfig), relative to the scan root. */
  config: string;
  /** Its compiler options, as TypeScript parsed them (extends followed). */
  options: ts.CompilerOptions;
  /** The scanned files it includes, relative to the scan root, sorted. */
  files: string[];
}

export interface TypedPlan {
  groups: TypedGroup[];
  /** Scanned files no usable tsconfig includes: analysed without types. */
  outside: string[];
  /** A tsconfig that cannot be used (does not parse, extends a missing file, names no files), each once. */
  notifications: Notification[];
}

/** How deep `references` are followed from the nearest tsconfig of a file. */
const MAX_REFERENCE_DEPTH = 4;
/** TypeScript's "No inputs were found in config file": a solution-style tsconfig's usual state. */
const NO_INPUTS = 18003;

interface LoadedConfig {
  path: string;
  parsed: ts.ParsedCommandLine;
  fileNames: ReadonlySet<string>;
  /** Configuration files of its `references`, absolute. */
  references: string[];
}

/**
 * Decides which tsconfig types each scanned file: the nearest tsconfig.json (or jsconfig.json) in
 * the file's directory or above, up to the scan root, when it includes the file; otherwise the
 * first configuration among its `references` (followed a few levels, as solution-style configs
 * nest them) that does. Inclusion is TypeScript's own (`files`, `include`, `exclude`, extensions,
 * `allowJs`), matched against the scanned files only, so the tree is not walked again. Nothing of
 * the configuration runs: tsconfig files are JSON, and only their options and file lists are read.
 */
export function planTypedGroups(root: string, files: readonly string[], links?: WorkspaceLinks): TypedPlan {
  const absoluteRoot = normalizeSlashes(path.resolve(root));
  const scanned = files.map((file) => `${absoluteRoot}/${file}`);
  const tree = directoryTree(absoluteRoot, scanned);
  const loaded = new Map<string, LoadedConfig | undefined>();
  const notifications: Notification[] = [];

  const configIn = nearestConfigFinder(absoluteRoot, (file) => ts.sys.fileExists(file));
  const load = (configPath: string): LoadedConfig | undefined => {
    if (!loaded.has(configPath)) {
      const result = loadConfig(configPath, tree, links);
      if ('problem' in result) {
        notifications.push({
          level: 'warning',
          kind: 'typed-config',
          message: `${relative(absoluteRoot, configPath)}: ${result.problem.split(`${absoluteRoot}/`).join('')}; the files it governs were analysed without types`,
          file: relative(absoluteRoot, configPath),
        });
      }
      loaded.set(configPath, 'problem' in result ? undefined : result);
    }
    return loaded.get(configPath);
  };
  const governing = (file: string): LoadedConfig | undefined => {
    const start = configIn(path.posix.dirname(file));
    if (start === undefined) return undefined;
    const seen = new Set<string>();
    const search = (configPath: string, depth: number): LoadedConfig | undefined => {
      if (seen.has(configPath) || depth > MAX_REFERENCE_DEPTH) return undefined;
      seen.add(configPath);
      const config = load(configPath);
      if (!config) return undefined;
      if (config.fileNames.has(file)) return config;
      for (const reference of config.references) {
        const found = search(reference, depth + 1);
        if (found) return found;
      }
      return undefined;
    };
    return search(start, 0);
  };

  const byConfig = new Map<string, { config: LoadedConfig; files: string[] }>();
  const outside: string[] = [];
  scanned.forEach((absolute, index) => {
    const config = governing(absolute);
    if (!config) {
      outside.push(files[index]);
      return;
    }
    const group = byConfig.get(config.path) ?? { config, files: [] };
    group.files.push(files[index]);
    byConfig.set(config.path, group);
  });
  const groups = [...byConfig.values()]
    .map(({ config, files: members }) => ({ config: relative(absoluteRoot, config.path), options: config.parsed.options, files: members.sort() }))
    .sort((a, b) => (a.config < b.config ? -1 : a.config > b.config ? 1 : 0));
  return { groups, outside: outside.sort(), notifications };
}

/**
 * Reads and parses one configuration. A file that cannot be read or parsed, that extends a file
 * that cannot be found, or that includes no file (unless it is a solution of `references`) is
 * a problem to tell the user; TypeScript's other complaints (an option this TypeScript does not
 * know, say) leave the configuration usable, as the editor uses it.
 */
function loadConfig(configPath: string, tree: DirectoryTree, links: WorkspaceLinks | undefined): LoadedConfig | { problem: string } {
  const unrecoverable: ts.Diagnostic[] = [];
  const host: ts.ParseConfigFileHost = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    getCurrentDirectory: () => path.posix.dirname(configPath),
    fileExists: (file) => (links ? links.fileExists(file) : ts.sys.fileExists(file)),
    readFile: (file) => readConfiguration(links?.target(file) ?? file),
    readDirectory: (directory, extensions, excludes, includes, depth) => tree.readDirectory(directory, extensions, excludes, includes, depth),
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => unrecoverable.push(diagnostic),
  };
  let parsed: ts.ParsedCommandLine | undefined;
  try {
    parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, host);
  } catch (error) {
    return { problem: `could not be parsed (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!parsed || unrecoverable.length > 0) return { problem: `could not be read: ${describe(unrecoverable[0])}` };
  const references = (parsed.projectReferences ?? []).map((reference) => referencePath(normalizeSlashes(reference.path)));
  // TypeScript's JSON parser recovers from syntax errors and keeps them on the parsed file only.
  const syntax = (parsed.options.configFile as { parseDiagnostics?: readonly ts.Diagnostic[] } | undefined)?.parseDiagnostics ?? [];
  if (syntax.length > 0) return { problem: `does not parse as JSON: ${describe(syntax[0])}${lineOf(syntax[0])}` };
  const fatal = parsed.errors.filter((diagnostic) => isFatal(diagnostic, references.length > 0));
  if (fatal.length > 0) return { problem: describe(fatal[0]) };
  return { path: configPath, parsed, fileNames: new Set(parsed.fileNames.map(normalizeSlashes)), references };
}

/** A configuration error that makes the file unusable: a syntax error, a missing `extends`, no files (other than in a solution). */
function isFatal(diagnostic: ts.Diagnostic, hasReferences: boolean): boolean {
  if (diagnostic.code === NO_INPUTS) return !hasReferences;
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  // Syntax errors of the JSON (1xxx), and files TypeScript could not find or read (extends).
  return diagnostic.code < 2000 || /not found|cannot read|cannot find/iu.test(message);
}

function describe(diagnostic: ts.Diagnostic | undefined): string {
  if (!diagnostic) return 'TypeScript could not read it';
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  if (diagnostic.code === NO_INPUTS) return 'it includes no file that debt-scan scans';
  return text.replace(/\.$/u, '');
}

/** ` (line 4)`: where in the file a diagnostic points, when it does. */
function lineOf(diagnostic: ts.Diagnostic): string {
  if (!diagnostic.file || diagnostic.start === undefined) return '';
  return ` (line ${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1})`;
}

/** Configuration files are read with the same limits as every configuration: regular files of a bounded size. */
function readConfiguration(file: string): string | undefined {
  const read = readRegularFile(file, MAX_CONFIGURATION_BYTES);
  return read.ok ? read.bytes.toString('utf8') : undefined;
}

/** A reference's `path` names a configuration file or a directory holding a tsconfig.json. */
function referencePath(reference: string): string {
  return reference.endsWith('.json') && ts.sys.fileExists(reference) ? reference : `${reference.replace(/\/+$/u, '')}/tsconfig.json`;
}

interface DirectoryTree {
  readDirectory(directory: string, extensions: readonly string[] | undefined, excludes: readonly string[] | undefined, includes: readonly string[], depth?: number): string[];
}

type MatchFiles = (
  directory: string,
  extensions: readonly string[] | undefined,
  excludes: readonly string[] | undefined,
  includes: readonly string[],
  useCaseSensitiveFileNames: boolean,
  currentDirectory: string,
  depth: number | undefined,
  getFileSystemEntries: (directory: string) => { files: readonly string[]; directories: readonly string[] },
  realpath: (file: string) => string,
) => string[];

/**
 * The scanned files as a directory tree, for TypeScript's own matching of `include` and
 * `exclude` (its `matchFiles`, which `ts.sys.readDirectory` runs over the disk): the tsconfig's
 * file list is computed over the files debt-scan scans, without walking the tree again.
 */
function directoryTree(root: string, files: readonly string[]): DirectoryTree {
  const entries = new Map<string, { files: string[]; directories: Set<string> }>();
  const entry = (directory: string) => {
    let found = entries.get(directory);
    if (!found) {
      found = { files: [], directories: new Set() };
      entries.set(directory, found);
    }
    return found;
  };
  for (const file of files) {
    let directory = path.posix.dirname(file);
    entry(directory).files.push(path.posix.basename(file));
    while (directory !== root && directory.startsWith(`${root}/`)) {
      const parent = path.posix.dirname(directory);
      entry(parent).directories.add(path.posix.basename(directory));
      directory = parent;
    }
  }
  // Internal to TypeScript (5.3 to 6.0 alike); without it, the disk is walked as tsc would.
  const internal: unknown = Reflect.get(ts, 'matchFiles');
  const matchFiles = typeof internal === 'function' ? (internal as MatchFiles) : undefined;
  return {
    readDirectory(directory, extensions, excludes, includes, depth) {
      if (!matchFiles) return ts.sys.readDirectory(directory, extensions, excludes, includes, depth);
      return matchFiles(directory, extensions, excludes, includes, ts.sys.useCaseSensitiveFileNames, directory, depth, (dir) => {
        const found = entries.get(normalizeSlashes(dir).replace(/\/+$/u, ''));
        return { files: found?.files ?? [], directories: found ? [...found.directories] : [] };
      }, (file) => file);
    },
  };
}

function relative(root: string, file: string): string {
  return path.posix.relative(root, file);
}

