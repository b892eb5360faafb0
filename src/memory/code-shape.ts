import ts from '../parse/typescript.cjs';

/**
 * The shape of a line of code, as clone fingerprints see code: keywords and punctuation as they
 * are, identifiers as one token, property names (after `.` or `?.`) by their name, string and
 * number literals as one token each. One UTF-16 code unit per token, so that two shapes compare
 * with `tokenSimilarity`. `map.get(id)!` and `cache.get(key)!` have the same shape;
 * `map.get(id)!` and `list.at(0)!` do not.
 */
export function codeShape(line: string, names: ShapeNames): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.JSX, line);
  let shape = '';
  let afterDot = false;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.Identifier || kind === ts.SyntaxKind.PrivateIdentifier) {
      shape += afterDot ? names.codeOf(scanner.getTokenText()) : IDENTIFIER;
    } else if (kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral || (kind >= ts.SyntaxKind.TemplateHead && kind <= ts.SyntaxKind.TemplateTail)) {
      shape += STRING;
    } else if (kind === ts.SyntaxKind.NumericLiteral || kind === ts.SyntaxKind.BigIntLiteral) {
      shape += NUMBER;
    } else {
      shape += String.fromCharCode(KIND_BASE + kind);
    }
    afterDot = kind === ts.SyntaxKind.DotToken || kind === ts.SyntaxKind.QuestionDotToken;
  }
  return shape;
}

const IDENTIFIER = '\u0001';
const STRING = '\u0002';
const NUMBER = '\u0003';
/** Syntax kinds above the three codes; property names above every kind. */
const KIND_BASE = 0x10;
const NAME_BASE = 0x1000;

/** Gives each property name one code unit, the same for every shape made with it. */
export class ShapeNames {
  private readonly codes = new Map<string, string>();

  codeOf(name: string): string {
    let code = this.codes.get(name);
    if (code === undefined) {
      code = String.fromCharCode(NAME_BASE + (this.codes.size % (0xd800 - NAME_BASE)));
      this.codes.set(name, code);
    }
    return code;
  }
}
