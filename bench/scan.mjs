#!/usr/bin/env node
// Scan benchmark: `npm run bench -- <repo> [--workers N] [--repeat N] [--skip-eslint]`.
// Prints files, lines, cold and warm scan times (wall and CPU), the time of each phase, lines per
// second, peak memory, the default worker count against `--workers 0`, and two references on the
// same files: TypeScript parsing every file on one core, and ESLint with a comparable untyped rule
// set. Every run is a separate process; repeated runs print their range.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverFiles } from '../dist/src/discover/discover-files.js';
import { errorMessage } from '../dist/src/errors.js';
import { describeMachine, repoArgument } from './bench-setup.mjs';

const args = process.argv.slice(2);
const root = repoArgument(args, ['--workers', '--repeat'], 'npm run bench -- <repo-path> [--workers N] [--repeat N] [--skip-eslint]');
const repeatIndex = args.indexOf('--repeat');
const repeat = repeatIndex >= 0 ? Math.max(1, Number(args[repeatIndex + 1]) || 1) : 3;
const workersIndex = args.indexOf('--workers');
const workers = workersIndex >= 0 ? args[workersIndex + 1] : undefined;
const child = fileURLToPath(new URL('./scan-child.mjs', import.meta.url));

function measure(mode, ...rest) {
  return measureWith(env, mode, ...rest);
}

