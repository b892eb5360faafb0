import { describe, expect, it } from 'vitest';
import type { Finding, GraphData } from '../../../src/model/types.js';
import { moduleGraphFigures, scoreModules } from '../../../src/score/score-modules.js';

const finding = (module: string, category: Finding['category'], effortMinutes: number, file = `${module}/x.ts`): Finding => ({
  ruleId: 'debt-scan/some-rule',
  category,
  level: 'warning',
  message: 'm',
  file,
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 2,
  effortMinutes,
  fingerprint: 'f',
  module,
});

describe('scoreModules', () => {
  const files = [
    { file: 'src/core/a.ts', module: 'src/core', lines: 120, codeLines: 100 },
    { file: 'src/core/b.ts', module: 'src/core', lines: 60, codeLines: 50 },
    { file: 'src/ui/c.ts', module: 'src/ui', lines: 30, codeLines: 20 },
  ];
  const findings = [finding('src/core', 'dependency', 30), finding('src/core', 'complexity', 20), finding('src/ui', 'complexity', 20)];
  const graph = new Map([
    ['src/core', { dependents: 7, inCycle: true }],
    ['src/ui', { dependents: 0, inCycle: false }],
  ]);

  it('scores debt, ratio, rating and risk from the graph, sorted by risk', () => {
    const scores = scoreModules({ files, findings, minutesPerLine: 0.5, graph, churn: new Map([['src/core', 4]]) });
    expect(scores).toEqual([
      {
        module: 'src/core',
        files: 2,
        lines: 180,
        codeLines: 150,
        findings: 2,
        findingsByCategory: { complexity: 1, dependency: 1 },
        debtMinutes: 50,
        // 50 / (150 x 0.5) = 0.6667 -> E; risk 50 x (1 + log2 8) x 1.5 = 300
        debtRatio: 0.6667,
        rating: 'E',
        risk: 300,
        churn: 4,
        inputs: { debtMinutes: 50, codeLines: 150, minutesPerLine: 0.5, dependents: 7, inCycle: 1 },
      },
      {
        module: 'src/ui',
        files: 1,
        lines: 30,
        codeLines: 20,
        findings: 1,
        findingsByCategory: { complexity: 1 },
        debtMinutes: 20,
        // 20 / (20 x 0.5) = 2 -> E; risk 20 x 1 = 20; no commits in the window: churn 0
        debtRatio: 2,
        rating: 'E',
        risk: 20,
        churn: 0,
        inputs: { debtMinutes: 20, codeLines: 20, minutesPerLine: 0.5, dependents: 0, inCycle: 0 },
      },
    ]);
  });

  it('leaves churn out outside a git repository and treats a module without graph figures as a leaf', () => {
    const [core] = scoreModules({ files, findings, minutesPerLine: 30 });
    expect(core.churn).toBeUndefined();
    expect(core.risk).toBe(50);
    expect(core.debtRatio).toBe(0.0111); // 50 / 4500
    expect(core.rating).toBe('E');
  });
});

describe('moduleGraphFigures', () => {
  it('takes dependent files from the module graph and cycles from modules or their files', () => {
    const node = (id: string, module: string, inCycle: boolean) => ({ id, module, fanIn: 0, fanOut: 0, dependents: 0, inCycle, instability: 0, pagerank: 0 });
    const moduleNode = (id: string, dependentFiles: number, inCycle: boolean) => ({
      id,
      files: 1,
      fanIn: 0,
      fanOut: 0,
      dependents: 1,
      dependentFiles,
      inCycle,
      instability: 0,
      pagerank: 0,
    });
    const graph: GraphData = {
      files: { nodes: [node('a/x.ts', 'a', true), node('b/y.ts', 'b', false), node('c/z.ts', 'c', false)], edges: [] },
      modules: { nodes: [moduleNode('a', 3, false), moduleNode('b', 0, true), moduleNode('c', 5, false)], edges: [] },
      cycles: [],
      hotspots: [],
      unresolved: [],
    };
    expect([...moduleGraphFigures(graph)]).toEqual([
      ['a', { dependents: 3, inCycle: true }],
      ['b', { dependents: 0, inCycle: true }],
      ['c', { dependents: 5, inCycle: false }],
    ]);
  });
});
