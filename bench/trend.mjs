#!/usr/bin/env node
// Trend benchmark: `npm run build && node bench/trend.mjs <git-clone> [--months 12] [--until ISO-date]`.
// Times `debt-scan trend` (one point per month, read from git) against a cold scan of the newest
// commit's working tree (no cache), each in its own process, runs cold / trend / cold, and prints
// the ratio of the trend to the mean cold scan (the target is at most 3x for twelve months). The
// trend ends by default at the date of the newest commit, so that every month has history. A
// second trend with --no-memory gives the cost of the memory of fixes (target: at most 1.3x).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine, repoArgument } from './bench-setup.mjs';

const args = process.argv.slice(2);
const root = repoArgument(args, ['--months', '--until'], 'node bench/trend.mjs <git-clone> [--months 12] [--until ISO-date]');
try {
  execFileSync('git', ['rev-parse', '--verify', 'HEAD'], { cwd: root, stdio: 'ignore' });
} catch {
  console.error(`bench/trend.mjs: ${root} is not a git clone with commits: the trend reads its history`);
  process.exit(2);
}
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const months = option('--months', '12');
const until = option('--until', execFileSync('git', ['log', '-1', '--format=%cI'], { cwd: root, encoding: 'utf8' }).trim());
const cli = fileURLToPath(new URL('../dist/src/cli/bin.js', import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'debt-scan-bench-trend-'));

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs the CLI; returns wall-clock and CPU milliseconds (user + system, with /usr/bin/time) and stderr. */
function runCli(argv) {
  const command = TIME ? [TIME, '-f', 'cpu %U %S', process.execPath, cli, ...argv] : [process.execPath, cli, ...argv];
  const started = process.hrtime.bigint();
  const run = spawnSync(command[0], command.slice(1), { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, CI: 'true' } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuLine = /^cpu ([\d.]+) ([\d.]+)$/mu.exec(run.stderr);
  const stderr = run.stderr.replace(/^cpu [\d.]+ [\d.]+\n?/mu, '').replace(/^Command exited with non-zero status \d+\n?/mu, '');
  return { status: run.status, ms, cpuMs: cpuLine ? (Number(cpuLine[1]) + Number(cpuLine[2])) * 1000 : undefined, stderr };
}

function timed(label, argv) {
  const run = runCli(argv);
  if (run.status !== 0 && !(run.status === 1 && run.stderr === '')) {
    console.error(`bench: the ${label} run failed (exit ${run.status}):\n${run.stderr}`);
    process.exit(1);
  }
  return run;
}

function trendRun(extra = []) {
  const file = path.join(out, 'trend.json');
  const run = timed('trend', ['trend', '--months', months, '--until', until, '--format', 'json', '--output', file, ...extra]);
  return { ...run, trend: JSON.parse(readFileSync(file, 'utf8')), log: run.stderr };
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
console.log(`debt-scan trend benchmark: ${root} at ${head.slice(0, 12)}, ${months} months to ${until}`);
console.log(describeMachine());

const reportFile = path.join(out, 'report.json');
const scanArgs = ['.', '--no-cache', '--format', 'json', '--output', reportFile, '--fail-on', 'never', '--quiet'];
const coldScan = () => {
  rmSync(reportFile, { force: true });
  const run = timed('cold scan', scanArgs);
  if (!existsSync(reportFile)) {
    console.error('bench: the cold scan wrote no report');
    process.exit(1);
  }
  return run;
};
const cold1 = coldScan();
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
const { ms: trendMs, cpuMs: trendCpu, trend, log } = trendRun();
const bare = trendRun(['--no-memory']);
const cold2 = coldScan();
rmSync(out, { recursive: true, force: true });

const coldMean = (cold1.ms + cold2.ms) / 2;
const coldCpu = cold1.cpuMs !== undefined && cold2.cpuMs !== undefined ? (cold1.cpuMs + cold2.cpuMs) / 2 : undefined;
const last = trend.points.at(-1);
console.log('');
console.log(`newest commit    ${report.files.scanned} files, ${report.files.lines.toLocaleString('en-US')} lines, ${report.summary.findings} findings`);
console.log(`cold scan        ${seconds(cold1.ms)} and ${seconds(cold2.ms)} (mean ${seconds(coldMean)})${coldCpu === undefined ? '' : `, CPU ${seconds(coldCpu)}`}`);
console.log(`trend            ${seconds(trendMs)}${trendCpu === undefined ? '' : ` (CPU ${seconds(trendCpu)})`} for ${trend.points.length} points (${trend.points.filter((p) => p.status === 'ok').length} analysed)`);
for (const line of log.trim().split('\n')) console.log(`  ${line.replace(/^debt-scan: /u, '')}`);
const cold = new Set(report.findings.map((f) => `${f.ruleId} ${f.fingerprint}`));
const open = new Set(trend.open.map((f) => `${f.ruleId} ${f.fingerprint}`));
const same = cold.size === open.size && [...cold].every((k) => open.has(k));
console.log(`last point       ${last?.commit?.slice(0, 12)}: ${last?.findings} findings; cold scan of the working tree: ${report.summary.findings} (${same ? 'the same fingerprints' : 'DIFFERENT fingerprints'})`);
const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean).length;
if (!same && dirty > 0) console.log(`                 (the working tree differs from the commit in ${dirty} tracked files, so the two need not agree; compare on a clean checkout)`);
console.log('');
console.log(`trend / cold     ${(trendMs / coldMean).toFixed(2)}x wall clock   (target <= 3x)`);
if (coldCpu !== undefined && trendCpu !== undefined) console.log(`                 ${(trendCpu / coldCpu).toFixed(2)}x CPU time (less sensitive to other load on the machine)`);
const memory = trend.memory;
if (memory) {
  console.log('');
  console.log(`memory of fixes  ${memory.fixes} fixes (${memory.fixesWithHunk} with their hunk), ${memory.precedents.withPrecedent} of ${memory.precedents.open} open findings with a precedent, ${trend.recurring.filter((r) => r.undoneFix).length} recurring with the fix undone`);
  console.log(`without memory   ${seconds(bare.ms)}${bare.cpuMs === undefined ? '' : ` (CPU ${seconds(bare.cpuMs)})`}`);
  console.log(`memory cost      ${(trendMs / bare.ms).toFixed(2)}x wall clock${trendCpu !== undefined && bare.cpuMs !== undefined ? `, ${(trendCpu / bare.cpuMs).toFixed(2)}x CPU time` : ''}   (target <= 1.3x)`);
}
