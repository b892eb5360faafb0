import { lstatSync } from 'node:fs';
import path from 'node:path';
import type { EntryKind, FileSystemView } from '../analyses/resolution-host.js';
import type { FileSource, SourceEntry } from './file-source.js';

const MANIFEST = /^(?:package\.json|[tj]sconfig(?:\.[\w-]+)?\.json)$/u;

/**
 * The files of a source (a git tree) as module resolution sees them: directories list what the
 * tree holds, and package.json, tsconfig and jsconfig files read as the tree has them, so that a
 * past point of a trend resolves imports with the configuration it had then. What no tree holds
 * comes from the disk: each directory of the tree shows the `node_modules` the disk has there,
 * since installed dependencies are not versioned. Manifests are read once per content id.
 */
export async function sourceView(root: string, source: FileSource): Promise<FileSystemView> {
  const base = root.replace(/\\/gu, '/').replace(/\/+$/u, '');
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
  const known = source.memo?.texts;
  const unread = manifests.filter((m) => !known?.has(m.id));
  const contents = unread.length > 0 ? await source.read(unread) : [];
  const fresh = new Map(unread.map((entry, index) => [entry.id, contents[index]?.toString('utf8') ?? '']));
  for (const [id, text] of fresh) known?.set(id, text);
  const texts = new Map<string, string>();
  for (const entry of manifests) {
    const text = fresh.get(entry.id) ?? known?.get(entry.id);
    if (text !== undefined) texts.set(`${base}/${entry.file}`, text);
  }
  return {
    list: (directory) => directories.get(directory),
    read: (file) => {
      const text = texts.get(file);
      return text === undefined ? undefined : { text };
    },
  };
}

function diskKind(target: string): EntryKind | undefined {
  try {
    const stats = lstatSync(target);
    return stats.isSymbolicLink() ? 'link' : stats.isDirectory() ? 'directory' : undefined;
  } catch {
    return undefined; // nothing installed there
  }
}
