/** Matching findings against a file's `eslint-disable` directives; plain data, no TypeScript (src/suppress/directives.ts reads them). */

/** Where ESLint-style disable comments silence a rule in one file. */
export interface Suppressions {
  /** The directive's comment when `ruleId` is silenced at this 1-based position, else undefined. */
  justificationFor(ruleId: string, line: number, column: number): string | undefined;
}

/** One `eslint-disable`/`eslint-enable` comment; plain data, cached with its file. */
export interface Directive {
  kind: 'disable' | 'enable' | 'disable-line' | 'disable-next-line';
  line: number;
  column: number;
  /** Empty: every rule. */
  rules: string[];
  text: string;
}

const NONE: Suppressions = { justificationFor: () => undefined };

/** Answers for a file's directives (read now, or cached with the file's results). */
export function suppressionsFrom(directives: readonly Directive[] | undefined): Suppressions {
  if (!directives || directives.length === 0) return NONE;
  return { justificationFor: (ruleId, line, column) => findJustification(directives, ruleId, line, column) };
}

function findJustification(directives: readonly Directive[], ruleId: string, line: number, column: number): string | undefined {
  let blockDisabled: Directive | undefined;
  const applies = (d: Directive) => d.rules.length === 0 || d.rules.includes(ruleId);
  for (const d of directives) {
    if (d.kind === 'disable-line' && d.line === line && applies(d)) return d.text;
    if (d.kind === 'disable-next-line' && d.line + 1 === line && applies(d)) return d.text;
    const before = d.line < line || (d.line === line && d.column <= column);
    if (!before || !applies(d)) continue;
    if (d.kind === 'disable') blockDisabled = d;
    if (d.kind === 'enable') blockDisabled = undefined;
  }
  return blockDisabled?.text;
}
