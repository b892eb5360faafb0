import ts from '../typescript.cjs';

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
const DIRECTIVE = /(\/\/|\/\*)\s*eslint-(disable-next-line|disable-line|disable|enable)\b([^\n]*?)(\*\/|$)/gmu;

/**
 * Reads `eslint-disable` directives the way ESLint does: block comments for
 * `eslint-disable`/`eslint-enable`, either kind for `-line` and `-next-line`, a comma-separated
 * rule list, and an optional `-- reason`.
 */
export function readSuppressions(sourceFile: ts.SourceFile): Suppressions {
  return suppressionsFrom(readDirectives(sourceFile));
}

/** The directives of a file, in source order. */
export function readDirectives(sourceFile: ts.SourceFile): Directive[] {
  const text = sourceFile.text;
  if (!text.includes('eslint-')) return [];
  const directives: Directive[] = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const [whole, opener, name, rest, closer] = match;
    const isBlock = opener === '/*';
    if (isBlock && closer !== '*/') continue;
    if (!isBlock && (name === 'disable' || name === 'enable')) continue;
    const start = match.index;
    if (!isInComment(sourceFile, start)) continue;
    const position = sourceFile.getLineAndCharacterOfPosition(start);
    const kind = name as Directive['kind'];
    if (kind === 'disable-line' && isBlock && whole.includes('\n')) continue;
    const [list = '', reason = ''] = rest.split(/\s--\s|\s--$/u);
    directives.push({
      kind,
      line: position.line + 1,
      column: position.character + 1,
      rules: list.split(',').map((r) => r.trim()).filter((r) => r.length > 0),
      text: reason.trim() || whole.replace(/^\/[/*]\s*|\s*\*\/$/gu, '').trim(),
    });
  }
  return directives;
}

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

/** True when the offset lies in trivia rather than in a token (a string, template or regex). */
function isInComment(sourceFile: ts.SourceFile, offset: number): boolean {
  let node: ts.Node = sourceFile;
  for (;;) {
    const child: ts.Node | undefined = ts.forEachChild(node, (c) =>
      c.getStart(sourceFile) <= offset && offset < c.getEnd() ? c : undefined,
    );
    if (!child) break;
    node = child;
  }
  switch (node.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateHead:
    case ts.SyntaxKind.TemplateMiddle:
    case ts.SyntaxKind.TemplateTail:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.JsxText:
      return false;
    default:
      // Between a composite node's children, or in a child's leading trivia: a comment.
      return true;
  }
}
