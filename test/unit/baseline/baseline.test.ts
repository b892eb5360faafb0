import { describe, expect, it } from 'vitest';
import { entriesOf, matchBaseline, renderBaseline } from '../../../src/baseline/baseline.js';
import { makeFinding } from '../../helpers/report-model.js';

const finding = (file: string, snippet: string, fingerprint: string) => makeFinding({ file, snippet, fingerprint, ruleId: 'debt-scan/rule-a' });

describe('matching findings with a baseline', () => {
  const before = [finding('src/a.ts', 'return res.json();', 'a1:1'), finding('src/a.ts', 'JSON.parse(text)', 'a2:1')];
  const entries = entriesOf(before);

  it('follows a file renamed without edits, and does not let identical code in another new file take its place', () => {
    // c.ts sorts first and holds the same line as the old a.ts: it is new all the same.
    const after = [finding('src/b.ts', 'return res.json();', 'b1:1'), finding('src/b.ts', '  JSON.parse( text )', 'b2:1'), finding('src/0-c.ts', 'return res.json();', 'c1:1')].sort((x, y) =>
      x.file < y.file ? -1 : 1,
    );
    const { states, fixed } = matchBaseline(after, entries, new Set(after.map((f) => f.file)));
    expect(after.map((f, i) => `${f.file} ${states[i]}`)).toEqual(['src/0-c.ts new', 'src/b.ts unchanged', 'src/b.ts unchanged']);
    expect(fixed).toEqual([]);
  });

  it('matches by fingerprint in place, and counts what no finding matches as fixed', () => {
    const { states, fixed } = matchBaseline([before[0]], entries, new Set(['src/a.ts']));
    expect(states).toEqual(['unchanged']);
    expect(fixed.map((e) => e.fingerprint)).toEqual(['a2:1']);
  });

  it('matches by rule, file and code a finding whose fingerprint recipe changed since, and only in its own file', () => {
    const now = [finding('src/a.ts', 'return  res.json();', 'a1-new:1'), finding('src/a.ts', 'JSON.parse(other)', 'a2-new:1'), finding('src/z.ts', 'JSON.parse(text)', 'z:1')];
    const { states, fixed } = matchBaseline(now, entries, new Set(['src/a.ts', 'src/z.ts']));
    expect(states).toEqual(['unchanged', 'new', 'new']);
    expect(fixed.map((e) => e.fingerprint)).toEqual(['a2:1']);
  });

  it('writes one entry a line, sorted, after a header', () => {
    expect(renderBaseline([...entries].reverse()).split('\n')).toEqual([
      '{"kind":"debt-scan-baseline","version":1}',
      JSON.stringify(entries[0]),
      JSON.stringify(entries[1]),
      '',
    ]);
  });
});
