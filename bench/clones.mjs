#!/usr/bin/env node
// Clone benchmark: `npm run build && node bench/clones.mjs <repo> [--dump <dir>] [--keep] [--scale N]`.
// Copies the files debt-scan would compare (discovered, readable, not tests) into a temporary
// directory, so that every tool sees exactly the same files, then prints the clone classes found
// and the time taken by debt-scan (function clones; warm run from its cache; jscpd blocks inside
// debt-scan), by jscpd (exact, renamed and AST near-miss modes) and by fallow (`dupes` in its
// default and semantic + near modes). With --dump, writes each tool's classes as JSON for a hand check.
// With --scale N, also times the comparison phase alone on the repository's functions and on N
// variants of each (property names permuted, so that each variant is distinct code of the same
// shape), as for a repository N+1 times the size.
// fallow is not a devDependency (its npm package lacks the binaries of several platforms, which
// breaks `npm ci` elsewhere): install it for a benchmark run with `npm install --no-save fallow`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { describeMachine, repoArgument } from './bench-setup.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', 'dist');
const args = process.argv.slice(2);
const source = repoArgument(args, ['--dump', '--scale'], 'node bench/clones.mjs <repo-path> [--dump <dir>] [--keep] [--scale N]');
const dumpIndex = args.indexOf('--dump');
const dumpDir = dumpIndex >= 0 ? path.resolve(args[dumpIndex + 1]) : undefined;

const { scan } = await import(path.join(dist, 'src/index.js'));
const { discoverFiles } = await import(path.join(dist, 'src/discover/discover-files.js'));
const { readSource } = await import(path.join(dist, 'src/discover/read-source.js'));
const { fileRoleOf } = await import(path.join(dist, 'src/discover/file-role.js'));
const { locateJscpdEngine } = await import(path.join(dist, 'src/clones/run-jscpd.js'));
const { ruleDefinitions } = await import(path.join(dist, 'rules/index.js'));
const { candidatesOf, findCloneClasses } = await import(path.join(dist, 'src/clones/clone-classes.js'));
const { describeClasses } = await import(path.join(dist, 'src/clones/clones.js'));
const { analyzeFile } = await import(path.join(dist, 'src/engine/analyze-file.js'));
const { minhashOf } = await import(path.join(dist, 'src/clones/minhash.js'));

// 1. The same files for every tool.
const discovery = discoverFiles(source, [source], { include: [], exclude: [], maxFileSize: 1024 * 1024 });
const kept = discovery.files.filter((f) => fileRoleOf(f.file) !== 'test' && readSource(f.absolute, 1000, 1024 * 1024).ok);
const work = mkdtempSync(path.join(tmpdir(), 'debt-scan-clone-bench-'));
let lines = 0;
for (const f of kept) {
  const target = path.join(work, f.file);
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(f.absolute, target);
  lines += readFileSync(f.absolute, 'utf8').split('\n').length;
}
console.log(`clone benchmark: ${source}`);
console.log(describeMachine());
console.log(`files: ${kept.length} (discovered ${discovery.files.length}, tests and unreadable files left out), ${lines.toLocaleString('en-US')} lines, copied to ${work}`);
console.log('');

const rows = [];
const dumps = {};
const time = async (fn) => {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
};

// 2. debt-scan: only the duplication rules, so that the time is the time of clone detection.
const onlyRules = (names) => Object.fromEntries(ruleDefinitions.map((r) => [r.name, names.includes(r.name) ? 'warn' : 'off']));
const scratch = mkdtempSync(path.join(tmpdir(), 'debt-scan-clone-bench-out-'));
const cacheLocation = path.join(scratch, 'cache');
const functionConfig = { rules: onlyRules(['no-duplicate-function']) };
const [cold, coldMs] = await time(() => scan({ root: work, cacheLocation, config: functionConfig }));
const [warm, warmMs] = await time(() => scan({ root: work, cacheLocation, config: functionConfig }));
const classes = cold.analyses.clones.functionClasses;
const byType = [1, 2, 3].map((t) => classes.filter((c) => c.type === t).length);
rows.push(['debt-scan functions (cold)', classes.length, `type 1: ${byType[0]}, type 2: ${byType[1]}, type 3: ${byType[2]}`, coldMs, `analyze ${cold.timings.analyze} ms, cross-file ${cold.timings.crossFile} ms`]);
rows.push(['debt-scan functions (warm)', warm.analyses.clones.functionClasses.length, `${warm.timings.filesFromCache} files from cache, ${warm.analyses.clones.stats.comparisons} comparisons`, warmMs, `cross-file ${warm.timings.crossFile} ms`]);
dumps['debt-scan'] = classes.map((c) => ({ type: c.type, similarity: c.similarity, members: c.members.map((m) => ({ file: m.file, line: m.line, endLine: m.endLine, name: m.name, similarity: m.similarity })) }));
const [blocks, blocksMs] = await time(() => scan({ root: work, cache: false, config: { rules: onlyRules(['no-duplicate-function', 'no-duplicate-block']) } }));
rows.push(['debt-scan + jscpd blocks', blocks.analyses.clones.blockClasses.length, `block classes after ${blocks.analyses.clones.stats.mergedBlocks} pairs merged into function clones (jscpd ${blocks.analyses.clones.jscpd})`, blocksMs, 'whole scan']);
dumps['debt-scan-blocks'] = blocks.analyses.clones.blockClasses;

