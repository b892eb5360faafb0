import type ts from 'typescript';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import type { Category } from '../model/types.js';
import type { FileFacts } from '../facts/types.js';
import type { FileRole } from '../discover/file-role.js';

export type { FileRole } from '../discover/file-role.js';

/** A replacement of the source text between two offsets of the parsed text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface Suggestion<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  edits: TextEdit[];
}

/** What a detector reports: a node or an offset range, a message and optional suggestions. */
export interface Report<MessageId extends string> {
  /** The node to report on; its start skips leading trivia. */
  node?: ts.Node;
  /** Offsets into the source text, used when `node` is absent. */
  start?: number;
  end?: number;
  messageId: MessageId;
  data?: Record<string, string | number>;
  suggest?: Suggestion<MessageId>[];
}

export interface DetectContext<MessageId extends string> {
  readonly sourceFile: ts.SourceFile;
  /** The file's path as the host knows it (relative to the scan root in the scanner). */
  readonly fileName: string;
  /** Which host runs the detector: the scanner (which also runs `crossFile` phases) or ESLint. */
  readonly host: 'scanner' | 'eslint';
  /** True for .js, .jsx, .mjs and .cjs files. */
  readonly isJavaScript: boolean;
  /** What the file is for (src/discover/file-role.ts); a detector runs only on files of the roles its meta names. */
  readonly fileRole: FileRole;
  /**
   * Present only when the host has type information: ESLint with `parserOptions.projectService`
   * (or `project`), or a typed scan (`debt-scan --typed`) of a file a tsconfig includes.
   */
  readonly checker?: ts.TypeChecker;
  /** The compiler options of the program the checker belongs to; present with `checker`. */
  readonly compilerOptions?: ts.CompilerOptions;
  report(report: Report<MessageId>): void;
  /**
   * Records per-file data for the rule's cross-file phase (`crossFile`). The value must be
   * structured-cloneable plain data; it is cached with the file.
   */
  setFileData(data: unknown): void;
  /**
   * A value the detectors of one file share, made by the first to ask for `key` (the others get
   * the same value), so that work every one of them would repeat, such as recording the file's
   * declarations, is done once. The listener that `create` may give joins the walk ahead of every
   * detector's own, so that at each node it has run before any detector's handler. A failure of
   * that listener fails every rule that asked for the value.
   */
  shared<T>(key: string, create: () => SharedValue<T>): T;
}

/** A value the detectors of one file share (`DetectContext.shared`), and the listener that keeps it up to date during the walk. */
export interface SharedValue<T> {
  value: T;
  listener?: RuleListener;
}

export type NodeHandler = (node: ts.Node) => void;

/**
 * A detector's listeners for the engine's single walk: `enter` and `exit` handlers keyed by
 * syntax kind, and `end`, called once after the walk.
 */
export interface RuleListener {
  enter?: Partial<Record<ts.SyntaxKind, NodeHandler>>;
  exit?: Partial<Record<ts.SyntaxKind, NodeHandler>>;
  /** Called on entering every node, before the handlers keyed by its kind (for listeners that look at all nodes). */
  enterEvery?: NodeHandler;
  end?: () => void;
}

