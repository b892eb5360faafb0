import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FileResult } from '../engine/analyze-file.js';
import type { FileFacts } from '../facts/types.js';
import { hashBytes } from '../discover/read-source.js';
import { readSealed, writeSealed } from './sealed-file.js';

/** The cache's file; its name carries the format of FileResult and of the file, so that a new format starts afresh. */
export const CACHE_FILE = 'files-v4.bin';

/**
 * What the seal of the cache file covers. One MAC over the whole file rather than a checksum per
 * entry: every run reads the whole file and every save writes it whole, so one pass over the
 * bytes is the least work; and only a seal over the whole stops entries from being dropped,
 * swapped or taken from another cache file. The price, a whole rebuild after any damage, is paid
 * rarely.
 */
export const CACHE_SEAL_KIND = 'debt-scan results cache v4';

/** What opening the cache found: a cache this user's secret sealed, none, or one it did not seal (or damaged). */
export type CacheFound = 'verified' | 'none' | 'ignored';

interface CacheContent {
  key: string;
  entries: Record<string, StoredEntry>;
  /** The outcome of the cross-file phases for one set of inputs (see src/cache/cross-file-key.ts). */
  crossFile?: { key: string; value: unknown };
  /** Other keyed results that outlive one run, by name (module resolutions, for example), each packed. */
  memos?: Record<string, { key: string; packed: Uint8Array }>;
  /** Size and modification time of each entry's file when its hash was last confirmed. */
  stats?: Record<string, FileStat>;
  /** When the run that wrote the cache began to read files (milliseconds since the epoch): stats are vouched for as of then. */
  savedAt?: number;
}

/**
 * A file's result as stored: everything but the facts that only the cross-file phases read
 * (imports, exports, functions: three quarters of the cache), which stay packed in their own
 * serialisation and are unpacked on first use. A run whose cross-file outcome comes from the cache
 * never unpacks them, nor the memos it does not ask for.
 */
interface StoredEntry {
  result: Omit<FileResult, 'facts'> & { facts?: Partial<FileFacts> };
  packed?: Uint8Array;
}

const HEAVY_FACTS = ['imports', 'exports', 'functions'] as const;

/** The packed facts of results that came from the cache, so that saving them again does not serialise them anew. */
const packedFacts = new WeakMap<FileResult, Uint8Array>();

function pack(result: FileResult): StoredEntry {
  const kept = packedFacts.get(result);
  const facts = result.facts;
  if (!facts) return { result };
  // Property descriptors, not values: reading an unpacked result's heavy facts would unpack them.
  const descriptors = Object.entries(Object.getOwnPropertyDescriptors(facts)).filter(([name]) => !(HEAVY_FACTS as readonly string[]).includes(name));
  const light: Partial<FileFacts> = Object.fromEntries(descriptors.map(([name, descriptor]) => [name, descriptor.value as unknown]));
  return { result: { ...result, facts: light }, packed: kept ?? serialize(Object.fromEntries(HEAVY_FACTS.map((name) => [name, facts[name]]))) };
}

function unpack(entry: StoredEntry): FileResult {
  const { result, packed } = entry;
  if (!packed || !result.facts) return result as FileResult;
  let heavy: Record<string, unknown> | undefined;
  const facts = { ...result.facts };
  for (const name of HEAVY_FACTS) {
    Object.defineProperty(facts, name, {
      enumerable: true,
      configurable: true,
      get: () => (heavy ??= deserialize(packed) as Record<string, unknown>)[name],
    });
  }
  const unpacked = { ...result, facts: facts as FileFacts };
  packedFacts.set(unpacked, packed);
  return unpacked;
}

/** What the file system says about a file: when size and modification time are unchanged, so is its content. */
export interface FileStat {
  size: number;
  mtimeMs: number;
}

/**
 * A file modified this close before the run that hashed it began, or during it, may have changed
 * again within the same timestamp tick without its stat showing it (git's "racy" entries): its
 * content is hashed again.
 */
const RACY_MARGIN_MS = 2000;

/**
 * Per-file results kept between runs, keyed by path and content hash. The whole cache belongs to
 * one key (tool version and the configuration that shapes per-file results): another key starts
 * it afresh. Sealed with the per-user secret and written atomically; a file the secret did not
 * seal (shipped in a tree, written elsewhere, forged or damaged) is never deserialised, counts as
 * empty and is written again.
 */
export class FileCache {
  private readonly fresh = new Map<string, FileResult>();
  private crossFile: { key: string; value: unknown } | undefined;
  private readonly memos: Record<string, { key: string; packed: Uint8Array }> = {};
  private readonly freshStats = new Map<string, FileStat>();
  /** When this run opened the cache, before it read any file. */
  private readonly openedAt = Date.now();
  private changed = false;
  hits = 0;
  misses = 0;

