/**
 * The source lines a finding shows in reports (SARIF `contextRegion`, the HTML report). Free of
 * TypeScript, so that the scan can take snippets for cross-file findings without loading it.
 */

/** A region up to this size is shown whole, so that SARIF's `contextRegion` can hold it. */
const WHOLE_LINES = 40;
const WHOLE_CHARS = 4000;
/** Of a larger region, the first lines only, marked as cut. */
const HEAD_LINES = 3;
const HEAD_CHARS = 400;

/**
 * The text of lines `line`..`endLine` (1-based) without the final line break: all of them when
 * the region is at most 40 lines and 4,000 characters, else its first three lines (at most 400
 * characters) followed by `…`.
 */
export function snippetOf(text: string, lineStarts: readonly number[], line: number, endLine: number): string {
  const start = lineStarts[line - 1] ?? text.length;
  const lineEnd = (last: number) => (last < lineStarts.length ? lineStarts[last] : text.length);
  const whole = lineEnd(endLine);
  if (endLine - line < WHOLE_LINES && whole - start <= WHOLE_CHARS) return linesOf(text, start, whole);
  const head = Math.min(lineEnd(Math.min(endLine, line + HEAD_LINES - 1)), start + HEAD_CHARS);
  return `${linesOf(text, start, head)}…`;
}

/**
 * The text between two offsets without its final line break. A lone CR, which ends a line for
 * TypeScript, becomes LF, so that whoever splits the snippet at line feeds counts the lines
 * TypeScript counted (a CR is lone when the file's next character, which may lie past the cut,
 * is no LF).
 */
function linesOf(text: string, start: number, end: number): string {
  return text
    .slice(start, end)
    .replace(/\r(?!\n)/gu, (cr: string, offset: number) => (text.charCodeAt(start + offset + 1) === 10 ? cr : '\n'))
    .replace(/\r?\n$/u, '');
}

/** Offsets where lines start, with the line breaks TypeScript knows (CR LF, LF, CR, U+2028, U+2029), so that lines agree with its positions. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13) {
      if (text.charCodeAt(i + 1) === 10) i += 1;
      starts.push(i + 1);
    } else if (code === 10 || code === 0x2028 || code === 0x2029) starts.push(i + 1);
  }
  return starts;
}
