import path from 'node:path';
import ts from '../parse/typescript.cjs';
import type { WorkspacePackage } from '../score/assign-module.js';
import { FRAMEWORK_ALIASES, type ModuleResolution } from './create-module-resolver.js';
import { stripQuery } from './resolution-probes.js';
import { typesPackageOf } from './package-manifests.js';
import { packageNameOf } from './resolution-host.js';

/**
 * Module resolutions of one tree of a trend (a git commit), with what they were made against, so
 * that the next tree reuses those its changes cannot have touched instead of resolving every
 * import again.
 */
export interface ResolutionSnapshot {
  /** Every file of the tree (POSIX paths relative to the scan root). */
  tree: ReadonlySet<string>;
  /** The scanned files among them. */
  scanned: ReadonlySet<string>;
  /** The configuration files resolution reads (package.json, tsconfig, jsconfig and what they extend) and what of them bears on it: see `SourceView.configuration`. */
  configuration: Configuration;
  /** The packages each package.json declares, as `<path>\0<name>`. */
  declared: readonly string[];
  entries: readonly [string, ModuleResolution][];
}

export interface ResolutionContext {
  tree: ReadonlySet<string>;
  scanned: ReadonlySet<string>;
  configuration: Configuration;
  declared: readonly string[];
  packages: readonly WorkspacePackage[];
}

/** A tree's configuration files as module resolution reads them. */
export interface Configuration {
  /** Each file's path (POSIX, relative to the root) and version: its content id, or a package.json's entry points. */
  versions: ReadonlyMap<string, string>;
  /** The tsconfig and jsconfig files (and what they extend) with their texts, for their `paths`, `rootDirs`, `extends`, `references` and `include`. */
  compilers: readonly { file: string; text: string }[];
}

const RELATIVE = /^\.\.?(?:\/|$)/u;
const ABSOLUTE = /^(?:\/|[a-z]:[\\/])/iu;
const SOURCE_EXTENSION = /\.(?:d\.)?[cm]?[jt]sx?$|\.json$/u;

/**
 * The resolutions of `previous` that still hold in the current tree, or undefined when none can
 * be trusted. A resolution is kept only when it depends on nothing that changed between the trees:
 * - the configuration files that govern the importing file (the package.json files above it, the
 *   tsconfig or jsconfig that applies to it and what that extends) are the same in what module
 *   resolution reads of them (see `staleConfigurations`);
 * - a relative import, or a `paths` alias, whose written path (`./x`, `./x.js`, `@/x` mapped to
 *   `src/x`, each of the alias's targets) names no file or directory that was added, removed or
 *   changed between scanned and skipped (`x.ts`, `x/index.ts`, `x.d.ts` …), and that led to a file
 *   below that path or to nothing;
 * - an import of a workspace package, when nothing changed inside that package's directory (its
 *   files and its configuration files);
 * - an import of an installed or declared package (dependencies are not versioned with the tree,
 *   and the manifests that declare them, at or above the importing file, declare it in both trees
 *   or in neither), a built-in or a specifier nobody judges.
 * Everything else (an alias whose base is not known, paths mapped from build output) is resolved again.
 */
