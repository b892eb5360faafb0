/** Small formatting helpers shared by the reporters. */
import { createRequire } from 'node:module';
import { escapeTerminalText } from './terminal-text.js';
import { groupDigits } from '../src/model/group-digits.js';
import type { CacheUse, Category, Finding, ReportModel } from '../src/model/types.js';

/** `95 min` -> `1 h 35 min`; `2 d` for whole working days of 8 h are not used: hours read better. */
export function formatMinutes(minutes: number): string {
  const rounded = Math.round(minutes);
  if (rounded < 60) return `${rounded} min`;
  const hours = Math.floor(rounded / 60);
  const rest = rounded % 60;
  return rest === 0 ? `${formatCount(hours)} h` : `${formatCount(hours)} h ${rest} min`;
}

/** `1,234`, as en-US writes it. */
export function formatCount(n: number): string {
  return groupDigits(n);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : many}`;
}

export function formatPercent(ratio: number): string {
  return `${(Math.round(ratio * 1000) / 10).toFixed(1)}%`;
}

/** What the run found in the cache, in a few words for the console and CI logs. */
export function describeCacheUse(cache: CacheUse): string {
  switch (cache.state) {
    case 'used':
      return `${formatCount(cache.filesFromCache)} of ${plural(cache.files, 'file')} from the cache`;
    case 'none':
      return 'none found';
    case 'ignored':
      return 'ignored, it was not written by this user on this machine (or it is damaged); rebuilt';
    case 'off':
      return 'off';
    case 'unavailable':
      return `not used: ${cache.reason ?? 'unavailable'}`;
  }
}

export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * string-width and wrap-ansi, loaded when a console text first needs them (a character of another
 * width, a colour): loading them costs about 55 ms of CPU (six ES modules and the data of
 * `Intl.Segmenter`), which a run that writes only files (a CI job's SARIF or JSON), or whose text
 * is plain, need not pay. Node loads these ES modules through
 * `require` (from 20.19 on), since they have no top-level await.
 */
const require = createRequire(import.meta.url);
let layout: { stringWidth: (text: string) => number; wrapAnsi: typeof import('wrap-ansi').default } | undefined;
function textLayout(): NonNullable<typeof layout> {
  layout ??= {
    stringWidth: (require('string-width') as typeof import('string-width')).default,
    wrapAnsi: (require('wrap-ansi') as typeof import('wrap-ansi')).default,
  };
  return layout;
}

/**
 * Text string-width measures one column a character, each its own grapheme: printable ASCII,
 * Latin-1's and Latin Extended's letters and signs (not the soft hyphen), and general
 * punctuation's dashes, quotes, daggers, bullet and ellipsis. Such text is measured by its length,
 * so that a console text of such characters only (most are) does not load string-width.
 */
const NARROW_TEXT = /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027]*$/u;

export function textWidth(text: string): number {
  return NARROW_TEXT.test(text) ? text.length : textLayout().stringWidth(text);
}

/** Lines of printable ASCII, which `wrapPlain` wraps as wrap-ansi would. */
const PLAIN_LINES = /^[\x20-\x7e\n]*$/u;

/**
 * What `wrapAnsi(text, columns, { hard: true, trim: true })` gives for lines of printable ASCII,
 * without loading it: words (split at single spaces) fill a row while they fit, a row's leading
 * and trailing spaces are dropped, and a word longer than a row is broken, starting on the
 * current row when that breaks it no more often.
 */
export function wrapPlain(text: string, columns: number): string {
  return text.split('\n').map((line) => wrapPlainLine(line, columns)).join('\n');
}

function wrapPlainLine(line: string, columns: number): string {
  if (line.trim() === '') return '';
  const rows = [''];
  let rowLength = 0;
  let trimmedRow = -1;
  for (const word of line.split(' ')) {
    const last = rows.length - 1;
    if (trimmedRow !== last) {
      const trimmed = rows[last].trimStart();
      if (trimmed.length !== rows[last].length) {
        rows[last] = trimmed;
        rowLength = trimmed.length;
      }
      if (trimmed.length > 0) trimmedRow = last;
    }
    if (rowLength > 0) {
      rows[rows.length - 1] += ' ';
      rowLength += 1;
    }
    if (word.length > columns) {
      const breaksHere = 1 + Math.floor((word.length - (columns - rowLength) - 1) / columns);
      const breaksNext = Math.floor((word.length - 1) / columns);
      if (breaksNext < breaksHere) {
        rows.push('');
        rowLength = 0;
      }
      rowLength = breakWord(rows, word, columns, rowLength);
      continue;
    }
    if (rowLength + word.length > columns && rowLength > 0 && word.length > 0) {
      rows.push('');
      rowLength = 0;
    }
    rows[rows.length - 1] += word;
    rowLength += word.length;
  }
  return rows.map((row) => row.trimEnd()).join('\n');
}

/** A word longer than a row, one character a column, from `used` columns into the last row on; the columns its last row then uses. */
function breakWord(rows: string[], word: string, columns: number, used: number): number {
  let visible = used;
  for (let i = 0; i < word.length; i++) {
    if (visible > 0 && visible + 1 > columns) {
      rows.push('');
      visible = 0;
    }
    rows[rows.length - 1] += word[i];
    visible += 1;
    if (visible === columns && i < word.length - 1) {
      rows.push('');
      visible = 0;
    }
  }
  return visible;
}

/** Pads to a width, counting the columns a terminal gives each character (wide ones count two), for aligned console tables. */
export function pad(text: string, width: number, right = false): string {
  const used = textWidth(text);
  if (used >= width) return text;
  const fill = ' '.repeat(width - used);
  return right ? fill + text : text + fill;
}

/**
 * Aligned columns, two spaces apart. With a `fit`, a row wider than `fit.width` columns gets its
 * `fit.column` cut from the start (`…` and the end of a path stay), never below ten columns, so
 * that numbers are never split across lines.
 */
export function table(rows: string[][], rightAligned: ReadonlySet<number> = new Set(), fit?: { width: number; column: number }): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => textWidth(r[i]))));
  if (fit) {
    const total = widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
    if (total > fit.width) widths[fit.column] = Math.max(10, widths[fit.column] - (total - fit.width));
  }
  const cut = (cell: string, width: number) => (textWidth(cell) <= width ? cell : `…${cell.slice(cell.length - width + 1)}`);
  return rows.map((r) => r.map((cell, i) => pad(fit?.column === i ? cut(cell, widths[i]) : cell, widths[i], rightAligned.has(i))).join('  ').trimEnd());
}

/**
 * Text wrapped at word boundaries to `width` columns (a word longer than a line is broken), each
 * line after `indent`. Wrapping can bring `::` from inside a field to the start of a line, where a
 * CI runner reads a workflow command, so every line is made harmless again.
 */
export function wrap(text: string, width: number, indent: string): string[] {
  const columns = Math.max(20, width - textWidth(indent));
  const wrapped = PLAIN_LINES.test(text) ? wrapPlain(text, columns) : textLayout().wrapAnsi(text, columns, { hard: true, trim: true });
  return wrapped
    .split('\n')
    .map((line) => escapeTerminalText(`${indent}${line}`));
}

export { fixRates, worstFindings } from '../src/model/worst-findings.js';

/** Each failed gate condition with the findings behind it, worst first, as the gate named them. */
export function failedConditions(model: ReportModel): { message: string; findings: Finding[] }[] {
  const conditions = model.gate.conditions;
  // A report of an earlier version has the sentences only.
  if (!conditions) return model.gate.failures.map((message) => ({ message, findings: [] }));
  const byFingerprint = new Map<string, Finding>();
  for (const finding of model.findings) if (!byFingerprint.has(finding.fingerprint)) byFingerprint.set(finding.fingerprint, finding);
  return conditions
    .filter((c) => !c.passed)
    .map((c) => ({ message: c.message, findings: (c.findings ?? []).flatMap((fingerprint) => byFingerprint.get(fingerprint) ?? []) }));
}

/** A path relative to the scan root as a path relative to the repository root. */
export function repositoryPath(file: string, prefix: string | undefined): string {
  return prefix ? `${prefix}/${file}` : file;
}

/** A relative path as a URI reference: percent-encoded, with `#`, `?`, `:` and parentheses escaped too. */
export function uriReference(posixPath: string): string {
  return encodeURI(posixPath).replace(/[#?:()]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Each category's colour, the same in the scan's and the trend's HTML reports. */
export const CATEGORY_COLORS: Readonly<Record<Category, string>> = {
  duplication: '#8250df',
  'unchecked-assumption': '#bf3989',
  'error-handling': '#cf222e',
  complexity: '#d1580a',
  dependency: '#0969da',
};

/** What a typed scan typed, in one sentence: `3,170 of 3,275 files with types (17 tsconfig programs)`. */
export function describeTypes(types: NonNullable<ReportModel['types']>): string {
  const all = types.files + types.untypedFiles;
  return `${formatCount(types.files)} of ${plural(all, 'file')} with types (${plural(types.programs.length, 'tsconfig program')})${types.untypedFiles > 0 ? `; ${formatCount(types.untypedFiles)} without` : ''}`;
}

/** Diff lines (each led by ' ', '-' or '+') in a fenced Markdown block whose fence no line can close. */
export function fencedDiff(lines: readonly string[]): string[] {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...[...l.matchAll(/`+/gu)].map((m) => m[0].length))));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}diff`, ...lines.map((l) => escapeTerminalText(l)), fence];
}
