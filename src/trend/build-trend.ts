import { CATEGORIES } from '../model/types.js';
import { TOOL_VERSION } from '../version.js';
import { stampKey } from './snapshot.js';
import {
  TREND_SCHEMA_VERSION,
  type CountAndDebt,
  type FindingRef,
  type FindingStamp,
  type ModuleChange,
  type OpenFinding,
  type PointStatus,
  type RecurringFinding,
  type RuleChange,
  type Snapshot,
  type TrendInterval,
  type TrendModel,
  type TrendPoint,
} from './types.js';

export interface PointInput {
  label: string;
  end: Date;
  status: PointStatus;
  /** Present for `ok` points. */
  snapshot?: Snapshot;
  /** Why a point failed or is empty. */
  message?: string;
}

export interface TrendContext {
  source: TrendModel['source'];
  branch?: string;
  interval: TrendInterval;
  until: Date;
}

const TOP_MODULES = 10;

/**
 * Builds the trend from the snapshots of its points, oldest first. Findings are matched across
 * points by rule and fingerprint: "introduced" and "fixed" compare each `ok` point with the
 * previous `ok` one; a finding that was gone at some point and present again later is recurring.
 */
export function buildTrend(inputs: readonly PointInput[], context: TrendContext): TrendModel {
  const ok = inputs.filter((p): p is PointInput & { snapshot: Snapshot } => p.status === 'ok' && p.snapshot !== undefined);
  const categories = trendCategories(ok.map((p) => p.snapshot));
  const presence = ok.map((p) => new Map(p.snapshot.findings.map((s) => [stampKey(s), s])));
  const diffs = presence.map((current, i) => (i === 0 ? null : diff(presence[i - 1], current)));
  const points = inputs.map((input): TrendPoint => {
    const index = ok.indexOf(input as PointInput & { snapshot: Snapshot });
    return index < 0 ? emptyPoint(input) : okPoint(ok[index], categories, diffs[index]);
  });
  const firstPoint = ok.at(0);
  const lastPoint = ok.at(-1);
  const first = firstPoint?.snapshot;
  const last = lastPoint?.snapshot;
  return {
    kind: 'debt-scan-trend',
    schemaVersion: TREND_SCHEMA_VERSION,
    tool: { name: 'debt-scan', version: TOOL_VERSION },
    source: context.source,
    ...(context.branch ? { branch: context.branch } : {}),
    interval: context.interval,
    until: context.until.toISOString(),
    categories,
    points,
    change:
      firstPoint && lastPoint && first && last
        ? {
            from: firstPoint.label,
            to: lastPoint.label,
            debtBefore: first.totals.debtMinutes,
            debtAfter: last.totals.debtMinutes,
            findingsBefore: first.totals.findings,
            findingsAfter: last.totals.findings,
          }
        : null,
    modules: first && last ? moduleChanges(first, last) : { grew: [], fell: [] },
    rules: first && last ? ruleChanges(first, last, diffs) : [],
    recurring: recurringFindings(ok.map((p) => p.label), presence),
    open: openFindings(ok.map((p) => p.label), presence),
  };
}

function trendCategories(snapshots: readonly Snapshot[]): string[] {
  const seen = new Set(snapshots.flatMap((s) => Object.keys(s.categories)));
  const known = CATEGORIES.filter((c) => seen.has(c));
  const other = [...seen].filter((c) => !(CATEGORIES as readonly string[]).includes(c)).sort();
  return [...known, ...other];
}

function emptyPoint(input: PointInput): TrendPoint {
  return {
    label: input.label,
    end: input.end.toISOString(),
    status: input.status === 'ok' ? 'failed' : input.status,
    commit: input.snapshot?.commit ?? null,
    date: input.snapshot?.date ?? null,
    ...(input.message ? { message: input.message } : {}),
    findings: null,
    debtMinutes: null,
    codeLines: null,
    debtPerKloc: null,
    byCategory: {},
    introduced: null,
    fixed: null,
  };
}

function okPoint(
  input: PointInput & { snapshot: Snapshot },
  categories: readonly string[],
  change: { introduced: FindingRef[]; fixed: FindingRef[] } | null,
): TrendPoint {
  const { snapshot } = input;
  return {
    label: input.label,
    end: input.end.toISOString(),
    status: 'ok',
    commit: snapshot.commit ?? null,
    date: snapshot.date,
    findings: snapshot.totals.findings,
    debtMinutes: snapshot.totals.debtMinutes,
    ...perKloc(snapshot.totals.debtMinutes, snapshot.totals.codeLines),
    byCategory: Object.fromEntries(categories.map((c) => [c, snapshot.categories[c] ?? { findings: 0, debtMinutes: 0 }])),
    introduced: change?.introduced ?? null,
    fixed: change?.fixed ?? null,
  };
}

/** Code lines and debt per 1,000 of them; a run recorded without its line count (or with none) has neither. */
function perKloc(debtMinutes: number, codeLines: number | undefined): Pick<TrendPoint, 'codeLines' | 'debtPerKloc'> {
  if (typeof codeLines !== 'number' || codeLines <= 0) return { codeLines: typeof codeLines === 'number' ? codeLines : null, debtPerKloc: null };
  return { codeLines, debtPerKloc: Math.round((debtMinutes * 10_000) / codeLines) / 10 };
}