export function carryResolutions(previous: ResolutionSnapshot, current: ResolutionContext): [string, ModuleResolution][] | undefined {
  const configurations = current.configuration.compilers.map(({ file, text }) => parseConfiguration(file, text));
  // `rootDirs` lets a relative import land in another directory, a catch-all alias lets any package name land in the tree.
  if (configurations.some((c) => c.rootDirs)) return undefined;
  const aliases = pathAliases(configurations);
  if (aliases.some((alias) => alias.prefix === '' && !alias.exact)) return undefined;
  const redeclared = redeclaredPackages(previous.declared, current.declared);
  // Whether a framework's aliases apply depends on the framework being declared (see FRAMEWORK_ALIASES).
  if (Object.keys(FRAMEWORK_ALIASES).some((framework) => redeclared.has(framework))) return undefined;
  const stale = staleConfigurations(previous.configuration, current.configuration, configurations);
  const touched = touchedPaths([...changedPaths(previous, current), ...stale.files]);
  const workspace = current.packages.map((p) => ({ name: p.name, dir: p.dir }));
  const isStale = inScopes(stale.scopes);
  const aliased = aliases.length > 0 ? new RegExp(`^(?:${aliases.map((alias) => escapeRegExp(alias.prefix)).join('|')})`, 'u') : undefined;
  const targetsOf = new Map<string, string[] | undefined>();
  return previous.entries.filter(([key, resolution]) => {
    const fileEnd = key.indexOf('\0');
    const fromFile = key.slice(0, fileEnd);
    if (!current.scanned.has(fromFile) || isStale(fromFile)) return false;
    const specifier = stripQuery(key.slice(fileEnd + 1, key.indexOf('\0', fileEnd + 1)));
    if (aliased?.test(specifier)) {
      if (!targetsOf.has(specifier)) targetsOf.set(specifier, aliasTargets(specifier, aliases));
      const targets = targetsOf.get(specifier);
      return targets !== undefined && writtenHolds(targets, resolution, touched);
    }
    const name = packageNameOf(specifier);
    if (name !== undefined && (redeclaredFor(redeclared, name, fromFile) || redeclaredFor(redeclared, typesPackageOf(name), fromFile))) return false;
    return holds(fromFile, specifier, resolution, touched, workspace);
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&');
}

/** Whether a file lies in one of the scopes (directories, files, `.` for all), with the answer kept per directory. */
function inScopes(scopes: readonly string[]): (file: string) => boolean {
  if (scopes.length === 0) return () => false;
  if (scopes.includes('.')) return () => true;
  const listed = new Set(scopes);
  const byDirectory = new Map<string, boolean>();
  const directoryIn = (directory: string): boolean => {
    let answer = byDirectory.get(directory);
    if (answer === undefined) {
      answer = listed.has(directory) || (directory.includes('/') && directoryIn(directory.slice(0, directory.lastIndexOf('/'))));
      byDirectory.set(directory, answer);
    }
    return answer;
  };
  return (file) => listed.has(file) || (file.includes('/') && directoryIn(file.slice(0, file.lastIndexOf('/'))));
}

/** What of a tsconfig or jsconfig bears on carrying resolutions; paths are POSIX, relative to the root. */
interface ParsedConfiguration {
  file: string;
  /** The files of the tree it extends by a relative path. */
  extends: string[];
  /** Whether it extends a package's configuration, which is not versioned with the tree. */
  extendsPackage: boolean;
  /** The configurations it references. */
  references: string[];
  /** Its own `compilerOptions.baseUrl`, resolved. */
  baseUrl: string | undefined;
  paths: Record<string, string[]>;
  rootDirs: boolean;
  /** What module resolution reads of it: `extends`, `references` and every compiler option but those that cannot bear on it. */
  options: string;
  /** Its `files`, `include` and `exclude`, which decide which files it takes from a configuration that references it. */
  includes: string;
}

/**
 * Compiler options that cannot change where an import leads: type checking, emit, JSX, and the
 * options src/module-graph/find-project-config.ts sets itself. Any other option is taken to bear
 * on resolution.
 */
const OPTIONS_NOT_RESOLVING = new Set(
  [
    'allowJs', 'allowSyntheticDefaultImports', 'allowUnreachableCode', 'allowUnusedLabels', 'alwaysStrict', 'checkJs', 'composite',
    'declaration', 'declarationMap', 'downlevelIteration', 'emitDeclarationOnly', 'emitDecoratorMetadata', 'esModuleInterop',
    'exactOptionalPropertyTypes', 'experimentalDecorators', 'forceConsistentCasingInFileNames', 'importHelpers', 'incremental',
    'inlineSourceMap', 'inlineSources', 'isolatedModules', 'jsx', 'jsxFactory', 'jsxFragmentFactory', 'jsxImportSource', 'lib',
    'newLine', 'noEmit', 'noEmitOnError', 'noFallthroughCasesInSwitch', 'noImplicitAny', 'noImplicitOverride', 'noImplicitReturns',
    'noImplicitThis', 'noPropertyAccessFromIndexSignature', 'noUncheckedIndexedAccess', 'noUnusedLocals', 'noUnusedParameters',
    'plugins', 'preserveConstEnums', 'pretty', 'removeComments', 'resolveJsonModule', 'skipDefaultLibCheck', 'skipLibCheck',
    'sourceMap', 'sourceRoot', 'mapRoot', 'strict', 'strictBindCallApply', 'strictFunctionTypes', 'strictNullChecks',
    'strictPropertyInitialization', 'stripInternal', 'target', 'tsBuildInfoFile', 'types', 'useDefineForClassFields',
    'useUnknownInCatchVariables', 'verbatimModuleSyntax',
  ].map((name) => name.toLowerCase()),
);

function parseConfiguration(file: string, text: string): ParsedConfiguration {
  const { config } = ts.parseConfigFileTextToJson(file, text);
  const record = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  const options = (typeof record.compilerOptions === 'object' && record.compilerOptions !== null ? record.compilerOptions : {}) as Record<string, unknown>;
  const directory = path.posix.dirname(file);
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
  const named = strings(record.extends);
  const relative = named.filter((name) => name.startsWith('./') || name.startsWith('../'));
  const references = (Array.isArray(record.references) ? record.references : [])
    .map((reference: unknown) => (typeof reference === 'object' && reference !== null ? (reference as { path?: unknown }).path : undefined))
    .filter((reference): reference is string => typeof reference === 'string')
    .map((reference) => {
      const target = path.posix.join(directory, reference.replace(/\\/gu, '/'));
      return target.endsWith('.json') ? target : `${target}/tsconfig.json`;
    });
  const paths: Record<string, string[]> = {};
  if (typeof options.paths === 'object' && options.paths !== null) {
    for (const [pattern, targets] of Object.entries(options.paths)) paths[pattern] = strings(targets);
  }
  const resolving = Object.keys(options).filter((name) => !OPTIONS_NOT_RESOLVING.has(name.toLowerCase())).sort().map((name) => [name, options[name]]);
  return {
    file,
    extends: relative.map((name) => path.posix.join(directory, name.endsWith('.json') ? name : `${name}.json`)),
    extendsPackage: named.length > relative.length,
    references,
    baseUrl: typeof options.baseUrl === 'string' ? path.posix.join(directory, options.baseUrl.replace(/\\/gu, '/')) : undefined,
    paths,
    rootDirs: options.rootDirs !== undefined,
    options: JSON.stringify([record.extends ?? null, record.references ?? null, resolving]),
    includes: JSON.stringify([record.files ?? null, record.include ?? null, record.exclude ?? null]),
  };
}

const NEAREST_CONFIGURATION = /^(?:[tj]sconfig\.json|package\.json)$/u;

/**
 * The configuration files that differ between the trees (added, removed, or changed in what
 * module resolution reads of them, with those that extend them), and the `scopes` (directories,
 * `.` for all) whose files they may resolve differently: a package.json and the nearest
 * tsconfig.json or jsconfig.json apply to the files of their directory and below
 * (src/module-graph/find-project-config.ts); a configuration that another references applies to
 * files of the referencing one's directory, which hands them out by what each includes (so its
 * `files`, `include` and `exclude` matter, as they do for one that references others); one that is
 * neither (a `tsconfig.build.json` only a build reads) applies to none.
 */
function staleConfigurations(previous: Configuration, current: Configuration, parsedCurrent: readonly ParsedConfiguration[]): { files: string[]; scopes: string[] } {
  const changed = [...new Set([...previous.versions.keys(), ...current.versions.keys()])].filter((file) => previous.versions.get(file) !== current.versions.get(file));
  if (changed.length === 0) return { files: [], scopes: [] };
  const before = new Map(previous.compilers.map(({ file, text }) => [file, parseConfiguration(file, text)]));
  const after = new Map(parsedCurrent.map((c) => [c.file, c]));
  const kinds = changeKinds(changed, before, after);
  const all = [...before.values(), ...after.values()];
  const scopes = new Set<string>();
  for (const [file, kind] of kinds) {
    const directory = path.posix.dirname(file);
    if (path.posix.basename(file) === 'package.json') {
      scopes.add(directory);
      continue;
    }
    const handedOutBy = new Set(all.filter((c) => c.references.includes(file)).map((c) => path.posix.dirname(c.file)));
    const references = (before.get(file)?.references.length ?? 0) + (after.get(file)?.references.length ?? 0);
    if (!kind.options && !(kind.includes && (references > 0 || handedOutBy.size > 0))) continue;
    if (NEAREST_CONFIGURATION.test(path.posix.basename(file))) scopes.add(directory);
    for (const referencing of handedOutBy) scopes.add(referencing);
  }
  return { files: [...kinds.keys()], scopes: [...scopes] };
}

interface ChangeKind {
  /** What module resolution reads of it changed. */
  options: boolean;
  /** Which files it includes changed. */
  includes: boolean;
}

/** What changed of each changed configuration file, and of each that extends one, with what it inherits. */
function changeKinds(changed: readonly string[], before: ReadonlyMap<string, ParsedConfiguration>, after: ReadonlyMap<string, ParsedConfiguration>): Map<string, ChangeKind> {
  const kinds = new Map<string, ChangeKind>();
  for (const file of changed) {
    const was = before.get(file);
    const is = after.get(file);
    kinds.set(file, was && is ? { options: was.options !== is.options, includes: was.includes !== is.includes } : { options: true, includes: true });
  }
  const all = [...before.values(), ...after.values()];
  const pending = [...changed];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    const kind = kinds.get(file) ?? { options: false, includes: false };
    for (const configuration of all) {
      if (!configuration.extends.includes(file)) continue;
      const known = kinds.get(configuration.file);
      const merged = { options: (known?.options ?? false) || kind.options, includes: (known?.includes ?? false) || kind.includes };
      if (known && merged.options === known.options && merged.includes === known.includes) continue;
      kinds.set(configuration.file, merged);
      pending.push(configuration.file);
    }
  }
  return kinds;
}

/** A `paths` pattern of a configuration, with its targets relative to the root (undefined when the base they are relative to is not known). */
interface PathAlias {
  prefix: string;
  suffix: string;
  exact: boolean;
  targets: string[] | undefined;
}

/**
 * The `paths` patterns of the tree's configurations. Targets are relative to `baseUrl`, which a
 * configuration may inherit, else to the configuration that names them: each pattern gets its
 * targets against every base it may have (its own directory and the `baseUrl` of what it extends
 * in the tree); none when it extends a package's configuration, whose `baseUrl` is not known here.
 */
function pathAliases(configurations: readonly ParsedConfiguration[]): PathAlias[] {
  const byFile = new Map(configurations.map((c) => [c.file, c]));
  const inheritedBases = (configuration: ParsedConfiguration, seen: Set<string>): string[] | undefined => {
    if (configuration.baseUrl !== undefined) return [configuration.baseUrl];
    if (configuration.extendsPackage) return undefined;
    const bases: string[] = [];
    for (const extended of configuration.extends) {
      const parent = byFile.get(extended);
      if (!parent || seen.has(extended)) return undefined;
      const inherited = inheritedBases(parent, new Set([...seen, extended]));
      if (inherited === undefined) return undefined;
      bases.push(...inherited);
    }
    return bases;
  };
  const aliases: PathAlias[] = [];
  for (const configuration of configurations) {
    const patterns = Object.entries(configuration.paths);
    if (patterns.length === 0) continue;
    const inherited = inheritedBases(configuration, new Set([configuration.file]));
    const bases = inherited === undefined ? undefined : configuration.baseUrl !== undefined ? inherited : [path.posix.dirname(configuration.file), ...inherited];
    for (const [pattern, targets] of patterns) {
      const star = pattern.indexOf('*');
      aliases.push({
        prefix: star < 0 ? pattern : pattern.slice(0, star),
        suffix: star < 0 ? '' : pattern.slice(star + 1),
        exact: star < 0,
        targets: bases?.flatMap((base) => targets.map((target) => path.posix.join(base, target.replace(/\\/gu, '/')))),
      });
    }
  }
  return aliases;
}

/** The paths an aliased specifier may lead to, by every pattern of the tree it matches; undefined when one's base is not known or none matches. */
function aliasTargets(specifier: string, aliases: readonly PathAlias[]): string[] | undefined {
  const written: string[] = [];
  for (const alias of aliases) {
    const matches = alias.exact
      ? specifier === alias.prefix
      : specifier.length >= alias.prefix.length + alias.suffix.length && specifier.startsWith(alias.prefix) && specifier.endsWith(alias.suffix);
    if (!matches) continue;
    if (alias.targets === undefined) return undefined;
    const captured = alias.exact ? '' : specifier.slice(alias.prefix.length, specifier.length - alias.suffix.length);
    written.push(...alias.targets.map((target) => path.posix.normalize(target.replace('*', captured))));
  }
  return written.length > 0 ? written : undefined;
}

function holds(
  fromFile: string,
  specifier: string,
  resolution: ModuleResolution,
  touched: ReadonlySet<string>,
  workspace: readonly WorkspacePackage[],
): boolean {
  if (resolution.kind === 'builtin' || resolution.kind === 'unknown') return true;
  if (RELATIVE.test(specifier)) return writtenHolds([path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier))], resolution, touched);
  if (ABSOLUTE.test(specifier)) return false;
  const member = workspace.find((p) => specifier === p.name || specifier.startsWith(`${p.name}/`));
  if (member) return !touched.has(member.dir === '' ? '.' : member.dir);
  if (resolution.kind === 'package' || resolution.kind === 'undeclared') return true;
  return resolution.kind === 'external' && !resolution.unbuilt && (resolution.target === undefined || isInstalled(resolution.target));
}

