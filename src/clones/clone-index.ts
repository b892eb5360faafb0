import { statSync } from 'node:fs';
import path from 'node:path';
import { hashBytes } from '../discover/read-source.js';
import type { CloneCandidate } from './clone-classes.js';
import type { PlacedReport } from '../rule/types.js';
import { readSealed, writeSealed } from '../cache/sealed-file.js';
import { isInside } from '../util/is-inside.js';
import { readUserSecret, realPathOf, userCacheDirectory } from '../cache/user-cache.js';
import { relativePosix } from '../util/paths.js';

/**
 * The clone index: what the last scan found about duplication, left in the cache directory so
 * that the ESLint rules can report a file's clones in other files while it is edited. Each
 * scanned file has its content hash, so that a rule only uses entries of the text it lints. The
 * file is JSON sealed with the per-user secret (src/cache/sealed-file.ts): an index that a
 * repository ships, or one damaged on disk, is ignored, so it can neither add nor hide findings.
 */

export const CLONE_INDEX_FILE = 'clone-index-v2.bin';
/** Below a shared cache directory, the caches of scans rooted in folders below it, by their path from there. */
export const ROOTS_DIRECTORY = 'roots';
const SEAL_KIND = 'debt-scan clone index v2';
/** 2: function fingerprints code node kinds by name (CLONE_FINGERPRINT_VERSION 3). */
export const CLONE_INDEX_VERSION = 2;
/** Where the scanner keeps its cache, below the scan root, unless configured otherwise. */
export const DEFAULT_CACHE_LOCATION = 'node_modules/.cache/debt-scan';

export interface IndexedFinding extends PlacedReport {
  /** Rule name without the `debt-scan/` prefix. */
  rule: string;
}

export interface CloneIndexEntry {
  /** SHA-1 of the file's bytes, as the scanner's cache keys it. */
  hash: string;
  findings: IndexedFinding[];
}

export interface CloneIndex {
  version: typeof CLONE_INDEX_VERSION;
  /** Absolute path of the scan root; files are POSIX paths relative to it. */
  root: string;
  /** The rules that ran and whose findings the index holds. */
  rules: string[];
  files: Record<string, CloneIndexEntry>;
  /** Fingerprints of the functions the scan compared, so that an edited file can be compared with the rest. */
  functions?: CloneCandidate[];
  /** Files that import each file (from the import graph), for choosing the copy to keep. */
  fanIn?: Record<string, number>;
}

/** What the index keeps for comparing an edited file with the rest of the repository. */
export interface IndexedFunctions {
  functions: CloneCandidate[];
  fanIn?: Record<string, number>;
}

/** Writes the index sealed and atomically; a failure only costs the editor its cross-file findings. */
export function writeCloneIndex(directory: string, index: CloneIndex, secret: Uint8Array): void {
  writeSealed(path.join(directory, CLONE_INDEX_FILE), SEAL_KIND, Buffer.from(JSON.stringify(index)), secret);
}

/** Whether the directory holds an index that this user's secret sealed (a damaged or planted one is written again). */
export function hasCloneIndex(directory: string, secret: Uint8Array): boolean {
  return readSealed(path.join(directory, CLONE_INDEX_FILE), SEAL_KIND, secret).ok;
}

/** Size, modification time and inode of the directory's index file; undefined when there is none. */
export function cloneIndexStamp(directory: string): string | undefined {
  return stampOf(path.join(directory, CLONE_INDEX_FILE));
}

/**
 * Reads, verifies and checks an index file; anything missing, not sealed by this user's secret,
 * corrupt or of another version gives undefined.
 */
export function readCloneIndex(file: string, secret: Uint8Array): CloneIndex | undefined {
  const sealed = readSealed(file, SEAL_KIND, secret);
  if (!sealed.ok) return undefined;
  try {
    const parsed: unknown = JSON.parse(sealed.payload.toString('utf8'));
    return isCloneIndex(parsed) ? parsed : undefined;
  } catch {
    return undefined; // sealed but not an index: treated as absent
  }
}

