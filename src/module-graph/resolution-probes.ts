import { statSync } from 'node:fs';
import path from 'node:path';

/**
 * A path whose existence a resolution depended on (POSIX, relative to the scan root) and whether
 * something lay there. Source files cannot come or go without changing the layout that keys
 * resolutions and the cross-file outcome, but other files can: an asset an import names, a file
 * the scan excludes, build output. An import that led nowhere holds while nothing lies at any path
 * it was looked for at; one that led to such a file, while it is still there.
 */
export type ExistenceProbe = [file: string, present: boolean];

/** What probes read of a resolution (src/module-graph/create-module-resolver.ts `ModuleResolution`). */
interface ProbedResolution {
  kind: string;
  target?: string;
  unbuilt?: true;
  probed?: string[];
}

/**
 * The probes of a set of resolutions (keyed `from\0specifier\0…` as the resolver keys them), or
 * undefined when one of them cannot be checked by probes (an alias that led nowhere, resolved
 * before the paths it was looked for at were kept with it).
 */
export function probesOf(entries: Iterable<[string, ProbedResolution]>): ExistenceProbe[] | undefined {
  const lists: (ExistenceProbe[] | null)[] = [];
  for (const [key, resolution] of entries) {
    if (resolution.kind !== 'missing' && resolution.kind !== 'external') continue;
    const [fromFile = '', specifier = ''] = key.split('\0');
    lists.push(probesOfResolution(fromFile, specifier, resolution) ?? null);
  }
  return mergeProbes(lists) ?? undefined;
}

/** Several lists of probes as one, sorted by path; null when one list cannot tell, or two disagree on a path. */
export function mergeProbes(lists: readonly (readonly ExistenceProbe[] | null)[]): ExistenceProbe[] | null {
  const merged = new Map<string, boolean>();
  for (const list of lists) {
    if (list === null) return null;
    for (const [file, present] of list) {
      if (merged.get(file) === !present) return null;
      merged.set(file, present);
    }
  }
  return [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The probes of the resolution of `specifier` imported by `fromFile`; undefined when probes cannot check it. */
export function probesOfResolution(fromFile: string, specifier: string, resolution: ProbedResolution): ExistenceProbe[] | undefined {
  if (resolution.kind !== 'missing' && resolution.kind !== 'external') return [];
  if (resolution.kind === 'external' && resolution.target !== undefined) return [[resolution.target, true]];
  if (resolution.probed) return resolution.probed.map((file) => [file, false]);
  const bare = stripQuery(specifier);
  if (!isPathSpecifier(bare)) return resolution.kind === 'external' ? [] : undefined;
  const written = bare.startsWith('.') ? path.posix.join(path.posix.dirname(fromFile), bare) : bare;
  return [[written, resolution.kind === 'external' && !resolution.unbuilt]];
}

/** Whether every probe finds what it found: something, or nothing, at its path below `root`. */
export function probesHold(root: string, probes: readonly ExistenceProbe[]): boolean {
  return probes.every(([file, present]) => (statSync(path.resolve(root, file), { throwIfNoEntry: false }) !== undefined) === present);
}

export function isPathSpecifier(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || /^[a-z]:[\\/]/iu.test(specifier);
}

/** `./logo.svg?react` and `./worker.ts?worker` name the file before the query. */
export function stripQuery(specifier: string): string {
  const query = specifier.indexOf('?');
  return query < 0 ? specifier : specifier.slice(0, query);
}
