import { createHash } from 'node:crypto';
import type { SkipReason } from '../model/types.js';
import { stripBom } from '../parse/source-files.js';
import { readRegularFile } from './read-regular-file.js';

export type SourceRead =
  | { ok: true; text: string; hash: string }
  | { ok: false; reason: SkipReason; detail: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const GENERATED = /@generated\b|\bDO NOT EDIT\b|\bauto-generated\b/iu;

/**
 * Reads a source file and decides whether it can be analysed: a regular file of at most
 * `maxFileSize` bytes (see `readRegularFile`), then as `classifySource` says.
 */
export function readSource(absolute: string, maxLineLength: number, maxFileSize: number): SourceRead {
  const read = readRegularFile(absolute, maxFileSize);
  return read.ok ? classifySource(read.bytes, maxLineLength) : read;
}

/**
 * Decides whether the bytes of a source file can be analysed: not binary, valid UTF-8, not
 * minified (no line longer than `maxLineLength`) and not generated (a marker in its first
 * lines). Returns the text without BOM and the hash of its bytes.
 */
export function classifySource(bytes: Buffer, maxLineLength: number): SourceRead {
  if (bytes.indexOf(0) >= 0) return { ok: false, reason: 'binary', detail: 'contains NUL bytes' };
  let text: string;
  try {
    text = stripBom(UTF8.decode(bytes));
  } catch {
    return { ok: false, reason: 'not-utf8', detail: 'not valid UTF-8' };
  }
  const longest = longestLine(text);
  if (longest > maxLineLength) {
    return { ok: false, reason: 'minified', detail: `a line of ${longest} characters, limit ${maxLineLength}` };
  }
  if (GENERATED.test(headerOf(text))) return { ok: false, reason: 'generated', detail: 'generated-file marker in its header' };
  return { ok: true, text, hash: hashBytes(bytes) };
}

export function hashBytes(bytes: Buffer | string): string {
  return createHash('sha1').update(bytes).digest('hex');
}

function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    const length = (end < 0 ? text.length : end) - start;
    if (length > longest) longest = length;
    if (end < 0) return longest;
    start = end + 1;
  }
}

/** The leading comments of the file (at most its first 1,000 characters), where generators leave their mark. */
function headerOf(text: string): string {
  const head = text.slice(0, 1000);
  const match = /^(?:\s*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/|#![^\n]*))*/u.exec(head);
  return match ? match[0] : '';
}
