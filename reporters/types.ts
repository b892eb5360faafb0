import type { ReportModel } from '../src/model/types.js';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'markdown' | 'html' | 'gitlab';

/** Limits of GitHub code scanning for one SARIF file; a run that would pass them keeps the highest-debt results. */
export interface SarifLimits {
  /** Results per run. */
  maxResults: number;
  /** Locations per result: the primary location and the related locations together. */
  maxLocationsPerResult: number;
  /** Size of the file after gzip, in bytes. */
  maxGzipBytes: number;
  /** Results per run that code scanning shows (it stores the rest unseen): the file says when it holds more. */
  shownResults: number;
}

export interface RenderOptions {
  /** ANSI colours in the text format. */
  color?: boolean;
  /** Columns the text format wraps and fits its lines to (the terminal's width); default 100. */
  width?: number;
  /** The text format lists skipped files and every notification. */
  verbose?: boolean;
  /** The command line of the run, recorded in SARIF invocations. */
  commandLine?: string;
  /** SARIF `automationDetails.id`, only when the user asked for a category. */
  sarifCategory?: string;
  /** Include suppressed findings (SARIF `suppressions`, a section in the human formats). */
  includeSuppressed?: boolean;
  /** Keep the timings in the JSON output (they make it differ from run to run). */
  includeTimings?: boolean;
  /** The text format says whether the run used a cache (the CLI asks for it when `CI` is set, and with --verbose). */
  showCache?: boolean;
  /**
   * The scan root's path inside the repository (POSIX, no leading or trailing slash; empty or absent
   * when the scan root is the repository root). SARIF, GitLab and Markdown paths start with it, so that
   * code scanning and merge requests find the files.
   */
  pathPrefix?: string;
  /** Web address of the repository (SARIF `versionControlProvenance`), when known. */
  repositoryUri?: string;
  /**
   * Address that a repository-relative path is appended to for a link to the file at the scanned
   * commit, such as `https://github.com/owner/repo/blob/<sha>/`; Markdown links are relative without it.
   */
  linkBase?: string;
  /** Override code scanning's limits (tests use small ones). */
  sarifLimits?: Partial<SarifLimits>;
  /** Receives what a reporter wants the user to see on the console, such as results dropped at a limit. */
  onWarning?: (message: string) => void;
}

/** A reporter: a pure function from the report model to the text of one output file. */
export type Renderer = (model: ReportModel, options: RenderOptions) => string;

/** A renderer of large output in pieces, made as they are read, whose concatenation is the renderer's text (the CLI writes them one by one). */
export type ChunkedRenderer = (model: ReportModel, options: RenderOptions) => Iterable<string>;
