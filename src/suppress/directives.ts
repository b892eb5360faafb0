import ts from '../parse/typescript.cjs';
import { suppressionsFrom, type Directive, type Suppressions } from './suppressions.js';

export { suppressionsFrom, type Directive, type Suppressions } from './suppressions.js';

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
