import path from 'node:path';
import ts from '../parse/typescript.cjs';
import type { WorkspacePackage } from '../score/assign-module.js';
import { FRAMEWORK_ALIASES, stripQuery, type ModuleResolution } from './create-module-resolver.js';
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
  /** What the configuration files resolution reads (package.json, tsconfig, jsconfig and what they extend) were: see `SourceView.configuration`. */
  configuration: string;
  /** The packages each package.json declares, as `<path>\0<name>`. */
  declared: readonly string[];
  entries: readonly [string, ModuleResolution][];
}

export interface ResolutionContext {
  tree: ReadonlySet<string>;
  scanned: ReadonlySet<string>;
  configuration: string;
  declared: readonly string[];
  /** The texts of the tsconfig and jsconfig files among them (and what they extend), for their `paths` aliases and `rootDirs`. */
  configurationTexts: readonly string[];
  packages: readonly WorkspacePackage[];
}

const RELATIVE = /^\.\.?(?:\/|$)/u;
const ABSOLUTE = /^(?:\/|[a-z]:[\\/])/iu;
const SOURCE_EXTENSION = /\.(?:d\.)?[cm]?[jt]sx?$|\.json$/u;

/**
 * The resolutions of `previous` that still hold in the current tree, or undefined when none can
 * be trusted (the configuration files differ). A resolution is kept only when it depends on
 * nothing that changed between the trees:
 * - a relative import whose written path (`./x`, `./x.js`) names no file or directory that was
 *   added, removed or changed between scanned and skipped (`x.ts`, `x/index.ts`, `x.d.ts` …), and
 *   that led to a file below that path or to nothing;
 * - an import of a workspace package, when nothing changed inside that package's directory;
 * - an import of an installed or declared package (dependencies are not versioned with the tree,
 *   and the manifests that declare them are the same), a built-in or a specifier nobody judges.
 * Everything else (aliases into the tree, paths mapped from build output) is resolved again.
 */
export function carryResolutions(previous: ResolutionSnapshot, current: ResolutionContext): [string, ModuleResolution][] | undefined {
  if (previous.configuration !== current.configuration) return undefined;
  const settings = current.configurationTexts.map(resolutionSettings);
  // `rootDirs` lets a relative import land in another directory, a catch-all alias lets any package name land in the tree.
  if (settings.some((s) => s.rootDirs)) return undefined;
  const aliases = settings.flatMap((s) => s.aliases);
  if (aliases.includes('')) return undefined;
  const redeclared = redeclaredPackages(previous.declared, current.declared);
  // Whether a framework's aliases apply depends on the framework being declared (see FRAMEWORK_ALIASES).
  if (Object.keys(FRAMEWORK_ALIASES).some((framework) => redeclared.has(framework))) return undefined;
  const touched = touchedPaths(changedPaths(previous, current));
  const workspace = current.packages.map((p) => ({ name: p.name, dir: p.dir }));
  return previous.entries.filter(([key, resolution]) => {
    const [fromFile = '', written = ''] = key.split('\0');
    if (!current.scanned.has(fromFile)) return false;
    const specifier = stripQuery(written);
    if (aliases.some((prefix) => specifier.startsWith(prefix))) return false;
    const name = packageNameOf(specifier);
    if (name !== undefined && (redeclared.has(name) || redeclared.has(typesPackageOf(name)))) return false;
    return holds(fromFile, specifier, resolution, touched, workspace);
  });
}

/** The prefixes of a configuration's `paths` patterns (before any `*`), and whether it sets `rootDirs`. */
function resolutionSettings(text: string): { aliases: string[]; rootDirs: boolean } {
  const { config } = ts.parseConfigFileTextToJson('tsconfig.json', text);
  const options = (config as { compilerOptions?: { paths?: unknown; rootDirs?: unknown } } | undefined)?.compilerOptions;
  const paths = typeof options?.paths === 'object' && options.paths !== null ? Object.keys(options.paths) : [];
  return { aliases: paths.map((pattern) => pattern.split('*')[0]), rootDirs: options?.rootDirs !== undefined };
}

function holds(
  fromFile: string,
  specifier: string,
  resolution: ModuleResolution,
  touched: ReadonlySet<string>,
  workspace: readonly WorkspacePackage[],
): boolean {
  if (resolution.kind === 'builtin' || resolution.kind === 'unknown') return true;
  if (RELATIVE.test(specifier)) return relativeHolds(fromFile, specifier, resolution, touched);
  if (ABSOLUTE.test(specifier)) return false;
  const member = workspace.find((p) => specifier === p.name || specifier.startsWith(`${p.name}/`));
  if (member) return !touched.has(member.dir === '' ? '.' : member.dir);
  if (resolution.kind === 'package' || resolution.kind === 'undeclared') return true;
  return resolution.kind === 'external' && !resolution.unbuilt && (resolution.target === undefined || isInstalled(resolution.target));
}

/** A relative import holds while nothing its written path can name changed, when it led below that path or nowhere. */
function relativeHolds(fromFile: string, specifier: string, resolution: ModuleResolution, touched: ReadonlySet<string>): boolean {
  const written = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  if (written.startsWith('../')) return false;
  const stem = written.replace(SOURCE_EXTENSION, '');
  if (touched.has(stem) || touched.has(written)) return false;
  const below = (file: string) => file === stem || file.startsWith(`${stem}.`) || file.startsWith(`${stem}/`);
  if (resolution.kind === 'file') return below(resolution.file);
  if (resolution.kind === 'external' && resolution.target !== undefined) return below(resolution.target);
  return resolution.kind === 'missing' || resolution.kind === 'external';
}

/** Package names some package.json declares in one tree and not in the other. */
function redeclaredPackages(previous: readonly string[], current: readonly string[]): Set<string> {
  const before = new Set(previous);
  const after = new Set(current);
  const names = new Set<string>();
  for (const entry of previous) if (!after.has(entry)) names.add(entry.slice(entry.indexOf('\0') + 1));
  for (const entry of current) if (!before.has(entry)) names.add(entry.slice(entry.indexOf('\0') + 1));
  return names;
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
