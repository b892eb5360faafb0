#!/usr/bin/env node
// The typed scan's cost: a cold scan of a repository without and with types (`--typed`), each in
// its own process (so peak memory is its own), several rounds; prints wall time, CPU time (user +
// system), peak resident memory, files typed, the largest program's heap and the heap it took per
// byte of source (src/typed/typed-analysis.ts estimates programs with it), and the findings each
// scan made and the difference. The repository is copied to a temporary folder first.
//
//   npm run build && node bench/typed.mjs <repo> [--rounds N] [--preset recommended|strict]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
if (args[0] === '--child') {
  const [, repo, typed, preset] = args;
  const { scan } = await import(new URL('../dist/src/index.js', import.meta.url).href);
  const started = performance.now();
  const report = await scan({ root: repo, cache: false, typed: typed === 'typed', preset });
  const usage = process.resourceUsage();
  process.stdout.write(
    JSON.stringify({
      wallMs: Math.round(performance.now() - started),
      cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
      peakMiB: Math.round(usage.maxRSS / 1024),
      files: report.files.scanned,
      typedFiles: report.types?.files ?? 0,
      programs: report.types?.programs.length ?? 0,
      programHeapMiB: report.timings?.typedProgramHeapMiB,
      heapPerSourceByte: report.timings?.typedHeapPerSourceByte,
      fingerprints: report.findings.map((f) => `${f.ruleId} ${f.fingerprint}`),
    }),
  );
  process.exit(0);
}

const repoArg = args.find((a, i) => !a.startsWith('--') && !['--rounds', '--preset'].includes(args[i - 1]));
if (!repoArg) {
  console.error('usage: node bench/typed.mjs <repo> [--rounds N] [--preset recommended|strict]');
  process.exit(2);
}
const rounds = Number(args[args.indexOf('--rounds') + 1]) || (args.includes('--rounds') ? 1 : 3);
const preset = args.includes('--preset') ? args[args.indexOf('--preset') + 1] : 'strict';
const self = fileURLToPath(import.meta.url);
const work = mkdtempSync(path.join(tmpdir(), 'debt-scan-bench-typed-'));
const repo = path.join(work, path.basename(path.resolve(repoArg)));
cpSync(path.resolve(repoArg), repo, { recursive: true, verbatimSymlinks: true });

try {
  const runs = { untyped: [], typed: [] };
  for (let round = 0; round < rounds; round++) {
    for (const mode of ['untyped', 'typed']) {
      const out = execFileSync(process.execPath, [self, '--child', repo, mode, preset], { maxBuffer: 256 * 1024 * 1024 });
      runs[mode].push(JSON.parse(out.toString('utf8')));
    }
  }
  const range = (list, key, unit) => {
    const values = list.map((r) => r[key]).sort((a, b) => a - b);
    const median = values[Math.floor(values.length / 2)];
    return `${median}${unit} (${values[0]}–${values.at(-1)})`;
  };
  console.log(`${path.basename(repo)}: ${runs.untyped[0].files} files, ${rounds} rounds, preset ${preset}; median (min–max)`);
  for (const mode of ['untyped', 'typed']) {
    const list = runs[mode];
    console.log(`  ${mode.padEnd(8)} wall ${range(list, 'wallMs', ' ms')}, CPU ${range(list, 'cpuMs', ' ms')}, peak ${range(list, 'peakMiB', ' MiB')}`);
  }
  const typed = runs.typed[0];
  console.log(`  typed: ${typed.typedFiles} of ${typed.files} files in ${typed.programs} programs; largest program ${typed.programHeapMiB} MiB of heap, at most ${typed.heapPerSourceByte} bytes of heap per byte of source`);
  const median = (mode, key) => runs[mode].map((r) => r[key]).sort((a, b) => a - b)[Math.floor(rounds / 2)];
  console.log(`  typed / untyped: wall ${(median('typed', 'wallMs') / median('untyped', 'wallMs')).toFixed(2)}x, CPU ${(median('typed', 'cpuMs') / median('untyped', 'cpuMs')).toFixed(2)}x, peak memory ${(median('typed', 'peakMiB') / median('untyped', 'peakMiB')).toFixed(2)}x`);
  const before = new Set(runs.untyped[0].fingerprints);
  const after = new Set(typed.fingerprints);
  const count = (list) => Object.entries(list.reduce((acc, f) => ({ ...acc, [f.split(' ')[0]]: (acc[f.split(' ')[0]] ?? 0) + 1 }), {})).map(([rule, n]) => `${rule.replace('debt-scan/', '')} ${n}`).join(', ') || 'none';
  console.log(`  findings: ${before.size} untyped, ${after.size} typed; only untyped: ${count([...before].filter((f) => !after.has(f)))}; only typed: ${count([...after].filter((f) => !before.has(f)))}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
