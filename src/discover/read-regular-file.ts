import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { errorCode } from '../errors.js';

/** Why a file of the scanned tree was not read. */
export type UnreadFile = { ok: false; reason: 'special-file' | 'too-large' | 'unreadable'; detail: string };

/** A file read, with the stats of the opened file (its size and times as it was read). */
export type RegularFileRead = { ok: true; bytes: Buffer; stats: Stats } | UnreadFile;

/**
 * The size limit of the files that configure a scan rather than being scanned: the configuration,
 * package.json, tsconfig and jsconfig files (and what they extend) and `.gitignore` files.
 */
export const MAX_CONFIGURATION_BYTES = 4 * 1024 * 1024;

/**
 * Opening never blocks on a FIFO without a writer and never makes a terminal the controlling
 * one; where the platform lacks a flag, it is left out (Windows has neither FIFOs nor terminals as files).
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * Reads a file of the scanned tree if, and only if, it is a regular file of at most `limit`
 * bytes. A FIFO, socket or device (also behind a link: `/dev/zero`, `/dev/random`) is refused
 * before it is opened, since opening some devices has effects of its own; the file is then opened
 * without blocking and checked again on the open descriptor, so that a file swapped for another
 * kind in between is refused too, and the bytes are read from that descriptor, never more than
 * `limit` of them even when the file grows while it is read.
 */
export function readRegularFile(file: string, limit: number): RegularFileRead {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    return { ok: false, reason: 'unreadable', detail: errorCode(error) };
  }
  const refused = refusal(stats, limit);
  if (refused) return refused;
  let descriptor: number;
  try {
    descriptor = openSync(file, OPEN_FLAGS);
  } catch (error) {
    return { ok: false, reason: 'unreadable', detail: errorCode(error) };
  }
  try {
    const opened = fstatSync(descriptor);
    const refused = refusal(opened, limit);
    if (refused) return refused;
    const read = readUpTo(descriptor, opened.size, limit);
    return Buffer.isBuffer(read) ? { ok: true, bytes: read, stats: opened } : read;
  } catch (error) {
    return { ok: false, reason: 'unreadable', detail: errorCode(error) };
  } finally {
    closeSync(descriptor);
  }
}

/** Why a file with these stats is not read, or undefined when it may be. */
function refusal(stats: Stats, limit: number): UnreadFile | undefined {
  if (!stats.isFile()) return { ok: false, reason: 'special-file', detail: `${kindOf(stats)}, not a regular file` };
  if (stats.size > limit) return tooLarge(stats.size, limit);
  return undefined;
}

function tooLarge(size: number, limit: number): UnreadFile {
  return { ok: false, reason: 'too-large', detail: `${size} bytes, limit ${limit}` };
}

/** What kind of file the stats describe, in words. */
export function kindOf(stats: Pick<Stats, 'isFile' | 'isDirectory' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'a special file';
}

/** Reads to the end of the file, expecting `size` bytes; more than `limit` makes it too large. */
function readUpTo(descriptor: number, size: number, limit: number): Buffer | UnreadFile {
  let buffer = Buffer.allocUnsafe(Math.min(size, limit) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > limit) return { ok: false, reason: 'too-large', detail: `grew past ${limit} bytes while read, limit ${limit}` };
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const read = readSync(descriptor, buffer, length, buffer.length - length, null);
    if (read === 0) return buffer.subarray(0, length);
    length += read;
  }
}
