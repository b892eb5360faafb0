import { mkdirSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FileResult } from '../engine/analyze-file.js';
import { hashBytes } from '../discover/read-source.js';

/** The cache's file; its name carries the format of FileResult, so that a new format starts afresh. */
const CACHE_FILE = 'files-v2.bin';

interface CacheContent {
  key: string;
  entries: Record<string, FileResult>;
  /** The outcome of the cross-file phases for one set of inputs (see src/cache/cross-file-key.ts). */
  crossFile?: { key: string; value: unknown };
  /** Other keyed results that outlive one run, by name (module resolutions, for example). */
  memos?: Record<string, { key: string; value: unknown }>;
}

/**
 * Per-file results kept between runs, keyed by path and content hash. The whole cache belongs to
 * one key (tool version and the configuration that shapes per-file results): another key starts
 * it afresh. Written atomically; a corrupt or foreign file is treated as empty.
 */
export class FileCache {
  private readonly fresh = new Map<string, FileResult>();
  private crossFile: { key: string; value: unknown } | undefined;
  private readonly memos: Record<string, { key: string; value: unknown }> = {};
  private changed = false;
  hits = 0;
  misses = 0;

  private constructor(
    private readonly directory: string,
    private readonly key: string,
    private readonly stored: Record<string, FileResult>,
    private readonly storedCrossFile: { key: string; value: unknown } | undefined,
    private readonly storedMemos: Record<string, { key: string; value: unknown }>,
  ) {}

  static open(directory: string, keyParts: readonly unknown[]): FileCache {
    const key = hashBytes(JSON.stringify(keyParts));
    let stored: Record<string, FileResult> = {};
    let crossFile: CacheContent['crossFile'];
    let memos: CacheContent['memos'] = {};
    try {
      const content = deserialize(readFileSync(path.join(directory, CACHE_FILE))) as CacheContent;
      if (content && content.key === key && typeof content.entries === 'object') {
        stored = content.entries;
        crossFile = content.crossFile;
        memos = content.memos ?? {};
      }
    } catch {
      // ignore: no cache yet, or one we cannot read; the scan rebuilds it
    }
    return new FileCache(directory, key, stored, crossFile, memos);
  }

  get(file: string, hash: string): FileResult | undefined {
    const entry = this.stored[file];
    if (entry && entry.hash === hash) {
      this.hits += 1;
      this.fresh.set(file, entry);
      return entry;
    }
    this.misses += 1;
    this.changed = true;
    return undefined;
  }

  set(result: FileResult): void {
    this.fresh.set(result.file, result);
    this.changed = true;
  }

  /** The cross-file outcome stored for exactly these inputs, if any. */
  getCrossFile<T>(key: string): T | undefined {
    return this.storedCrossFile?.key === key ? (this.storedCrossFile.value as T) : undefined;
  }

  setCrossFile(key: string, value: unknown): void {
    this.crossFile = { key, value };
    this.changed = true;
  }

  /** The value kept under `name` for exactly this key, if any. */
  getMemo<T>(name: string, key: string): T | undefined {
    const memo = this.storedMemos[name];
    return memo?.key === key ? (memo.value as T) : undefined;
  }

  setMemo(name: string, key: string, value: unknown): void {
    this.memos[name] = { key, value };
    this.changed = true;
  }

  /**
   * Writes the entries of this run only, so that deleted files leave the cache. A run that
   * found every file in the cache, the same files as the last run and changed nothing writes nothing.
   */
  save(): void {
    if (!this.changed && this.fresh.size === Object.keys(this.stored).length) return;
    const entries = Object.fromEntries([...this.fresh.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    const target = path.join(this.directory, CACHE_FILE);
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      mkdirSync(this.directory, { recursive: true });
      const crossFile = this.crossFile ?? this.storedCrossFile;
      const memos = { ...this.storedMemos, ...this.memos };
      writeFileSync(temporary, serialize({ key: this.key, entries, memos, ...(crossFile ? { crossFile } : {}) } satisfies CacheContent));
      renameSync(temporary, target);
    } catch {
      rmSync(temporary, { force: true });
      // ignore: a cache that cannot be written only costs time on the next run
    }
  }
}
