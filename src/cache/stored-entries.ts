import type { FileResult } from '../engine/analyze-file.js';
import type { FileFacts } from '../facts/types.js';

/** A file's result as the cache stores it: everything but the facts only the cross-file phases read. */
export type StoredResult = Omit<FileResult, 'facts'> & { facts?: Partial<FileFacts> };

/** What the file system says about a file: when size and modification time are unchanged, so is its content. */
export interface FileStat {
  size: number;
  mtimeMs: number;
}

/**
 * The stored results of a cache file, and the stats their hashes were confirmed with, by column.
 * Most files have no finding, notification or directive, and their results differ only in path,
 * hashes and line counts: stored as one object each (with their empty lists and their stats),
 * typeorm's 3,583 took 25–35 ms to deserialise and a warm run's share of garbage collection with
 * them; as columns, one string per path and hash and two arrays of numbers, about a third of that.
 * What a result holds beyond the plain fields (findings, rule data, notifications, a parse error,
 * directives, a skip, or a field added later) is stored with it as it is, in `rest`.
 */
export interface EntryColumns {
  /** The stored files, in path order. */
  files: string[];
  hashes: string[];
  /** The linkage digest of each file, or null when its result has none. */
  linkages: (string | null)[];
  /** Lines and code lines of each file, two numbers each; -1 for a file whose light facts are not these two counts (then in `rest`, or absent). */
  lines: Int32Array;
  /** Size and modification time of each file when its hash was last confirmed, two numbers each; NaN for a file without. */
  stats: Float64Array;
  /** By index into `files`: what the result holds beyond the plain fields. */
  rest: [index: number, rest: Partial<StoredResult>][];
}

const MAX_LINES = 2 ** 31 - 1;

/** Stored results by column, read one file at a time. */
export class StoredEntries {
  private readonly indexOf: Map<string, number>;
  private readonly restOf: Map<number, Partial<StoredResult>>;

  private constructor(private readonly columns: EntryColumns) {
    this.indexOf = new Map(columns.files.map((file, i) => [file, i]));
    this.restOf = new Map(columns.rest);
  }

  static empty(): StoredEntries {
    return new StoredEntries(encodeEntries([]));
  }

  /** The entries of columns read back from a cache file; undefined when they do not have the shape `encodeEntries` gives. */
  static of(columns: unknown): StoredEntries | undefined {
    return isEntryColumns(columns) ? new StoredEntries(columns) : undefined;
  }

  get size(): number {
    return this.columns.files.length;
  }

  files(): readonly string[] {
    return this.columns.files;
  }

  hash(file: string): string | undefined {
    const i = this.indexOf.get(file);
    return i === undefined ? undefined : this.columns.hashes[i];
  }

  stat(file: string): FileStat | undefined {
    const i = this.indexOf.get(file);
    if (i === undefined) return undefined;
    const [size, mtimeMs] = [this.columns.stats[2 * i], this.columns.stats[2 * i + 1]];
    return Number.isNaN(size) || Number.isNaN(mtimeMs) ? undefined : { size, mtimeMs };
  }

  /** Whether the stored result of a file has facts (and so heavy facts somewhere). */
  hasFacts(file: string): boolean {
    const i = this.indexOf.get(file);
    if (i === undefined) return false;
    return this.columns.lines[2 * i] >= 0 || this.restOf.get(i)?.facts !== undefined;
  }

  /** The stored result of a file, a new object at each call; undefined for a file not stored. */
  result(file: string): StoredResult | undefined {
    const i = this.indexOf.get(file);
    if (i === undefined) return undefined;
    const { hashes, linkages, lines } = this.columns;
    const linkage = linkages[i];
    const result: StoredResult = {
      file,
      hash: hashes[i],
      ...(lines[2 * i] >= 0 ? { facts: { lines: lines[2 * i], codeLines: lines[2 * i + 1] } } : {}),
      ...(linkage === null ? {} : { linkage }),
      findings: [],
      ruleData: {},
      notifications: [],
      parseError: false,
    };
    const rest = this.restOf.get(i);
    return rest ? Object.assign(result, rest) : result;
  }
}

