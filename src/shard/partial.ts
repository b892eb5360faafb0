import { createHash } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import type { FileResult } from '../engine/analyze-file.js';
import { errorCode, UsageError } from '../errors.js';
import { readRegularFile } from '../discover/read-regular-file.js';
import { TOOL_VERSION } from '../version.js';
import { compareBy } from '../util/compare-by.js';

/**
 * Sharded scans: `debt-scan --shard K/N` analyses a deterministic share of the files and writes
 * their per-file results to a partial file; `debt-scan merge PARTS...` runs a scan that takes every
 * per-file result from the parts instead of analysing, so its cross-file phases, scores, gate and
 * reports are those of a single run on the same files.
 *
 * A partial file is one line of JSON (what it is, who wrote it, for which files and settings),
 * then the results in Node's serialisation (the one worker threads and the cache use, which keeps
 * every value exactly; it can only be read by the same Node.js major version).
 */
export const PARTIAL_KIND = 'debt-scan-partial';
export const PARTIAL_VERSION = 1;
/** The largest part read: far beyond the results of the largest repositories (about 1 KiB a file). */
const MAX_PART_BYTES = 2 * 1024 * 1024 * 1024;
/** The most shards a scan is split into. */
export const MAX_SHARDS = 256;

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

export interface PartialHeader {
  kind: typeof PARTIAL_KIND;
  version: number;
  tool: string;
  node: string;
  shard: string;
  /** A digest of the configuration the results depend on. */
  settings: string;
  /** A digest of every file discovery found (path and size): all shards of one scan see the same. */
  tree: string;
  files: number;
  analysed: number;
}

export interface PartialResult {
  header: PartialHeader;
  results: FileResult[];
}

/** `K/N` with 1 <= K <= N <= MAX_SHARDS. */
export function parseShard(value: string): ShardSpec {
  const match = /^(\d{1,4})\/(\d{1,4})$/u.exec(value.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || index < 1 || count < 1 || index > count || count > MAX_SHARDS) {
    throw new UsageError(`--shard takes K/N with 1 <= K <= N <= ${MAX_SHARDS}, e.g. 2/3 (found "${value}")`);
  }
  return { index, count };
}

/**
 * The files of shard `index` of `count`: the largest files first, each to the shard with the
 * fewest bytes so far (the lowest-numbered on a tie). Every shard computes the same assignment
 * from the same list, so the shards cover the files exactly once.
 */
export function shareOf(files: readonly { file: string; size: number }[], shard: ShardSpec): Set<string> {
  const order = [...files].sort(compareBy((f) => -f.size, (f) => f.file));
  const load = new Array<number>(shard.count).fill(0);
  const share = new Set<string>();
  for (const { file, size } of order) {
    let lightest = 0;
    for (let i = 1; i < load.length; i++) if (load[i] < load[lightest]) lightest = i;
    // Each file weighs at least a little, so that empty files spread too.
    load[lightest] += Math.max(size, 1);
    if (lightest === shard.index - 1) share.add(file);
  }
  return share;
}

