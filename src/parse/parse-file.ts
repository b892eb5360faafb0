import ts from '../typescript.cjs';

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

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
  '.jsx': ts.ScriptKind.JSX,
};

export const SOURCE_EXTENSIONS: readonly string[] = Object.keys(SCRIPT_KINDS);

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot).toLowerCase();
}

export function scriptKindOf(fileName: string): ts.ScriptKind {
  return SCRIPT_KINDS[extensionOf(fileName)] ?? ts.ScriptKind.TS;
}

export function isJavaScriptFile(fileName: string): boolean {
  const kind = scriptKindOf(fileName);
  return kind === ts.ScriptKind.JS || kind === ts.ScriptKind.JSX;
}

/** Removes a leading byte order mark, as ESLint does before it parses. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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

function syntaxErrorsOf(sourceFile: ts.SourceFile): SyntaxProblem[] {
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
