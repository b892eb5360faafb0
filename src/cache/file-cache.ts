import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FileResult } from '../engine/analyze-file.js';
import type { FileFacts } from '../facts/types.js';
import { hashBytes } from '../discover/read-source.js';
import { readSealed, removeQuietly, writeSealed } from './sealed-file.js';
import { RACY_MARGIN_MS } from '../util/racy-margin.js';
import { encodeEntries, StoredEntries, type FileStat, type StoredResult } from './stored-entries.js';

export type { FileStat } from './stored-entries.js';

/** The cache's file; its name carries the format of FileResult and of the file, so that a new format starts afresh. */
export const CACHE_FILE = 'files-v8.bin';

/**
 * What the seal of the cache file covers. One MAC over the whole file rather than a checksum per
 * entry: every run reads the whole file and every save writes it whole, so one pass over the
 * bytes is the least work; and only a seal over the whole stops entries from being dropped,
 * swapped or taken from another cache file. The price, a whole rebuild after any damage, is paid
 * rarely.
 */
export const CACHE_SEAL_KIND = 'debt-scan results cache v8';

/**
 * The facts only the cross-file phases read (imports, exports, functions: three quarters of the
 * cache) live in a file of their own, `facts-<id>.bin`, which the cache file names by its id. A
 * run whose cross-file outcome comes from the cache never reads it. A new id for every version
 * written, so that a cache file never names facts it was not written with. The facts of files
 * analysed since it was written travel in the cache file (`recent`) until they outgrow
 * `RECENT_FACTS_SHARE` of it: then the facts file is written anew with them, so that a run that
 * analysed a few files neither reads nor writes the whole of it.
 */
const FACTS_SEAL_KIND = 'debt-scan facts cache v2';
const FACTS_FILE = /^facts-([0-9a-f]{16})\.bin$/u;
/** The facts of recently analysed files stay in the cache file while they weigh at most this share of the facts file (and at least up to RECENT_FACTS_MIN_BYTES). */
const RECENT_FACTS_SHARE = 1 / 8;
const RECENT_FACTS_MIN_BYTES = 1 << 20;

/** The name of the facts file of this id. */
function factsFileName(id: string): string {
  return `facts-${id}.bin`;
}

/** What opening the cache found: a cache this user's secret sealed, none, or one it did not seal (or damaged). */
export type CacheFound = 'verified' | 'none' | 'ignored';

interface CacheContent {
  key: string;
  /** The stored results and their stats, by column (src/cache/stored-entries.ts). */
  entries: unknown;
  /** The id of the facts file that holds the heavy facts of these entries, and its size. */
  facts?: string;
  factsBytes?: number;
  /** Packed heavy facts of files analysed since the facts file was written; they take precedence over it. */
  recent?: Record<string, Uint8Array>;
  /**
   * The outcome of the cross-file phases for one set of inputs (see src/cache/cross-file-key.ts),
   * packed: deserialised only by a run whose inputs are those, and written again as it is by a run
   * that kept it.
   */
  crossFile?: { key: string; packed: Uint8Array };
  /** Other keyed results that outlive one run, by name (module resolutions, for example), each packed. */
  memos?: Record<string, { key: string; packed: Uint8Array }>;
  /** When the run that wrote the cache began to read files (milliseconds since the epoch): stats are vouched for as of then. */
  savedAt?: number;
}

/** The facts file's content: each file's heavy facts, packed, under the id the cache file names. */
interface FactsContent {
  id: string;
  packed: Record<string, Uint8Array>;
}

const HEAVY_FACTS = ['imports', 'exports', 'functions'] as const;

/**
 * A file's heavy facts packed in two parts, each serialised on its own: its linkage (imports and
 * exports, which the import graph reads) and its functions (which only the clone analysis and the
 * clone index read, three fifths of the whole). A run that builds the graph again without a
 * duplication rule then deserialises the first part only. Laid out as the first part's length
 * (four bytes, little-endian), the first part, the second.
 */
function packHeavy(heavy: Record<string, unknown>): Uint8Array {
  const linkage = serialize({ imports: heavy.imports, exports: heavy.exports });
  const functions = serialize({ functions: heavy.functions });
  const packed = Buffer.allocUnsafe(4 + linkage.length + functions.length);
  packed.writeUInt32LE(linkage.length, 0);
  linkage.copy(packed, 4);
  functions.copy(packed, 4 + linkage.length);
  return packed;
}

/** One part of packed heavy facts: 0 the linkage, 1 the functions. */
function unpackHeavy(packed: Uint8Array, part: 0 | 1): Record<string, unknown> {
  const bytes = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const linkageEnd = 4 + bytes.readUInt32LE(0);
  return deserialize(part === 0 ? bytes.subarray(4, linkageEnd) : bytes.subarray(linkageEnd)) as Record<string, unknown>;
}

