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
}

/**
 * Per-file results kept between runs, keyed by path and content hash. The whole cache belongs to
 * one key (tool version and the configuration that shapes per-file results): another key starts
 * it afresh. Written atomically; a corrupt or foreign file is treated as empty.
 */
export class FileCache {
  private readonly fresh = new Map<string, FileResult>();
  hits = 0;
  misses = 0;

  private constructor(
    private readonly directory: string,
    private readonly key: string,
    private readonly stored: Record<string, FileResult>,
  ) {}

  static open(directory: string, keyParts: readonly unknown[]): FileCache {
    const key = hashBytes(JSON.stringify(keyParts));
    let stored: Record<string, FileResult> = {};
    try {
      const content = deserialize(readFileSync(path.join(directory, CACHE_FILE))) as CacheContent;
      if (content && content.key === key && typeof content.entries === 'object') stored = content.entries;
    } catch {
      // ignore: no cache yet, or one we cannot read; the scan rebuilds it
    }
    return new FileCache(directory, key, stored);
  }

  get(file: string, hash: string): FileResult | undefined {
    const entry = this.stored[file];
    if (entry && entry.hash === hash) {
      this.hits += 1;
      this.fresh.set(file, entry);
      return entry;
    }
    this.misses += 1;
    return undefined;
  }

  set(result: FileResult): void {
    this.fresh.set(result.file, result);
  }

  /** Writes the entries of this run only, so that deleted files leave the cache. */
  save(): void {
    const entries = Object.fromEntries([...this.fresh.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    const target = path.join(this.directory, CACHE_FILE);
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      mkdirSync(this.directory, { recursive: true });
      writeFileSync(temporary, serialize({ key: this.key, entries } satisfies CacheContent));
      renameSync(temporary, target);
    } catch {
      rmSync(temporary, { force: true });
      // ignore: a cache that cannot be written only costs time on the next run
    }
  }
}
