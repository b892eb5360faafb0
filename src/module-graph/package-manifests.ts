import path from 'node:path';
import type { ResolutionHost } from './resolution-host.js';

/** What the resolver needs from one package.json. */
export interface Manifest {
  /** Absolute directory of the package.json. */
  dir: string;
  name?: string;
  /** `type` field: decides whether a `.js` file is an ES module for Node16/NodeNext resolution. */
  isModule: boolean;
  /** Every package named in dependencies, devDependencies, peerDependencies, optionalDependencies or bundled dependencies. */
  declared: ReadonlySet<string>;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * Returns a lookup from an absolute directory to the package.json files on the way from it up to
 * `boundary` (the repository's top directory, or the scan root outside a repository), nearest first.
 * Each manifest is read once.
 */
export function createManifestLookup(boundary: string, host: ResolutionHost): (directory: string) => readonly Manifest[] {
  const chains = new Map<string, readonly Manifest[]>();
  const chainOf = (directory: string): readonly Manifest[] => {
    const known = chains.get(directory);
    if (known) return known;
    const own = readManifest(directory, host);
    const parent = path.posix.dirname(directory);
    const above = directory === boundary || parent === directory || !directory.startsWith(boundary) ? [] : chainOf(parent);
    const chain = own ? [own, ...above] : above;
    chains.set(directory, chain);
    return chain;
  };
  return chainOf;
}

function readManifest(directory: string, host: ResolutionHost): Manifest | undefined {
  const text = host.fileExists(`${directory}/package.json`) ? host.readFile(`${directory}/package.json`) : undefined;
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { dir: directory, isModule: false, declared: new Set() }; // a broken manifest still marks a package boundary
  }
  if (typeof json !== 'object' || json === null) return { dir: directory, isModule: false, declared: new Set() };
  const record = json as Record<string, unknown>;
  const declared = declaredPackages(record);
  return {
    dir: directory,
    ...(typeof record.name === 'string' ? { name: record.name } : {}),
    isModule: record.type === 'module',
    declared,
  };
}

/** The `@types` package that types `name`: `@types/node-fetch` for `node-fetch`, `@types/babel__core` for `@babel/core`. */
export function typesPackageOf(name: string): string {
  return name.startsWith('@') ? `@types/${name.slice(1).replace('/', '__')}` : `@types/${name}`;
}

/** Every package a package.json names in its dependencies of any kind or its bundled dependencies. */
export function declaredPackages(record: Record<string, unknown>): Set<string> {
  const declared = new Set<string>();
  for (const field of DEPENDENCY_FIELDS) {
    const value = record[field];
    if (typeof value === 'object' && value !== null) for (const name of Object.keys(value)) declared.add(name);
  }
  for (const field of ['bundledDependencies', 'bundleDependencies']) {
    const value = record[field];
    if (Array.isArray(value)) for (const name of value) if (typeof name === 'string') declared.add(name);
  }
  return declared;
}
