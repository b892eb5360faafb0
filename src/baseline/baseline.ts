import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';
import { MAX_CONFIGURATION_BYTES, readRegularFile } from '../discover/read-regular-file.js';
import type { BaselineState, Finding } from '../model/types.js';

/**
 * A baseline: the findings a team has accepted for now, committed beside the code, so that the
 * gate judges only new ones. One finding a line, sorted, after one header line, so that two
 * branches that fix different findings merge without a conflict.
 */

/** Where a scan looks for a baseline when none is named. */
export const BASELINE_FILE = 'debt-scan.baseline.jsonl';
/** Raised only when an older debt-scan could not read the file any more. */
export const BASELINE_VERSION = 1;
const HEADER = { kind: 'debt-scan-baseline', version: BASELINE_VERSION };

export interface BaselineEntry {
  rule: string;
  file: string;
  /** The finding's fingerprint (path, rule and code: survives line shifts and re-indentation). */
  fingerprint: string;
  /** Rule and code without the path, for a file renamed without edits; absent when the code was not known. */
  key?: string;
}

/** What a finding's code says without its path: the rule and its snippet, white space removed, numbered per file. */
export function contentKeys(findings: readonly Finding[]): (string | undefined)[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    if (f.snippet === undefined) return undefined;
    const digest = createHash('sha256').update(`${f.ruleId}\u0000${f.snippet.replace(/\s+/gu, '')}`).digest('hex').slice(0, 16);
    const occurrence = (seen.get(`${f.file}\u0000${digest}`) ?? 0) + 1;
    seen.set(`${f.file}\u0000${digest}`, occurrence);
    return `${digest}:${occurrence}`;
  });
}

export function entriesOf(findings: readonly Finding[]): BaselineEntry[] {
  const keys = contentKeys(findings);
  return findings.map((f, i) => ({ rule: f.ruleId, file: f.file, fingerprint: f.fingerprint, ...(keys[i] ? { key: keys[i] } : {}) }));
}

/** The file's text: the header, then the entries sorted by file, rule and fingerprint, one a line. */
export function renderBaseline(entries: readonly BaselineEntry[]): string {
  const order = (e: BaselineEntry) => [e.file, e.rule, e.fingerprint, e.key ?? ''];
  const sorted = [...entries].sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  });
  return [HEADER, ...sorted].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

/** Reads a baseline file; anything that is not one (missing, damaged, another tool's, another version) is a usage error. */
export function readBaseline(file: string, shown: string): BaselineEntry[] {
  const read = readRegularFile(file, 64 * MAX_CONFIGURATION_BYTES);
  if (!read.ok) throw new UsageError(`cannot read the baseline ${shown} (${read.reason === 'unreadable' ? read.detail : read.reason}); write one with debt-scan baseline, or pass --no-baseline`);
  const lines = read.bytes.toString('utf8').split('\n').filter((line) => line.trim() !== '');
  const problem = (line: number, what: string) => new UsageError(`the baseline ${shown} is not one debt-scan can read (line ${line}: ${what}); write it again with debt-scan baseline`);
  const header = parseLine(lines[0]);
  if (!isRecord(header) || header.kind !== HEADER.kind) throw problem(1, 'no debt-scan baseline header');
  if (header.version !== BASELINE_VERSION) throw problem(1, `version ${String(header.version)}, this debt-scan reads version ${BASELINE_VERSION}`);
  return lines.slice(1).map((line, i) => {
    const entry = parseLine(line);
    if (!isRecord(entry) || typeof entry.rule !== 'string' || typeof entry.file !== 'string' || typeof entry.fingerprint !== 'string' || (entry.key !== undefined && typeof entry.key !== 'string')) {
      throw problem(i + 2, 'not a finding of the form {"rule","file","fingerprint"}');
    }
    return { rule: entry.rule, file: entry.file, fingerprint: entry.fingerprint, ...(typeof entry.key === 'string' ? { key: entry.key } : {}) };
  });
}

export interface BaselineMatch {
  /** For each finding, in order: in the baseline (`unchanged`) or not (`new`). */
  states: BaselineState[];
  /** Entries that no finding matched: fixed since the baseline was written. */
  fixed: BaselineEntry[];
}

