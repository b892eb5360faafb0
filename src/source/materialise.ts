import { accessSync, constants, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { errorCode } from '../errors.js';
import { createScratchDirectory, removeScratchDirectory } from '../util/scratch.js';
import type { FileSource, MaterialisedTree, SourceEntry, SourceMemo } from './file-source.js';

/** Files of a source written into a directory, for tools that read files themselves (jscpd); held until released. */
export interface MaterialisedFiles {
  directory: string;
  release(): void;
}


/**
 * Writes exactly the given entries of a source into a directory. With a memo, the directory is
 * one of a few kept for the memo's lifetime and brought up to date: only files added or changed
 * since its last use are written and only removed ones deleted, since creating files is costly
 * on some disks and neighbouring points of a trend differ in few files. Without a memo, a
 * temporary directory is written whole and removed on release.
 */
export async function materialise(source: FileSource, entries: readonly SourceEntry[]): Promise<MaterialisedFiles> {
  try {
    return await materialiseIn(source, entries);
  } catch (error) {
    // Shared memory can be small (64 MiB in a default container): the temporary directory serves.
    if (errorCode(error) !== 'ENOSPC' || scratch === tmpdir()) throw error;
    scratch = tmpdir();
    return materialiseIn(source, entries);
  }
}

async function materialiseIn(source: FileSource, entries: readonly SourceEntry[]): Promise<MaterialisedFiles> {
  const memo = source.memo;
  const tree = memo ? leaseTree(memo) : newTree();
  try {
    await syncTree(tree, source, entries);
  } catch (error) {
    if (memo) dropTree(memo, tree);
    else removeTree(tree.directory);
    throw error;
  }
  return {
    directory: tree.directory,
    release: () => {
      if (memo) tree.busy = false;
      else removeTree(tree.directory);
    },
  };
}

/** Removes the directories a memo kept. */
export function disposeMaterialised(memo: SourceMemo): void {
  for (const tree of memo.trees ?? []) removeTree(tree.directory);
  memo.trees = [];
}

/** A directory written and not yet removed is removed when the process exits, whatever ends it normally (src/util/scratch.ts). */
function newTree(): MaterialisedTree {
  const directory = createScratchDirectory(scratchDirectory(), 'sources');
  return { directory, files: new Map(), directories: new Set(['']), busy: true };
}

function removeTree(directory: string): void {
  removeScratchDirectory(directory);
}

let scratch: string | undefined;

/**
 * Where to write the files: Linux's shared-memory file system when there is one (creating a file
 * there costs about 1/50 of what it costs on some disks), else the system's temporary directory.
 */
function scratchDirectory(): string {
  if (scratch === undefined) {
    scratch = tmpdir();
    try {
      if (process.platform === 'linux' && statSync(SHARED_MEMORY).isDirectory()) {
        accessSync(SHARED_MEMORY, constants.W_OK);
        scratch = SHARED_MEMORY;
      }
    } catch {
      // ignore: no usable shared memory; the temporary directory serves
    }
  }
  return scratch;
}

const SHARED_MEMORY = '/dev/shm';

function leaseTree(memo: SourceMemo): MaterialisedTree {
  memo.trees ??= [];
  const free = memo.trees.find((t) => !t.busy);
  const tree = free ?? newTree();
  if (!free) memo.trees.push(tree);
  tree.busy = true;
  return tree;
}

/** A directory whose update failed midway no longer knows what it holds: it is removed from the pool. */
function dropTree(memo: SourceMemo, tree: MaterialisedTree): void {
  memo.trees = (memo.trees ?? []).filter((t) => t !== tree);
  removeTree(tree.directory);
}

async function syncTree(tree: MaterialisedTree, source: FileSource, entries: readonly SourceEntry[]): Promise<void> {
  const wanted = new Map(entries.map((e) => [e.file, e]));
  for (const file of [...tree.files.keys()]) {
    if (wanted.has(file)) continue;
    rmSync(path.join(tree.directory, file), { force: true });
    tree.files.delete(file);
  }
  const stale = entries.filter((e) => tree.files.get(e.file) !== e.id);
  if (stale.length === 0) return;
  const contents = await source.read(stale);
  stale.forEach((entry, index) => {
    const parent = path.posix.dirname(entry.file);
    if (!tree.directories.has(parent)) {
      mkdirSync(path.join(tree.directory, parent), { recursive: true });
      for (let dir = parent; dir !== '.' && !tree.directories.has(dir); dir = path.posix.dirname(dir)) tree.directories.add(dir);
    }
    writeFileSync(path.join(tree.directory, entry.file), contents[index] ?? '');
    tree.files.set(entry.file, entry.id);
  });
}
