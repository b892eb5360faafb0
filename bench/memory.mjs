#!/usr/bin/env node
// Memory benchmark: `npm run build && node bench/memory.mjs <dir> [--preset recommended|strict] [--rounds N] [--workers N]`.
// Runs the built CLI cold (`--no-cache`) on a directory, each round in its own process, writing
// a text and a JSON report, and prints per round and as medians: wall and CPU time (user +
// system, child processes included), the debt-scan process's own peak resident memory, and the
// peak of the largest process of the run, which is jscpd's when no-duplicate-block is on (jscpd
// runs beside the analysis, so the machine holds both). For the target of 800 MiB on a million
// lines, copy several code bases side by side into one directory (the README says which).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine, repoArgument } from './bench-setup.mjs';

const args = process.argv.slice(2);
const root = repoArgument(args, ['--preset', '--rounds', '--workers'], 'node bench/memory.mjs <dir> [--preset recommended|strict] [--rounds N] [--workers N]');
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const preset = option('--preset', 'recommended');
const rounds = Math.max(1, Number(option('--rounds', '3')) || 1);
const workers = option('--workers', undefined);
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) {
  console.error('bench/memory.mjs: needs /usr/bin/time (Debian package time) for the peak of the whole run');
  process.exit(2);
}
const cli = fileURLToPath(new URL('../dist/src/cli/bin.js', import.meta.url));
const probe = fileURLToPath(new URL('./peak-probe.cjs', import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'debt-scan-bench-memory-'));

function round() {
  const argv = [root, '--no-cache', '--preset', preset, '--fail-on', 'never', '--format', 'text', '--output', path.join(out, 'report.txt'), '--format', 'json', '--output', path.join(out, 'report.json'), ...(workers === undefined ? [] : ['--workers', workers])];
  const started = process.hrtime.bigint();
  const run = spawnSync(TIME, ['-f', 'time %U %S %M', process.execPath, '--require', probe, cli, ...argv], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: 'true' } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const time = /^time ([\d.]+) ([\d.]+) (\d+)$/mu.exec(run.stderr);
  const own = /^peak-probe (\d+)$/mu.exec(run.stderr);
  if (run.status !== 0 || !time || !own) {
    console.error(`bench/memory.mjs: the scan failed (exit ${run.status}):\n${run.stderr.slice(-2000)}`);
    process.exit(1);
  }
  return { ms, cpuMs: (Number(time[1]) + Number(time[2])) * 1000, ownMiB: Number(own[1]) / 1024, largestMiB: Number(time[3]) / 1024 };
}

console.log(`debt-scan memory benchmark: ${root}, preset ${preset}, ${rounds} cold rounds${workers === undefined ? '' : `, --workers ${workers}`}`);
console.log(describeMachine());
const runs = [];
for (let i = 0; i < rounds; i++) {
  const r = round();
  runs.push(r);
  console.log(`  round ${i + 1}: wall ${(r.ms / 1000).toFixed(2)} s, CPU ${(r.cpuMs / 1000).toFixed(2)} s, debt-scan peak ${Math.round(r.ownMiB)} MiB, largest process ${Math.round(r.largestMiB)} MiB`);
}
rmSync(out, { recursive: true, force: true });
const median = (key) => [...runs.map((r) => r[key])].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
const spread = (key) => `${Math.round(Math.min(...runs.map((r) => r[key])))}–${Math.round(Math.max(...runs.map((r) => r[key])))}`;
console.log(`median: wall ${(median('ms') / 1000).toFixed(2)} s, CPU ${(median('cpuMs') / 1000).toFixed(2)} s, debt-scan peak ${Math.round(median('ownMiB'))} MiB (${spread('ownMiB')}; target < 800 MiB on a million lines), largest process ${Math.round(median('largestMiB'))} MiB (${spread('largestMiB')})`);