/** A finding produced by a rule's cross-file phase, already placed in a file. */
export interface CrossFileReport {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  messageId: string;
  data?: Record<string, string | number>;
  related?: { file: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
  properties?: Record<string, string | number | boolean>;
  /** Text that identifies the finding for its fingerprint (defaults to the message). */
  fingerprintText?: string;
  /** The source lines of the finding, filled in by the scanner after the cross-file phase (rules leave it out). */
  snippet?: string;
}

export interface ScannedFile {
  file: string;
  facts: FileFacts;
  /** What the rule's detector passed to `setFileData` for this file, if anything. */
  data: unknown;
}

/** Input of a rule's cross-file phase, run by the scanner after every file was analysed. */
export interface CrossFileInput<Options extends readonly unknown[]> {
  files: ScannedFile[];
  options: Options;
  /** Resolves an import specifier of `fromFile` to a scanned file, when it is one. */
  resolveImport(fromFile: string, specifier: string): string | undefined;
  /** Data of the cross-file analyses that ran before the rules' phases, by analysis name. */
  analyses: Readonly<Record<string, unknown>>;
  /** Absolute path of the scan root. */
  root: string;
}

export type RuleRecommendation = 'recommended' | 'strict';

export interface RuleMeta<MessageId extends string> {
  type: 'problem' | 'suggestion' | 'layout';
  docs: {
    /** One line, starting with Disallow, Require or Enforce. */
    description: string;
    /** The config the rule joins (strict contains recommended). */
    recommended: RuleRecommendation;
    /** True when the rule can use type information to widen what it catches. */
    usesTypeInformation?: boolean;
  };
  category: Category;
  /** Remediation effort per finding, in minutes: the finding's debt. */
  effortMinutes: number;
  /** The level at which the configs enable the rule. */
  severity: 'error' | 'warn';
  /** How sure the rule is that a finding is real, as SARIF's `precision`. */
  precision: 'very-high' | 'high' | 'medium' | 'low';
  hasSuggestions?: boolean;
  /**
   * The kinds of file the rule reports in (default: product code only). Tests, migrations,
   * scripts, examples and tool configuration are code whose failures matter differently; a rule
   * names them when its finding is worth a change there too.
   */
  fileRoles?: readonly FileRole[];
  messages: Record<MessageId, string>;
  /** JSON Schema of the options array, in ESLint's form. */
  schema: JSONSchema4[];
}

export interface RuleDefinition<Options extends readonly unknown[], MessageId extends string> {
  name: string;
  meta: RuleMeta<MessageId>;
  defaultOptions: Options;
  /** Returns the listeners of one file's walk. Pure: no module-level state, no I/O. */
  detect(context: DetectContext<MessageId>, options: Options): RuleListener;
  /**
   * Optional cross-file phase, run by the scanner only (ESLint sees one file at a time). It
   * receives every analysed file's facts and what the detector stored with `setFileData`.
   */
  crossFile?(input: CrossFileInput<Options>): CrossFileReport[];
  /**
   * What the cross-file phase reads: `files` (the default: every file's facts and what the
   * detector stored) or `analyses` (only the cross-file analyses' data; it is given no files).
   * The cache keeps the stage's outcome by what its parts read (src/cache/cross-file-key.ts).
   */
  crossFileReads?: 'files' | 'analyses';
  /**
   * Optional step of the ESLint host only, run before the walk: the findings the last scan left
   * in its cache for this very text (for example those of `crossFile`, from the clone index). It
   * may read files (a detector may not). When it returns findings they are the rule's findings
   * for the file, and its detector does not run on it; undefined when the cache does not cover
   * the text. A rule with this step has its findings kept in the clone index.
   */
  eslintCached?(input: EslintCacheInput<Options>): PlacedReport[] | undefined;
  /**
   * Optional step of the ESLint host only, run after the detector when `eslintCached` gave
   * nothing: it may read the last scan's cache, for example to compare an edited file with the
   * other files. Returns undefined to keep the detector's findings as they are.
   */
  eslint?(input: EslintHookInput<Options>): EslintHookResult | undefined;
}

/** What a rule's ESLint steps learn about the linted file. */
export interface EslintCacheInput<Options extends readonly unknown[]> {
  /** The path ESLint gives (usually absolute). */
  fileName: string;
  /** The file's text as ESLint read it (without BOM). */
  text: string;
  options: Options;
  /** Values the debt-scan rules of this linted file share, so that a lookup (the nearest clone index) is done once for all of them. */
  memo: Map<string, unknown>;
  /**
   * Values kept across the files of one lint run (one ESLint configuration), for what many files
   * would look up alike (the index files above a directory); each value says how long it holds.
   */
  session: Map<string, unknown>;
}

/** What a rule's ESLint step after the detector learns: the file, and what the detector kept. */
export interface EslintHookInput<Options extends readonly unknown[]> extends EslintCacheInput<Options> {
  /** What the detector passed to `setFileData`, if anything. */
  fileData: unknown;
}

/** A finding placed by 1-based line and column (end column exclusive), as in the report model. */
export interface PlacedReport {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  messageId: string;
  data?: Record<string, string | number>;
}

export interface EslintHookResult {
  /** True when `reports` replace the detector's findings; false when they are added to them. */
  replaceDetector: boolean;
  reports: PlacedReport[];
}

export type AnyRuleDefinition = RuleDefinition<any, string>;

/** The rule definitions a run may use, by name. Only the entry points (CLI, library, worker, ESLint plugin) import debt-scan's own. */
export type RuleRegistry = ReadonlyMap<string, AnyRuleDefinition>;

/**
 * Loads the definitions of these rules (a scan's enabled ones) when a file or a cross-file phase
 * first needs them (a run the cache serves loads none); the registry holds at least those.
 */
export type RuleLoader = (names: readonly string[]) => Promise<RuleRegistry>;

/** Whether a rule reports in a file of this role. */
export function appliesTo(meta: Pick<RuleMeta<string>, 'fileRoles'>, role: FileRole): boolean {
  return (meta.fileRoles ?? DEFAULT_FILE_ROLES).includes(role);
}

const DEFAULT_FILE_ROLES: readonly FileRole[] = ['product'];

/** A rule's metadata as plain data (rules/catalog.ts), for the work that does not run the rule. */
export interface RuleCatalogEntry {
  name: string;
  meta: RuleMeta<string>;
  defaultOptions: readonly unknown[];
  /**
   * Which optional parts the definition has: a cross-file phase (and what it reads,
   * `crossFileReads`), steps of its own in ESLint (`eslintCached`, `eslint`).
   */
  phases: { crossFile: false | 'files' | 'analyses'; eslint: boolean };
}

export function defineRule<Options extends readonly unknown[], MessageId extends string>(
  definition: RuleDefinition<Options, MessageId>,
): RuleDefinition<Options, MessageId> {
  return definition;
}
