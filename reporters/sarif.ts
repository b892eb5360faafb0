import { gzipSync } from 'node:zlib';
import { FINGERPRINT_VERSION } from '../src/model/fingerprint.js';
import type { Finding, Level, Notification, Precedent, ReportModel } from '../src/model/types.js';
import { fencedDiff, formatCount, formatMinutes, plural, repositoryPath, uriReference } from './format.js';
import { escapeMarkdown } from './markdown.js';
import { toDriver, type Json } from './sarif-rules.js';
import { escapeJsonForTerminal } from './terminal-text.js';
import type { RenderOptions, Renderer, SarifLimits } from './types.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** GitHub code scanning's limits for one uploaded file. */
export const CODE_SCANNING_LIMITS: Readonly<SarifLimits> = {
  maxResults: 25_000,
  maxLocationsPerResult: 1_000,
  maxGzipBytes: 10 * 1024 * 1024,
  // "Only the top 5,000 results will be included, prioritized by severity" (GitHub's SARIF limits).
  shownResults: 5_000,
};

/** The key of debt-scan's own fingerprint in `partialFingerprints`; a new recipe gets a new key. */
export const FINGERPRINT_KEY = `debtScan/v${FINGERPRINT_VERSION}`;

const PRETTY_LIMIT = 16 * 1024 * 1024;
const LINKED_LOCATIONS = 10;
const SRCROOT = '%SRCROOT%';


interface Selection {
  results: Finding[];
  /** How many results each limit removed, and their debt. */
  droppedForCount: number;
  droppedForSize: number;
  droppedMinutes: number;
}

/**
 * SARIF 2.1.0 for GitHub code scanning and other viewers: one run, every rule of the run, results
 * with repository-relative locations and fingerprints that survive unrelated edits. A run that
 * would pass code scanning's limits keeps the highest-debt results and says what it dropped.
 */
export const renderSarif: Renderer = (model, options) => {
  const limits = { ...CODE_SCANNING_LIMITS, ...options.sarifLimits };
  const candidates = options.includeSuppressed ? [...model.findings, ...model.suppressed].sort(compareByPlace) : model.findings;
  let selection = selectByCount(candidates, limits.maxResults);
  let text = renderLog(model, options, selection, limits);
  for (let attempt = 0; attempt < 8; attempt++) {
    const size = gzippedSize(text, limits.maxGzipBytes);
    if (size <= limits.maxGzipBytes) break;
    const ratio = limits.maxGzipBytes / size;
    const keep = Math.max(0, Math.floor(selection.results.length * Math.min(ratio, 0.97)) - 1);
    selection = shrink(selection, keep);
    text = renderLog(model, options, selection, limits);
  }
  const warning = describeDropped(selection, candidates.length, limits);
  if (warning) options.onWarning?.(warning);
  return text;
};

function renderLog(model: ReportModel, options: RenderOptions, selection: Selection, limits: SarifLimits): string {
  const ruleIndex = new Map(model.rules.map((r, i) => [r.ruleId, i]));
  const prefix = options.pathPrefix ?? '';
  const limitNotice = describeDropped(selection, selection.results.length + selection.droppedForCount + selection.droppedForSize, limits);
  const run: Json = {
    tool: { driver: toDriver(model) },
    invocations: [toInvocation(model, options, ruleIndex, limitNotice)],
    originalUriBaseIds: { [SRCROOT]: { uri: rootUri(repositoryRoot(model.root, prefix)), description: { text: 'The root of the repository.' } } },
    ...versionControl(model, options),
    ...(options.sarifCategory ? { automationDetails: { id: automationId(options.sarifCategory) } } : {}),
    results: selection.results.map((f) => toResult(f, ruleIndex.get(f.ruleId), prefix, limits.maxLocationsPerResult - 1)),
    columnKind: 'utf16CodeUnits',
    properties: {
      reportSchemaVersion: model.schemaVersion,
      debtMinutes: model.summary.debtMinutes,
      findings: model.summary.findings,
      suppressed: model.summary.suppressed,
      gate: model.gate,
      modules: model.modules,
    },
  };
  const log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
  const pretty = JSON.stringify(log, null, 2);
  // indentation of a huge log costs more bytes than its content: write large ones compactly
  return `${escapeJsonForTerminal(pretty.length > PRETTY_LIMIT ? JSON.stringify(log) : pretty)}\n`;
}


