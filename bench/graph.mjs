#!/usr/bin/env node
// Import graph and scoring benchmark:
// `npm run build && node bench/graph.mjs <repo> [--runs N] [--churn-days D] [--details]`.
// Analyses every file once (untimed: bench/scan.mjs measures that), then times, per run, the
// stages this benchmark is about: module resolution of every import, the graph and its metrics
// (SCCs, transitive dependents, PageRank, break edges, module graph), churn from git, and module
// scores with hotspots. Prints the median of the runs and what the graph found.
import { performance } from 'node:perf_hooks';
import { buildImportGraph } from '../dist/src/module-graph/build-import-graph.js';
import { createModuleResolver } from '../dist/src/module-graph/create-module-resolver.js';
import { resolveConfig } from '../dist/src/config/load-config.js';
import { discoverFiles } from '../dist/src/discover/discover-files.js';
import { churnByFile, churnByModule, readChurn } from '../dist/src/git/working-tree.js';
import { readSource } from '../dist/src/discover/read-source.js';
import { analyzeFiles, enabledRules } from '../dist/src/engine/analyze-files.js';
import { rulesByName } from '../dist/rules/index.js';
import { assignModule } from '../dist/src/score/assign-module.js';
import { findHotspots } from '../dist/src/score/find-hotspots.js';
import { moduleGraphFigures, scoreModules } from '../dist/src/score/score-modules.js';
import { describeMachine, repoArgument } from './bench-setup.mjs';

const args = process.argv.slice(2);
const root = repoArgument(args, ['--runs', '--churn-days'], 'node bench/graph.mjs <repo-path> [--runs N] [--churn-days D] [--details]');
const option = (name) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : undefined);
const runs = option('--runs') || 3;
const config = resolveConfig({ churn: { days: option('--churn-days') || 90 } }, 'defaults');

console.log(`debt-scan graph benchmark: ${root}`);
console.log(describeMachine());

let mark = performance.now();
const discovery = discoverFiles(root, [root], { include: config.include, exclude: config.exclude, maxFileSize: config.files.maxFileSize });
const jobs = discovery.files.flatMap((f) => {
  const read = readSource(f.absolute, config.files.maxLineLength, config.files.maxFileSize);
  return read.ok ? [{ file: f.file, text: read.text, hash: read.hash }] : [];
});
const results = analyzeFiles(jobs, enabledRules(config.rules, rulesByName)).filter((r) => r.facts);
const files = results.map((r) => ({ file: r.file, facts: r.facts }));
const lines = results.reduce((sum, r) => sum + r.facts.lines, 0);
const imports = results.reduce((sum, r) => sum + r.facts.imports.length, 0);
console.log(`setup (untimed)  ${results.length} files, ${lines.toLocaleString('en-US')} lines, ${imports.toLocaleString('en-US')} imports, ${discovery.packages.length} workspace packages; discovered and analysed in ${((performance.now() - mark) / 1000).toFixed(1)} s`);

const moduleOf = (file) => assignModule(file, discovery.packages, config.modules.depth);
const samples = { resolve: [], graph: [], churn: [], score: [], total: [] };
let last;
for (let run = 0; run < runs; run++) {
  const times = {};
  mark = performance.now();
  const resolver = createModuleResolver({ root, files: files.map((f) => f.file), packages: discovery.packages });
  const kinds = {};
  for (const { file, facts } of files) {
    for (const fact of facts.imports) {
      const kind = resolver.resolve(file, fact.specifier, { typeOnly: fact.typeOnly, kind: fact.kind }).kind;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
  }
  times.resolve = performance.now() - mark;

  mark = performance.now();
  const graph = buildImportGraph({ files, resolve: resolver.resolve, moduleOf });
  times.graph = performance.now() - mark;

  mark = performance.now();
  const commits = await readChurn(root, config.churn.days);
  times.churn = performance.now() - mark;

  mark = performance.now();
  const scanned = new Set(files.map((f) => f.file));
  const findings = results.flatMap((r) =>
    r.findings.map((f) => ({ file: r.file, module: moduleOf(r.file), category: 'complexity', effortMinutes: config.rules.find((rule) => rule.name === f.rule)?.effortMinutes ?? 0 })),
  );
  const modules = scoreModules({
    files: results.map((r) => ({ file: r.file, module: moduleOf(r.file), lines: r.facts.lines, codeLines: r.facts.codeLines })),
    findings,
    minutesPerLine: config.scoring.minutesPerLine,
    graph: moduleGraphFigures(graph),
    churn: commits ? churnByModule(commits, (file) => (scanned.has(file) ? moduleOf(file) : undefined)) : undefined,
  });
  const hotspots = commits ? findHotspots(graph.files.nodes, findings, churnByFile(commits)) : [];
  times.score = performance.now() - mark;
  times.total = times.resolve + times.graph + times.churn + times.score;
  for (const [key, value] of Object.entries(times)) samples[key].push(value);
  last = { graph, kinds, modules, hotspots, commits };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (key) => `${Math.round(median(samples[key]))} ms`;
const { graph, kinds, modules, hotspots, commits } = last;
console.log('');
console.log(`resolution       ${Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`graph            ${graph.files.nodes.length} nodes, ${graph.files.edges.length} edges; ${graph.modules.nodes.length} modules, ${graph.modules.edges.length} module edges`);
console.log(`cycles           ${graph.cycles.length} (largest ${graph.cycles[0]?.files.length ?? 0} files); unresolved: ${graph.unresolved.filter((u) => u.reason === 'missing').length} missing, ${graph.unresolved.filter((u) => u.reason === 'undeclared').length} undeclared`);
console.log(`churn            ${commits ? `${commits.length} commits in ${config.churn.days} days` : 'not a git repository'}; ${hotspots.length} hotspots`);
console.log('');
console.log(`median of ${runs} runs, graph + scores: ${ms('total')}`);
console.log(`  resolve ${ms('resolve')}, graph ${ms('graph')}, churn ${ms('churn')}, score ${ms('score')}`);
console.log(`  ${Math.round(lines / (median(samples.total) / 1000)).toLocaleString('en-US')} lines/s; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB (analysis included)`);
if (args.includes('--details')) {
  console.log('');
  console.log('top modules by risk:');
  for (const m of modules.slice(0, 10)) console.log(`  ${m.module}  risk ${m.risk}  debt ${m.debtMinutes} min  dependents ${m.inputs.dependents}  churn ${m.churn ?? '-'}`);
  console.log('cycles:');
  for (const c of graph.cycles.slice(0, 15)) console.log(`  ${c.files.length} files, break ${c.breakEdge.source}:${c.breakEdge.line} -> ${c.breakEdge.target} (leaves ${c.remainingAfterBreak})`);
  console.log('unresolved:');
  for (const u of graph.unresolved.slice(0, 40)) console.log(`  ${u.reason} ${u.file}:${u.line} ${u.specifier}`);
  console.log('hotspots:');
  for (const h of hotspots) console.log(`  ${h.file}  risk ${h.risk}  churn ${h.churn}  score ${h.score}`);
}
