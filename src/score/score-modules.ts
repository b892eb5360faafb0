import type { Category, Finding, GraphData, ModuleScore } from '../model/types.js';
import { debtRatio, ratingOf, riskOf, round2 } from './formulas.js';

export interface ModuleFile {
  file: string;
  module: string;
  lines: number;
  codeLines: number;
}

/** Graph figures of a module, when the dependency graph was built. */
export interface ModuleGraphFigures {
  /** Files outside the module that import one of its files directly or transitively. */
  dependents: number;
  /** The module is on a cycle of the module graph or holds a file of an import cycle. */
  inCycle: boolean;
}

/** The risk inputs of every module of the import graph. */
export function moduleGraphFigures(graph: GraphData): Map<string, ModuleGraphFigures> {
  const cyclicFiles = new Set(graph.files.nodes.filter((n) => n.inCycle).map((n) => n.module));
  return new Map(
    graph.modules.nodes.map((m) => [m.id, { dependents: m.dependentFiles, inCycle: m.inCycle || cyclicFiles.has(m.id) }]),
  );
}

export interface ScoreInput {
  files: readonly ModuleFile[];
  findings: readonly Finding[];
  minutesPerLine: number;
  graph?: ReadonlyMap<string, ModuleGraphFigures>;
  /** Commits per module in the churn window; present (possibly empty) when the scan ran in a git repository. */
  churn?: ReadonlyMap<string, number>;
}

/** Scores every module that has files: debt, ratio, rating and risk, sorted by risk then name. */
export function scoreModules(input: ScoreInput): ModuleScore[] {
  const modules = new Map<string, ModuleScore>();
  for (const f of input.files) {
    const score = modules.get(f.module) ?? emptyScore(f.module);
    score.files += 1;
    score.lines += f.lines;
    score.codeLines += f.codeLines;
    modules.set(f.module, score);
  }
  for (const finding of input.findings) {
    const score = modules.get(finding.module) ?? emptyScore(finding.module);
    score.findings += 1;
    score.findingsByCategory[finding.category] = (score.findingsByCategory[finding.category] ?? 0) + 1;
    score.debtMinutes += finding.effortMinutes;
    modules.set(finding.module, score);
  }
  for (const score of modules.values()) {
    const graph = input.graph?.get(score.module) ?? { dependents: 0, inCycle: false };
    const ratio = debtRatio(score.debtMinutes, score.codeLines, input.minutesPerLine);
    score.debtRatio = Math.round(ratio * 10000) / 10000;
    score.rating = ratingOf(ratio);
    score.risk = round2(riskOf(score.debtMinutes, graph.dependents, graph.inCycle));
    score.inputs = {
      debtMinutes: score.debtMinutes,
      codeLines: score.codeLines,
      minutesPerLine: input.minutesPerLine,
      dependents: graph.dependents,
      inCycle: graph.inCycle ? 1 : 0,
    };
    if (input.churn) score.churn = input.churn.get(score.module) ?? 0;
    score.findingsByCategory = sortKeys(score.findingsByCategory);
  }
  return [...modules.values()].sort((a, b) => b.risk - a.risk || b.debtMinutes - a.debtMinutes || (a.module < b.module ? -1 : 1));
}

function emptyScore(module: string): ModuleScore {
  return {
    module,
    files: 0,
    lines: 0,
    codeLines: 0,
    findings: 0,
    findingsByCategory: {},
    debtMinutes: 0,
    debtRatio: 0,
    rating: 'A',
    risk: 0,
    inputs: {},
  };
}

function sortKeys(record: Partial<Record<Category, number>>): Partial<Record<Category, number>> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}
