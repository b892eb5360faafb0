import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Script } from 'node:vm';
import { readSealed, writeSealed } from '../cache/sealed-file.js';
import { RACY_MARGIN_MS } from '../util/racy-margin.js';

/**
 * TypeScript's code cache (V8's compiled code for TypeScript's 9 MB source), which spares each
 * process and worker most of compiling it. V8 checks little more than the length of the source a
 * code cache was made from, and runs whatever code the cache holds: a planted cache would run in
 * TypeScript's place, a damaged one can crash the process. So the cache lives only in the
 * per-user directory (src/cache/user-cache.ts), never in a scanned tree; its name carries the
 * SHA-256 of TypeScript's exact source, V8's version and the architecture; and it is sealed with
 * the per-user secret and verified before V8 sees a byte of it. A cache that fails is compiled
 * afresh and written again.
 */
export interface CodeCacheSettings {
  /** The per-user cache directory. */
  directory: string;
  /** The per-user secret that seals the code cache. */
  secret: Uint8Array;
}

/** Where TypeScript's source file is, as src/parse/typescript.cts found it before reading it. */
export interface SourceStamp {
  file: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
}

/** What src/parse/typescript.cts asks for TypeScript's source, before compiling it. */
export interface CodeCacheEntry {
  /** Verified code cache for exactly this source; absent when there is none or it failed. */
  cachedData?: Buffer;
  /** True when a file was there but failed verification. */
  rejected: boolean;
  save(data: Buffer): void;
}

/** The state src/parse/typescript.cts reads, shared through a global symbol (it is CommonJS and loads first). */
interface CompileCacheState {
  open?: (source: Buffer, stamp?: SourceStamp) => CodeCacheEntry;
  loaded?: boolean;
  pending?: { script: Script; save(data: Buffer): void };
  used?: boolean;
  rejected?: boolean;
}

const STATE = Symbol.for('debt-scan.typescript-compile-cache');

function state(): CompileCacheState {
  const current = Reflect.get(globalThis, STATE) as CompileCacheState | undefined;
  if (current) return current;
  const fresh: CompileCacheState = {};
  Reflect.set(globalThis, STATE, fresh);
  return fresh;
}

/**
 * Names where TypeScript's compiled code is kept between runs and the secret that seals it. Has
 * an effect only before TypeScript is first loaded in this thread.
 */
export function useCompileCache(settings: CodeCacheSettings): void {
  const current = state();
  if (current.loaded) return;
  const secret = Buffer.from(settings.secret);
  current.open = (source, stamp) => openCodeCache(settings.directory, secret, source, stamp);
}

/** The code cache file for this source in the per-user directory, and what its seal covers. */
export function codeCacheFile(directory: string, source: Buffer, digest = sha256(source)): { file: string; kind: string } {
  const { v8 } = process.versions;
  return {
    file: path.join(directory, `typescript-${digest.slice(0, 16)}-v8-${v8}-${process.arch}.bin`),
    kind: `debt-scan typescript code cache\u0000${digest}\u0000${v8}\u0000${process.arch}`,
  };
}

function sha256(source: Buffer): string {
  return createHash('sha256').update(source).digest('hex');
}

/**
 * The digests of TypeScript's source kept by its file's stamps (path, size, modification and
 * change time, inode and device), in the per-user directory and sealed like the code cache, so
 * that a process (and each worker) finds its code cache without hashing 9 MB, about 8 ms. A file
 * whose stamps are less than two seconds old is hashed every time: a change within the same
 * timestamp tick could keep them. Sixteen are kept, the latest first.
 */
const DIGESTS_FILE = 'typescript-digests.bin';
const DIGESTS_SEAL_KIND = 'debt-scan typescript source digests v1';
const DIGESTS_KEPT = 16;

export function sourceDigest(directory: string, secret: Buffer, source: Buffer, stamp: SourceStamp | undefined): string {
  // A file that changed between its stat and its read is hashed, and its digest not kept.
  if (!stamp || stamp.size !== source.length) return sha256(source);
  const file = path.join(directory, DIGESTS_FILE);
  const key = JSON.stringify([stamp.file, stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino, stamp.dev]);
  const kept = keptDigests(file, secret);
  const known = kept.find(([stamped]) => stamped === key)?.[1];
  if (known) return known;
  const digest = sha256(source);
  if (Math.max(stamp.mtimeMs, stamp.ctimeMs) < Date.now() - RACY_MARGIN_MS) {
    const latest = [[key, digest], ...kept.filter(([stamped]) => stamped !== key)].slice(0, DIGESTS_KEPT);
    writeSealed(file, DIGESTS_SEAL_KIND, Buffer.from(JSON.stringify(latest)), secret);
  }
  return digest;
}

function keptDigests(file: string, secret: Buffer): [string, string][] {
  const sealed = readSealed(file, DIGESTS_SEAL_KIND, secret);
  if (!sealed.ok) return [];
  try {
    const parsed: unknown = JSON.parse(sealed.payload.toString('utf8'));
    return Array.isArray(parsed) ? parsed.filter((pair): pair is [string, string] => Array.isArray(pair) && typeof pair[0] === 'string' && /^[0-9a-f]{64}$/u.test(String(pair[1]))) : [];
  } catch {
    return [];
  }
}

function openCodeCache(directory: string, secret: Buffer, source: Buffer, stamp: SourceStamp | undefined): CodeCacheEntry {
  const { file, kind } = codeCacheFile(directory, source, sourceDigest(directory, secret, source, stamp));
  const sealed = readSealed(file, kind, secret);
  return {
    ...(sealed.ok ? { cachedData: sealed.payload } : {}),
    rejected: !sealed.ok && sealed.problem === 'foreign',
    save: (data) => void writeSealed(file, kind, data, secret),
  };
}

/** Whether this thread has loaded TypeScript (through src/parse/typescript.cts), whether from the code cache, and whether one was rejected. */
export function typeScriptLoad(): { loaded: boolean; fromCodeCache: boolean; codeCacheRejected: boolean } {
  const current = state();
  return { loaded: current.loaded === true, fromCodeCache: current.used === true, codeCacheRejected: current.rejected === true };
}

/**
 * Writes TypeScript's code cache when this thread compiled TypeScript without one. Called at the
 * end of a scan, so that the cache also holds the functions the scan compiled lazily. Written
 * atomically; a failure only costs the next run its head start.
 */
export function saveCompileCache(): void {
  const current = state();
  const pending = current.pending;
  if (!pending) return;
  current.pending = undefined;
  try {
    pending.save(pending.script.createCachedData());
  } catch {
    // ignore: the next run compiles TypeScript again
  }
}
