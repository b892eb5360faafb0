import { createHash } from 'node:crypto';

/** Version of the fingerprint recipe; part of the SARIF key so that a new recipe never collides. */
export const FINGERPRINT_VERSION = 1;

export interface FingerprintInput {
  rule: string;
  file: string;
  /** Text that identifies the finding: its own code and the code of its first line. */
  text: string;
}

/**
 * Fingerprints that survive edits elsewhere: they hash the rule, the file and the finding's
 * text with all white space removed (so re-indenting changes nothing and no line number enters),
 * and number identical findings in one file by their order. Returns `<16 hex digits>:<n>`.
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

/** The identifying text of a finding at offsets [start, end) of a file's text: its span and its first line. */
export function findingText(text: string, start: number, end: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', start);
  const lineEnd = newline < 0 ? text.length : newline;
  const span = text.slice(start, Math.min(end, start + 2000));
  return `${span}\u0000${text.slice(lineStart, lineEnd)}`;
}
