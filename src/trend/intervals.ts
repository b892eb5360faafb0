import type { TrendInterval } from './types.js';

export interface IntervalEnd {
  /** `YYYY-MM`, or for weeks the ISO date of the week's Monday. */
  label: string;
  /** The last instant of the interval (inclusive), or the end of the trend for the last one. */
  end: Date;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * The intervals of a trend that ends at `until`, oldest first, in UTC. Months: `months` points,
 * the last one the month that holds `until`. Weeks (Monday to Sunday): every week from the one
 * that holds the day `months` months before `until` to the one that holds `until`.
 */
export function intervalEnds(interval: TrendInterval, months: number, until: Date): IntervalEnd[] {
  const cap = (end: number): Date => new Date(Math.min(end, until.getTime()));
  const year = until.getUTCFullYear();
  const month = until.getUTCMonth();
  if (interval === 'month') {
    return Array.from({ length: months }, (_, i) => {
      const start = new Date(Date.UTC(year, month - (months - 1 - i), 1));
      const next = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
      return { label: start.toISOString().slice(0, 7), end: cap(next - 1000) };
    });
  }
  const from = Date.UTC(year, month - months, Math.min(until.getUTCDate(), daysIn(year, month - months)));
  const ends: IntervalEnd[] = [];
  for (let monday = mondayOf(from); monday <= until.getTime(); monday += 7 * DAY) {
    ends.push({ label: new Date(monday).toISOString().slice(0, 10), end: cap(monday + 7 * DAY - 1000) });
  }
  return ends;
}

function mondayOf(time: number): number {
  const dayStart = Math.floor(time / DAY) * DAY;
  const weekday = (new Date(dayStart).getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  return dayStart - weekday * DAY;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}
