// A project-only rule: its detector does nothing, so RuleTester cases would prove nothing. These
// tests run the cross-file phase on hand-built graph data; test/e2e/fixture-findings.test.ts runs
// it on fixtures/ai-app/src/imports through the built CLI.
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-import-cycle.js';
import type { GraphData, ImportCycle } from '../../src/model/types.js';
import type { CrossFileInput } from '../../src/rule/types.js';

const site = (source: string, target: string, line: number) => ({ source, target, specifier: `./${target}`, line, column: 1, endLine: line, endColumn: 30 });

const triangle: ImportCycle = {
  files: ['a.ts', 'b.ts', 'c.ts'],
  breakEdge: site('a.ts', 'b.ts', 2),
  remainingAfterBreak: 0,
  path: [site('a.ts', 'b.ts', 2), site('b.ts', 'c.ts', 1), site('c.ts', 'a.ts', 3)],
};

const tangle: ImportCycle = {
  files: ['src/x.ts', 'src/y.ts', 'src/z.ts', 'src/w.ts'],
  breakEdge: site('src/x.ts', 'src/y.ts', 4),
  remainingAfterBreak: 2,
  path: [site('src/x.ts', 'src/y.ts', 4), site('src/y.ts', 'src/x.ts', 1)],
};

function graphWith(cycles: ImportCycle[]): GraphData {
  return { files: { nodes: [], edges: [] }, modules: { nodes: [], edges: [] }, cycles, hotspots: [], unresolved: [] };
}

function run(analyses: Record<string, unknown>, ignore: string[] = []) {
  const input: CrossFileInput<[{ ignore: string[] }]> = {
    files: [],
    options: [{ ignore }],
    resolveImport: () => undefined,
    analyses,
    root: '/repo',
  };
  return rule.crossFile!(input);
}

describe('no-import-cycle', () => {
  it('reports each cycle once, on the import that breaks it, with the cycle in order', () => {
    expect(run({ graph: graphWith([triangle]) })).toEqual([
      {
        file: 'a.ts',
        line: 2,
        column: 1,
        endLine: 2,
        endColumn: 30,
        messageId: 'importCycle',
        data: { cycle: 'a.ts -> b.ts -> c.ts -> a.ts', more: '', target: 'b.ts', effect: 'breaks the cycle' },
        related: [
          { file: 'a.ts', line: 2, column: 1, endLine: 2, endColumn: 30, message: 'imports b.ts' },
          { file: 'b.ts', line: 1, column: 1, endLine: 1, endColumn: 30, message: 'imports c.ts' },
          { file: 'c.ts', line: 3, column: 1, endLine: 3, endColumn: 30, message: 'imports a.ts' },
        ],
        properties: { cycleFiles: 3, remainingAfterBreak: 0 },
        fingerprintText: 'imports b.ts',
      },
    ]);
  });

  it('says how large the tangle is and what stays cyclic when one import cannot break it', () => {
    const [report] = run({ graph: graphWith([tangle]) });
    expect(report.data).toEqual({
      cycle: 'src/x.ts -> src/y.ts -> src/x.ts',
      more: ', in a tangle of 4 files that import each other',
      target: 'src/y.ts',
      effect: 'leaves 2 of the 4 files on a cycle',
    });
    expect(report.fingerprintText).toBe('imports src/y.ts');
  });

  it('abbreviates long cycles after eight files', () => {
    const files = Array.from({ length: 10 }, (_, i) => `f${i}.ts`);
    const long: ImportCycle = {
      files,
      breakEdge: site('f0.ts', 'f1.ts', 1),
      remainingAfterBreak: 0,
      path: files.map((f, i) => site(f, files[(i + 1) % 10], 1)),
    };
    expect(run({ graph: graphWith([long]) })[0].data!.cycle).toBe(
      'f0.ts -> f1.ts -> f2.ts -> f3.ts -> f4.ts -> f5.ts -> f6.ts -> f7.ts -> … (2 more) -> f0.ts',
    );
  });

  it('skips cycles whose files all match an ignore pattern', () => {
    const reports = run({ graph: graphWith([triangle, tangle]) }, ['src/**']);
    expect(reports.map((r) => r.file)).toEqual(['a.ts']);
    expect(run({ graph: graphWith([tangle]) }, ['src/x.ts'])).toHaveLength(1);
  });

  it('reports nothing without graph data or cycles', () => {
    expect(run({})).toEqual([]);
    expect(run({ graph: graphWith([]) })).toEqual([]);
  });

  it('does nothing in a single file (the ESLint host)', () => {
    expect(rule.detect({} as never, [{ ignore: [] }])).toEqual({});
  });
});
