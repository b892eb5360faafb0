import { describe, expect, it } from 'vitest';
import { tokenSimilarity } from '../../../src/clones/token-similarity.js';
import { ShapeNames, codeShape } from '../../../src/memory/code-shape.js';
import { cutAround, hunkCovering, isRepair, parseHunks } from '../../../src/memory/fix-events.js';
import type { MemoryPoint } from '../../../src/memory/fix-events.js';
import { MIN_PRECEDENT_SIMILARITY, PrecedentIndex } from '../../../src/memory/precedents.js';
import { ruleMemories } from '../../../src/memory/rule-memory.js';
import type { FixEvent } from '../../../src/memory/types.js';
import type { FindingStamp } from '../../../src/trend/types.js';
import { fixRates, worstFindings } from '../../../src/model/worst-findings.js';

describe('codeShape', () => {
  const names = new ShapeNames();
  const shape = (line: string) => codeShape(line, names);
  it('sets identifiers and literals aside, keeps property names and syntax', () => {
    expect(shape('const user = map.get(id)!;')).toBe(shape('const order   = cache.get(key)!;'));
    expect(shape("const x = parse('a', 1);")).toBe(shape('const y = read("b", 2);'));
    expect(shape('const user = map.get(id)!;')).not.toBe(shape('const user = list.at(id)!;'));
    expect(shape('const user = map.get(id)!;')).toHaveLength(11);
  });
});

describe('hunks', () => {
  const diff = [
    'diff --git a/src/a.ts b/src/a.ts',
    '--- a/src/a.ts',
    '+++ b/src/a.ts',
    '@@ -1,3 +1,5 @@',
    ' const res = await fetch(url);',
    '+if (!res.ok) {',
    '+  throw new Error(`status ${res.status}`);',
    '+}',
    ' const data = await res.json();',
    '@@ -20 +22 @@',
    '-old',
    '+new',
  ].join('\n');
  const hunks = parseHunks(diff);

  it('reads the hunks of a unified diff, with one-line ranges', () => {
    expect(hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.lines.length])).toEqual([
      [1, 3, 1, 5],
      [20, 1, 22, 2],
    ]);
  });

  it('takes the hunk at or near the line, and none far from every hunk', () => {
    expect(hunkCovering(hunks, 2)?.oldStart).toBe(1);
    expect(hunkCovering(hunks, 22)?.oldStart).toBe(20);
    expect(hunkCovering(hunks, 12)).toBeUndefined();
  });

  it('cuts a long hunk to the lines around the finding', () => {
    const long = { oldStart: 10, oldLines: 30, newStart: 10, lines: Array.from({ length: 30 }, (_, i) => ` line ${10 + i}`) };
    const cut = cutAround(long, 25);
    expect(cut.lines).toHaveLength(14);
    expect(cut.oldStart).toBe(21);
    expect(cut.lines[4]).toBe(' line 25');
  });

  it('takes as a repair a check added, or the line rewritten longer; not a deletion, a shrinking or a rewrite of many lines', () => {
    const names = new ShapeNames();
    const key = 'constdata=awaitres.json();';
    expect(isRepair(hunks[0], key, names)).toBe(true);
    const rewritten = { oldStart: 1, oldLines: 1, newStart: 1, lines: ['-const n = Number(text);', '+const n = Number(text);', '+if (Number.isNaN(n)) throw new RangeError(text);'] };
    expect(isRepair(rewritten, 'constn=Number(text);', names)).toBe(true);
    const deleted = { oldStart: 1, oldLines: 2, newStart: 1, lines: [' const res = await fetch(url);', '-const data = await res.json();'] };
    expect(isRepair(deleted, key, names)).toBe(false);
    const shrunk = { oldStart: 1, oldLines: 2, newStart: 1, lines: ['-} catch (error) {', '-  throw new DbError(`failed for ${id}`);', '+} catch {', '+  throw new DbError(`failed for ${key}`);'] };
    expect(isRepair(shrunk, 'thrownewDbError(`failedfor${id}`);', names)).toBe(false);
    const big = { oldStart: 1, oldLines: 10, newStart: 1, lines: [...Array.from({ length: 9 }, (_, i) => `-old ${i}`), ...Array.from({ length: 9 }, (_, i) => `+new ${i} longer`)] };
    expect(isRepair(big, 'old0', names)).toBe(false);
    const dropped = { oldStart: 1, oldLines: 1, newStart: 1, lines: ['-const data = await res.json();', '+console.log("something else entirely", 1, 2, 3);'] };
    expect(isRepair(dropped, key, names)).toBe(false);
  });
});