/** The digest of what discovery found, by path and size, in path order. */
export function treeDigest(files: readonly { file: string; size: number }[]): string {
  const lines = [...files].map((f) => `${f.file}\u0000${f.size}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32);
}

export function settingsDigest(settings: unknown): string {
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 32);
}

export function partialHeader(shard: ShardSpec, fields: Pick<PartialHeader, 'settings' | 'tree' | 'files' | 'analysed'>): PartialHeader {
  return { kind: PARTIAL_KIND, version: PARTIAL_VERSION, tool: TOOL_VERSION, node: nodeMajor(), shard: `${shard.index}/${shard.count}`, ...fields };
}

/** Writes a partial file whole or not at all (a temporary name, then a rename). */
export function writePartial(file: string, partial: PartialResult): void {
  const bytes = Buffer.concat([Buffer.from(`${JSON.stringify(partial.header)}\n`), serialize(partial.results)]);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, bytes, { mode: 0o644 });
    renameSync(temporary, file);
  } catch (error) {
    throw new UsageError(`cannot write the partial result ${file} (${errorCode(error)})`, { cause: error });
  }
}

/** Reads one part; a UsageError that names the file and the problem when it is not a readable part of this debt-scan. */
export function readPartial(file: string, shown = file): PartialResult {
  const read = readRegularFile(file, MAX_PART_BYTES);
  if (!read.ok) throw new UsageError(`cannot read the part ${shown} (${read.detail})`);
  const bytes = read.bytes;
  const newline = bytes.indexOf(0x0a);
  const header = parseHeader(newline < 0 || newline > 4096 ? '' : bytes.subarray(0, newline).toString('utf8'));
  if (!header) throw new UsageError(`${shown} is not a debt-scan partial result; write parts with debt-scan --shard K/N --output FILE`);
  if (header.version !== PARTIAL_VERSION || header.tool !== TOOL_VERSION || header.node !== nodeMajor()) {
    throw new UsageError(
      `${shown} was written by debt-scan ${header.tool} (partial format ${header.version}) on Node.js ${header.node}; this is debt-scan ${TOOL_VERSION} on Node.js ${nodeMajor()}: run the shards and the merge with the same versions`,
    );
  }
  let results: unknown;
  try {
    results = deserialize(bytes.subarray(newline + 1));
  } catch (error) {
    throw new UsageError(`${shown} is damaged: its results do not decode`, { cause: error });
  }
  if (!Array.isArray(results) || results.length !== header.analysed || !results.every(isFileResult)) throw new UsageError(`${shown} is damaged: its results are not the ${header.analysed} file results its header announces`);
  return { header, results };
}

/** Checks that the parts are the N shards of one scan, each once; returns the results by path and content hash. */
export function combineParts(parts: readonly { shown: string; partial: PartialResult }[]): { results: Map<string, FileResult>; header: PartialHeader } {
  const [first] = parts;
  if (!first) throw new UsageError('debt-scan merge needs the partial results of every shard (debt-scan --shard K/N --output FILE writes them)');
  const count = Number(first.partial.header.shard.split('/')[1]);
  const seen = new Map<number, string>();
  for (const { shown, partial } of parts) {
    const [index, of] = partial.header.shard.split('/').map(Number);
    const other = partial.header.settings !== first.partial.header.settings ? 'another configuration' : partial.header.tree !== first.partial.header.tree ? 'other files' : of !== count ? `a split into ${of}, not ${count}` : undefined;
    if (other) throw new UsageError(`${shown} and ${first.shown} are not shards of one scan: ${shown} has ${other}`);
    const twice = seen.get(index);
    if (twice) throw new UsageError(`shard ${index}/${count} is given twice: ${twice} and ${shown}`);
    seen.set(index, shown);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) throw new UsageError(`the parts lack shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')}: merge needs all ${count}`);
  const results = new Map<string, FileResult>();
  for (const { partial } of parts) for (const result of partial.results) results.set(resultKey(result.file, result.hash), result);
  return { results, header: first.partial.header };
}

export function resultKey(file: string, hash: string): string {
  return `${file}\u0000${hash}`;
}

function parseHeader(line: string): PartialHeader | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined; // not JSON: not a part
  }
  return isHeader(parsed) ? parsed : undefined;
}

function isHeader(value: unknown): value is PartialHeader {
  if (typeof value !== 'object' || value === null) return false;
  const header = value as Record<string, unknown>;
  const numbers = ['version', 'files', 'analysed'].every((key) => typeof header[key] === 'number');
  const strings = ['tool', 'node', 'shard', 'settings', 'tree'].every((key) => typeof header[key] === 'string');
  return header.kind === PARTIAL_KIND && numbers && strings && /^\d+\/\d+$/u.test(header.shard as string);
}

function isFileResult(value: unknown): value is FileResult {
  const r = value as Partial<FileResult> | null;
  return typeof r === 'object' && r !== null && typeof r.file === 'string' && typeof r.hash === 'string' && Array.isArray(r.findings) && Array.isArray(r.notifications);
}

function nodeMajor(): string {
  return process.versions.node.split('.')[0];
}
