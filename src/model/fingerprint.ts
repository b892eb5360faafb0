import { createHash } from 'node:crypto';

/**
 * Version of the fingerprint recipe; part of the SARIF key (`debtScan/v<n>`) so that a new recipe
 * never collides with an old one. 2: only the first line of a finding enters, and cross-file
 * messages lose their line and column references. 3: a copied function or block is named by itself
 * (its name, the functions around it), not by the other copies, and cross-file findings with the
 * same text in one file are numbered by their place.
 */
export const FINGERPRINT_VERSION = 3;

export interface FingerprintInput {
  rule: string;
  file: string;
  /** Text that identifies the finding: its own code and the code of its first line. */
  text: string;
}

/**
 * Fingerprints that survive edits elsewhere: they hash the rule, the file and the finding's
 * text with all white space removed (so re-indenting changes nothing and no line number enters),
 * and number identical findings in one file by their order. Returns `<16 hex digits>:<n>`, the
 * form code scanning uses for `primaryLocationLineHash`.
 */
export function fingerprintAll(inputs: readonly FingerprintInput[]): string[] {
  const seen = new Map<string, number>();
  return inputs.map((input) => {
    const digest = createHash('sha256')
      .update(`${input.rule}\u0000${input.file}\u0000${input.text.replace(/\s+/gu, '')}`)
      .digest('hex')
      .slice(0, 16);
    const occurrence = (seen.get(digest) ?? 0) + 1;
    seen.set(digest, occurrence);
    return `${digest}:${occurrence}`;
  });
}

const MAX_LINE = 2000;

/**
 * The identifying text of a finding at offsets [start, end) of a file's text: the part of its span
 * on its first line, and that whole line. Lines further down do not enter, so an edit inside a
 * large reported block (a function body, a catch clause) keeps the alert.
 */
export function findingText(text: string, start: number, end: number): string {
  const lineFeed = text.lastIndexOf('\n', start - 1);
  const lineStart = Math.max(lineFeed, lastLoneCarriageReturn(text, start - 1, lineFeed)) + 1;
  const newline = text.indexOf('\n', start);
  const lineEnd = Math.min(newline < 0 ? text.length : newline, nextLoneCarriageReturn(text, start, newline), lineStart + MAX_LINE);
  const span = text.slice(start, Math.max(start, Math.min(end, lineEnd)));
  return `${span}\u0000${text.slice(lineStart, lineEnd)}`;
}

/**
 * A lone CR (not followed by LF) ends a line as TypeScript counts them; a CR before LF stays part
 * of its line, as it always was. The last one at or before `from` and after `after`, or -1.
 */
function lastLoneCarriageReturn(text: string, from: number, after: number): number {
  for (let at = from < 0 ? -1 : text.lastIndexOf('\r', from); at > after; at = at === 0 ? -1 : text.lastIndexOf('\r', at - 1)) {
    if (text.charCodeAt(at + 1) !== 10) return at;
  }
  return -1;
}

/** The first lone CR at or after `from` and before `limit` (a line feed's offset, or -1 for none), or the text's length. */
function nextLoneCarriageReturn(text: string, from: number, limit: number): number {
  const end = limit < 0 ? text.length : limit;
  for (let at = text.indexOf('\r', from); at >= 0 && at < end; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== 10) return at;
  }
  return text.length;
}

/**
 * A message without references to lines and columns (`a.ts:12:5`, `line 12`, `lines 3-9`, `L12`),
 * for fingerprints of cross-file findings, whose messages may point at code that moves.
 */
export function withoutPositions(message: string): string {
  return message.replace(/:\d+(?::\d+)?\b/gu, '').replace(/\b(lines?\s*|L)\d+(?:\s*[-–]\s*\d+)?/giu, '$1');
}
