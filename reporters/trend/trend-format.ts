/** Helpers shared by the trend reporters. */
import type { TrendModel, TrendPoint } from '../../src/trend/types.js';
import { formatMinutes } from '../format.js';

export type { TrendModel, TrendPoint };

/** A trend reporter: a pure function from the trend model to the text of one output file. */
export type TrendRenderer = (trend: TrendModel) => string;

export type OkPoint = TrendPoint & { status: 'ok'; findings: number; debtMinutes: number };

export function okPoints(trend: TrendModel): OkPoint[] {
  return trend.points.filter((p): p is OkPoint => p.status === 'ok');
}

/** `+1 h 5 min`, `-20 min`, `±0 min`. */
export function formatDelta(minutes: number): string {
  if (minutes === 0) return '±0 min';
  return `${minutes > 0 ? '+' : '-'}${formatMinutes(Math.abs(minutes))}`;
}

export function formatSigned(n: number): string {
  return n > 0 ? `+${n}` : n === 0 ? '±0' : `${n}`;
}

export function shortCommit(commit: string | null): string {
  return commit ? commit.slice(0, 7) : '';
}

/**
 * One line per point that could not be analysed: `2025-03 (abc1234): <reason>`. `commit` and
 * `reason` format those parts for the output (code span, escaping).
 */
export function failureLines(trend: TrendModel, commit: (short: string) => string, reason: (message: string) => string): string[] {
  return trend.points
    .filter((p) => p.status === 'failed')
    .map((p) => `${p.label}${p.commit ? ` (${commit(shortCommit(p.commit))})` : ''}: ${reason(p.message ?? 'failed')}`);
}

/** The unit the charts use: minutes while the debt stays under two hours, hours above. */
export function chartUnit(points: readonly OkPoint[]): { name: 'minutes' | 'hours'; scale: (minutes: number) => number } {
  const max = Math.max(0, ...points.map((p) => p.debtMinutes));
  return max < 120
    ? { name: 'minutes', scale: (m) => m }
    : { name: 'hours', scale: (m) => Math.round((m / 60) * 10) / 10 };
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `value`. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** How the trend describes its own span: `main, 2024-12 to 2025-11 (monthly)`. */
export function describeSpan(trend: TrendModel): string {
  const first = trend.points[0]?.label ?? '';
  const last = trend.points.at(-1)?.label ?? '';
  const every = trend.interval === 'month' ? 'monthly' : 'weekly';
  return `${trend.branch ? `${trend.branch}, ` : ''}${first} to ${last} (${every}, from ${trend.source === 'git' ? 'git history' : 'stored runs'})`;
}

/** Debt per 1,000 code lines, as a table shows it. */
export function formatPerKloc(value: number | null): string {
  return value === null ? '' : `${value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} min`;
}

/** Open findings that have a past fix as precedent, those of the rules this team fixes most first (the memory's order), then oldest first. */
export function openWithPrecedent(trend: TrendModel): (TrendModel['open'][number] & { precedent: NonNullable<TrendModel['open'][number]['precedent']> })[] {
  const rank = new Map((trend.memory?.rules ?? []).map((r, index) => [r.ruleId, index]));
  return trend.open
    .filter((f): f is typeof f & { precedent: NonNullable<typeof f.precedent> } => f.precedent !== undefined)
    .map((f, index) => ({ f, index }))
    .sort((a, b) => (rank.get(a.f.ruleId) ?? rank.size) - (rank.get(b.f.ruleId) ?? rank.size) || a.index - b.index)
    .map(({ f }) => f);
}

/** A fix rate as a whole percentage, or a dash when the rule had neither fixes nor open findings. */
export function formatFixRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)} %`;
}

/** The days to fix: `12 days`, `1 day`, or a dash. */
export function formatDays(days: number | null): string {
  return days === null ? '—' : `${days} day${days === 1 ? '' : 's'}`;
}