/** An import of written paths holds while nothing they can name changed, when it led below one of them or nowhere. */
function writtenHolds(written: readonly string[], resolution: ModuleResolution, touched: ReadonlySet<string>): boolean {
  const stems: string[] = [];
  for (const target of written) {
    if (target === '..' || target.startsWith('../')) return false;
    const stem = target.replace(SOURCE_EXTENSION, '');
    if (touched.has(stem) || touched.has(target)) return false;
    stems.push(stem);
  }
  const below = (file: string) => stems.some((stem) => file === stem || file.startsWith(`${stem}.`) || file.startsWith(`${stem}/`));
  if (resolution.kind === 'file') return below(resolution.file);
  if (resolution.kind === 'external' && resolution.target !== undefined) return below(resolution.target);
  return resolution.kind === 'missing' || resolution.kind === 'external';
}

/**
 * Package names some package.json declares in one tree and not in the other, each with the
 * directories of those package.json files (`.` for the root's): whether a package is declared
 * matters to the files below the package.json only (src/module-graph/package-manifests.ts).
 */
function redeclaredPackages(previous: readonly string[], current: readonly string[]): Map<string, string[]> {
  const before = new Set(previous);
  const after = new Set(current);
  const names = new Map<string, string[]>();
  const add = (entry: string): void => {
    const cut = entry.indexOf('\0');
    const directory = path.posix.dirname(entry.slice(0, cut));
    const name = entry.slice(cut + 1);
    const directories = names.get(name);
    if (directories) directories.push(directory);
    else names.set(name, [directory]);
  };
  for (const entry of previous) if (!after.has(entry)) add(entry);
  for (const entry of current) if (!before.has(entry)) add(entry);
  return names;
}

