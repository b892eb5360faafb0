#!/usr/bin/env node
// A seeded mutation fuzzer: mutates the sources of fixtures/ (truncations, splices of two files,
// flipped bytes, inserted control characters, deep nesting, duplicated and deleted lines) and
// scans the mutants with every rule, in batches, each batch in a child process with a time limit.
// It counts crashes (the scan throws, or a rule or analysis fails), hangs (a batch over the time
// limit) and findings placed outside their file. Not part of `npm test`.
//   npm run build && node bench/fuzz.mjs [--seed 1] [--count 2000] [--batch 200] [--timeout 120]
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const project = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const seed = option('--seed', 1);
const count = option('--count', 2000);
const batchSize = option('--batch', 200);
const timeoutMs = option('--timeout', 120) * 1000;

/** mulberry32: a small seeded generator, so that a run can be repeated exactly. */
function generator(value) {
  let state = value >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(seed);
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (low, high) => low + Math.floor(random() * (high - low + 1));

function sources(dir, prefix = '') {
  return readdirSync(path.join(dir, prefix)).flatMap((entry) => {
    const relative = path.join(prefix, entry);
    if (entry === 'node_modules') return [];
    if (statSync(path.join(dir, relative)).isDirectory()) return sources(dir, relative);
    return /\.(?:[cm]?[jt]sx?)$/u.test(entry) ? [relative] : [];
  });
}

const seeds = sources(path.join(project, 'fixtures')).map((file) => ({ file, bytes: readFileSync(path.join(project, 'fixtures', file)) }));
const CONTROL = ['\u0000', '\u0007', '\u001b[2J', '\r', '\u2028', '\ufeff', '\ud800', '`${', '/*', '"', "'", '<div>', '}}}}', '(((('];

const MUTATIONS = {
  truncate: (bytes) => bytes.subarray(0, between(0, bytes.length)),
  splice: (bytes) => Buffer.concat([bytes.subarray(0, between(0, bytes.length)), (() => { const other = pick(seeds).bytes; return other.subarray(between(0, other.length)); })()]),
  flip: (bytes) => {
    const copy = Buffer.from(bytes);
    for (let i = between(1, 8); i > 0 && copy.length > 0; i--) copy[between(0, copy.length - 1)] ^= 1 << between(0, 7);
    return copy;
  },
  insert: (bytes) => {
    const at = between(0, bytes.length);
    return Buffer.concat([bytes.subarray(0, at), Buffer.from(pick(CONTROL)), bytes.subarray(at)]);
  },
  nest: (bytes) => {
    // a statement nested 50 to 20,000 deep, on lines of its own (one long line would be taken for minified code)
    const text = bytes.toString('utf8');
    const lineStarts = [0, ...[...text.matchAll(/\n/gu)].map((m) => (m.index ?? 0) + 1)];
    const at = pick(lineStarts);
    const depth = between(50, 20_000);
    const [before, open, close, after] = pick([['const deep =', '(\n', ')\n', ';'], ['const deep =', '[\n', ']\n', ';'], ['function deep(x) {', 'if (x) {\n', '}\n', '}'], ['const deep =', '!\n', '', ';'], ['const deep = 1', '+ 1\n', '', ';']]);
    const statement = `${before}\n${open.repeat(depth)}1\n${close.repeat(depth)}${after}\n`;
    return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(statement), Buffer.from(text.slice(at))]);
  },
  lines: (bytes) => {
    const lines = bytes.toString('utf8').split('\n');
    const at = between(0, Math.max(0, lines.length - 1));
    if (random() < 0.5) lines.splice(at, between(1, 5));
    else lines.splice(at, 0, ...lines.slice(at, at + between(1, 10)));
    return Buffer.from(lines.join('\n'));
  },
};

/** The lines of a text as TypeScript counts them: LF, CR LF, a lone CR, U+2028 and U+2029 end a line. */
function lineLengths(text) {
  return text.split(/\r\n|[\n\r\u2028\u2029]/u).map((line) => line.length);
}

function outside(location, lengths) {
  const { line, column, endLine = line, endColumn = column } = location;
  if (!(line >= 1 && line <= lengths.length && endLine >= line && endLine <= lengths.length)) return true;
  return column < 1 || column > lengths[line - 1] + 1 || endColumn < 1 || endColumn > lengths[endLine - 1] + 1;
}

