import { describe, expect, it } from 'vitest';
import { intervalEnds } from '../../../src/trend/intervals.js';

const iso = (ends: { label: string; end: Date }[]) => ends.map((e) => [e.label, e.end.toISOString()]);

describe('intervalEnds', () => {
  it('gives one point per month, the last one capped at the end of the trend', () => {
    expect(iso(intervalEnds('month', 4, new Date('2025-03-14T10:00:00Z')))).toEqual([
      ['2024-12', '2024-12-31T23:59:59.000Z'],
      ['2025-01', '2025-01-31T23:59:59.000Z'],
      ['2025-02', '2025-02-28T23:59:59.000Z'],
      ['2025-03', '2025-03-14T10:00:00.000Z'],
    ]);
  });

  it('counts leap days and crosses years', () => {
    expect(iso(intervalEnds('month', 2, new Date('2024-03-01T00:00:00Z')))).toEqual([
      ['2024-02', '2024-02-29T23:59:59.000Z'],
      ['2024-03', '2024-03-01T00:00:00.000Z'],
    ]);
    expect(intervalEnds('month', 12, new Date('2025-11-23T00:00:00Z')).map((e) => e.label)).toEqual([
      '2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11',
    ]);
  });

  it('gives weeks from Monday to Sunday, labelled by their Monday, covering the months asked for', () => {
    // 2025-03-14 is a Friday; one month back is Friday 2025-02-14, in the week of Monday 2025-02-10.
    expect(iso(intervalEnds('week', 1, new Date('2025-03-14T10:00:00Z')))).toEqual([
      ['2025-02-10', '2025-02-16T23:59:59.000Z'],
      ['2025-02-17', '2025-02-23T23:59:59.000Z'],
      ['2025-02-24', '2025-03-02T23:59:59.000Z'],
      ['2025-03-03', '2025-03-09T23:59:59.000Z'],
      ['2025-03-10', '2025-03-14T10:00:00.000Z'],
    ]);
  });

  it('clamps the start of a weekly trend to the shorter month', () => {
    // One month before 2025-03-31 is 2025-02-28 (a Friday), in the week of Monday 2025-02-24.
    expect(intervalEnds('week', 1, new Date('2025-03-31T12:00:00Z'))[0].label).toBe('2025-02-24');
  });
});
