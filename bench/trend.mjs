#!/usr/bin/env node
// Trend benchmark: `npm run build && node bench/trend.mjs <git-clone> [--months 12] [--until ISO-date]`.
// Times `debt-scan trend` (one point per month, read from git) against a cold scan of the newest
// commit's working tree (no cache), each in its own process, runs cold / trend / cold, and prints
// the ratio of the trend to the mean cold scan (the target is at most 3x for twelve months). The
// trend ends by default at the date of the newest commit, so that every month has history.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const repo = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!repo) {
  console.error('usage: node bench/trend.mjs <git-clone> [--months 12] [--until ISO-date]');
  process.exit(2);
}
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const root = path.resolve(repo);
const months = option('--months', '12');
const until = option('--until', execFileSync('git', ['log', '-1', '--format=%cI'], { cwd: root, encoding: 'utf8' }).trim());
const cli = fileURLToPath(new URL('../dist/src/cli/bin.js', import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'debt-scan-bench-trend-'));

function timed(label, argv) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, ...argv], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, CI: 'true' } });
  if (run.status !== 0 && run.status !== 1) {
    console.error(`bench: the ${label} run failed (exit ${run.status}):\n${run.stderr}`);
    process.exit(1);
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function trendRun() {
  const file = path.join(out, 'trend.json');
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, 'trend', '--months', months, '--until', until, '--format', 'json', '--output', file], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, CI: 'true' },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) {
    console.error(`bench: the trend run failed (exit ${run.status}):\n${run.stderr}`);
    process.exit(1);
  }
  return { ms, trend: JSON.parse(readFileSync(file, 'utf8')), log: run.stderr };
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
console.log(`debt-scan trend benchmark: ${root} at ${head.slice(0, 12)}, ${months} months to ${until}`);
console.log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`);

const scanArgs = ['.', '--no-cache', '--format', 'json', '--output', path.join(out, 'report.json'), '--fail-on', 'never', '--quiet'];
const cold1 = timed('cold scan', scanArgs);
const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
const { ms: trendMs, trend, log } = trendRun();
const cold2 = timed('cold scan', scanArgs);
rmSync(out, { recursive: true, force: true });

const coldMean = (cold1 + cold2) / 2;
const last = trend.points.at(-1);
console.log('');
console.log(`newest commit    ${report.files.scanned} files, ${report.files.lines.toLocaleString('en-US')} lines, ${report.summary.findings} findings`);
console.log(`cold scan        ${seconds(cold1)} and ${seconds(cold2)} (mean ${seconds(coldMean)})`);
console.log(`trend            ${seconds(trendMs)} for ${trend.points.length} points (${trend.points.filter((p) => p.status === 'ok').length} analysed)`);
for (const line of log.trim().split('\n')) console.log(`  ${line.replace(/^debt-scan: /u, '')}`);
const cold = new Set(report.findings.map((f) => `${f.ruleId} ${f.fingerprint}`));
const open = new Set(trend.open.map((f) => `${f.ruleId} ${f.fingerprint}`));
const same = cold.size === open.size && [...cold].every((k) => open.has(k));
console.log(`last point       ${last?.commit?.slice(0, 12)}: ${last?.findings} findings; cold scan of the working tree: ${report.summary.findings} (${same ? 'the same fingerprints' : 'DIFFERENT fingerprints'})`);
console.log('');
console.log(`trend / cold     ${(trendMs / coldMean).toFixed(2)}x   (target <= 3x)`);