/**
 * Matches findings with baseline entries, each entry at most once: by rule, file and fingerprint;
 * then by rule, file and code (a baseline written under an older fingerprint recipe); then across a rename, as git finds one: a file that is no longer there and a file that the
 * baseline does not know are taken for the same file when at least half of the old file's
 * findings appear in the new one by rule and code, and their findings are matched by rule and code.
 * Identical code in another new file does not take the place of the renamed file's findings.
 */
export function matchBaseline(findings: readonly Finding[], entries: readonly BaselineEntry[], scannedFiles: ReadonlySet<string>): BaselineMatch {
  const exact = new Map<string, BaselineEntry[]>();
  for (const entry of entries) push(exact, `${entry.rule}\u0000${entry.file}\u0000${entry.fingerprint}`, entry);
  const used = new Set<BaselineEntry>();
  const take = (list: BaselineEntry[] | undefined) => {
    const entry = list?.find((e) => !used.has(e));
    if (entry) used.add(entry);
    return entry;
  };
  const states: BaselineState[] = findings.map((f) => (take(exact.get(`${f.ruleId}\u0000${f.file}\u0000${f.fingerprint}`)) ? 'unchanged' : 'new'));
  const keys = contentKeys(findings);
  // Same rule, same file, same code: the same finding under a fingerprint recipe the baseline predates.
  const sameCode = groupBy(entries.filter((e) => e.key), (e) => `${e.rule}\u0000${e.file}\u0000${e.key}`);
  findings.forEach((f, i) => {
    if (states[i] === 'new' && keys[i] !== undefined && take(sameCode.get(`${f.ruleId}\u0000${f.file}\u0000${keys[i]}`))) states[i] = 'unchanged';
  });
  const known = new Set(entries.map((e) => e.file));
  const gone = groupBy(entries.filter((e) => e.key && !scannedFiles.has(e.file)), (e) => e.file);
  const arrived = groupBy(
    findings.map((f, i) => ({ f, i })).filter(({ f, i }) => states[i] === 'new' && keys[i] !== undefined && !known.has(f.file)),
    ({ f }) => f.file,
  );
  for (const [oldFile, newFile] of renames(gone, arrived, (e) => `${e.rule}\u0000${e.key}`, ({ f, i }) => `${f.ruleId}\u0000${keys[i]}`)) {
    const byKey = groupBy(gone.get(oldFile) ?? [], (e) => `${e.rule}\u0000${e.key}`);
    for (const { f, i } of arrived.get(newFile) ?? []) if (take(byKey.get(`${f.ruleId}\u0000${keys[i]}`))) states[i] = 'unchanged';
  }
  return { states, fixed: entries.filter((e) => !used.has(e)) };
}

/** Pairs of (old file, new file), each file in one pair at most, best overlap first, where at least half of the old file's keys reappear. */
function renames<A, B>(gone: ReadonlyMap<string, A[]>, arrived: ReadonlyMap<string, B[]>, keyOfOld: (a: A) => string, keyOfNew: (b: B) => string): [string, string][] {
  const candidates: { oldFile: string; newFile: string; shared: number }[] = [];
  for (const [oldFile, old] of gone) {
    const oldKeys = count(old.map(keyOfOld));
    for (const [newFile, fresh] of arrived) {
      let shared = 0;
      for (const [key, n] of count(fresh.map(keyOfNew))) shared += Math.min(n, oldKeys.get(key) ?? 0);
      if (shared > 0 && shared * 2 >= old.length) candidates.push({ oldFile, newFile, shared });
    }
  }
  candidates.sort((a, b) => b.shared - a.shared || (a.oldFile < b.oldFile ? -1 : a.oldFile > b.oldFile ? 1 : a.newFile < b.newFile ? -1 : 1));
  const [paired, pairs] = [new Set<string>(), [] as [string, string][]];
  for (const { oldFile, newFile } of candidates) {
    if (paired.has(`old:${oldFile}`) || paired.has(`new:${newFile}`)) continue;
    paired.add(`old:${oldFile}`).add(`new:${newFile}`);
    pairs.push([oldFile, newFile]);
  }
  return pairs;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) push(groups, keyOf(item), item);
  return groups;
}

function count(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function parseLine(line: string | undefined): unknown {
  try {
    return line === undefined ? undefined : (JSON.parse(line) as unknown);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