// 3. jscpd, standalone, on the same files.
const engine = locateJscpdEngine();
if (engine.available) {
  for (const [mode, extra] of [
    ['exact', []],
    ['renamed', ['--ignore-identifiers', '--ignore-literals']],
    ['near-miss (AST 0.85)', ['--similarity', '0.85']],
  ]) {
    const output = path.join(scratch, `jscpd-${mode.split(' ')[0]}`);
    const [, ms] = await time(() =>
      execFileSync(engine.binary, [work, '--reporters', 'json', '--output', output, '--silent', '--no-tips', '--cross-formats', 'js-ts', ...extra], { stdio: 'ignore', maxBuffer: 1 << 28 }),
    );
    const report = JSON.parse(readFileSync(path.join(output, 'jscpd-report.json'), 'utf8'));
    const groups = groupPairs(report.duplicates.map((d) => [fragment(d.firstFile), fragment(d.secondFile)]));
    rows.push([`jscpd ${mode}`, groups.length, `${report.duplicates.length} pairs`, ms, '']);
    dumps[`jscpd-${mode.split(' ')[0]}`] = groups;
  }
} else {
  rows.push(['jscpd', '-', engine.reason, 0, '']);
}

// 4. fallow dupes, default and semantic + near-miss modes.
const fallow = path.join(here, '..', 'node_modules', '.bin', 'fallow');
for (const [mode, extra] of [
  ['mild', []],
  ['semantic + near', ['--mode', 'semantic', '--near']],
]) {
  try {
    const [out, ms] = await time(() => execFileSync(fallow, ['dupes', '-r', work, '--format', 'json', '--no-cache', '--quiet', '--no-production', ...extra], { encoding: 'utf8', maxBuffer: 1 << 29, stdio: ['ignore', 'pipe', 'ignore'] }));
    const report = JSON.parse(out);
    const groups = report.clone_groups.map((g) => g.instances.map((i) => ({ file: i.file, line: i.start_line, endLine: i.end_line })));
    rows.push([`fallow ${mode}`, groups.length, `${report.clone_groups.filter((g) => g.similarity !== undefined).length} function-scoped`, ms, '']);
    dumps[`fallow-${mode.split(' ')[0]}`] = groups;
  } catch (error) {
    rows.push([`fallow ${mode}`, '-', `failed: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`, 0, '']);
  }
}

const scaleIndex = args.indexOf('--scale');
if (scaleIndex >= 0) {
  const copies = Number(args[scaleIndex + 1]);
  const base = kept.flatMap((f) => {
    const result = analyzeFile(f.file, readFileSync(path.join(work, f.file), 'utf8'), '', []);
    return result.facts ? candidatesOf(f.file, result.facts) : [];
  });
  const options = { minTokens: 40, minStatements: 5, similarity: 0.85 };
  for (const factor of [0, copies]) {
    const all = [...base, ...Array.from({ length: factor }, (_, k) => base.map((c) => variant(c, k + 1))).flat()];
    const [search, ms] = await time(() => {
      const found = findCloneClasses(all, options);
      return { ...found, classes: found.classes.flatMap((cls) => describeClasses(cls.members, () => undefined, options.similarity)) };
    });
    rows.push([`compare only, ${factor + 1}x lines`, search.classes.length, `${all.length} functions (~${((lines * (factor + 1)) / 1e6).toFixed(2)}M lines), ${search.candidates} candidates, ${search.comparisons} comparisons`, ms, '']);
  }
}

console.log(['tool / mode'.padEnd(30), 'classes'.padStart(8), 'time'.padStart(10), '  detail'].join(''));
for (const [name, count, detail, ms, note] of rows) {
  console.log([name.padEnd(30), String(count).padStart(8), `${(ms / 1000).toFixed(2)} s`.padStart(10), `  ${detail}${note ? `; ${note}` : ''}`].join(''));
}
if (dumpDir) {
  mkdirSync(dumpDir, { recursive: true });
  for (const [name, data] of Object.entries(dumps)) writeFileSync(path.join(dumpDir, `${name}.json`), JSON.stringify(data, null, 1));
  writeFileSync(path.join(dumpDir, 'root.txt'), work);
  console.log(`\nclasses written to ${dumpDir}`);
}
rmSync(scratch, { recursive: true, force: true });
if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });

function fragment(file) {
  return { file: path.relative(work, path.resolve(work, file.name)).split(path.sep).join('/'), line: file.startLoc.line, endLine: file.endLoc.line };
}

/** Pairs of fragments grouped into classes of the same fragment (by file and lines). */
function groupPairs(pairs) {
  const parent = new Map();
  const key = (f) => `${f.file}:${f.line}:${f.endLine}`;
  const find = (k) => {
    while (parent.get(k) !== k) k = parent.get(k);
    return k;
  };
  const fragments = new Map();
  for (const [a, b] of pairs) {
    for (const f of [a, b]) {
      if (!parent.has(key(f))) parent.set(key(f), key(f));
      fragments.set(key(f), f);
    }
    parent.set(find(key(a)), find(key(b)));
  }
  const groups = new Map();
  for (const [k, f] of fragments) groups.set(find(k), [...(groups.get(find(k)) ?? []), f]);
  return [...groups.values()];
}

/** A copy of a function whose property names are permuted: the same shape, other code. */
function variant(candidate, k) {
  const stream = [...candidate.clone.tokens].map((ch) => {
    const code = ch.charCodeAt(0);
    return code >= 2048 ? 2048 + ((code - 2048) * 7 + k * 7919) % 53248 : code;
  });
  const tokens = String.fromCharCode(...stream);
  return {
    ...candidate,
    file: `copy${k}/${candidate.file}`,
    clone: { ...candidate.clone, exact: `${k}:${candidate.clone.exact}`, renamed: tokens === candidate.clone.tokens ? candidate.clone.renamed : `${k}:${candidate.clone.renamed}`, tokens, minhash: minhashOf(stream) },
  };
}
