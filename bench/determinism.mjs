#!/usr/bin/env node
// Determinism and robustness on hostile input: scans each directory given (parser test fixtures
// are the best input: thousands of valid and invalid files, deep nesting, every syntax there is)
// with every rule on every file (as product code), twice with the default workers and once each with 0, 1 and 2 workers, and
// prints files, parse errors, named skips, internal errors, and whether the JSON and SARIF
// reports are byte-identical across runs and worker counts (the first difference if not).
//   npm run build && node bench/determinism.mjs <dir>...
// Bring fixtures into a temporary folder, never into the project; for example:
//   git clone --depth 1 https://github.com/babel/babel /tmp/babel
//   node bench/determinism.mjs /tmp/babel/packages/babel-parser/test/fixtures
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const library = await import(new URL('../dist/src/index.js', import.meta.url).href).catch(() => {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
});

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: node bench/determinism.mjs <dir>...');
  process.exit(2);
}

/** The first line where two texts differ, for the report. */
function firstDifference(a, b) {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i]) return `line ${i + 1}: ${JSON.stringify(left[i]?.slice(0, 160))} vs ${JSON.stringify(right[i]?.slice(0, 160))}`;
  }
  return 'none';
}

// Every rule, on every file: fixtures live in test folders, where most rules would not run.
const CONFIG = { preset: 'strict', files: { product: ['**'] } };

let failed = false;
for (const dir of dirs) {
  const root = path.resolve(dir);
  if (!existsSync(root)) {
    console.error(`${dir}: no such directory`);
    process.exit(2);
  }
  const runs = [];
  for (const [label, workers] of [['default', undefined], ['default again', undefined], ['0 workers', 0], ['1 worker', 1], ['2 workers', 2]]) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    let report;
    try {
      report = await library.scan({ root, cache: false, config: CONFIG, ...(workers === undefined ? {} : { workers }) });
    } catch (error) {
      console.log(`${dir} (${label}): the scan threw: ${error instanceof Error ? error.stack : String(error)}`);
      failed = true;
      continue;
    }
    const used = process.cpuUsage(cpu);
    runs.push({
      label,
      report,
      json: library.render(report, 'json'),
      sarif: library.render(report, 'sarif'),
      wall: (performance.now() - started) / 1000,
      cpu: (used.user + used.system) / 1e6,
    });
  }
  const [first] = runs;
  if (!first) continue;
  const files = first.report.files;
  const internal = first.report.notifications.filter((n) => n.kind === 'analysis-failure' || n.kind === 'rule-failure' || n.kind === 'jscpd-failure');
  console.log(`\n${dir}`);
  console.log(`  files: ${files.scanned + files.skipped} sources, ${files.scanned} analysed, skipped by reason ${JSON.stringify(files.skippedByReason)}`);
  console.log(`  findings: ${first.report.summary.findings}; internal errors (a rule, an analysis or jscpd failing): ${internal.length}`);
  for (const n of internal.slice(0, 10)) console.log(`    ${n.kind}: ${n.message.slice(0, 200)}`);
  for (const run of runs) console.log(`  ${run.label.padEnd(14)} wall ${run.wall.toFixed(1)} s, CPU ${run.cpu.toFixed(1)} s (the whole process, workers included)`);
  for (const run of runs.slice(1)) {
    const sameJson = run.json === first.json;
    const sameSarif = run.sarif === first.sarif;
    console.log(`  ${run.label.padEnd(14)} JSON ${sameJson ? 'identical' : 'DIFFERENT'}, SARIF ${sameSarif ? 'identical' : 'DIFFERENT'} to the first run`);
    if (!sameJson) console.log(`    first difference in JSON: ${firstDifference(first.json, run.json)}`);
    if (!sameSarif) console.log(`    first difference in SARIF: ${firstDifference(first.sarif, run.sarif)}`);
    failed ||= !sameJson || !sameSarif;
  }
  failed ||= internal.length > 0 || runs.length < 5;
}
process.exitCode = failed ? 1 : 0;
