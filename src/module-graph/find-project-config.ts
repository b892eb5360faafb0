import path from 'node:path';
import ts from '../parse/typescript.cjs';
import type { ResolutionHost } from './resolution-host.js';
import { normalizeSlashes } from '../util/paths.js';

/** The compiler options that resolve the imports of a file, with what the resolver needs around them. */
export interface ProjectConfig {
  /** Absolute path of the tsconfig.json or jsconfig.json, or `<defaults>`. */
  configPath: string;
  /** Options for TypeScript's resolver: the project's, with a lenient `moduleResolution` (see `resolutionOptions`). */
  options: ts.CompilerOptions;
  /** The same options with `moduleResolution: bundler`, tried when a Node16/NodeNext resolution fails. */
  fallbackOptions?: ts.CompilerOptions;
  cache: ts.ModuleResolutionCache;
  fallbackCache?: ts.ModuleResolutionCache;
  /** `paths` patterns other than the catch-all `*`: specifiers matching one are aliases, not packages. */
  aliases: { prefix: string; suffix: string; exact: boolean; targets: string[] }[];
  /** Absolute directory the `paths` targets are relative to. */
  pathsBase: string;
  /** Output directories mapped back to their sources (project references compile into them). */
  outputs: { outDir: string; rootDirs: string[] }[];
}

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

/**
 * A memoised lookup of the configuration nearest to a directory: tsconfig.json (or jsconfig.json)
 * in it or in a directory above, up to `root` (absolute, POSIX separators).
 */
export function nearestConfigFinder(root: string, fileExists: (file: string) => boolean): (directory: string) => string | undefined {
  const nearest = new Map<string, string | undefined>();
  const configIn = (directory: string): string | undefined => {
    if (nearest.has(directory)) return nearest.get(directory);
    const here = CONFIG_NAMES.map((name) => `${directory}/${name}`).find((candidate) => fileExists(candidate));
    const found = here ?? (directory !== root && directory.startsWith(`${root}/`) ? configIn(path.posix.dirname(directory)) : undefined);
    nearest.set(directory, found);
    return found;
  };
  return configIn;
}

interface LoadedConfig {
  parsed: ts.ParsedCommandLine;
  path: string;
  /** Does the configuration include the given absolute file (by `files` or an `include` directory)? */
  includes(file: string): boolean;
  isSolution: boolean;
}

/**
 * Returns a lookup from an absolute file path to the configuration that governs it: the nearest
 * tsconfig.json (or jsconfig.json) in the file's directory or above, up to the scan root. When that
 * file is a "solution" (`files: []` plus `references`, as Vite templates write it) or does not
 * include the file, the first referenced configuration that includes it is used. Files outside any
 * configuration get defaults (bundler resolution, JavaScript allowed).
 */
export function createProjectConfigLookup(root: string, host: ResolutionHost): (file: string) => ProjectConfig {
  const loaded = new Map<string, LoadedConfig | undefined>();
  const projects = new Map<string, ProjectConfig>();
  const defaults = toProjectConfig('<defaults>', {}, root);

  const configIn = nearestConfigFinder(root, (file) => host.fileExists(file));

  const load = (configPath: string): LoadedConfig | undefined => {
    if (!loaded.has(configPath)) loaded.set(configPath, loadConfig(configPath, host));
    return loaded.get(configPath);
  };

  const projectOf = (config: LoadedConfig): ProjectConfig => {
    let project = projects.get(config.path);
    if (!project) {
      project = toProjectConfig(config.path, config.parsed.options, path.posix.dirname(config.path));
      projects.set(config.path, project);
    }
    return project;
  };

  return (file) => {
    const configPath = configIn(path.posix.dirname(file));
    const config = configPath === undefined ? undefined : load(configPath);
    if (!config) return defaults;
    if (!config.isSolution && config.includes(file)) return projectOf(config);
    for (const reference of config.parsed.projectReferences ?? []) {
      const referenced = load(referencePath(reference.path, host));
      if (referenced?.includes(file)) return projectOf(referenced);
    }
    return projectOf(config);
  };
}