function toInvocation(model: ReportModel, options: RenderOptions, ruleIndex: ReadonlyMap<string, number>, limitNotice: string | undefined): Json {
  const notifications = model.notifications.map((n) => toNotification(n, ruleIndex, options.pathPrefix ?? ''));
  if (limitNotice) notifications.push({ level: 'warning', descriptor: { id: 'sarif-limit' }, message: { text: limitNotice } });
  return {
    executionSuccessful: !model.notifications.some((n) => n.kind === 'rule-failure' || n.kind === 'analysis-failure'),
    ...(options.commandLine ? { commandLine: options.commandLine } : {}),
    toolExecutionNotifications: notifications,
  };
}

function toNotification(n: Notification, ruleIndex: ReadonlyMap<string, number>, prefix: string): Json {
  const index = n.ruleId === undefined ? undefined : ruleIndex.get(n.ruleId);
  const region = n.line ? { region: { startLine: n.line, ...(n.column ? { startColumn: n.column } : {}) } } : {};
  return {
    level: n.level,
    message: { text: n.message },
    descriptor: { id: n.kind },
    ...(n.ruleId ? { associatedRule: { id: n.ruleId, ...(index === undefined ? {} : { index }) } } : {}),
    ...(n.file ? { locations: [{ physicalLocation: { artifactLocation: artifact(n.file, prefix), ...region } }] } : {}),
  };
}

function toResult(f: Finding, ruleIndex: number | undefined, prefix: string, maxRelated: number): Json {
  const related = (f.related ?? []).slice(0, Math.max(0, maxRelated));
  const omitted = (f.related?.length ?? 0) - related.length;
  const text = messageWithLinks(f, related, prefix, omitted);
  const relatedLocations: Json[] = related.map((r, i) => ({ id: i + 1, ...physical(r.file, r, prefix), message: { text: r.message } }));
  const precedent = f.precedent ? precedentOf(f.precedent, relatedLocations.length + 1, prefix) : undefined;
  if (precedent) relatedLocations.push(precedent.location);
  return {
    ruleId: f.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: f.level,
    message: precedent ? { text, markdown: `${escapeMarkdown(text)}\n\n${precedent.markdown}` } : { text },
    locations: [physical(f.file, f, prefix, f.snippet)],
    ...(relatedLocations.length > 0 ? { relatedLocations } : {}),
    partialFingerprints: { primaryLocationLineHash: f.fingerprint, [FINGERPRINT_KEY]: f.fingerprint },
    properties: {
      ...(f.properties ?? {}),
      debtMinutes: f.effortMinutes,
      module: f.module,
      category: f.category,
      ...(omitted > 0 ? { relatedLocationsOmitted: omitted } : {}),
      ...(f.precedent ? { precedentCommit: f.precedent.commit } : {}),
    },
    ...(f.suppression ? { suppressions: [toSuppression(f.suppression)] } : {}),
    ...(f.baselineState ? { baselineState: f.baselineState } : {}),
  };
}

/**
 * The past fix of a finding (debt-scan --memory): a related location where the fixed finding was
 * (at that commit, so its line may read differently today), and a paragraph for the message's
 * Markdown that names the commit and shows its diff.
 */
