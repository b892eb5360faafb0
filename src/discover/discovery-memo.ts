import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { SkippedFile } from '../model/types.js';
import { hashBytes } from './read-source.js';
import { tooLargeSkip, type GitignoreRules } from './file-filter.js';
import type { Discovery, DiscoveredFile } from './discovery-types.js';
import { RACY_MARGIN_MS } from '../util/racy-margin.js';
import { compareBy } from '../util/compare-by.js';

/*
 * A walk of the tree, remembered by the stamps of what it read, so that a later run can take its
 * outcome without listing a directory again. A directory's modification and change times move
 * whenever an entry is added, removed or renamed in it (and its change time when its permissions
 * do), so while every directory the walk listed, and every `.gitignore` and package.json it read,
 * keeps its stamps, the walk would find the same entries and decide the same way about each. Only
 * the size of each source file is asked again (the size limit decides on it, and the result cache
 * needs it with the modification time anyway). Stamps taken within RACY_MARGIN_MS of the walk's
 * start vouch for nothing: an entry added in the same tick as the listing may not move them
 * (git's racy entries). A walk that followed a link, or found a directory it could not read, is not
 * remembered: what lies behind those can change without a stamp here moving.
 */

/** Where a walk's memo is kept between runs (the scan's cache), by a key of what else decides the walk. */
export interface DiscoveryMemory {
  recall(key: string): DiscoveryMemo | undefined;
  keep(key: string, memo: DiscoveryMemo): void;
  /** How long before the walk a stamp must be to vouch for anything (default RACY_MARGIN_MS; tests make it negative to remember a tree they just wrote). */
  racyMarginMs?: number;
}

/** A directory or file by its path relative to the root, with its modification time, change time and size. */
type Stamp = [relative: string, mtimeMs: number, ctimeMs: number, size: number];

export interface DiscoveryMemo {
  /** Every directory the walk listed, stamped before it was listed. */
  directories: Stamp[];
  /** The `.gitignore` and package.json files the walk read, stamped as they were read. */
  read: Stamp[];
  /** Source files that passed every check but the size limit, in path order. */
  candidates: string[];
  /** What the walk skipped, but the candidates over the size limit. */
  skipped: SkippedFile[];
  packages: { dir: string; name: string }[];
  manifests: string[];
  prunedDirectories: string[];
}

/** Skips that say the walk could not see all there is: nothing of such a walk is remembered. */
const BLIND_SPOTS: ReadonlySet<SkippedFile['reason']> = new Set(['unreadable', 'symlink-loop', 'outside-root']);

/**
 * The key of a walk of the whole root: what decides it besides the tree below the root (the
 * include and exclude globs, links outside, the ignore rules from above the root, which are read
 * again each run).
 */
export function discoveryKey(root: string, options: { include: readonly string[]; exclude: readonly string[]; followLinksOutside?: boolean }, outer: readonly GitignoreRules[]): string {
  const rulesAbove = outer.map((r) => [r.prefix ?? '', r.text ?? '']);
  return hashBytes(JSON.stringify(['discovery-v1', path.resolve(root), options.include, options.exclude, options.followLinksOutside === true, rulesAbove]));
}

/** Gathers a walk's stamps as it goes; `memo` gives the memo when the walk can be remembered. */
export class DiscoveryRecorder {
  private readonly startedAt = Date.now();
  constructor(private readonly racyMarginMs = RACY_MARGIN_MS) {}

  private readonly directories: Stamp[] = [];
  private readonly read: Stamp[] = [];
  private readonly candidates: string[] = [];
  private readonly oversized = new Set<SkippedFile>();
  private blind = false;

  /** Stamps a directory before it is listed. */
  directory(relative: string, absolute: string): void {
    const stats = statSync(absolute, { throwIfNoEntry: false });
    if (stats?.isDirectory()) this.directories.push(stampOf(relative, stats));
    else this.blind = true;
  }

  /** Stamps a file read on the way, with the stats of the opened file; one that could not be read leaves the walk unremembered. */
  file(relative: string, stats: Stats | undefined): void {
    if (stats) this.read.push(stampOf(relative, stats));
    else this.blind = true;
  }

  /** A source file that passed every check but the size limit; `oversized` is its skip when over it. */
  candidate(relative: string, oversized?: SkippedFile): void {
    this.candidates.push(relative);
    if (oversized) this.oversized.add(oversized);
  }

  /** The memo of this walk, or undefined when it cannot vouch for a later one. */
  memo(discovery: Discovery): DiscoveryMemo | undefined {
    if (this.blind || (discovery.links?.length ?? 0) > 0 || discovery.skipped.some((s) => BLIND_SPOTS.has(s.reason))) return undefined;
    const vouched = this.startedAt - this.racyMarginMs;
    if ([...this.directories, ...this.read].some(([, mtimeMs, ctimeMs]) => mtimeMs >= vouched || ctimeMs >= vouched)) return undefined;
    return {
      directories: this.directories,
      read: this.read,
      candidates: [...this.candidates].sort(),
      skipped: discovery.skipped.filter((s) => !this.oversized.has(s)),
      packages: discovery.packages,
      manifests: discovery.manifests,
      prunedDirectories: discovery.prunedDirectories,
    };
  }
}

function stampOf(relative: string, stats: Stats): Stamp {
  return [relative, stats.mtimeMs, stats.ctimeMs, stats.isDirectory() ? 0 : stats.size];
}

/**
 * The walk's outcome again, when every directory and file it read still has its stamps and every
 * candidate is still a regular file; undefined when anything moved (the caller walks).
 */
export function replayDiscovery(root: string, memo: DiscoveryMemo, maxFileSize: number): Discovery | undefined {
  const absolute = (relative: string): string => (relative === '' ? root : path.join(root, relative));
  const unchanged = ([relative, mtimeMs, ctimeMs, size]: Stamp, directory: boolean): boolean => {
    const stats = statSync(absolute(relative), { throwIfNoEntry: false });
    return stats !== undefined && (directory ? stats.isDirectory() : stats.isFile() && stats.size === size) && stats.mtimeMs === mtimeMs && stats.ctimeMs === ctimeMs;
  };
  if (!memo.directories.every((stamp) => unchanged(stamp, true)) || !memo.read.every((stamp) => unchanged(stamp, false))) return undefined;
  const files: DiscoveredFile[] = [];
  const oversized: SkippedFile[] = [];
  for (const file of memo.candidates) {
    const at = absolute(file);
    const stats = statSync(at, { throwIfNoEntry: false });
    if (!stats?.isFile()) return undefined;
    if (stats.size > maxFileSize) oversized.push(tooLargeSkip(file, stats.size, maxFileSize));
    else files.push({ absolute: at, file, size: stats.size, mtimeMs: stats.mtimeMs });
  }
  return {
    files,
    packages: memo.packages,
    manifests: memo.manifests,
    skipped: oversized.length === 0 ? memo.skipped : [...memo.skipped, ...oversized].sort(compareBy((s) => s.file)),
    prunedDirectories: memo.prunedDirectories,
    links: [],
  };
}