function loadConfig(configPath: string, host: ResolutionHost): LoadedConfig | undefined {
  const read = ts.readConfigFile(configPath, (p) => host.readFile(p));
  if (read.error || typeof read.config !== 'object' || read.config === null) return undefined;
  const parseHost: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    // Only the options matter here: listing the project's files would read the whole tree.
    readDirectory: () => [],
    fileExists: (p) => host.fileExists(p),
    readFile: (p) => host.readFile(p),
  };
  const directory = path.posix.dirname(configPath);
  const parsed = ts.parseJsonConfigFileContent(read.config, parseHost, directory, undefined, configPath);
  const literalFiles = new Set(parsed.fileNames.map((f) => path.posix.resolve(directory, f)));
  const wildcards = Object.entries(parsed.wildcardDirectories ?? {}).map(([dir, flags]) => ({
    dir: dir.replace(/\/+$/u, ''),
    recursive: (flags & ts.WatchDirectoryFlags.Recursive) !== 0,
  }));
  const raw = read.config as { files?: unknown; include?: unknown };
  return {
    parsed,
    path: configPath,
    isSolution: Array.isArray(raw.files) && raw.files.length === 0 && raw.include === undefined,
    includes: (file) =>
      literalFiles.has(file) ||
      wildcards.some(({ dir, recursive }) => (recursive ? file.startsWith(`${dir}/`) : path.posix.dirname(file) === dir)),
  };
}

/** A reference's `path` names a configuration file or a directory holding a tsconfig.json. */
function referencePath(reference: string, host: ResolutionHost): string {
  const normalised = normalizeSlashes(reference);
  return normalised.endsWith('.json') && host.fileExists(normalised) ? normalised : `${normalised.replace(/\/+$/u, '')}/tsconfig.json`;
}

function toProjectConfig(configPath: string, projectOptions: ts.CompilerOptions, directory: string): ProjectConfig {
  const options = resolutionOptions(projectOptions);
  const isNode = options.moduleResolution === ts.ModuleResolutionKind.Node16 || options.moduleResolution === ts.ModuleResolutionKind.NodeNext;
  const fallbackOptions = isNode ? { ...options, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext } : undefined;
  const pathsBase = (options.pathsBasePath as string | undefined) ?? options.baseUrl ?? directory;
  return {
    configPath,
    options,
    cache: ts.createModuleResolutionCache(directory, (f) => f, options),
    ...(fallbackOptions ? { fallbackOptions, fallbackCache: ts.createModuleResolutionCache(directory, (f) => f, fallbackOptions) } : {}),
    aliases: Object.entries(options.paths ?? {})
      .filter(([pattern]) => pattern !== '*')
      .map(([pattern, targets]) => {
        const star = pattern.indexOf('*');
        return star < 0
          ? { prefix: pattern, suffix: '', targets, exact: true }
          : { prefix: pattern.slice(0, star), suffix: pattern.slice(star + 1), targets, exact: false };
      }),
    pathsBase: normalizeSlashes(pathsBase),
    outputs: outputsOf(options, directory),
  };
}

/**
 * The project's options as the module resolver needs them: JavaScript and JSON allowed, and a
 * resolution mode that follows `exports` and accepts extensionless and `index` imports unless the
 * project asks for Node16/NodeNext (`classic`, `node10` and an unset mode become `bundler`).
 */
export function resolutionOptions(projectOptions: ts.CompilerOptions): ts.CompilerOptions {
  const requested = projectOptions.moduleResolution ?? nodeModeOf(projectOptions.module);
  const isNode = requested === ts.ModuleResolutionKind.Node16 || requested === ts.ModuleResolutionKind.NodeNext;
  return {
    ...projectOptions,
    moduleResolution: isNode ? requested : ts.ModuleResolutionKind.Bundler,
    module: isNode ? (projectOptions.module ?? ts.ModuleKind.NodeNext) : ts.ModuleKind.ESNext,
    allowJs: true,
    resolveJsonModule: true,
    noEmit: true,
  };
}

function nodeModeOf(module: ts.ModuleKind | undefined): ts.ModuleResolutionKind | undefined {
  if (module === ts.ModuleKind.Node16) return ts.ModuleResolutionKind.Node16;
  if (module === ts.ModuleKind.NodeNext || module === ts.ModuleKind.Node18) return ts.ModuleResolutionKind.NodeNext;
  return undefined;
}

/** outDir and declarationDir, each mapped to the directories its files were compiled from. */
function outputsOf(options: ts.CompilerOptions, directory: string): ProjectConfig['outputs'] {
  const sources = options.rootDir ? [options.rootDir] : [`${directory}/src`, directory];
  return [options.outDir, options.declarationDir]
    .filter((dir): dir is string => typeof dir === 'string')
    .map((dir) => ({ outDir: normalizeSlashes(dir).replace(/\/+$/u, ''), rootDirs: sources.map((s) => normalizeSlashes(s).replace(/\/+$/u, '')) }));
}