/** Checks the index's outer shape; entries are checked where they are read. */
function isCloneIndex(value: unknown): value is CloneIndex {
  if (typeof value !== 'object' || value === null) return false;
  const index = value as Record<string, unknown>;
  return (
    index.version === CLONE_INDEX_VERSION &&
    typeof index.root === 'string' &&
    Array.isArray(index.rules) &&
    typeof index.files === 'object' &&
    index.files !== null
  );
}

const loaded = new Map<string, { stamp: string; userDirectory: string | undefined; index: CloneIndex | undefined }>();

/**
 * The nearest index above a linted file (in the default cache location of some ancestor
 * directory) whose scan root contains the file, and the file's path relative to that root. The
 * file itself may be new since that scan.
 */
function nearestIndex(fileName: string, session: Map<string, unknown> | undefined): { index: CloneIndex; file: string } | undefined {
  const absolute = path.resolve(fileName);
  for (const candidate of indexFilesAbove(path.dirname(absolute), absolute, session)) {
    const index = loadIndex(candidate.indexFile, candidate.root);
    const file = index ? relativeTo(index.root, absolute) : undefined;
    if (index && file !== undefined) return { index, file };
  }
  return undefined;
}

/**
 * How long a lint run takes the index files found above a directory as they were: ESLint lints the
 * files of a directory one after another, and each would otherwise look into every directory
 * above it again. An index written, changed or removed where one was found is noticed at once
 * (each lookup checks its stamp); one that appears where there was none counts from the next
 * lookup after this time, or in the next run.
 */
const INDEX_FILES_TTL_MS = 1000;
const INDEX_FILES = 'index-files-above:';

/** The index files that exist above a directory (where a file of it is linted), nearest first; kept in the lint run's session a short while. */
function indexFilesAbove(start: string, file: string, session: Map<string, unknown> | undefined): { indexFile: string; root: string }[] {
  const now = Date.now();
  const known = session?.get(INDEX_FILES + start) as { at: number; candidates: { indexFile: string; root: string }[] } | undefined;
  if (known && now - known.at < INDEX_FILES_TTL_MS) return known.candidates;
  const candidates: { indexFile: string; root: string }[] = [];
  for (let directory = start; ; directory = path.dirname(directory)) {
    for (const candidate of indexesAt(directory, file)) if (stampOf(candidate.indexFile) !== undefined) candidates.push(candidate);
    if (path.dirname(directory) === directory) break;
  }
  session?.set(INDEX_FILES + start, { at: now, candidates });
  return candidates;
}

/**
 * The indexes a directory's default cache may hold for a file below it: those of scans rooted in
 * folders between it and the file (`roots/<path>`, src/cache/cache-location.ts), nearest first, then its own scan's.
 */
function indexesAt(directory: string, file: string): { indexFile: string; root: string }[] {
  const cache = path.join(directory, DEFAULT_CACHE_LOCATION);
  const own = { indexFile: path.join(cache, CLONE_INDEX_FILE), root: directory };
  const roots = path.join(cache, ROOTS_DIRECTORY);
  if (stampOf(roots) === undefined) return [own];
  const between = path.relative(directory, path.dirname(file)).split(path.sep).filter(Boolean);
  const nested = between.map((_, i) => between.slice(0, between.length - i)).map((parts) => ({ indexFile: path.join(roots, ...parts, CLONE_INDEX_FILE), root: path.join(directory, ...parts) }));
  return [...nested, own];
}

/** The index a linted file's findings are looked up in: the nearest above it, the file's path there, and its entry when it covers the file's current text. */
export interface IndexLookup {
  index: CloneIndex;
  /** The linted file relative to the index's scan root. */
  file: string;
  /** The file's entry, when the index holds it with the hash of the text being linted. */
  current: CloneIndexEntry | undefined;
}

const LOOKUP = 'clone-index';