/** Whether a package.json at or above the file's directory declares the package in one tree and not in the other. */
function redeclaredFor(redeclared: ReadonlyMap<string, readonly string[]>, name: string, file: string): boolean {
  const directories = redeclared.get(name);
  return directories !== undefined && directories.some((directory) => directory === '.' || file.startsWith(`${directory}/`));
}

/** Files added or removed between the trees, and files that became or stopped being scanned. */
function changedPaths(previous: ResolutionSnapshot, current: ResolutionContext): string[] {
  const changed: string[] = [];
  for (const file of current.tree) if (!previous.tree.has(file) || previous.scanned.has(file) !== current.scanned.has(file)) changed.push(file);
  for (const file of previous.tree) if (!current.tree.has(file)) changed.push(file);
  return changed;
}

/**
 * Every name a changed path answers to: itself, each of its directories (`.` for the root), and
 * the file with its extensions cut at each dot (`a/x.test.ts` answers to `a/x` and `a/x.test`).
 */
function touchedPaths(changed: readonly string[]): Set<string> {
  const touched = new Set<string>();
  for (const file of changed) {
    touched.add(file);
    touched.add('.');
    const slash = file.lastIndexOf('/');
    for (let dot = file.indexOf('.', slash + 2); dot !== -1; dot = file.indexOf('.', dot + 1)) touched.add(file.slice(0, dot));
    for (let cut = file.indexOf('/'); cut > 0; cut = file.indexOf('/', cut + 1)) touched.add(file.slice(0, cut));
  }
  return touched;
}

function isInstalled(target: string): boolean {
  return target.startsWith('../') || target.split('/').includes('node_modules');
}