const CHILD = `
const [dist, root] = process.argv.slice(1);
const { scan, render } = await import(dist);
try {
  const report = await scan({ root, cache: false, config: { preset: 'strict', files: { product: ['**'] } } });
  process.stdout.write(render(report, 'json'));
} catch (error) {
  process.stdout.write(JSON.stringify({ thrown: String(error && error.stack || error) }));
}`;

function scanInChild(root) {
  return new Promise((resolve) => {
    const started = performance.now();
    execFile(process.execPath, ['--input-type=module', '-e', CHILD, new URL('../dist/src/index.js', import.meta.url).href, root], { timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const seconds = (performance.now() - started) / 1000;
      if (error && (error.killed || error.signal)) return resolve({ hung: true, seconds, stderr });
      try {
        resolve({ report: JSON.parse(stdout), seconds, stderr, exit: error?.code });
      } catch {
        resolve({ crashed: `exit ${error?.code ?? 0}, no report: ${String(stderr).trim().split('\n').at(-1) ?? ''}`, seconds });
      }
    });
  });
}

const totals = { mutants: 0, crashes: 0, hangs: 0, outside: 0, internal: 0, findings: 0, skipped: 0 };
const byMutation = Object.fromEntries(Object.keys(MUTATIONS).map((name) => [name, 0]));
const problems = [];
const skippedBy = {};
const started = performance.now();
for (let first = 0; first < count; first += batchSize) {
  const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-fuzz-'));
  const written = new Map();
  try {
    for (let i = first; i < Math.min(count, first + batchSize); i++) {
      const origin = pick(seeds);
      const mutation = pick(Object.keys(MUTATIONS));
      byMutation[mutation] += 1;
      const name = `m${String(i).padStart(5, '0')}-${mutation}${path.extname(origin.file)}`;
      const bytes = MUTATIONS[mutation](origin.bytes);
      mkdirSync(path.join(dir, 'src'), { recursive: true });
      writeFileSync(path.join(dir, 'src', name), bytes);
      written.set(`src/${name}`, { text: bytes.toString('utf8'), origin: origin.file });
      totals.mutants += 1;
    }
    const run = await scanInChild(dir);
    if (run.hung) {
      totals.hangs += 1;
      problems.push(`batch ${first / batchSize}: no result within ${timeoutMs / 1000} s (kept in ${dir})`);
      continue;
    }
    if (run.crashed || run.report.thrown) {
      totals.crashes += 1;
      problems.push(`batch ${first / batchSize}: ${run.crashed ?? run.report.thrown}`);
      continue;
    }
    const { report } = run;
    const internal = report.notifications.filter((n) => n.kind === 'analysis-failure' || n.kind === 'rule-failure');
    totals.internal += internal.length;
    for (const n of internal) problems.push(`${n.kind}: ${n.message.slice(0, 200)}`);
    totals.findings += report.findings.length;
    totals.skipped += report.files.skipped;
    for (const [reason, n] of Object.entries(report.files.skippedByReason)) skippedBy[reason] = (skippedBy[reason] ?? 0) + n;
    for (const finding of report.findings) {
      for (const location of [finding, ...(finding.related ?? [])]) {
        const file = written.get(location.file);
        if (file && outside(location, lineLengths(file.text))) {
          totals.outside += 1;
          problems.push(`${finding.ruleId} placed at ${location.file}:${location.line}:${location.column}-${location.endLine}:${location.endColumn}, outside the file`);
        }
      }
    }
  } finally {
    if (!problems.some((p) => p.includes(dir))) rmSync(dir, { recursive: true, force: true });
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(`seed ${seed}: ${totals.mutants} mutants of ${seeds.length} fixture sources in ${Math.ceil(count / batchSize)} batches, ${seconds.toFixed(0)} s`);
console.log(`  mutations: ${Object.entries(byMutation).map(([name, n]) => `${name} ${n}`).join(', ')}`);
console.log(`  findings ${totals.findings}, files skipped ${totals.skipped}: ${JSON.stringify(skippedBy)}`);
console.log(`  crashes ${totals.crashes}, hangs ${totals.hangs}, internal errors ${totals.internal}, locations outside their file ${totals.outside}`);
for (const problem of problems.slice(0, 20)) console.log(`  ${problem}`);
process.exitCode = totals.crashes + totals.hangs + totals.internal + totals.outside > 0 ? 1 : 0;
