import { clip, escapeXml, fixed } from './html-charts.js';

/** What the HTML report reads of `analyses.graph` (the agreed shape); anything else is ignored. */
export interface GraphView {
  modules: {
    nodes: { id: string; files: number; fanIn: number; fanOut: number; dependents: number; inCycle: boolean }[];
    edges: { source: string; target: string; weight: number }[];
  };
  cycles: { files: string[]; breakEdge: { source: string; target: string } }[];
  hotspots: { file: string; risk: number; churn: number }[];
}

/** The module scores the graph colours its nodes with. */
export interface NodeScore {
  rating: string;
  debtMinutes: number;
}

interface Placed {
  id: string;
  x: number;
  y: number;
  node: GraphView['modules']['nodes'][number];
}

const MAX_NODES = 40;
const PER_ROW = 6;
const NODE_WIDTH = 150;
const NODE_HEIGHT = 34;
const COLUMN = 180;
const ROW = 96;
const MARGIN = 24;

export const RATING_COLORS: Readonly<Record<string, string>> = { A: '#1a7f37', B: '#57a324', C: '#bf8700', D: '#d1580a', E: '#cf222e' };

/** Reads `analyses.graph` defensively: undefined unless it has module nodes and edges of the agreed shape. */
export function readGraph(data: unknown): GraphView | undefined {
  if (!isObject(data) || !isObject(data.modules)) return undefined;
  const { nodes, edges } = data.modules;
  if (!Array.isArray(nodes) || !Array.isArray(edges)) return undefined;
  if (!nodes.every((n) => isObject(n) && typeof n.id === 'string') || !edges.every((e) => isObject(e) && typeof e.source === 'string' && typeof e.target === 'string')) {
    return undefined;
  }
  return {
    modules: { nodes: nodes as GraphView['modules']['nodes'], edges: edges as GraphView['modules']['edges'] },
    cycles: Array.isArray(data.cycles) ? (data.cycles as GraphView['cycles']).filter((c) => isObject(c) && Array.isArray(c.files)) : [],
    hotspots: Array.isArray(data.hotspots) ? (data.hotspots as GraphView['hotspots']).filter((h) => isObject(h) && typeof h.file === 'string') : [],
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The layout is written here rather than taken from dagre: @dagrejs/dagre 3.1.3 took 9 s for 600
 * modules with 1,778 imports and 114 s for 1,500 (a 2-core machine, December 2026), drew them 58,000
 * pixels wide, and failed on compound graphs (folders as clusters) with "Not possible to find
 * intersection inside of the rectangle". Tried on the drawings the report makes (at most 40 boxes),
 * it laid the folders of a 66-module repository out wider than the page with long crossing edges,
 * and made the HTML report of a 49-module one take 1.3 s instead of 0.26 s. The report never draws
 * more than 40 boxes at once (a
 * larger graph is drawn as its folders, then one drawing per folder: `groupedModuleGraph`), which
 * this simple layered layout places in a millisecond.
 *
 * The module graph as a layered drawing: importers above what they import (longest-path layers
 * after cutting cycles at their back edges), wide layers wrapped into rows, nodes ordered by the
 * positions of their neighbours, coloured by rating; edges of a cycle are red and dashed.
 */
export function moduleGraphSvg(graph: GraphView, scores: ReadonlyMap<string, NodeScore>, labelOf: (id: string) => string = (id) => id): { svg: string; shown: number; total: number } {
  const nodes = selectNodes(graph, scores);
  const ids = new Set(nodes.map((n) => n.id));
  const edges = graph.modules.edges.filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target);
  const back = backEdges(nodes.map((n) => n.id), edges);
  const layers = orderLayers(layerOf(nodes.map((n) => n.id), edges, back), edges);
  const placed = place(layers, new Map(nodes.map((n) => [n.id, n])));
  const width = Math.max(...placed.map((p) => p.x), 0) + NODE_WIDTH / 2 + MARGIN;
  const height = Math.max(...placed.map((p) => p.y), 0) + NODE_HEIGHT / 2 + MARGIN;
  const at = new Map(placed.map((p) => [p.id, p]));
  const cycleEdges = new Set(graph.cycles.length > 0 || nodes.some((n) => n.inCycle) ? edges.filter((e) => isCycleEdge(e, at, back)).map(edgeKey) : []);
  const parts = [
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow"/></marker>' +
      '<marker id="arrow-cycle" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#cf222e"/></marker></defs>',
    ...edges.map((e) => edgePath(e, at, cycleEdges.has(edgeKey(e)))),
    ...placed.map((p) => nodeGroup(p, scores.get(p.id), labelOf(p.id))),
  ];
  const [w, h] = [fixed(Math.max(width, 320)), fixed(Math.max(height, 80))];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="Module dependency graph" font-size="12" class="graph"><title>Module dependency graph</title>${parts.join('')}</svg>`;
  return { svg, shown: nodes.length, total: graph.modules.nodes.length };
}

/** The modules to draw: all of them up to 40, else those with the most debt and connections. */
function selectNodes(graph: GraphView, scores: ReadonlyMap<string, NodeScore>): GraphView['modules']['nodes'] {
  const nodes = [...graph.modules.nodes].sort((a, b) => (a.id < b.id ? -1 : 1));
  if (nodes.length <= MAX_NODES) return nodes;
  const weight = (n: GraphView['modules']['nodes'][number]) => (scores.get(n.id)?.debtMinutes ?? 0) + 10 * ((n.fanIn ?? 0) + (n.fanOut ?? 0));
  return nodes
    .map((n) => ({ n, w: weight(n) }))
    .sort((a, b) => b.w - a.w || (a.n.id < b.n.id ? -1 : 1))
    .slice(0, MAX_NODES)
    .map((entry) => entry.n)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

function edgeKey(e: { source: string; target: string }): string {
  return `${e.source}\u0000${e.target}`;
}

/** Edges that close a cycle in a depth-first walk from each node in name order. */
function backEdges(ids: readonly string[], edges: GraphView['modules']['edges']): Set<string> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) out.get(e.source)?.push(e.target);
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<string>();
  for (const start of ids) {
    if (state.has(start)) continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const targets = out.get(top.id) ?? [];
      if (top.next >= targets.length) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      const target = targets[top.next++];
      if (state.get(target) === 'open') back.add(edgeKey({ source: top.id, target }));
      else if (!state.has(target)) {
        state.set(target, 'open');
        stack.push({ id: target, next: 0 });
      }
    }
  }
  return back;
}

/** Longest-path layers over the edges that remain once back edges are cut: an importer sits above what it imports. */
function layerOf(ids: readonly string[], edges: GraphView['modules']['edges'], back: ReadonlySet<string>): Map<string, number> {
  const forward = edges.filter((e) => !back.has(edgeKey(e)));
  const indegree = new Map(ids.map((id) => [id, 0]));
  for (const e of forward) indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
  const layer = new Map(ids.map((id) => [id, 0]));
  const queue = ids.filter((id) => indegree.get(id) === 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const e of forward) {
      if (e.source !== id) continue;
      layer.set(e.target, Math.max(layer.get(e.target) ?? 0, (layer.get(id) ?? 0) + 1));
      const left = (indegree.get(e.target) ?? 0) - 1;
      indegree.set(e.target, left);
      if (left === 0) queue.push(e.target);
    }
  }
  return layer;
}

/** Groups nodes by layer, wraps wide layers into rows and orders each row by its neighbours' average position. */
function orderLayers(layer: ReadonlyMap<string, number>, edges: GraphView['modules']['edges']): string[][] {
  const neighbours = new Map<string, string[]>();
  for (const e of edges) {
    neighbours.set(e.source, [...(neighbours.get(e.source) ?? []), e.target]);
    neighbours.set(e.target, [...(neighbours.get(e.target) ?? []), e.source]);
  }
  const byLayer: string[][] = [];
  const isolated: string[] = [];
  for (const [id, l] of [...layer].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (neighbours.has(id)) (byLayer[l] ??= []).push(id);
    else isolated.push(id);
  }
  // modules that import nothing shown and that nothing shown imports go last, out of the way
  const rows = [...byLayer.filter(Boolean).flatMap((ids) => chunk(ids, PER_ROW)), ...chunk(isolated, PER_ROW)];
  for (let sweep = 0; sweep < 2; sweep++) {
    const position = new Map<string, number>();
    rows.forEach((row) => row.forEach((id, i) => position.set(id, (i + 0.5) / row.length)));
    for (const row of rows) {
      const centre = (id: string) => average((neighbours.get(id) ?? []).map((n) => position.get(n) ?? 0.5), position.get(id) ?? 0.5);
      row.sort((a, b) => centre(a) - centre(b) || (a < b ? -1 : 1));
    }
  }
  return rows;
}

function place(rows: readonly string[][], nodes: ReadonlyMap<string, GraphView['modules']['nodes'][number]>): Placed[] {
  const widest = Math.max(1, ...rows.map((r) => r.length));
  const width = widest * COLUMN;
  return rows.flatMap((row, r) =>
    row.flatMap((id, i) => {
      const node = nodes.get(id);
      return node ? [{ id, node, x: MARGIN + NODE_WIDTH / 2 + ((i + 0.5) * width) / row.length - COLUMN / 2, y: MARGIN + NODE_HEIGHT / 2 + r * ROW }] : [];
    }),
  );
}

function isCycleEdge(e: { source: string; target: string }, at: ReadonlyMap<string, Placed>, back: ReadonlySet<string>): boolean {
  return back.has(edgeKey(e)) || Boolean(at.get(e.source)?.node.inCycle && at.get(e.target)?.node.inCycle);
}

function edgePath(e: GraphView['modules']['edges'][number], at: ReadonlyMap<string, Placed>, inCycle: boolean): string {
  const from = at.get(e.source);
  const to = at.get(e.target);
  if (!from || !to) return '';
  const down = to.y >= from.y;
  const y1 = from.y + (down ? NODE_HEIGHT / 2 : -NODE_HEIGHT / 2);
  const y2 = to.y + (down ? -NODE_HEIGHT / 2 : NODE_HEIGHT / 2);
  const bend = Math.max(30, Math.abs(y2 - y1) / 2) * (down ? 1 : -1);
  const d = `M${fixed(from.x)},${fixed(y1)} C${fixed(from.x)},${fixed(y1 + bend)} ${fixed(to.x)},${fixed(y2 - bend)} ${fixed(to.x)},${fixed(y2)}`;
  const weight = typeof e.weight === 'number' && e.weight > 0 ? e.weight : 1;
  const strokeWidth = fixed(Math.min(4, 1 + Math.log2(weight) / 2));
  const label = `${e.source} imports ${e.target} (${weight} file import${weight === 1 ? '' : 's'})${inCycle ? ', part of a cycle' : ''}`;
  return `<path d="${d}" class="${inCycle ? 'edge cycle' : 'edge'}" stroke-width="${strokeWidth}" marker-end="url(#${inCycle ? 'arrow-cycle' : 'arrow'})"><title>${escapeXml(label)}</title></path>`;
}

function nodeGroup(p: Placed, score: NodeScore | undefined, label: string): string {
  const color = score ? (RATING_COLORS[score.rating] ?? '#6e7781') : '#6e7781';
  const n = p.node;
  const title = [
    n.id,
    `${n.files ?? 0} files, imports ${n.fanOut ?? 0} modules, imported by ${n.fanIn ?? 0}`,
    score ? `rating ${score.rating}, ${score.debtMinutes} min of debt` : 'no findings scored',
    n.inCycle ? 'on an import cycle' : '',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    `<g class="node${n.inCycle ? ' in-cycle' : ''}" data-module="${escapeXml(n.id)}" transform="translate(${fixed(p.x - NODE_WIDTH / 2)},${fixed(p.y - NODE_HEIGHT / 2)})">` +
    `<title>${escapeXml(title)}</title>` +
    `<rect width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6" class="node-box"/>` +
    `<rect width="6" height="${NODE_HEIGHT}" rx="3" fill="${color}"/>` +
    `<text x="${NODE_WIDTH / 2 + 3}" y="${NODE_HEIGHT / 2}" text-anchor="middle" dominant-baseline="middle">${escapeXml(clip(label, 21))}</text></g>`
  );
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function average(values: readonly number[], fallback: number): number {
  return values.length === 0 ? fallback : values.reduce((s, v) => s + v, 0) / values.length;
}

/** A module graph too large for one drawing: an overview of its folders, and one drawing per folder. */
export interface GroupedGraph {
  overview: { svg: string; shown: number; total: number };
  groups: { name: string; modules: number; debtMinutes: number; svg: string; shown: number }[];
}

/**
 * Up to 40 modules, one drawing of them all; beyond, the modules are grouped by folder (the
 * shallowest depth of their names that gives more than one group, a scoped package name counting
 * as one level): the overview draws the folders, with the imports between them summed and the
 * worst rating of their modules, and each folder gets its own drawing of its modules.
 */
export function groupedModuleGraph(graph: GraphView, scores: ReadonlyMap<string, NodeScore>): GroupedGraph | undefined {
  const nodes = graph.modules.nodes;
  if (nodes.length <= MAX_NODES) return undefined;
  const depth = [1, 2, 3].find((d) => new Set(nodes.map((n) => groupOf(n.id, d))).size > 1) ?? 1;
  const members = new Map<string, GraphView['modules']['nodes']>();
  for (const node of nodes) {
    const group = groupOf(node.id, depth);
    members.set(group, [...(members.get(group) ?? []), node]);
  }
  const groupOfModule = new Map(nodes.map((n) => [n.id, groupOf(n.id, depth)]));
  const weights = new Map<string, { source: string; target: string; weight: number }>();
  for (const e of graph.modules.edges) {
    const [source, target] = [groupOfModule.get(e.source), groupOfModule.get(e.target)];
    if (!source || !target || source === target) continue;
    const key = edgeKey({ source, target });
    const known = weights.get(key) ?? { source, target, weight: 0 };
    known.weight += typeof e.weight === 'number' && e.weight > 0 ? e.weight : 1;
    weights.set(key, known);
  }
  const edges = [...weights.values()];
  const groupScores = new Map<string, NodeScore>();
  const groupNodes = [...members].map(([group, list]) => {
    const scored = list.map((n) => scores.get(n.id)).filter((s): s is NodeScore => s !== undefined);
    if (scored.length > 0) {
      const worst = scored.reduce((a, b) => (b.rating > a.rating ? b : a)).rating;
      groupScores.set(group, { rating: worst, debtMinutes: scored.reduce((sum, s) => sum + s.debtMinutes, 0) });
    }
    return {
      id: group,
      files: list.reduce((sum, n) => sum + (n.files ?? 0), 0),
      fanIn: new Set(edges.filter((e) => e.target === group).map((e) => e.source)).size,
      fanOut: new Set(edges.filter((e) => e.source === group).map((e) => e.target)).size,
      dependents: 0,
      inCycle: list.some((n) => n.inCycle),
    };
  });
  const overview = moduleGraphSvg({ modules: { nodes: groupNodes, edges }, cycles: [], hotspots: [] }, groupScores);
  const groups = [...members]
    .map(([name, list]) => {
      const ids = new Set(list.map((n) => n.id));
      // Inside its folder's drawing, a module is named from the folder down.
      const label = (id: string) => (id.startsWith(`${name}/`) ? `…/${id.slice(name.length + 1)}` : id);
      const drawing = moduleGraphSvg({ modules: { nodes: list, edges: graph.modules.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) }, cycles: [], hotspots: [] }, scores, label);
      return { name, modules: list.length, debtMinutes: groupScores.get(name)?.debtMinutes ?? 0, svg: drawing.svg, shown: drawing.shown };
    })
    .sort((a, b) => b.debtMinutes - a.debtMinutes || b.modules - a.modules || (a.name < b.name ? -1 : 1));
  return { overview, groups };
}

/** The first `depth` levels of a module's name; a scoped package (`@scope/name`) is one level. */
export function groupOf(id: string, depth: number): string {
  const parts = id.split('/');
  const levels = parts[0].startsWith('@') && parts.length > 1 ? [`${parts[0]}/${parts[1]}`, ...parts.slice(2)] : parts;
  return levels.slice(0, depth).join('/');
}
