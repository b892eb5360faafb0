import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeProbes, probesHold, probesOf, probesOfResolution } from '../../../src/module-graph/resolution-probes.js';

const root = mkdtempSync(path.join(tmpdir(), 'debt-scan-probes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('probes of what resolutions depend on outside the scan', () => {
  it('names the paths each kind of resolution depends on, and whether something lay there', () => {
    expect(probesOfResolution('src/a.ts', './b', { kind: 'file' })).toEqual([]);
    expect(probesOfResolution('src/a.ts', 'zod', { kind: 'package' })).toEqual([]);
    expect(probesOfResolution('src/a.ts', 'zod', { kind: 'external' })).toEqual([]);
    // An asset or an excluded file: present while it is there.
    expect(probesOfResolution('src/a.ts', './logo.svg?react', { kind: 'external' })).toEqual([['src/logo.svg', true]]);
    expect(probesOfResolution('src/a.ts', './types', { kind: 'external', target: 'src/types.d.ts' })).toEqual([['src/types.d.ts', true]]);
    // Nothing at the paths looked for (an alias's too), or build output not there yet.
    expect(probesOfResolution('src/a.ts', '@/gone', { kind: 'missing', probed: ['src/gone'] })).toEqual([['src/gone', false]]);
    expect(probesOfResolution('bin/cli.js', '../dist/index.js', { kind: 'external', unbuilt: true, probed: ['dist/index.js'] })).toEqual([['dist/index.js', false]]);
    expect(probesOfResolution('src/a.ts', '../gone.js', { kind: 'missing' })).toEqual([['gone.js', false]]);
    // An alias that led nowhere, resolved before the paths looked for were kept: probes cannot tell.
    expect(probesOfResolution('src/a.ts', '@/gone', { kind: 'missing' })).toBeUndefined();
  });

  it('merges the probes of resolutions keyed as the resolver keys them, undefined when one cannot tell', () => {
    const entries: [string, { kind: string; probed?: string[] }][] = [
      ['src/b.ts\0./logo.svg\0', { kind: 'external' }],
      ['src/a.ts\0./gone.js\0', { kind: 'missing' }],
      ['src/a.ts\0./b\0', { kind: 'file' }],
    ];
    expect(probesOf(entries)).toEqual([
      ['src/gone.js', false],
      ['src/logo.svg', true],
    ]);
    expect(probesOf([...entries, ['src/c.ts\0@/x\0', { kind: 'missing' }]])).toBeUndefined();
  });

  it('merges lists of probes, and cannot tell when one list cannot or two disagree on a path', () => {
    expect(mergeProbes([[['b', true]], [], [['a', false], ['b', true]]])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(mergeProbes([[['a', false]], null])).toBeNull();
    expect(mergeProbes([[['a', false]], [['a', true]]])).toBeNull();
  });

  it('holds while every path finds what it found: a file, a directory, or nothing', () => {
    mkdirSync(path.join(root, 'src/assets'), { recursive: true });
    writeFileSync(path.join(root, 'src/logo.svg'), '<svg/>');
    expect(probesHold(root, [['src/logo.svg', true], ['src/assets', true], ['src/gone.js', false]])).toBe(true);
    expect(probesHold(root, [['src/gone.js', true]])).toBe(false);
    expect(probesHold(root, [['src/logo.svg', false]])).toBe(false);
    expect(probesHold(root, [])).toBe(true);
  });
});
