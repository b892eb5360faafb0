/**
 * Text from the scanned tree (paths, import specifiers, messages that quote code) on its way to a
 * terminal or a CI log. A file may be named so that, printed raw, it moves the cursor, rewrites the
 * terminal's title or clipboard (escape sequences), starts a line of its own (CR, LF), reads
 * backwards (bidirectional overrides), or is taken by the CI runner for a command: GitHub Actions
 * reads `::command::` at the start of a line (after blanks) and its legacy `##[command]` anywhere in
 * a line, Azure Pipelines `##vso[…]` and TeamCity `##teamcity[…]` anywhere.
 */

/**
 * C0 controls but tab, DEL, C1 controls, the bidirectional marks, embeddings, overrides and isolates,
 * and the Unicode line and paragraph separators.
 */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
const LEGACY_COMMAND = /##((?:vso|teamcity)?)\[/giu;
const LEADING_COMMAND = /^(\s*):(?=:)/u;

/**
 * Makes one field of console text harmless, visibly: each unsafe character becomes an escape such
 * as `\x1b`, `\n` or `\u202e`; the `[` of `##[`, `##vso[`, `##teamcity[` becomes `\x5b`; and a field
 * that starts (after blanks) with `::` gets its first colon as `\x3a`, since it may start a line.
 * Text without any of these comes back unchanged.
 */
export function escapeTerminalText(text: string): string {
  return text.replace(UNSAFE, escapeCharacter).replace(LEGACY_COMMAND, '##$1\\x5b').replace(LEADING_COMMAND, '$1\\x3a');
}

/** Text of several lines (a help text, a stack trace) made harmless line by line; its line feeds are kept. */
export function escapeTerminalLines(text: string): string {
  return text.split('\n').map(escapeTerminalText).join('\n');
}

/** Characters that JSON leaves raw and a terminal may act on: DEL, C1 controls, bidirectional controls, line separators. */
// Without the `u` flag: with it, V8 copies a subject of megabytes (a JSON report) and searches it
// at half the speed; the class names only characters of the Basic Multilingual Plane, which both
// modes match alike.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const HAS_UNSAFE_IN_JSON = new RegExp(UNSAFE_IN_JSON.source);

/**
 * JSON text (a report printed to stdout may land in a CI log) with the same data and nothing a
 * terminal or runner acts on: JSON already escapes C0 controls, so this escapes the rest of the
 * unsafe characters as `\u…` and writes the `[` of `##[`, `##vso[`, `##teamcity[` as `\u005b`.
 * Both can occur only inside strings, so the text parses to the same value.
 */
export function escapeJsonForTerminal(json: string): string {
  // Searched first: a report of megabytes seldom holds either, and a replacement copies it.
  const escaped = HAS_UNSAFE_IN_JSON.test(json) ? json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
  return escaped.includes('##') ? escaped.replace(LEGACY_COMMAND, '##$1\\u005b') : escaped;
}

function escapeCharacter(character: string): string {
  if (character === '\n') return '\\n';
  if (character === '\r') return '\\r';
  const code = character.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