function diff(before: ReadonlyMap<string, FindingStamp>, after: ReadonlyMap<string, FindingStamp>): { introduced: FindingRef[]; fixed: FindingRef[] } {
  const introduced = [...after].filter(([key]) => !before.has(key)).map(([, s]) => refOf(s));
  const fixed = [...before].filter(([key]) => !after.has(key)).map(([, s]) => refOf(s));
  return { introduced: introduced.sort(compareRefs), fixed: fixed.sort(compareRefs) };
}

function moduleChanges(first: Snapshot, last: Snapshot): TrendModel['modules'] {
  const names = new Set([...Object.keys(first.modules), ...Object.keys(last.modules)]);
  const changes = [...names].map((module): ModuleChange => {
    const before = first.modules[module] ?? ZERO;
    const after = last.modules[module] ?? ZERO;
    return {
      module,
      debtBefore: before.debtMinutes,
      debtAfter: after.debtMinutes,
      debtDelta: after.debtMinutes - before.debtMinutes,
      findingsBefore: before.findings,
      findingsAfter: after.findings,
    };
  });
  return {
    grew: changes.filter((c) => c.debtDelta > 0).sort((a, b) => b.debtDelta - a.debtDelta || compare(a.module, b.module)).slice(0, TOP_MODULES),
    fell: changes.filter((c) => c.debtDelta < 0).sort((a, b) => a.debtDelta - b.debtDelta || compare(a.module, b.module)).slice(0, TOP_MODULES),
  };
}

function ruleChanges(
  first: Snapshot,
  last: Snapshot,
  diffs: readonly ({ introduced: FindingRef[]; fixed: FindingRef[] } | null)[],
): RuleChange[] {
  const count = (refs: (d: { introduced: FindingRef[]; fixed: FindingRef[] }) => FindingRef[], ruleId: string): number =>
    diffs.reduce((sum, d) => sum + (d ? refs(d).filter((r) => r.ruleId === ruleId).length : 0), 0);
  const ids = new Set([...Object.keys(first.rules), ...Object.keys(last.rules)]);
  const changes = [...ids].map((ruleId) => {
    const before = first.rules[ruleId] ?? { ...ZERO, category: last.rules[ruleId].category };
    const after = last.rules[ruleId] ?? { ...ZERO, category: before.category };
    return {
      ruleId,
      category: after.category,
      findingsBefore: before.findings,
      findingsAfter: after.findings,
      debtBefore: before.debtMinutes,
      debtAfter: after.debtMinutes,
      debtDelta: after.debtMinutes - before.debtMinutes,
      introduced: count((d) => d.introduced, ruleId),
      fixed: count((d) => d.fixed, ruleId),
    };
  });
  const growth = changes.reduce((sum, c) => sum + Math.max(0, c.debtDelta), 0);
  return changes
    .filter((c) => c.debtDelta > 0)
    .map((c): RuleChange => ({ ...c, shareOfGrowth: Math.round((c.debtDelta / growth) * 10_000) / 10_000 }))
    .sort((a, b) => b.debtDelta - a.debtDelta || compare(a.ruleId, b.ruleId));
}

function recurringFindings(labels: readonly string[], presence: readonly ReadonlyMap<string, FindingStamp>[]): RecurringFinding[] {
  const latest = latestStamps(presence);
  const recurring: RecurringFinding[] = [];
  for (const [key, stamp] of latest) {
    const present = presence.map((p) => p.has(key));
    const firstIndex = present.indexOf(true);
    const fixedAt: string[] = [];
    const reappearedAt: string[] = [];
    for (let i = firstIndex + 1; i < present.length; i += 1) {
      if (present[i - 1] && !present[i]) fixedAt.push(labels[i]);
      if (!present[i - 1] && present[i]) reappearedAt.push(labels[i]);
    }
    if (reappearedAt.length === 0) continue;
    recurring.push({ ...refOf(stamp), firstSeen: labels[firstIndex], fixedAt, reappearedAt, openNow: present.at(-1) === true });
  }
  return recurring.sort(compareRefs);
}

function openFindings(labels: readonly string[], presence: readonly ReadonlyMap<string, FindingStamp>[]): OpenFinding[] {
  const last = presence.at(-1);
  if (!last) return [];
  const open = [...last].map(([key, stamp]): OpenFinding => {
    let since = presence.length - 1;
    while (since > 0 && presence[since - 1].has(key)) since -= 1;
    return { ...refOf(stamp), since: labels[since], sinceStart: since === 0 };
  });
  return open.sort((a, b) => compare(a.since, b.since) || compareRefs(a, b));
}

/** Each finding's stamp at the last point it was present: the freshest file and line. */
function latestStamps(presence: readonly ReadonlyMap<string, FindingStamp>[]): Map<string, FindingStamp> {
  const latest = new Map<string, FindingStamp>();
  for (const point of presence) for (const [key, stamp] of point) latest.set(key, stamp);
  return latest;
}

const ZERO: CountAndDebt = { findings: 0, debtMinutes: 0 };

function refOf(stamp: FindingStamp): FindingRef {
  return { fingerprint: stamp[0], ruleId: stamp[1], file: stamp[2], line: stamp[3] };
}

function compareRefs(a: FindingRef, b: FindingRef): number {
  return compare(a.file, b.file) || a.line - b.line || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
