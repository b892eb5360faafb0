import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errorCode } from '../errors.js';

/**
 * Files that a later run reads back (the results cache, the clone index, TypeScript's code
 * cache) are sealed: they carry an HMAC-SHA256 of their content, keyed by a secret kept per user
 * outside any scanned tree (src/cache/user-cache.ts). A file is verified before one byte of it is
 * deserialised, so that a file written by another user or on another machine, one shipped in a
 * repository, forged or damaged on disk, is treated as absent and written again, never trusted.
 *
 * Layout: MAGIC, the 32-byte MAC, then the payload. The MAC also covers the file's kind, so that
 * a sealed file of one kind cannot pass for another.
 */
const MAGIC = Buffer.from('debt-scan sealed 1\n');
const MAC_BYTES = 32;
const HEADER_BYTES = MAGIC.length + MAC_BYTES;

/** Larger than any cache debt-scan writes: a bigger file (or a link to one) is not read. */
const MAX_SEALED_BYTES = 1024 * 1024 * 1024;

export type Unsealed = { ok: true; payload: Buffer } | { ok: false; problem: 'missing' | 'foreign' };

/** The file's bytes: MAGIC, the MAC of `kind` and `payload`, and `payload`. */
export function seal(kind: string, payload: Uint8Array, secret: Uint8Array): Buffer {
  return Buffer.concat([MAGIC, macOf(kind, payload, secret), payload]);
}

/** The payload of sealed bytes when their MAC is right for `kind` and `secret`; else undefined. */
export function unseal(kind: string, bytes: Buffer, secret: Uint8Array): Buffer | undefined {
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const payload = bytes.subarray(HEADER_BYTES);
  return timingSafeEqual(bytes.subarray(MAGIC.length, HEADER_BYTES), macOf(kind, payload, secret)) ? payload : undefined;
}

/**
 * Reads and verifies a sealed file: `missing` when there is none, `foreign` when something is
 * there that this user's secret did not seal (or that is not a regular file).
 */
export function readSealed(file: string, kind: string, secret: Uint8Array): Unsealed {
  const bytes = readRegularFile(file);
  if (bytes === 'missing') return { ok: false, problem: 'missing' };
  const payload = bytes ? unseal(kind, bytes, secret) : undefined;
  return payload ? { ok: true, payload } : { ok: false, problem: 'foreign' };
}

/**
 * Seals and writes a file atomically (a temporary name, then a rename, which replaces a link at
 * the path rather than writing through it). A failure only costs the next run its head start.
 */
export function writeSealed(file: string, kind: string, payload: Uint8Array, secret: Uint8Array): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, seal(kind, payload, secret), { mode: 0o600 });
    renameSync(temporary, file);
    return true;
  } catch {
    removeQuietly(temporary);
    return false;
  }
}

function macOf(kind: string, payload: Uint8Array, secret: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(kind).update('\u0000').update(payload).digest();
}

/**
 * A regular file's bytes; 'missing' when nothing is at the path; undefined for anything else (a
 * FIFO, a device, a directory, a file over the size limit), which is opened without blocking and
 * never read.
 */
function readRegularFile(file: string): Buffer | 'missing' | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = errorCode(error);
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : undefined;
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile() || stats.size > MAX_SEALED_BYTES) return undefined;
    const bytes = Buffer.allocUnsafe(stats.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(descriptor, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } catch {
    return undefined; // a file that cannot be read is as good as a foreign one
  } finally {
    closeSync(descriptor);
  }
}

/** Removes a file we may have left; nothing there, or no way to remove it, is fine. */
export function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // ignore: a path below a file (ENOTDIR) or a directory we cannot write holds nothing of ours
  }
}