/**
 * The nearest index above a linted file and the file's entry there, looked up once for all the
 * debt-scan rules of the file: the first rule's lookup (directories walked up, the text hashed)
 * is kept in the file's memo for the others.
 */
export function lookupIndex(fileName: string, text: string, memo: Map<string, unknown>, session?: Map<string, unknown>): IndexLookup | undefined {
  if (memo.has(LOOKUP)) return memo.get(LOOKUP) as IndexLookup | undefined;
  const found = nearestIndex(fileName, session);
  const lookup = found ? { ...found, current: currentEntry(found.index, found.file, text) } : undefined;
  memo.set(LOOKUP, lookup);
  return lookup;
}

/** The findings of `rule` for the linted file, when the index holds the rule and the file's current text; else undefined. */
export function currentFindings(lookup: IndexLookup | undefined, rule: string): PlacedReport[] | undefined {
  if (!lookup?.current || !lookup.index.rules.includes(rule)) return undefined;
  return lookup.current.findings.filter((f) => f.rule === rule).map(({ rule: _rule, ...placed }) => placed);
}

/**
 * The index in a file, when this user's secret sealed it. What was found (an index, or none that
 * can be trusted) is kept while the file's size, time and inode and the per-user directory stay
 * the same, so that each linted file costs a stat, not a read of the index or the secret.
 */
function loadIndex(file: string, root: string): CloneIndex | undefined {
  const stamp = stampOf(file);
  if (stamp === undefined) return undefined;
  // The environment names the per-user directory; a repository controls neither it nor the secret
  // in it, unless the directory lies in the repository's own tree.
  const userDirectory = userCacheDirectory(process.env);
  const known = loaded.get(file);
  if (known && known.stamp === stamp && known.userDirectory === userDirectory) return known.index;
  const trusted = userDirectory !== undefined && !isInside(realPathOf(root), realPathOf(userDirectory));
  const secret = trusted ? readUserSecret(userDirectory) : undefined;
  const index = secret ? readCloneIndex(file, secret) : undefined;
  loaded.set(file, { stamp, userDirectory, index });
  return index;
}

function stampOf(file: string): string | undefined {
  try {
    const stats = statSync(file, { throwIfNoEntry: false });
    return stats ? `${stats.size}:${stats.mtimeMs}:${stats.ino}` : undefined;
  } catch {
    return undefined; // no index here
  }
}

function relativeTo(root: string, absolute: string): string | undefined {
  const relative = relativePosix(root, absolute);
  return relative.startsWith('../') || path.isAbsolute(relative) ? undefined : relative;
}

function currentEntry(index: CloneIndex, file: string, text: string): CloneIndexEntry | undefined {
  const entry = index.files[file];
  if (!entry || typeof entry.hash !== 'string' || !Array.isArray(entry.findings)) return undefined;
  // The scanner hashes the file's bytes; ESLint gives the text without a BOM.
  return entry.hash === hashBytes(text) || entry.hash === hashBytes(`\uFEFF${text}`) ? entry : undefined;
}

/** The index of a scan: every analysed file with its hash, and the findings of the given rules' cross-file phases. */
export function buildCloneIndex(
  root: string,
  rules: readonly string[],
  files: readonly { file: string; hash: string }[],
  reports: readonly { rule: string; report: PlacedReport & { file: string } }[],
  indexed?: IndexedFunctions,
): CloneIndex {
  const entries: Record<string, CloneIndexEntry> = {};
  for (const { file, hash } of files) entries[file] = { hash, findings: [] };
  for (const { rule, report } of reports) {
    const entry = rules.includes(rule) ? entries[report.file] : undefined;
    if (!entry) continue;
    const { line, column, endLine, endColumn, messageId, data } = report;
    entry.findings.push({ rule, line, column, endLine, endColumn, messageId, ...(data ? { data } : {}) });
  }
  return { version: CLONE_INDEX_VERSION, root, rules: [...rules], files: entries, ...indexed };
}
