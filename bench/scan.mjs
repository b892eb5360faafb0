#!/usr/bin/env node
// Scan benchmark: `npm run bench -- <repo> [--workers N] [--skip-eslint]`.
// Prints files, lines, cold and warm scan times, the time of each phase, lines per second, peak
// memory, and two references on the same files: TypeScript parsing every file on one core, and
// ESLint with a comparable untyped rule set. Every run is a separate process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../dist/src/errors.js';
import { describeMachine, repoArgument } from './bench-setup.mjs';

const args = process.argv.slice(2);
const root = repoArgument(args, ['--workers'], 'npm run bench -- <repo-path> [--workers N] [--skip-eslint]');
const workersIndex = args.indexOf('--workers');
const workers = workersIndex >= 0 ? args[workersIndex + 1] : undefined;
const child = fileURLToPath(new URL('./scan-child.mjs', import.meta.url));

function measure(mode, ...rest) {
  try {
    const out = execFileSync(process.execPath, [child, mode, root, ...rest], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'], env });
    return JSON.parse(out.trim().split('\n').at(-1));
  } catch (error) {
    console.error(`bench: the ${mode} run failed: ${errorMessage(error).split('\n')[0]}`);
    return undefined;
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const cacheDir = mkdtempSync(path.join(tmpdir(), 'debt-scan-bench-cache-'));
// A per-user directory of its own (the secret, TypeScript's code cache), so that the cold run starts without a code cache.
const userCache = mkdtempSync(path.join(tmpdir(), 'debt-scan-bench-user-'));
const env = { ...process.env, DEBT_SCAN_USER_CACHE: userCache };
console.log(`debt-scan benchmark: ${root}`);
console.log(describeMachine());

const cold = measure('scan', cacheDir, ...(workers ? [workers] : []));
const warm = measure('scan', cacheDir, ...(workers ? [workers] : []));
const edited = editOneFile(() => measure('scan', cacheDir, ...(workers ? [workers] : [])));
const floor = measure('parse');
if (!cold || !warm || !edited || !floor) process.exit(1);
const eslint = args.includes('--skip-eslint') ? undefined : measure('eslint');
rmSync(cacheDir, { recursive: true, force: true });
rmSync(userCache, { recursive: true, force: true });

console.log('');
console.log(`files            ${cold.files} scanned, ${cold.skipped} skipped`);
console.log(`lines            ${cold.lines.toLocaleString('en-US')}`);
console.log(`findings         ${cold.findings}`);
console.log(`cold scan        ${seconds(cold.ms)}  (${Math.round(cold.lines / (cold.ms / 1000)).toLocaleString('en-US')} lines/s, ${cold.phases.workers} workers, peak ${cold.maxRssMiB} MiB)`);
console.log(`  phases         ${Object.entries(cold.phases).filter(([k]) => !['filesAnalysed', 'filesFromCache', 'filesRead', 'workers', 'total', 'crossFileFromCache'].includes(k)).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
console.log(`warm scan        ${seconds(warm.ms)}  (${warm.phases.filesFromCache} files from cache, peak ${warm.maxRssMiB} MiB)`);
console.log(`one file changed ${seconds(edited.ms)}  (${edited.phases.filesAnalysed} analysed, peak ${edited.maxRssMiB} MiB)`);
console.log(`parse floor      ${seconds(floor.ms)}  (TypeScript parse of ${floor.files} files on one core, process total)`);
if (eslint) console.log(`ESLint           ${seconds(eslint.ms)}  (${eslint.files} files, ${eslint.messages} messages, ${eslint.fatal} unparsable)`);
console.log('');
console.log(`cold / parse floor   ${(cold.ms / floor.ms).toFixed(2)}x   (target <= 1.5x)`);
if (eslint) console.log(`cold / ESLint        ${(cold.ms / eslint.ms).toFixed(2)}x   (target <= 0.15x)`);
console.log(`warm                 ${seconds(warm.ms)}   (target < 0.6 s)`);
console.log(`one file changed     ${seconds(edited.ms)}   (target < 1 s)`);
console.log(`peak memory          ${Math.max(cold.maxRssMiB, warm.maxRssMiB)} MiB   (target < 800 MiB)`);

/** Appends a line to one mid-sized source file for the duration of `run`, then restores it. */
function editOneFile(run) {
  const files = execFileSync('git', ['ls-files', '*.ts'], { cwd: root, encoding: 'utf8' }).split('\n').filter((f) => f && !f.endsWith('.d.ts'));
  const target = path.join(root, files[Math.floor(files.length / 2)] ?? files[0]);
  const original = readFileSync(target);
  writeFileSync(target, Buffer.concat([original, Buffer.from('\nexport const benchEdit = 1;\n')]));
  try {
    return run();
  } finally {
    writeFileSync(target, original);
  }
}
