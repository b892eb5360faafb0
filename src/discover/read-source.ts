import { hash } from 'node:crypto';
import type { SkipReason } from '../model/types.js';
import { stripBom } from '../parse/source-files.js';
import { readRegularFile } from './read-regular-file.js';

export type SourceRead =
  | { ok: true; text: string; hash: string }
  | { ok: false; reason: SkipReason; detail: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const UTF16 = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });
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
 * Decides whether the bytes of a source file can be analysed (see `checkSource`); returns the text
 * without BOM, on which positions are counted, and the hash of the bytes as they are.
 */
export function classifySource(bytes: Buffer, maxLineLength: number): SourceRead {
  const checked = checkSource(bytes, maxLineLength);
  return checked.ok ? { ...checked, hash: hashBytes(bytes) } : checked;
}

/**
 * Decides whether the bytes of a source file can be analysed: text (UTF-8, or UTF-16 announced by
 * its byte order mark, as TypeScript reads it) without NUL characters, not minified (no line
 * longer than `maxLineLength`) and not generated (a marker in its first lines). Returns the text
 * without BOM; for files whose content has an id already (a git blob's), with no hash to compute.
 */
export function checkSource(bytes: Buffer, maxLineLength: number): { ok: true; text: string } | Extract<SourceRead, { ok: false }> {
  const encoding = utf16Of(bytes);
  if (encoding === undefined && bytes.indexOf(0) >= 0) return { ok: false, reason: 'binary', detail: 'contains NUL bytes' };
  let text: string;
  try {
    text = stripBom(encoding === undefined ? UTF8.decode(bytes) : decodeUtf16(bytes, encoding));
  } catch {
    return { ok: false, reason: 'not-utf8', detail: encoding === undefined ? 'not valid UTF-8' : `not valid ${encoding} (after its byte order mark)` };
  }
  if (encoding !== undefined && text.includes('\u0000')) return { ok: false, reason: 'binary', detail: `contains NUL characters (${encoding})` };
  const longest = longestLine(text);
  if (longest > maxLineLength) {
    return { ok: false, reason: 'minified', detail: `a line of ${longest} characters, limit ${maxLineLength}` };
  }
  if (GENERATED.test(headerOf(text))) return { ok: false, reason: 'generated', detail: 'generated-file marker in its header' };
  return { ok: true, text };
}

/** The UTF-16 encoding a byte order mark announces, or undefined for any other file. */
function utf16Of(bytes: Buffer): 'UTF-16LE' | 'UTF-16BE' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE';
  return undefined;
}

/** Decodes UTF-16 with its byte order mark (kept, for `stripBom`); throws on an odd length or a lone surrogate. */
function decodeUtf16(bytes: Buffer, encoding: 'UTF-16LE' | 'UTF-16BE'): string {
  if (encoding === 'UTF-16LE') return UTF16.decode(bytes);
  if (bytes.length % 2 !== 0) throw new Error('odd length');
  return UTF16.decode(Buffer.from(bytes).swap16());
}

/** The SHA-1 of the bytes (a string as UTF-8), in hex: one call, without a Hash object, since it runs for every file. */
export function hashBytes(bytes: Buffer | string): string {
  return hash('sha1', bytes, 'hex');
}

/**
 * The length of the longest line, lines ending where TypeScript ends them: at CR LF, LF, a lone
 * CR, U+2028 or U+2029. Text with line feeds only (most files) takes the faster way.
 */
function longestLine(text: string): number {
  if (text.indexOf('\r') < 0 && text.indexOf('\u2028') < 0 && text.indexOf('\u2029') < 0) return longestLineFeedLine(text);
  let longest = 0;
  let start = 0;
  for (const match of text.matchAll(LINE_BREAK)) {
    longest = Math.max(longest, match.index - start);
    start = match.index + match[0].length;
  }
  return Math.max(longest, text.length - start);
}

const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/gu;

function longestLineFeedLine(text: string): number {
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
