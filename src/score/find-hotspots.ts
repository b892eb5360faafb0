import type { Finding, GraphData, GraphFileNode, Hotspot } from '../model/types.js';
import { HOTSPOT_LIMIT, hotspotScore, riskOf, round2 } from './formulas.js';
import { compareBy } from '../util/compare-by.js';

/**
 * The files with both risk and churn, ranked by `hotspotScore` (risk x churn), at most
 * `HOTSPOT_LIMIT`. A file's risk is `riskOf` over its own findings' debt, its transitive
 * dependents and its cycle membership; churn counts the commits that touched it in the window.
 */
export function findHotspots(nodes: readonly GraphFileNode[], findings: readonly Finding[], churn: ReadonlyMap<string, number>): Hotspot[] {
  const debt = new Map<string, number>();
  for (const f of findings) debt.set(f.file, (debt.get(f.file) ?? 0) + f.effortMinutes);
  const hotspots: Hotspot[] = [];
  for (const node of nodes) {
    const debtMinutes = debt.get(node.id) ?? 0;
    const commits = churn.get(node.id) ?? 0;
    if (debtMinutes === 0 || commits === 0) continue;
    const risk = riskOf(debtMinutes, node.dependents, node.inCycle);
    hotspots.push({
      file: node.id,
      risk: round2(risk),
      churn: commits,
      score: round2(hotspotScore(risk, commits)),
      debtMinutes,
      dependents: node.dependents,
      inCycle: node.inCycle,
    });
  }
  return hotspots.sort(compareBy((h) => -h.score, (h) => h.file)).slice(0, HOTSPOT_LIMIT);
}

/** The analyses with the graph's hotspots filled in, when both the graph and churn are known. */
export function withHotspots(
  analyses: Record<string, unknown>,
  findings: readonly Finding[],
  churn: ReadonlyMap<string, number> | undefined,
): Record<string, unknown> {
  const graph = analyses.graph as GraphData | undefined;
  if (!graph || !churn) return analyses;
  return { ...analyses, graph: { ...graph, hotspots: findHotspots(graph.files.nodes, findings, churn) } };
}
