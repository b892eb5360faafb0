import type { Region, ts } from '../../src/rule/index.js';

/** Where a node lies in its file: 1-based lines and columns, as findings report them (the report model's region). */
export type { Region };

/** The region of a node, from its first token (after leading trivia) to its end. */
export function regionOf(sourceFile: ts.SourceFile, node: ts.Node): Region {
  const from = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const to = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  return { line: from.line + 1, column: from.character + 1, endLine: to.line + 1, endColumn: to.character + 1 };
}
