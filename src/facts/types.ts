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
  /**
   * Fingerprints for clone detection, filled by the clone fact extractor:
   * `exact` after layout normalisation, `renamed` after identifier/literal normalisation,
   * `shingles` a sorted set of hashed k-grams of the normalised token stream.
   */
  clone?: {
    exact: string;
    renamed: string;
    shingles: number[];
  };
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
