import { lstatSync } from 'node:fs';
import path from 'node:path';
import { declaredPackages } from '../module-graph/package-manifests.js';
import type { EntryKind, FileSystemView } from '../module-graph/resolution-host.js';
import type { FileSource, SourceEntry } from './file-source.js';
import { MAX_CONFIGURATION_BYTES } from '../discover/read-regular-file.js';
import { normalizeSlashes } from '../util/paths.js';

const MANIFEST = /^(?:package\.json|[tj]sconfig(?:\.[\w-]+)?\.json)$/u;

/**
 * The files of a source (a git tree) as module resolution sees them: directories list what the
 * tree holds, and package.json, tsconfig and jsconfig files read as the tree has them, so that a
 * past point of a trend resolves imports with the configuration it had then. What no tree holds
 * comes from the disk: each directory of the tree shows the `node_modules` the disk has there,
 * since installed dependencies are not versioned. Manifests are read once per content id.
 */
export interface SourceView extends FileSystemView {
  /**
   * The configuration files read from the tree (manifests, tsconfig and jsconfig files, what they
   * extend): `versions` holds each one's path and what of it bears on resolution (its content id,
   * but of a package.json only its entry points); `declared` lists each package.json's declared
   * packages (`<path>\0<name>`); `compilers` holds the tsconfig and jsconfig files and what they
   * extend, with their paths (POSIX, relative to the root).
   */
  configuration: { versions: Map<string, string>; declared: string[]; compilers: { file: string; text: string }[] };
}

export async function sourceView(root: string, source: FileSource): Promise<SourceView> {
  const base = normalizeSlashes(root).replace(/\/+$/u, '');
  const directories = new Map<string, Map<string, EntryKind>>([[base, new Map()]]);
  const listingOf = (directory: string): Map<string, EntryKind> => {
    let listing = directories.get(directory);
    if (!listing) {
      listing = new Map();
      directories.set(directory, listing);
      const parent = path.posix.dirname(directory);
      if (directory.startsWith(`${base}/`)) listingOf(parent).set(path.posix.basename(directory), 'directory');
    }
    return listing;
  };
  const manifests: SourceEntry[] = [];
  for (const entry of source.entries) {
    const absolute = `${base}/${entry.file}`;
    listingOf(path.posix.dirname(absolute)).set(path.posix.basename(absolute), 'file');
    if (MANIFEST.test(path.posix.basename(entry.file))) manifests.push(entry);
  }
  for (const [directory, listing] of directories) {
    const installed = diskKind(`${directory}/node_modules`);
    if (installed && !listing.has('node_modules')) listing.set('node_modules', installed);
  }
  const { texts, configuration } = await readConfiguration(source, base, manifests);
  return {
    configuration,
    list: (directory) => directories.get(directory),
    read: (file) => {
      if (!texts.has(file)) return undefined;
      return { text: texts.get(file) };
    },
  };
}

/**
 * Reads the manifests and configurations of the tree, and the files configurations extend by any
 * name (`./configs/base.json`), a few levels deep. One over the size limit of configuration files
 * is not read: it has no text (`undefined`), as an unreadable file on the disk.
 */
async function readConfiguration(source: FileSource, base: string, manifests: readonly SourceEntry[]): Promise<{ texts: Map<string, string | undefined>; configuration: SourceView['configuration'] }> {
  const texts = new Map<string, string | undefined>();
  const byFile = new Map(source.entries.map((e) => [e.file, e]));
  const versions = new Map<string, string>();
  const declared: string[] = [];
  const compilers: { file: string; text: string }[] = [];
  let wanted: SourceEntry[] = [...manifests];
  for (let depth = 0; wanted.length > 0 && depth < EXTENDS_DEPTH; depth += 1) {
    for (const entry of wanted) if (entry.size > MAX_CONFIGURATION_BYTES) texts.set(`${base}/${entry.file}`, undefined);
    const read = await readTexts(source, wanted.filter((entry) => entry.size <= MAX_CONFIGURATION_BYTES));
    wanted = [];
    for (const [entry, text] of read) {
      texts.set(`${base}/${entry.file}`, text);
      if (path.posix.basename(entry.file) === 'package.json') {
        const shape = manifestShape(text);
        versions.set(entry.file, shape.entryPoints);
        for (const name of shape.declared) declared.push(`${entry.file}\0${name}`);
      } else {
        versions.set(entry.file, entry.id);
        compilers.push({ file: entry.file, text });
      }
      if (!CONFIGURATION.test(path.posix.basename(entry.file)) && depth === 0) continue;
      for (const target of extendedFiles(entry.file, text)) {
        const extended = byFile.get(target);
        if (extended && !texts.has(`${base}/${extended.file}`)) wanted.push(extended);
      }
    }
  }
  return { texts, configuration: { versions, declared: declared.sort(), compilers } };
}

/**
 * The fields of a package.json that module resolution reads (TypeScript's resolver, and
 * src/module-graph/package-manifests.ts); versions, scripts and `workspaces` (the workspace
 * packages are every package.json below the root) change often and matter not.
 */
const RESOLUTION_FIELDS = ['name', 'type', 'main', 'module', 'types', 'typings', 'browser', 'exports', 'imports', 'typesVersions'];

/** What of a package.json bears on module resolution: its entry points, and the names (not versions) of what it declares. */
function manifestShape(text: string): { entryPoints: string; declared: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  // An unreadable manifest counts by its whole text.
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { entryPoints: text, declared: [] };
  const record = json as Record<string, unknown>;
  return { entryPoints: JSON.stringify(RESOLUTION_FIELDS.map((field) => record[field] ?? null)), declared: [...declaredPackages(record)] };
}

const EXTENDS_DEPTH = 5;
const CONFIGURATION = /^[tj]sconfig(?:\.[\w-]+)?\.json$/u;
const EXTENDS = /"extends"\s*:\s*(?:"([^"]*)"|\[([^\]]*)\])/u;

/** The texts of the given entries, read once per content id for all scans sharing the source's memo. */
async function readTexts(source: FileSource, entries: readonly SourceEntry[]): Promise<Map<SourceEntry, string>> {
  const known = source.memo?.texts;
  const unread = entries.filter((e) => !known?.has(e.id));
  const contents = unread.length > 0 ? await source.read(unread) : [];
  const fresh = new Map(unread.map((entry, index) => [entry.id, contents[index]?.toString('utf8') ?? '']));
  for (const [id, text] of fresh) known?.set(id, text);
  return new Map(entries.map((e) => [e, fresh.get(e.id) ?? known?.get(e.id) ?? '']));
}

/** The files of the tree a configuration's `extends` names by a relative path (packages come from the disk). */
function extendedFiles(file: string, text: string): string[] {
  const match = EXTENDS.exec(text);
  if (!match) return [];
  const names = match[1] !== undefined ? [match[1]] : [...(match[2] ?? '').matchAll(/"([^"]*)"/gu)].map((m) => m[1]);
  return names
    .filter((name) => name.startsWith('./') || name.startsWith('../'))
    .map((name) => path.posix.normalize(path.posix.join(path.posix.dirname(file), name.endsWith('.json') ? name : `${name}.json`)));
}

function diskKind(target: string): EntryKind | undefined {
  try {
    const stats = lstatSync(target);
    return stats.isSymbolicLink() ? 'link' : stats.isDirectory() ? 'directory' : undefined;
  } catch {
    return undefined; // nothing installed there
  }
}
