import ts from './typescript.cjs';
import { extensionOf, type SourceExtension } from './source-files.js';

export { SOURCE_EXTENSIONS, extensionOf, isJavaScriptFile, stripBom } from './source-files.js';

export interface SyntaxProblem {
  message: string;
  line: number;
  column: number;
}

export interface ParsedFile {
  sourceFile: ts.SourceFile;
  /** Syntax errors TypeScript's parser recovered from; a file with any is not analysed. */
  syntaxErrors: SyntaxProblem[];
}

const SCRIPT_KINDS: Record<SourceExtension, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
  '.jsx': ts.ScriptKind.JSX,
};

export function scriptKindOf(fileName: string): ts.ScriptKind {
  return SCRIPT_KINDS[extensionOf(fileName) as SourceExtension] ?? ts.ScriptKind.TS;
}

/**
 * Parses a file with TypeScript's parser, parent pointers set and JSDoc left unparsed. The text
 * must already be without BOM so that offsets agree with ESLint's.
 */
export function parseFile(fileName: string, text: string): ParsedFile {
  const sourceFile = ts.createSourceFile(
    fileName,
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    true,
    scriptKindOf(fileName),
  );
  return { sourceFile, syntaxErrors: syntaxErrorsOf(sourceFile) };
}

/** The syntax errors TypeScript's parser recovered from in a file. */
export function syntaxErrorsOf(sourceFile: ts.SourceFile): SyntaxProblem[] {
  // `parseDiagnostics` is how typescript-estree, and so ESLint, learns of syntax errors too.
  const diagnostics = (sourceFile as ts.SourceFile & { parseDiagnostics?: ts.DiagnosticWithLocation[] })
    .parseDiagnostics;
  if (!diagnostics || diagnostics.length === 0) return [];
  return diagnostics.map((d) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(d.start);
    return {
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      line: line + 1,
      column: character + 1,
    };
  });
}