  private constructor(
    private readonly directory: string,
    private readonly secret: Uint8Array,
    /** What opening found; a run that found an ignored file writes a good one back. */
    readonly found: CacheFound,
    private readonly key: string,
    private readonly stored: Record<string, StoredEntry>,
    private readonly storedCrossFile: { key: string; value: unknown } | undefined,
    private readonly storedMemos: Record<string, { key: string; packed: Uint8Array }>,
    private readonly storedStats: Record<string, FileStat>,
    private readonly savedAt: number,
  ) {}

  static open(directory: string, keyParts: readonly unknown[], secret: Uint8Array): FileCache {
    const key = hashBytes(JSON.stringify(keyParts));
    const sealed = readSealed(path.join(directory, CACHE_FILE), CACHE_SEAL_KIND, secret);
    const content = sealed.ok ? deserializeContent(sealed.payload) : undefined;
    const found: CacheFound = sealed.ok ? (content ? 'verified' : 'ignored') : sealed.problem === 'missing' ? 'none' : 'ignored';
    const usable = content?.key === key ? content : undefined;
    const fresh = new FileCache(directory, secret, found, key, usable?.entries ?? {}, usable?.crossFile, usable?.memos ?? {}, usable?.stats ?? {}, usable?.savedAt ?? 0);
    if (found === 'ignored') fresh.changed = true;
    return fresh;
  }

  /**
   * The entry of a file whose size and modification time are those recorded when its content
   * was last hashed, without reading it; undefined when the file must be read and hashed.
   */
  getByStat(file: string, stat: FileStat): FileResult | undefined {
    const known = this.storedStats[file];
    const stored = this.stored[file];
    if (!stored || !known || known.size !== stat.size || known.mtimeMs !== stat.mtimeMs) return undefined;
    if (stat.mtimeMs >= this.savedAt - RACY_MARGIN_MS) return undefined;
    this.hits += 1;
    const entry = unpack(stored);
    this.fresh.set(file, entry);
    this.freshStats.set(file, known);
    return entry;
  }

  /** The entry for this content; `stat` is recorded with it so that the next run need not read the file. */
  get(file: string, hash: string, stat?: FileStat): FileResult | undefined {
    const stored = this.stored[file];
    if (stored && stored.result.hash === hash) {
      this.hits += 1;
      const entry = unpack(stored);
      this.fresh.set(file, entry);
      this.recordStat(file, stat);
      return entry;
    }
    this.misses += 1;
    this.changed = true;
    return undefined;
  }

  set(result: FileResult, stat?: FileStat): void {
    this.fresh.set(result.file, result);
    this.recordStat(result.file, stat);
    this.changed = true;
  }

  private recordStat(file: string, stat: FileStat | undefined): void {
    if (!stat) return;
    const known = this.storedStats[file];
    // A racy entry whose stat is unchanged is not worth a rewrite: it only costs reading that file again.
    if (!known || known.size !== stat.size || known.mtimeMs !== stat.mtimeMs) this.changed = true;
    this.freshStats.set(file, { size: stat.size, mtimeMs: stat.mtimeMs });
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
    return memo?.key === key ? (deserialize(memo.packed) as T) : undefined;
  }

  setMemo(name: string, key: string, value: unknown): void {
    this.memos[name] = { key, packed: serialize(value) };
    this.changed = true;
  }

  /**
   * Writes the entries of this run only, so that deleted files leave the cache. A run that
   * found every file in the cache, the same files as the last run and changed nothing writes nothing.
   */
  save(): void {
    if (!this.changed && this.fresh.size === Object.keys(this.stored).length) return;
    const entries = Object.fromEntries([...this.fresh.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, result]) => [file, pack(result)]));
    const crossFile = this.crossFile ?? this.storedCrossFile;
    const memos = { ...this.storedMemos, ...this.memos };
    const stats = Object.fromEntries([...this.freshStats.entries()].filter(([file]) => this.fresh.has(file)));
    const payload = serialize({ key: this.key, entries, memos, stats, savedAt: this.openedAt, ...(crossFile ? { crossFile } : {}) } satisfies CacheContent);
    // A cache that cannot be written only costs time on the next run.
    writeSealed(path.join(this.directory, CACHE_FILE), CACHE_SEAL_KIND, payload, this.secret);
  }
}

/** The content of a verified cache file, when it has the expected shape. */
function deserializeContent(payload: Buffer): CacheContent | undefined {
  try {
    const content = deserialize(payload) as CacheContent | undefined;
    return content && typeof content.key === 'string' && typeof content.entries === 'object' && content.entries !== null ? content : undefined;
  } catch {
    return undefined; // sealed by this user's secret but unreadable (an older Node): rebuilt
  }
}