function measureWith(runEnv, mode, ...rest) {
  try {
    const out = execFileSync(process.execPath, [child, mode, root, ...rest], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'], env: runEnv });
    return JSON.parse(out.trim().split('\n').at(-1));
  } catch (error) {
    console.error(`bench: the ${mode} run failed: ${errorMessage(error).split('\n')[0]}`);
    return undefined;
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
/** The lowest and highest of repeated figures, in seconds. */
const range = (values) => {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? seconds(low) : `${(low / 1000).toFixed(2)}–${seconds(high)}`;
};
const cacheDir = mkdtempSync(path.join(tmpdir(), 'debt-scan-bench-cache-'));
// A per-user directory of its own (the secret, TypeScript's code cache), so that the cold run starts without a code cache.
const userCache = mkdtempSync(path.join(tmpdir(), 'debt-scan-bench-user-'));
const env = { ...process.env, DEBT_SCAN_USER_CACHE: userCache };
console.log(`debt-scan benchmark: ${root}`);
console.log(describeMachine());

/** One cold run with a cache directory of its own; the per-user cache (the worker trial's verdict, TypeScript's code cache) is shared unless `runEnv` gives another. */
function coldRun(...rest) {
  return coldRunWith(env, ...rest);
}

function coldRunWith(runEnv, ...rest) {
  const own = mkdtempSync(path.join(tmpdir(), 'debt-scan-bench-cold-'));
  try {
    return measureWith(runEnv, 'scan', own, ...rest);
  } finally {
    rmSync(own, { recursive: true, force: true });
  }
}

// The first default run has no verdict on workers yet: it runs the trial, and later runs use its
// verdict. It is also the first to load TypeScript without a code cache, as is a `--workers 0`
// run just before it with a per-user directory of its own: the two are what a machine's first
// run costs. Default and `--workers 0` runs alternate, so that a machine whose speed drifts weighs on both alike.
const defaults = [];
const alone = [];
const firstUserCache = mkdtempSync(path.join(tmpdir(), 'debt-scan-bench-user-'));
const firstAlone = workers === undefined ? coldRunWith({ ...process.env, DEBT_SCAN_USER_CACHE: firstUserCache }, '0') : undefined;
rmSync(firstUserCache, { recursive: true, force: true });
for (let i = 0; i < repeat; i++) {
  defaults.push(coldRun(...(workers ? [workers] : [])));
  if (workers !== '0') alone.push(coldRun('0'));
}
if (workers === '0') alone.push(...defaults);
const cold = measure('scan', cacheDir, ...(workers ? [workers] : []));
const warms = Array.from({ length: repeat }, () => measure('scan', cacheDir, ...(workers ? [workers] : [])));
// Four kinds of edit of one file, each run `repeat` times with a text of its own: a function
// added and a value export added (the import graph reads neither, and is kept with the default
// rules), an import of a module that is not there (the graph is built again, its edges and so its
// metrics stay) and an import of another file, a different one each time (an edge added: the
// metrics are computed again).
const edits = (addition) => Array.from({ length: repeat }, (_, i) => editOneFile((target, files) => addition(i, target, files), () => measure('scan', cacheDir, ...(workers ? [workers] : []))));
const bodyEdits = edits((i) => `\nfunction benchEdit${i}() {\n  return ${i};\n}\n`);
const exportEdits = edits((i) => `\nexport const benchEdit${i} = ${i};\n`);
const importEdits = edits((i) => `\nimport './bench-edit-${i}.js';\n`);
const edgeEdits = edits((i, target, files) => `\nimport '${specifierOf(target, files[(files.indexOf(target) + 1 + i) % files.length])}';\n`);
const floor = measure('parse');
if (!cold || !floor || [...defaults, ...alone, ...warms, ...bodyEdits, ...exportEdits, ...importEdits, ...edgeEdits].some((r) => !r)) process.exit(1);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** The run of median CPU time among repeated ones. */
const medianRun = (runs) => runs.find((r) => r.cpuMs === median(runs.map((x) => x.cpuMs)));
const warm = medianRun(warms);
const eslint = args.includes('--skip-eslint') ? undefined : measure('eslint');
rmSync(cacheDir, { recursive: true, force: true });
rmSync(userCache, { recursive: true, force: true });

console.log('');
console.log(`files            ${cold.files} scanned, ${cold.skipped} skipped`);
console.log(`lines            ${cold.lines.toLocaleString('en-US')}`);
console.log(`findings         ${cold.findings}`);
console.log(`cold scan        ${seconds(cold.ms)}, CPU ${seconds(cold.cpuMs)}  (${Math.round(cold.lines / (cold.ms / 1000)).toLocaleString('en-US')} lines/s, ${cold.phases.workers} workers, peak ${cold.maxRssMiB} MiB)`);
console.log(`  phases         ${Object.entries(cold.phases).filter(([k]) => !['filesAnalysed', 'filesFromCache', 'filesRead', 'workers', 'workersRetired', 'workerGain', 'total', 'crossFileFromCache'].includes(k)).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
console.log(`warm scan        wall ${range(warms.map((r) => r.ms))}, CPU ${range(warms.map((r) => r.cpuMs))}  (${warm.phases.filesFromCache} files from cache, peak ${warm.maxRssMiB} MiB)`);
for (const [name, runs] of [['function added', bodyEdits], ['value export added', exportEdits], ['import of nothing added', importEdits], ['import of a file added', edgeEdits]]) {
  const run = medianRun(runs);
  console.log(`one file changed, ${name}: wall ${range(runs.map((r) => r.ms))}, CPU ${range(runs.map((r) => r.cpuMs))}  (${run.phases.filesAnalysed} analysed, import graph ${run.phases.crossFileFromCache ? 'kept' : 'built again'}, peak ${run.maxRssMiB} MiB)`);
}
console.log(`parse floor      ${seconds(floor.ms)}, CPU ${seconds(floor.cpuMs)}  (TypeScript parse of ${floor.files} files on one core, process total)`);
if (eslint) console.log(`ESLint           ${seconds(eslint.ms)}  (${eslint.files} files, ${eslint.messages} messages, ${eslint.fatal} unparsable)`);
console.log('');
console.log('cold, no result cache, each run a fresh process:');
for (const [name, runs] of [['default', defaults], ['--workers 0', alone]]) {
  const threads = runs.map((r) => `${r.phases.workers}${r.phases.workersRetired ? ' (retired)' : ''}${r.phases.workerGain ? ` gain ${r.phases.workerGain}` : ''}`);
  console.log(`  ${name.padEnd(13)} wall ${range(runs.map((r) => r.ms))}, CPU ${range(runs.map((r) => r.cpuMs))}, analysis ${range(runs.map((r) => r.phases.analyze))}; workers: ${threads.join(', ')}`);
}
console.log('');
// Once a trial's verdict is kept, the default runs as it decided: each default run after the first
// against the `--workers 0` run right after it, so that the machine's drift weighs on both alike.
// The first run, which made the trial, is compared with a first run of `--workers 0` below.
const pairs = alone.length === defaults.length ? defaults.map((r, i) => r.ms / alone[i].ms) : [];
const later = pairs.length > 1 ? pairs.slice(1) : pairs;
if (later.length > 0) {
  const spread = later.length > 1 ? `, ${Math.min(...later).toFixed(2)}–${Math.max(...later).toFixed(2)}` : '';
  const sorted = [...later].sort((a, b) => a - b);
  const middle = (sorted[Math.floor((sorted.length - 1) / 2)] + sorted[Math.ceil((sorted.length - 1) / 2)]) / 2;
  console.log(`default / --workers 0 ${middle.toFixed(2)}x wall (median of ${later.length} run${later.length > 1 ? 's' : ''} each against the --workers 0 run after it${pairs.length > 1 ? ', the trial run left out' : ''}${spread})   (target <= 1.0x)`);
}
if (firstAlone) {
  const trial = defaults[0].phases;
  const made = trial.workerGain === undefined ? 'no trial' : `the trial measured a gain of ${trial.workerGain}, workers ${trial.workersRetired ? 'retired' : 'kept'}`;
  console.log(`first run here       ${(defaults[0].ms / firstAlone.ms).toFixed(2)}x wall: default ${seconds(defaults[0].ms)} (${made}) against --workers 0 ${seconds(firstAlone.ms)}, neither with TypeScript's code cache`);
}
console.log(`cold CPU / floor CPU  ${(cold.cpuMs / floor.cpuMs).toFixed(2)}x   (target <= 2.0x)`);
if (eslint) console.log(`cold / ESLint         ${(cold.ms / eslint.ms).toFixed(2)}x wall   (target <= 0.25x)`);
console.log(`warm                  ${seconds(warm.cpuMs)} CPU, median   (target <= 0.4 s)`);
console.log(`one file changed      ${seconds(medianRun(bodyEdits).cpuMs)} CPU a function added, ${seconds(medianRun(exportEdits).cpuMs)} a value export, ${seconds(medianRun(importEdits).cpuMs)} an import of nothing, ${seconds(medianRun(edgeEdits).cpuMs)} an import of a file, medians   (target <= 1.0 s)`);
console.log(`peak memory          ${Math.max(cold.maxRssMiB, warm.maxRssMiB)} MiB   (target < 800 MiB)`);

/** Appends `addition(target, files)` to one mid-sized source file for the duration of `run`, then restores it. */
function editOneFile(addition, run) {
  // The files a scan finds, so that the repository need not be a git clone.
  const files = discoverFiles(root, [root], { include: [], exclude: [], maxFileSize: 1024 * 1024 }).files.map((f) => f.file).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  if (files.length === 0) throw new Error(`no TypeScript file to edit in ${root}`);
  const file = files[Math.floor(files.length / 2)] ?? files[0];
  const target = path.join(root, file);
  const original = readFileSync(target);
  writeFileSync(target, Buffer.concat([original, Buffer.from(addition(file, files))]));
  try {
    return run();
  } finally {
    writeFileSync(target, original);
  }
}

/** How `from` imports `to` (both relative to the root) in the form every module resolution accepts: relative, `.ts` as `.js` (`.mts` as `.mjs`, `.cts` as `.cjs`). */
function specifierOf(from, to) {
  const relative = path.posix.relative(path.posix.dirname(from), to).replace(/\.([cm]?)ts$/u, '.$1js');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
