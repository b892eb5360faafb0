import { existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import ts from '../parse/typescript.cjs';
import type { ImportKind } from '../facts/types.js';
import type { WorkspacePackage } from '../score/assign-module.js';
import { createProjectConfigLookup, type ProjectConfig } from './find-project-config.js';
import { createManifestLookup, typesPackageOf, type Manifest } from './package-manifests.js';
import { isPathSpecifier, probesOf, stripQuery, type ExistenceProbe } from './resolution-probes.js';
import { createResolutionHost, packageNameOf, toSlashes, type FileSystemView } from './resolution-host.js';

/** Where an import leads. */
export type ModuleResolution =
  /** A scanned file: an edge of the import graph. */
  | { kind: 'file'; file: string }
  /**
   * A file on disk that is not scanned: an installed dependency, a declaration, an asset, an
   * excluded file. `target` is the file TypeScript resolved a path to, or the file or directory
   * found at a path it could not resolve (relative to the root); a path into build output that
   * does not exist yet is `unbuilt`, with the paths looked for as `probed`.
   */
  | { kind: 'external'; target?: string; unbuilt?: true; probed?: string[] }
  /** A Node.js built-in module, with or without `node:`. */
  | { kind: 'builtin' }
  /** A package declared in a package.json but not installed where the scan can see it. */
  | { kind: 'package'; packageName: string }
  /** A relative, absolute or alias path that leads to no file; `probed` are the paths looked for (relative to the root). */
  | { kind: 'missing'; probed?: string[] }
  /** A package that no package.json on the way to the repository root declares; `manifest` is the nearest one's directory. */
  | { kind: 'undeclared'; packageName: string; manifest: string }
  /** A specifier no resolver can judge: a URL or protocol, loader syntax, an unresolved `#` import. */
  | { kind: 'unknown' };

export interface ResolveRequest {
  /** `import type`: a declared `@types` package is enough. */
  typeOnly?: boolean;
  /** `require` resolves with the `require` condition, `import()` with `import`. */
  kind?: ImportKind;
}

export interface ModuleResolver {
  resolve(fromFile: string, specifier: string, request?: ResolveRequest): ModuleResolution;
  /** The scanned file an import leads to, if any: the form `CrossFileInput.resolveImport` expects. */
  resolveImport(fromFile: string, specifier: string): string | undefined;
  /** Every resolution made or reused, sorted by key, to hand to the next run as `known`. */
  entries(): [string, ModuleResolution][];
  /** How many resolutions this resolver made, and how many of those it was handed no longer held. */
  changes(): number;
  /** What this resolver's resolutions depended on besides the layout (src/module-graph/resolution-probes.ts). */
  probes(): ExistenceProbe[] | undefined;
}

export interface ModuleResolverInput {
  /** Absolute scan root. */
  root: string;
  /** Scanned files, POSIX paths relative to the root. */
  files: readonly string[];
  /** Workspace packages below the root (discovery's `packages`). */
  packages: readonly WorkspacePackage[];
  /**
   * Resolutions of an earlier run over the same file paths and manifests (see `layoutKey`),
   * reused while they still hold: a path that led nowhere is resolved again once something lies
   * at the path written, a path to an asset once the asset is gone, and an alias that led nowhere
   * always.
   */
  known?: Iterable<[string, ModuleResolution]>;
  /** The files as a source other than the disk holds them (a git tree), for the lookups resolution makes. */
  view?: FileSystemView;
}

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const DECLARATION = /\.d\.([cm]?)ts$/u;
const OUTPUT_EXTENSION = /(?:\.d)?\.[cm]?[jt]sx?$/u;
const PROTOCOL = /^[a-z][a-z0-9+.-]*:/iu;
const PACKAGE_NAME = /^(?:@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*$/iu;
const OUTPUT_DIRECTORIES = ['dist', 'build', 'lib', 'out', 'esm', 'cjs', 'types'];

/**
 * Module aliases a framework's bundler configuration provides, by the package that brings them:
 * where that package is declared, specifiers starting with these prefixes are not packages.
 */
export const FRAMEWORK_ALIASES: Readonly<Record<string, readonly string[]>> = {
  '@docusaurus/core': ['@docusaurus/', '@theme/', '@theme-original/', '@theme-init/', '@generated/', '@site/'],
};

/**
 * Resolves import specifiers the way TypeScript does (tsconfig `paths` and `baseUrl`, project
 * references, `.js` written for `.ts`, `index` files, package `exports`, workspace packages) and
 * says why an import leads nowhere. Results are cached per importing file and specifier.
 */
export function createModuleResolver(input: ModuleResolverInput): ModuleResolver {
  const root = toSlashes(path.resolve(input.root));
  const scanned = new Set(input.files);
  const scannedAbsolute = new Set(input.files.map((f) => `${root}/${f}`));
  const workspace = new Map(
    input.packages.filter((p) => PACKAGE_NAME.test(p.name)).map((p) => [p.name, `${root}/${p.dir}`] as const),
  );
  const host = createResolutionHost(root, scannedAbsolute, workspace, input.view);
  const projectOf = createProjectConfigLookup(root, host);
  const manifestsOf = createManifestLookup(repositoryTop(root), host);
  const cache = new Map<string, ModuleResolution>();
  /**
   * Whether a remembered resolution still holds in the files the host sees (the disk, or a git
   * tree). Source files cannot come or go without changing the key the memory is kept under, but
   * other files can: a path that led nowhere is kept only while nothing lies at the path written,
   * and a path that led to a file outside the scan (an asset) only while that file is still
   * there; otherwise the import is resolved again.
   */
  const exists = (target: string): boolean => existsOnDisk(toSlashes(target), host);
  const stillHolds = (key: string, resolution: ModuleResolution): boolean => {
    if (resolution.kind !== 'missing' && resolution.kind !== 'external') return true;
    if (resolution.kind === 'external' && resolution.target !== undefined) return exists(path.resolve(root, resolution.target));
    const [fromFile = '', specifier = ''] = key.split('\0');
    const bare = stripQuery(specifier);
    if (!isPathSpecifier(bare)) return resolution.kind === 'external';
    const present = exists(path.resolve(root, path.dirname(fromFile), bare));
    return resolution.kind === 'external' && !resolution.unbuilt ? present : !present;
  };
  let changes = 0;
  for (const [key, resolution] of input.known ?? []) {
    if (stillHolds(key, resolution)) cache.set(key, resolution);
    else changes += 1;
  }

  const toScanned = (absolute: string): string | undefined => {
    const file = toSlashes(absolute);
    if (scannedAbsolute.has(file)) return file.slice(root.length + 1);
    return [...sourcesOfDeclaration(file), ...sourcesOfOutput(file, projectOf(file)), ...sourcesInWorkspace(file, workspace)]
      .map((candidate) => candidate.slice(root.length + 1))
      .find((candidate) => scanned.has(candidate));
  };

  const resolveWithTypeScript = (specifier: string, from: string, request: ResolveRequest): ts.ResolvedModuleFull | undefined => {
    const project = projectOf(from);
    const mode = resolutionModeOf(from, request.kind, project, manifestsOf(path.posix.dirname(from)));
    try {
      const first = ts.resolveModuleName(specifier, from, project.options, host, project.cache, undefined, mode).resolvedModule;
      if (first || !project.fallbackOptions) return first;
      const bundlerMode = request.kind === 'require' ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext;
      return ts.resolveModuleName(specifier, from, project.fallbackOptions, host, project.fallbackCache, undefined, bundlerMode).resolvedModule;
    } catch {
      return undefined; // a specifier TypeScript cannot handle resolves to nothing
    }
  };

  const classifyPackage = (from: string, specifier: string, name: string, typeOnly: boolean, found: ModuleResolution): ModuleResolution => {
    const manifests = manifestsOf(path.posix.dirname(from));
    if (manifests.length === 0 || workspace.has(name) || isDeclared(manifests, name, typeOnly)) return found;
    if (isFrameworkAlias(manifests, specifier)) return { kind: 'external' };
    return { kind: 'undeclared', packageName: name, manifest: path.posix.relative(root, manifests[0].dir) || '.' };
  };

  /** Where a specifier TypeScript resolved leads: a scanned file, or a file outside the scan (checked for a declared package). */
  const classifyResolved = (bare: string, from: string, resolved: ts.ResolvedModuleFull, typeOnly: boolean): ModuleResolution => {
    const target = toScanned(resolved.resolvedFileName);
    if (target !== undefined) return { kind: 'file', file: target };
    const name = isPathSpecifier(bare) || !resolved.isExternalLibraryImport ? undefined : packageNameOf(bare);
    if (name !== undefined) return classifyPackage(from, bare, name, typeOnly, { kind: 'external' });
    return { kind: 'external', target: path.posix.relative(root, toSlashes(resolved.resolvedFileName)) };
  };

  /** Why a specifier TypeScript could not resolve leads nowhere, or that it leads to an asset, an unbuilt workspace package or a declared package. */
  const classifyUnresolved = (bare: string, from: string, typeOnly: boolean): ModuleResolution => {
    if (isPathSpecifier(bare)) return presence(root, [path.posix.resolve(path.posix.dirname(from), bare)], host);
    if (bare.startsWith('#')) return { kind: 'unknown' };
    const aliasTargets = aliasTargetsOf(projectOf(from), bare);
    if (aliasTargets && isFrameworkAlias(manifestsOf(path.posix.dirname(from)), bare)) return { kind: 'external' };
    if (aliasTargets) return presence(root, aliasTargets, host);
    const name = packageNameOf(bare);
    if (name === undefined || !PACKAGE_NAME.test(name)) return { kind: 'unknown' };
    const workspaceSource = sourceOfUnbuiltWorkspaceImport(bare, name, workspace)
      .map((candidate) => candidate.slice(root.length + 1))
      .find((candidate) => scanned.has(candidate));
    if (workspaceSource !== undefined) return { kind: 'file', file: workspaceSource };
    return classifyPackage(from, bare, name, typeOnly, { kind: 'package', packageName: name });
  };

  const classify = (fromFile: string, specifier: string, request: ResolveRequest): ModuleResolution => {
    const bare = stripQuery(specifier);
    if (bare === '' || bare.includes('!')) return { kind: 'unknown' };
    if (bare.startsWith('node:') || isBuiltin(bare)) return { kind: 'builtin' };
    if (PROTOCOL.test(bare) && !/^[a-z]:[\\/]/iu.test(bare)) return { kind: 'unknown' };
    const from = `${root}/${fromFile}`;
    const typeOnly = request.typeOnly ?? false;
    const resolved = resolveWithTypeScript(bare, from, request);
    return resolved ? classifyResolved(bare, from, resolved, typeOnly) : classifyUnresolved(bare, from, typeOnly);
  };

  const resolve = (fromFile: string, specifier: string, request: ResolveRequest = {}): ModuleResolution => {
    const key = `${fromFile}\0${specifier}\0${request.typeOnly ? 't' : ''}${request.kind ?? ''}`;
    let result = cache.get(key);
    if (!result) {
      result = classify(fromFile, specifier, request);
      cache.set(key, result);
      changes += 1;
    }
    return result;
  };

  return {
    resolve,
    resolveImport(fromFile, specifier) {
      const result = resolve(fromFile, specifier);
      return result.kind === 'file' ? result.file : undefined;
    },
    entries: () => [...cache.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    changes: () => changes,
    probes: () => probesOf(cache),
  };
}

function isDeclared(manifests: readonly Manifest[], name: string, typeOnly: boolean): boolean {
  const types = typesPackageOf(name);
  return manifests.some((m) => m.name === name || m.declared.has(name) || (typeOnly && m.declared.has(types)));
}

function isFrameworkAlias(manifests: readonly Manifest[], specifier: string): boolean {
  return Object.entries(FRAMEWORK_ALIASES).some(
    ([framework, prefixes]) => prefixes.some((prefix) => specifier.startsWith(prefix)) && manifests.some((m) => m.declared.has(framework)),
  );
}

/**
 * The resolution mode of an import under Node16/NodeNext: ES module for `.mts`/`.mjs`, for
 * `import()` and in a `"type": "module"` package; CommonJS for `require`, `.cts`/`.cjs` and other
 * packages. Under bundler resolution, `require` uses the `require` condition and all else `import`.
 */
function resolutionModeOf(
  from: string,
  kind: ImportKind | undefined,
  project: ProjectConfig,
  manifests: readonly Manifest[],
): ts.ResolutionMode {
  if (kind === 'require') return ts.ModuleKind.CommonJS;
  if (project.options.moduleResolution === ts.ModuleResolutionKind.Bundler || kind === 'dynamic') return ts.ModuleKind.ESNext;
  if (/\.m[jt]s$/u.test(from)) return ts.ModuleKind.ESNext;
  if (/\.c[jt]s$/u.test(from)) return ts.ModuleKind.CommonJS;
  return manifests[0]?.isModule ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS;
}

/** A `.d.ts` that TypeScript preferred describes a sibling JavaScript file that may be the scanned one. */
function sourcesOfDeclaration(file: string): string[] {
  const match = DECLARATION.exec(file);
  if (!match) return [];
  const base = file.slice(0, match.index);
  return [`${base}.${match[1]}js`, `${base}.jsx`, `${base}.js`];
}

/** A file in a project's outDir or declarationDir maps back to the source it was compiled from. */
function sourcesOfOutput(file: string, project: ProjectConfig): string[] {
  const candidates: string[] = [];
  for (const { outDir, rootDirs } of project.outputs) {
    if (!file.startsWith(`${outDir}/`)) continue;
    const inner = file.slice(outDir.length).replace(OUTPUT_EXTENSION, '');
    for (const dir of rootDirs) candidates.push(...SOURCE_EXTENSIONS.map((e) => `${dir}${inner}${e}`));
  }
  return candidates;
}

/** A workspace package's build output (dist/, lib/ …) maps back to its src/ or its own directory. */
function sourcesInWorkspace(file: string, workspace: ReadonlyMap<string, string>): string[] {
  for (const dir of workspace.values()) {
    if (!file.startsWith(`${dir}/`)) continue;
    const [first, ...rest] = file.slice(dir.length + 1).split('/');
    if (!OUTPUT_DIRECTORIES.includes(first) || rest.length === 0) return [];
    const inner = rest.join('/').replace(OUTPUT_EXTENSION, '');
    return [`${dir}/src/${inner}`, `${dir}/${inner}`].flatMap((base) => SOURCE_EXTENSIONS.map((e) => base + e));
  }
  return [];
}

/**
 * When TypeScript cannot resolve a workspace package (its `main` points at a build that does not
 * exist yet), its sources are the best guess: `src/index` for the package, `src/<subpath>` for a subpath.
 */
function sourceOfUnbuiltWorkspaceImport(specifier: string, name: string, workspace: ReadonlyMap<string, string>): string[] {
  const dir = workspace.get(name);
  if (dir === undefined) return [];
  const subpath = specifier.slice(name.length + 1).replace(OUTPUT_EXTENSION, '');
  const bases = subpath === '' ? [`${dir}/src/index`, `${dir}/index`] : [`${dir}/src/${subpath}`, `${dir}/${subpath}`, `${dir}/src/${subpath}/index`];
  return bases.flatMap((base) => SOURCE_EXTENSIONS.map((e) => base + e));
}

/** The absolute paths a `paths` alias maps the specifier to, or undefined when no alias matches. */
function aliasTargetsOf(project: ProjectConfig, specifier: string): string[] | undefined {
  for (const alias of project.aliases) {
    const matches = alias.exact
      ? specifier === alias.prefix
      : specifier.startsWith(alias.prefix) && specifier.endsWith(alias.suffix) && specifier.length >= alias.prefix.length + alias.suffix.length;
    if (!matches) continue;
    const star = alias.exact ? '' : specifier.slice(alias.prefix.length, specifier.length - alias.suffix.length);
    return alias.targets.map((target) => path.posix.resolve(project.pathsBase, target.replace('*', star)));
  }
  return undefined;
}

/**
 * Paths TypeScript could not resolve: one that exists on disk is an asset or an excluded file, one
 * into build output or dependencies (dist/, a hidden .contentlayer/, node_modules/ …) appears only
 * after a build or an install; any other is missing.
 */
function presence(root: string, targets: readonly string[], host: { fileExists(p: string): boolean; directoryExists(p: string): boolean }): ModuleResolution {
  const found = targets.find((target) => existsOnDisk(target, host));
  if (found !== undefined) return { kind: 'external', target: path.posix.relative(root, found) };
  const probed = targets.map((target) => path.posix.relative(root, target));
  const appears = probed.some((target) => target.split('/').some(isBuiltOrInstalledDirectory));
  return appears ? { kind: 'external', unbuilt: true, probed } : { kind: 'missing', probed };
}

const BUILT_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'out', 'generated', '__generated__']);

function isBuiltOrInstalledDirectory(segment: string): boolean {
  return BUILT_DIRECTORIES.has(segment) || (segment.startsWith('.') && segment !== '.' && segment !== '..');
}

function existsOnDisk(target: string, host: { fileExists(p: string): boolean; directoryExists(p: string): boolean }): boolean {
  return host.fileExists(target) || host.directoryExists(target);
}

/** The top of the git repository that holds the root, else the root itself: where the manifest chain stops. */
function repositoryTop(root: string): string {
  for (let dir = root; ; dir = path.posix.dirname(dir)) {
    if (existsSync(`${dir}/.git`)) return dir;
    if (path.posix.dirname(dir) === dir) return root;
  }
}