/**
 * The light part of a result, and a way to its heavy facts as a record (undefined for a result
 * without facts), called only for a result analysed by this run: reading an unpacked result's
 * heavy facts would unpack them.
 */
function split(result: FileResult): { light: StoredResult; heavy: (() => Record<string, unknown>) | undefined } {
  const facts = result.facts;
  if (!facts) return { light: result, heavy: undefined };
  // Property descriptors, not values, for the same reason.
  const descriptors = Object.entries(Object.getOwnPropertyDescriptors(facts)).filter(([name]) => !(HEAVY_FACTS as readonly string[]).includes(name));
  const light: Partial<FileFacts> = Object.fromEntries(descriptors.map(([name, descriptor]) => [name, descriptor.value as unknown]));
  return { light: { ...result, facts: light }, heavy: () => Object.fromEntries(HEAVY_FACTS.map((name) => [name, facts[name]])) };
}

/**
 * Per-file results kept between runs, keyed by path and content hash. The whole cache belongs to
 * one key (tool version and the configuration that shapes per-file results): another key starts
 * it afresh. Sealed with the per-user secret and written atomically; a file the secret did not
 * seal (shipped in a tree, written elsewhere, forged or damaged) is never deserialised, counts as
 * empty and is written again. The heavy facts are in a facts file of their own, read only when
 * they are asked for (`loadFacts`).
 */
export class FileCache {
  private readonly fresh = new Map<string, FileResult>();
  private crossFile: { key: string; packed: Uint8Array } | undefined;
  private readonly memos: Record<string, { key: string; packed: Uint8Array }> = {};
  private readonly freshStats = new Map<string, FileStat>();
  /** When this run opened the cache, before it read any file. */
  private readonly openedAt = Date.now();
  private changed = false;
  /** Whether the facts file must be written again: a file was analysed, or the stored facts could not be read. */
  private factsChanged = false;
  /** The results made from stored entries, with the stored result each was made from (whose packed facts are stored). */
  private readonly unpacked = new WeakMap<FileResult, StoredResult>();
  /** The stored facts file's packed facts once read; null when it could not be read. */
  private storedFacts: Record<string, Uint8Array> | null | undefined;
  /** The facts file must be written whole: there is none, or the stored entries were forgotten. */
  private rewriteFacts = false;
  /** What opening found; a run that found an ignored file, or facts it could not read, writes a good one back. */
  found: CacheFound;
  hits = 0;
  misses = 0;

  private constructor(
    private readonly directory: string,
    private readonly secret: Uint8Array,
    found: CacheFound,
    private readonly key: string,
    private stored: StoredEntries,
    private readonly storedFactsId: string | undefined,
    private readonly storedFactsBytes: number,
    private readonly storedRecent: Record<string, Uint8Array>,
    private readonly storedCrossFile: { key: string; packed: Uint8Array } | undefined,
    private readonly storedMemos: Record<string, { key: string; packed: Uint8Array }>,
    private readonly savedAt: number,
  ) {
    this.found = found;
  }

  static open(directory: string, keyParts: readonly unknown[], secret: Uint8Array): FileCache {
    const key = hashBytes(JSON.stringify(keyParts));
    const sealed = readSealed(path.join(directory, CACHE_FILE), CACHE_SEAL_KIND, secret);
    const content = sealed.ok ? deserializeContent(sealed.payload) : undefined;
    const found: CacheFound = sealed.ok ? (content ? 'verified' : 'ignored') : sealed.problem === 'missing' ? 'none' : 'ignored';
    const usable = content?.key === key ? content : undefined;
    const stored = (usable && content?.stored) ?? StoredEntries.empty();
    const fresh = new FileCache(directory, secret, found, key, stored, usable?.facts, usable?.factsBytes ?? 0, usable?.recent ?? {}, usable?.crossFile, usable?.memos ?? {}, usable?.savedAt ?? 0);
    if (found === 'ignored') fresh.changed = true;
    if (!usable?.facts) {
      fresh.factsChanged = true;
      fresh.rewriteFacts = true;
    }
    return fresh;
  }

  /**
   * Reads the facts file, if not done yet: true when the heavy facts of every stored entry are
   * there. When they are not (the file is missing, damaged or of another version), the results
   * that came from the cache lack facts the cross-file phases need: forget them (`forget`) and
   * analyse those files again.
   */
  loadFacts(): boolean {
    if (this.storedFacts === undefined) this.storedFacts = this.readFacts();
    if (this.storedFacts) return true;
    return !this.stored.files().some((file) => this.stored.hasFacts(file) && !this.storedRecent[file]);
  }