function precedentOf(p: Precedent, id: number, prefix: string): { location: Json; markdown: string } {
  const short = p.commit.slice(0, 12);
  const where = `${repositoryPath(p.file, prefix)}:${p.line}`;
  return {
    location: {
      id,
      physicalLocation: { artifactLocation: artifact(p.file, prefix), region: { startLine: p.line } },
      message: { text: `fixed before at commit ${short} (${p.date.slice(0, 10)}): ${p.subject}` },
    },
    markdown: [`Fixed here before at commit \`${short}\` (${p.date.slice(0, 10)}) in [${escapeLinkText(where)}](${id}): ${escapeMarkdown(p.subject)}`, '', ...fencedDiff(p.hunk.lines)].join('\n'),
  };
}

function toSuppression(suppression: NonNullable<Finding['suppression']>): Json {
  return {
    kind: suppression.kind,
    status: 'accepted',
    ...(suppression.justification ? { justification: suppression.justification } : {}),
  };
}

/** The finding's message, then links to its related locations (`[text](id)`, SARIF's embedded links). */
function messageWithLinks(f: Finding, related: readonly { file: string; line: number }[], prefix: string, omitted: number): string {
  if (related.length === 0) return f.message;
  const links = related.slice(0, LINKED_LOCATIONS).map((r, i) => `[${escapeLinkText(`${repositoryPath(r.file, prefix)}:${r.line}`)}](${i + 1})`);
  const more = related.length - links.length + omitted;
  return `${f.message} Related: ${links.join(', ')}${more > 0 ? ` and ${formatCount(more)} more` : ''}.`;
}

function escapeLinkText(text: string): string {
  return text.replace(/[[\]\\]/gu, (c) => `\\${c}`);
}

