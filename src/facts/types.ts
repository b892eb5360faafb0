/**
 * Per-file facts, extracted in the same walk as the detectors run in and cached with the file.
 * Plain data only: it crosses worker boundaries and is stored in the cache.
 */

export type ImportKind = 'static' | 'reexport' | 'dynamic' | 'require';

export interface ImportFact {
  specifier: string;
  kind: ImportKind;
  /** `import type …` or `export type … from`: erased at run time. */
  typeOnly: boolean;
  /** Names imported (`default`, `*` for a namespace or a re-export of everything). */
  names: string[];
  line: number;
  column: number;
  /** End of the import statement or call (exclusive column), for findings that cover it. */
  endLine?: number;
  endColumn?: number;
}

export interface ExportFact {
  name: string;
  line: number;
  /** The exported value is an async function (or a function returning a promise by its annotation). */
  isAsync: boolean;
  kind: 'function' | 'class' | 'variable' | 'type' | 'other';
}

export interface FunctionFact {
  /** Declared or inferred name, or `<anonymous>`. */
  name: string;
  kind: 'function' | 'method' | 'arrow' | 'expression' | 'accessor' | 'constructor';
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Offsets into the parsed text, for analyses that need the span. */
  start: number;
  end: number;
  exported: boolean;
  isAsync: boolean;
  statements: number;
  tokens: number;
  /** Cyclomatic complexity: 1 + decision points. */
  complexity: number;
  /** Fingerprints for clone detection (src/clones/clone-fingerprints.ts); absent for functions too small or too large. */
  clone?: CloneFingerprint;
}

/**
 * What clone detection keeps of a function: hashes for exact (type 1) and renamed (type 2) copies,
 * the normalised token stream and its MinHash for near-miss copies (type 3).
 */
export interface CloneFingerprint {
  /** Hash of the code after layout and comments are normalised away. */
  exact: string;
  /** Hash of `tokens`: identifiers, literals and type annotations normalised too. */
  renamed: string;
  /** The normalised token stream, one UTF-16 code unit per token. */
  tokens: string;
  /** One-permutation MinHash of the stream's k-grams, 15-bit values. */
  minhash: number[];
  /** Where the function's body starts: the end of the region its findings cover. */
  headEndLine: number;
  headEndColumn: number;
}

export interface FileFacts {
  /** Lines of the file. */
  lines: number;
  /** Lines that hold code: not blank, not only comment. */
  codeLines: number;
  imports: ImportFact[];
  exports: ExportFact[];
  functions: FunctionFact[];
}