  private readFacts(): Record<string, Uint8Array> | null {
    if (!this.storedFactsId) return null;
    const sealed = readSealed(path.join(this.directory, factsFileName(this.storedFactsId)), FACTS_SEAL_KIND, this.secret);
    if (!sealed.ok) return null;
    try {
      const content = deserialize(sealed.payload) as FactsContent | undefined;
      return content?.id === this.storedFactsId && typeof content.packed === 'object' && content.packed !== null ? content.packed : null;
    } catch {
      return null; // sealed by this user's secret but unreadable (an older Node)
    }
  }

  /** The packed heavy facts stored for a file: recent ones, or from the facts file, which is read on first use. */
  private packedOf(file: string): Uint8Array {
    const recent = this.storedRecent[file];
    if (recent) return recent;
    if (!this.loadFacts()) throw new Error(`the cached facts of ${file} cannot be read: FileCache.loadFacts() must be checked first`);
    const packed = this.storedFacts?.[file];
    if (!packed) throw new Error(`the facts file holds no facts of ${file}`);
    return packed;
  }

  /**
   * Drops every stored result (after `loadFacts` failed): each file is read and analysed again,
   * and the cache is written whole. The report says the cache was ignored.
   */
  forget(): void {
    this.stored = StoredEntries.empty();
    this.fresh.clear();
    this.freshStats.clear();
    this.hits = 0;
    this.misses = 0;
    this.changed = true;
    this.factsChanged = true;
    this.rewriteFacts = true;
    if (this.found === 'verified') this.found = 'ignored';
  }

  /** A stored result with its heavy facts unpacked from the facts file on first use. */
  private unpack(file: string, result: StoredResult): FileResult {
    if (!result.facts) return result as FileResult;
    const parts: [Record<string, unknown> | undefined, Record<string, unknown> | undefined] = [undefined, undefined];
    const facts = { ...result.facts };
    for (const name of HEAVY_FACTS) {
      const part = name === 'functions' ? 1 : 0;
      Object.defineProperty(facts, name, {
        enumerable: true,
        configurable: true,
        get: () => (parts[part] ??= unpackHeavy(this.packedOf(file), part))[name],
      });
    }
    const unpacked = { ...result, facts: facts as FileFacts };
    this.unpacked.set(unpacked, result);
    return unpacked;
  }

  /**
   * The entry of a file whose size and modification time are those recorded when its content
   * was last hashed, without reading it; undefined when the file must be read and hashed.
   */
  getByStat(file: string, stat: FileStat): FileResult | undefined {
    const known = this.stored.stat(file);
    if (!known || known.size !== stat.size || known.mtimeMs !== stat.mtimeMs) return undefined;
    if (stat.mtimeMs >= this.savedAt - RACY_MARGIN_MS) return undefined;
    const stored = this.stored.result(file);
    if (!stored) return undefined;
    this.hits += 1;
    const entry = this.unpack(file, stored);
    this.fresh.set(file, entry);
    this.freshStats.set(file, known);
    return entry;
  }