/** Columns of these results (in path order) and their stats. */
export function encodeEntries(entries: readonly { result: StoredResult; stat?: FileStat }[]): EntryColumns {
  const count = entries.length;
  const columns: EntryColumns = {
    files: [],
    hashes: [],
    linkages: [],
    lines: new Int32Array(2 * count).fill(-1),
    stats: new Float64Array(2 * count).fill(Number.NaN),
    rest: [],
  };
  entries.forEach(({ result, stat }, i) => {
    columns.files.push(result.file);
    columns.hashes.push(result.hash);
    columns.linkages.push(typeof result.linkage === 'string' ? result.linkage : null);
    const counted = lineCounts(result.facts);
    if (counted) columns.lines.set(counted, 2 * i);
    if (stat) columns.stats.set([stat.size, stat.mtimeMs], 2 * i);
    const rest = restOf(result, counted !== undefined);
    if (rest) columns.rest.push([i, rest]);
  });
  return columns;
}

/** Light facts that are the two line counts and nothing else, as the columns hold them. */
function lineCounts(facts: StoredResult['facts']): [number, number] | undefined {
  if (!facts) return undefined;
  const keys = Object.keys(facts);
  const { lines, codeLines } = facts;
  const count = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= MAX_LINES;
  return keys.length === 2 && count(lines) && count(codeLines) ? [lines, codeLines] : undefined;
}

/** Whether a plain field's value is what the columns (or its absence) say; `factsInColumns`: the columns hold the facts. */
const PLAIN: Readonly<Record<string, (value: unknown, factsInColumns: boolean) => boolean>> = {
  file: () => true,
  hash: () => true,
  linkage: (value) => typeof value === 'string' || value === undefined,
  facts: (value, factsInColumns) => factsInColumns || value === undefined,
  findings: isEmptyList,
  notifications: isEmptyList,
  ruleData: isEmptyRecord,
  parseError: (value) => value === false,
};

/** What a result holds that the plain fields do not say, or undefined when nothing. */
function restOf(result: StoredResult, factsInColumns: boolean): Partial<StoredResult> | undefined {
  const rest = Object.entries(result).filter(([name, value]) => !(Object.hasOwn(PLAIN, name) && PLAIN[name](value, factsInColumns)));
  return rest.length > 0 ? (Object.fromEntries(rest) as Partial<StoredResult>) : undefined;
}

function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

function isEmptyRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function isEntryColumns(value: unknown): value is EntryColumns {
  if (!hasColumnTypes(value)) return false;
  const { files, hashes, linkages, lines, stats, rest } = value;
  const count = files.length;
  const sized = hashes.length === count && linkages.length === count && lines.length === 2 * count && stats.length === 2 * count;
  return sized && files.every(isString) && hashes.every(isString) && linkages.every((linkage) => linkage === null || isString(linkage)) && rest.every((pair) => isRestOf(pair, count));
}

/** Columns of the right kinds, whatever they hold. */
function hasColumnTypes(value: unknown): value is { [K in keyof EntryColumns]: EntryColumns[K] extends unknown[] ? unknown[] : EntryColumns[K] } {
  const columns = value as Partial<Record<keyof EntryColumns, unknown>> | null | undefined;
  if (typeof columns !== 'object' || columns === null) return false;
  const { files, hashes, linkages, lines, stats, rest } = columns;
  return [files, hashes, linkages, rest].every(Array.isArray) && lines instanceof Int32Array && stats instanceof Float64Array;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** An entry of `rest` for one of `count` files. */
function isRestOf(pair: unknown, count: number): boolean {
  if (!Array.isArray(pair)) return false;
  const [index, rest] = pair as unknown[];
  return Number.isInteger(index) && (index as number) >= 0 && (index as number) < count && typeof rest === 'object' && rest !== null;
}