interface Place {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

function physical(file: string, place: Place, prefix: string, snippet?: string): Json {
  const endColumn = place.endLine === place.line ? Math.max(place.endColumn, place.column + 1) : place.endColumn;
  const context = snippet === undefined ? undefined : contextRegion(place, snippet);
  return {
    physicalLocation: {
      artifactLocation: artifact(file, prefix),
      region: { startLine: place.line, startColumn: place.column, endLine: Math.max(place.endLine, place.line), endColumn },
      ...(context ? { contextRegion: context } : {}),
    },
  };
}

/** Whole lines around the region, when the snippet covers all of it. */
function contextRegion(place: Place, snippet: string): Json | undefined {
  if (snippet.endsWith('…')) return undefined;
  const lines = snippet.split('\n').length;
  const endLine = place.line + lines - 1;
  if (endLine < place.endLine || (endLine === place.endLine && place.endColumn > snippet.split('\n')[lines - 1].length + 1)) return undefined;
  return { startLine: place.line, endLine, snippet: { text: snippet } };
}

function artifact(file: string, prefix: string): Json {
  return { uri: uriReference(repositoryPath(file, prefix)), uriBaseId: SRCROOT };
}

function repositoryRoot(root: string, prefix: string): string {
  const posix = root.replace(/\\/gu, '/').replace(/\/+$/u, '');
  if (!prefix || !posix.endsWith(`/${prefix}`)) return posix;
  return posix.slice(0, posix.length - prefix.length - 1) || '/';
}

function rootUri(root: string): string {
  const posix = root.replace(/\\/gu, '/');
  const absolute = posix.startsWith('/') ? posix : `/${posix}`;
  return `file://${uriReference(absolute).replace(/%3A/gu, ':')}${absolute.endsWith('/') ? '' : '/'}`;
}

function versionControl(model: ReportModel, options: RenderOptions): Json {
  if (!options.repositoryUri) return {};
  return {
    versionControlProvenance: [
      { repositoryUri: options.repositoryUri, ...(model.commit ? { revisionId: model.commit } : {}), mappedTo: { uriBaseId: SRCROOT } },
    ],
  };
}

/** `automationDetails.id` is `<category>/` followed by an optional run id; a bare category gets its slash. */
function automationId(category: string): string {
  return category.includes('/') ? category : `${category}/`;
}


function compareByPlace(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/** Keeps the `max` results with the most debt (errors first among equals), in their original order. */
function selectByCount(findings: readonly Finding[], max: number): Selection {
  const kept = findings.length <= max ? [...findings] : keepHighestDebt(findings, max);
  const keptSet = new Set(kept);
  const dropped = findings.filter((f) => !keptSet.has(f));
  return {
    results: kept,
    droppedForCount: dropped.length,
    droppedForSize: 0,
    droppedMinutes: dropped.reduce((sum, f) => sum + f.effortMinutes, 0),
  };
}

function shrink(selection: Selection, keep: number): Selection {
  const kept = keepHighestDebt(selection.results, keep);
  const keptSet = new Set(kept);
  const dropped = selection.results.filter((f) => !keptSet.has(f));
  return {
    ...selection,
    results: kept,
    droppedForSize: selection.droppedForSize + dropped.length,
    droppedMinutes: selection.droppedMinutes + dropped.reduce((sum, f) => sum + f.effortMinutes, 0),
  };
}

function keepHighestDebt(findings: readonly Finding[], max: number): Finding[] {
  const rank = (level: Level) => (level === 'error' ? 0 : level === 'warning' ? 1 : 2);
  const order = findings.map((f, index) => ({ f, index }));
  order.sort((a, b) => b.f.effortMinutes - a.f.effortMinutes || rank(a.f.level) - rank(b.f.level) || a.index - b.index);
  return order
    .slice(0, max)
    .sort((a, b) => a.index - b.index)
    .map((entry) => entry.f);
}

/** The gzipped size of the text, or its plain size when that is surely small enough (gzip adds at most a few bytes per 16 KiB). */
function gzippedSize(text: string, maxBytes: number): number {
  const bytes = Buffer.byteLength(text);
  if (bytes + Math.ceil(bytes / 16_384) * 5 + 64 <= maxBytes) return bytes;
  return gzipSync(text).length;
}

/** What the limits removed, for the console and the SARIF notifications; undefined when nothing was. */
function describeDropped(selection: Selection, total: number, limits: SarifLimits): string | undefined {
  const dropped = selection.droppedForCount + selection.droppedForSize;
  const truncated = countTruncated(selection.results, limits.maxLocationsPerResult - 1);
  const parts: string[] = [];
  if (selection.results.length > limits.shownResults) {
    parts.push(
      `This SARIF file holds ${formatCount(selection.results.length)} results; GitHub code scanning shows only the top ${formatCount(limits.shownResults)} of a run, by severity, so ${formatCount(selection.results.length - limits.shownResults)} will not appear as alerts (turn off the rules you do not act on, or scan with --preset recommended); the JSON report lists every finding (the HTML report the first 1,000 of each category).`,
    );
  }
  if (dropped > 0) {
    const reasons = [
      selection.droppedForCount > 0 ? `${formatCount(selection.droppedForCount)} over the limit of ${formatCount(limits.maxResults)} results per run` : '',
      selection.droppedForSize > 0 ? `${formatCount(selection.droppedForSize)} to stay under ${formatBytes(limits.maxGzipBytes)} gzipped` : '',
    ].filter(Boolean);
    parts.push(
      `SARIF keeps the ${formatCount(selection.results.length)} results with the most debt of ${formatCount(total)} and leaves out ${plural(dropped, 'result')} (${reasons.join(', ')}; ${formatMinutes(selection.droppedMinutes)} of debt); the JSON report lists every finding (the HTML report the first 1,000 of each category).`,
    );
  }
  if (truncated > 0) {
    parts.push(`${plural(truncated, 'result')} had more than ${formatCount(limits.maxLocationsPerResult)} locations; SARIF keeps the first ${formatCount(limits.maxLocationsPerResult - 1)} related locations of each.`);
  }
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function countTruncated(results: readonly Finding[], maxRelated: number): number {
  return results.filter((f) => (f.related?.length ?? 0) > maxRelated).length;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${formatCount(bytes)} bytes`;
}