  /** The entry for this content; `stat` is recorded with it so that the next run need not read the file. */
  get(file: string, hash: string, stat?: FileStat): FileResult | undefined {
    const stored = this.stored.hash(file) === hash ? this.stored.result(file) : undefined;
    if (stored) {
      this.hits += 1;
      const entry = this.unpack(file, stored);
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
    this.factsChanged = true;
  }

  private recordStat(file: string, stat: FileStat | undefined): void {
    if (!stat) return;
    const known = this.stored.stat(file);
    // A racy entry whose stat is unchanged is not worth a rewrite: it only costs reading that file again.
    if (!known || known.size !== stat.size || known.mtimeMs !== stat.mtimeMs) this.changed = true;
    this.freshStats.set(file, { size: stat.size, mtimeMs: stat.mtimeMs });
  }

  /** The cross-file outcome stored for exactly these inputs, if any. */
  getCrossFile<T>(key: string): T | undefined {
    const stored = this.storedCrossFile;
    return stored?.key === key && stored.packed instanceof Uint8Array ? (deserialize(stored.packed) as T) : undefined;
  }

  setCrossFile(key: string, value: unknown): void {
    this.crossFile = { key, packed: serialize(value) };
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
   * found every file in the cache, the same files as the last run and changed nothing writes
   * nothing. The heavy facts of files this run analysed go into the cache file with the other
   * recent ones while they stay small next to the facts file, which is then neither read nor
   * written; else the facts file is written whole, first, under a new id, then the cache file that
   * names it, then other facts files are removed: a cache file never names a facts file that is
   * not there yet.
   */
  save(): void {
    if (!this.changed && this.fresh.size === this.stored.size) return;
    const { entries, recent, inFactsFile, recentBytes } = this.storedEntries();
    let facts = this.storedFactsId;
    let factsBytes = this.storedFactsBytes;
    const recentFit = recentBytes <= Math.max(RECENT_FACTS_MIN_BYTES, factsBytes * RECENT_FACTS_SHARE);
    if (this.factsChanged && (this.rewriteFacts || !facts || !recentFit)) {
      const written = this.writeFactsFile(entries, recent, inFactsFile);
      // A facts file that cannot be written leaves a cache file without facts: the next run analyses every file again.
      if (!written) return;
      ({ id: facts, bytes: factsBytes } = written);
    }
    const crossFile = this.crossFile ?? this.storedCrossFile;
    const memos = { ...this.storedMemos, ...this.memos };
    const columns = encodeEntries([...entries].map(([file, result]) => ({ result, stat: this.freshStats.get(file) })));
    const payload = serialize({ key: this.key, entries: columns, facts, factsBytes, recent, memos, savedAt: this.openedAt, ...(crossFile ? { crossFile } : {}) } satisfies CacheContent);
    // A cache that cannot be written only costs time on the next run.
    if (writeSealed(path.join(this.directory, CACHE_FILE), CACHE_SEAL_KIND, payload, this.secret) && facts) removeOtherFacts(this.directory, facts);
  }

  /**
   * This run's entries as stored, and where their heavy facts are: packed in `recent` (analysed by
   * this run, or recent ones carried on), or in the stored facts file (`inFactsFile`).
   */
  private storedEntries(): { entries: Map<string, StoredResult>; recent: Record<string, Uint8Array>; inFactsFile: string[]; recentBytes: number } {
    const entries = new Map<string, StoredResult>();
    const recent: Record<string, Uint8Array> = {};
    const inFactsFile: string[] = [];
    let recentBytes = 0;
    for (const file of [...this.fresh.keys()].sort()) {
      const result = this.fresh.get(file) as FileResult;
      // A result made from a stored entry is stored as that entry: splitting it again costs a third of writing the cache.
      const stored = this.unpacked.get(result);
      const { light, heavy } = stored ? { light: stored, heavy: undefined } : split(result);
      entries.set(file, light);
      if (!light.facts) continue;
      // Heavy facts of this run's analysis are packed; those of a stored entry are recent ones, or in the facts file.
      const packed = heavy ? packHeavy(heavy()) : this.storedRecent[file];
      if (packed) {
        recent[file] = packed;
        recentBytes += packed.byteLength;
      } else {
        inFactsFile.push(file);
      }
    }
    return { entries, recent, inFactsFile, recentBytes };
  }

  /**
   * Writes a facts file, under a new id, with every entry's heavy facts: the recent ones (which
   * then leave `recent`) and those of the stored facts file; an entry whose facts were lost leaves
   * `entries`, to be analysed again. Its id and size, or undefined when it could not be written.
   */
  private writeFactsFile(entries: Map<string, StoredResult>, recent: Record<string, Uint8Array>, inFactsFile: readonly string[]): { id: string; bytes: number } | undefined {
    this.loadFacts();
    const packed: Record<string, Uint8Array> = { ...recent };
    for (const file of inFactsFile) {
      const stored = this.storedFacts?.[file];
      if (stored) packed[file] = stored;
      else entries.delete(file);
    }
    const id = randomBytes(8).toString('hex');
    const payload = serialize({ id, packed } satisfies FactsContent);
    if (!writeSealed(path.join(this.directory, factsFileName(id)), FACTS_SEAL_KIND, payload, this.secret)) return undefined;
    for (const file of Object.keys(recent)) delete recent[file];
    return { id, bytes: payload.byteLength };
  }
}

/** Removes the facts files but the one the cache file names (left by earlier runs, or by a run that stopped between its writes). */
function removeOtherFacts(directory: string, kept: string): void {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) if (FACTS_FILE.exec(name) && name !== factsFileName(kept)) removeQuietly(path.join(directory, name));
}

/** The content of a verified cache file with its entries read, when it has the expected shape. */
function deserializeContent(payload: Buffer): (CacheContent & { stored: StoredEntries }) | undefined {
  try {
    const content = deserialize(payload) as CacheContent | undefined;
    const stored = content && typeof content.key === 'string' ? StoredEntries.of(content.entries) : undefined;
    return content && stored ? { ...content, stored } : undefined;
  } catch {
    return undefined; // sealed by this user's secret but unreadable (an older Node): rebuilt
  }
}