describe('PrecedentIndex', () => {
  const names = new ShapeNames();
  const hunk = { oldStart: 1, newStart: 1, lines: ['+if (!res.ok) throw new Error(String(res.status));', ' const data = await res.json();'] };
  const event = (line: string, extra: Partial<FixEvent> = {}): FixEvent => ({
    ruleId: 'r/ok',
    fingerprint: 'f:1',
    file: 'src/a.ts',
    line: 2,
    fixedIn: '2025-02',
    commit: 'c1',
    date: '2025-02-01T00:00:00.000Z',
    subject: 'check',
    hunk,
    repair: true,
    shape: codeShape(line, names),
    ...extra,
  });
  const fixed = 'const data = await res.json() as Payload;';

  it('shows a fix of the same rule whose line is similar enough, and none below the threshold', () => {
    const index = new PrecedentIndex([event(fixed)], () => true);
    // Two lines whose shapes are just above and just below the threshold.
    const close = 'const data = await res.json();';
    const far = 'return (await res.json()).items;';
    const similarity = (line: string) => tokenSimilarity(codeShape(line, names), codeShape(fixed, names)) ?? 0;
    expect(similarity(close)).toBeGreaterThanOrEqual(MIN_PRECEDENT_SIMILARITY);
    expect(similarity(far)).toBeLessThan(MIN_PRECEDENT_SIMILARITY);
    expect(index.find('r/ok', 'src/b.ts', codeShape(close, names))).toMatchObject({ commit: 'c1', file: 'src/a.ts', similarity: Math.floor(similarity(close) * 100) / 100 });
    expect(index.find('r/ok', 'src/b.ts', codeShape(far, names))).toBeUndefined();
    expect(index.find('r/other', 'src/b.ts', codeShape(fixed, names))).toBeUndefined();
  });

  it('leaves out fixes that are no repair and rules that show none, and prefers the same file, then the latest', () => {
    expect(new PrecedentIndex([event(fixed, { repair: undefined })], () => true).find('r/ok', 'src/b.ts', codeShape(fixed, names))).toBeUndefined();
    expect(new PrecedentIndex([event(fixed)], () => false).find('r/ok', 'src/b.ts', codeShape(fixed, names))).toBeUndefined();
    const events = [event(fixed, { commit: 'old', date: '2025-01-01T00:00:00.000Z' }), event(fixed, { commit: 'new', date: '2025-03-01T00:00:00.000Z' }), event(fixed, { commit: 'here', file: 'src/b.ts', date: '2024-12-01T00:00:00.000Z' })];
    expect(new PrecedentIndex(events, () => true).find('r/ok', 'src/b.ts', codeShape(fixed, names))?.commit).toBe('here');
    expect(new PrecedentIndex(events, () => true).find('r/ok', 'src/c.ts', codeShape(fixed, names))?.commit).toBe('new');
  });
});

describe('ruleMemories', () => {
  const stamp = (rule: string, n: number): FindingStamp => [`${rule}${n}:1`, rule, `src/${rule}${n}.ts`, 1];
  const point = (label: string, date: string, findings: FindingStamp[]): MemoryPoint => ({ label, commit: label, date, findings, rules: {}, files: new Set() });

  it('names a rule never fixed with findings open all along, and ranks the most fixed first', () => {
    const never = [1, 2, 3].map((n) => stamp('never', n));
    const points = [point('2025-01', '2025-01-01T00:00:00Z', [...never, stamp('fixed', 1)]), point('2025-02', '2025-02-01T00:00:00Z', [...never, stamp('fixed', 2)])];
    const fix: FixEvent = { ruleId: 'fixed', fingerprint: 'fixed1:1', file: 'src/fixed1.ts', line: 1, fixedIn: '2025-02', commit: 'c', date: '2025-01-11T00:00:00Z' };
    const memories = ruleMemories(points, [fix], []);
    expect(memories.map((m) => [m.ruleId, m.introduced, m.fixed, m.open, m.medianDaysToFix, m.fixRate])).toEqual([
      ['fixed', 1, 1, 1, 10, 0.5],
      ['never', 0, 0, 3, null, 0],
    ]);
    expect(memories[1].neverFixed).toBe('3 of its 3 open findings were already there at 2025-01 and none of its findings was fixed up to 2025-02');
    expect(memories[0].neverFixed).toBeUndefined();
  });
});

describe('worstFindings with the memory of fixes', () => {
  const finding = (ruleId: string, level: string, effortMinutes: number, line: number) => ({ ruleId, level, effortMinutes, file: 'src/a.ts', line });
  const findings = [finding('r/ignored', 'warning', 30, 1), finding('r/fixed', 'warning', 5, 2), finding('r/ignored', 'error', 5, 3), finding('r/fixed', 'error', 5, 4)];
  it('keeps errors first, then ranks the rules this team fixes most before debt', () => {
    const rates = fixRates({ rules: [{ ruleId: 'r/fixed', fixRate: 0.8 }, { ruleId: 'r/ignored', fixRate: null }] });
    expect(worstFindings(findings, 4, rates).map((f) => f.line)).toEqual([4, 3, 2, 1]);
    expect(worstFindings(findings, 4).map((f) => f.line)).toEqual([3, 4, 1, 2]);
    expect(fixRates(undefined)).toBeUndefined();
  });
});
