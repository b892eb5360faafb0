#!/usr/bin/env node
// The ruling test: what every rule reports on real code, compared with reviewed expectations;
// the figures are given for each rule, for the recommended configuration's output and for
// strict's (every rule), so that the precision of a rule outside `recommended` stays measured. `npm run ruling [-- options]`:
//
//   (no option)            scan every corpus, print precision per corpus and rule, and the diff
//                          against bench/ruling/expected/<corpus>.tsv; exit 1 on any difference
//   --update               rewrite the expected files, keeping verdicts by fingerprint
//   --corpus NAME          only this corpus (repeatable)
//   --sample               list the seeded review sample's findings that have no verdict yet
//   --no-typed             skip the typed scans (below)
//   --stats                no scan: the precision figures of the expected files as they are
//   --corpora DIR          where the corpora are (default: $DEBT_SCAN_CORPORA or ../shared/corpora)
//   --if-corpora           when there are no corpora, say so and exit 0 (how `npm test` runs it, so that
//                          a clone without the corpora still passes its tests); without it, exit 2
//
// Each corpus is copied to a temporary folder and scanned there by the built CLI with
// `{"preset": "strict"}` (every rule, default options) and no cache; the corpora are third-party code and never change here.
// Each is scanned twice: without types (bench/ruling/expected/<corpus>.tsv) and with `--typed`
// (bench/ruling/expected/typed/<corpus>.tsv), whose findings take the verdicts of the same
// findings without types; precision is printed for both, and what types removed, by verdict.
// The corpora hold no installed dependencies, so only what the repository itself declares is typed.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ruleDefinitions } from '../../dist/rules/index.js';
import { compareRows, expectedFile, parseExpected, renderExpected, sampleOf, VERDICTS } from './expected.mjs';

const project = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(project, 'dist/src/cli/bin.js');
const args = process.argv.slice(2);
const update = args.includes('--update');
const listSample = args.includes('--sample');
const statsOnly = args.includes('--stats');
const ifCorpora = args.includes('--if-corpora');
const withTypes = !args.includes('--no-typed');
const only = valuesOf('--corpus');
const reportsDir = path.join(tmpdir(), 'debt-scan-ruling');
const corporaDir = path.resolve(valuesOf('--corpora')[0] ?? process.env.DEBT_SCAN_CORPORA ?? path.join(project, '../shared/corpora'));

function valuesOf(flag) {
  return args.flatMap((arg, i) => (arg === flag && args[i + 1] ? [args[i + 1]] : []));
}

if (!existsSync(corporaDir)) {
  console.log(`ruling: no corpora at ${corporaDir}; set DEBT_SCAN_CORPORA or pass --corpora DIR. Nothing was compared.`);
  process.exit(ifCorpora ? 0 : 2);
}
const corpora = readdirSync(corporaDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && (only.length === 0 || only.includes(d.name)))
  .map((d) => d.name)
  .sort();
if (corpora.length === 0) {
  console.error(`ruling: no corpus ${only.length ? only.join(', ') : ''} in ${corporaDir}`);
  process.exit(2);
}

let differences = 0;
const totals = [];
const typedTotals = [];
const removedByTypes = [];
for (const corpus of corpora) {
  const rows = ruleCorpus(corpus, expectedFile(project, corpus), { typed: false });
  if (!withTypes) continue;
  const typedRows = ruleCorpus(corpus, typedExpectedFile(corpus), { typed: true, verdictsFrom: rows });
  const typedKeys = new Set(typedRows.map(rowKey));
  removedByTypes.push(...rows.filter((row) => !typedKeys.has(rowKey(row))));
}
printOverall(totals, 'without types');
if (typedTotals.length > 0) {
  printOverall(typedTotals, 'with types (--typed)');
  printRemoved(removedByTypes);
}
if (differences > 0 && !update) {
  console.log(`\nruling: ${differences} differences from the expected files. Review them, then run \`npm run ruling -- --update\` and give every new finding of the sample a verdict.`);
  process.exit(1);
}

/** One scan of a corpus compared with its expected file; returns its rows with their verdicts. */
function ruleCorpus(corpus, file, { typed, verdictsFrom }) {
  const expected = existsSync(file) ? parseExpected(readFileSync(file, 'utf8'), file) : [];
  if (statsOnly) console.log(`\n${corpus}${typed ? ' (typed)' : ''}: ${expected.length} findings (expected file, not scanned)`);
  const rows = statsOnly ? expected : scanCorpus(corpus, typed);
  const { appeared, went, kept } = compareRows(expected, rows);
  // A finding of the typed scan that the untyped one made too has its verdict.
  if (verdictsFrom) {
    const verdicts = new Map(verdictsFrom.map((row) => [rowKey(row), row]));
    for (const row of appeared) {
      const known = verdicts.get(rowKey(row));
      if (row.verdict === 'unreviewed' && known) Object.assign(row, { verdict: known.verdict, reason: known.reason });
    }
  }
  differences += appeared.length + went.length;
  printCorpus(typed ? `${corpus} (typed)` : corpus, kept, appeared, went);
  const all = kept.concat(appeared);
  (typed ? typedTotals : totals).push({ corpus, rows: all, ...(verdictsFrom ? { shared: new Set(verdictsFrom.map(rowKey)) } : {}) });
  if (update) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, renderExpected(corpus, all));
    console.log(`  wrote ${path.relative(project, file)}`);
  }
  if (listSample) printSample(corpus, all, verdictsFrom ? new Set(verdictsFrom.map(rowKey)) : undefined);
  return all;
}

function typedExpectedFile(corpus) {
  return path.join(project, 'bench/ruling/expected/typed', `${corpus}.tsv`);
}

function rowKey(row) {
  return `${row.rule}\t${row.file}\t${row.fingerprint}`;
}

/** What types removed from the untyped output, by rule and verdict: the precision they bought. */
function printRemoved(rows) {
  console.log(`\nremoved by types: ${rows.length} findings`);
  for (const [rule, list] of [...groupBy(rows, (r) => r.rule).entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const s = stats(list);
    console.log(`  ${rule.padEnd(32)} ${String(list.length).padStart(8)}  reviewed ${s.reviewed}: ${s.real} real, ${s.debatable} debatable, ${s.noise} noise`);
  }
}

/** Scans a copy of the corpus with the built CLI and returns one row per finding. */
function scanCorpus(corpus, typed) {
  const work = mkdtempSync(path.join(tmpdir(), `debt-scan-ruling-${corpus}-`));
  try {
    const tree = path.join(work, corpus);
    cpSync(path.join(corporaDir, corpus), tree, { recursive: true, verbatimSymlinks: true });
    const config = path.join(work, 'ruling.config.json');
    writeFileSync(config, JSON.stringify({ preset: 'strict' }));
    const report = path.join(work, 'report.json');
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, [bin, tree, '--config', config, '--no-cache', '--fail-on', 'never', '--quiet', '--format', 'json', '--output', report, ...(typed ? ['--typed'] : [])], { stdio: ['ignore', 'ignore', 'inherit'] });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const model = JSON.parse(readFileSync(report, 'utf8'));
    // Kept for reviewers: bench/ruling/show.mjs prints a finding with its code from this report.
    mkdirSync(reportsDir, { recursive: true });
    writeFileSync(path.join(reportsDir, `${corpus}${typed ? '.typed' : ''}.json`), JSON.stringify(model));
    const types = model.types ? `, ${model.types.files} of them with types` : '';
    console.log(`\n${corpus}${typed ? ' (typed)' : ''}: ${model.findings.length} findings in ${model.files.scanned} files${types} (${(ms / 1000).toFixed(1)} s)`);
    return model.findings.map((f) => ({ fingerprint: f.fingerprint, rule: f.ruleId.replace(/^debt-scan\//u, ''), file: f.file, line: f.line, verdict: 'unreviewed', reason: '', message: f.message }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function printCorpus(corpus, kept, appeared, went) {
  const rows = kept.concat(appeared);
  const byRule = groupBy(rows, (r) => r.rule);
  console.log(`  ${'rule'.padEnd(32)} ${'findings'.padStart(8)} ${'reviewed'.padStart(8)} ${'real'.padStart(5)} ${'debat.'.padStart(6)} ${'noise'.padStart(5)} ${'precision'.padStart(9)}`);
  for (const [rule, list] of [...byRule.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const s = stats(list);
    console.log(`  ${rule.padEnd(32)} ${String(list.length).padStart(8)} ${String(s.reviewed).padStart(8)} ${String(s.real).padStart(5)} ${String(s.debatable).padStart(6)} ${String(s.noise).padStart(5)} ${formatPrecision(s).padStart(9)}`);
  }
  for (const row of appeared) console.log(`  + ${row.rule} ${row.file}:${row.line} ${row.fingerprint}`);
  for (const row of went) console.log(`  - ${row.rule} ${row.file}:${row.line} ${row.fingerprint} (was ${row.verdict}${row.reason ? `: ${row.reason}` : ''})`);
  if (appeared.length + went.length > 0) console.log(`  ${appeared.length} appeared, ${went.length} went`);
}

/** Precision per rule over all corpora, weighted by how often the rule fires in each corpus, and of the whole output. */
function printOverall(results, label) {
  const cells = results.flatMap(({ corpus, rows }) => [...groupBy(rows, (r) => r.rule).entries()].map(([rule, list]) => ({ corpus, rule, n: list.length, ...stats(list) })));
  const byRule = groupBy(cells, (c) => c.rule);
  console.log(`\nall corpora, ${label}${results.length < 5 ? ` (${results.map((r) => r.corpus).join(', ')})` : ''}`);
  console.log(`  ${'rule'.padEnd(32)} ${'findings'.padStart(8)} ${'reviewed'.padStart(8)} ${'precision'.padStart(9)} ${'weighted'.padStart(9)}`);
  for (const [rule, list] of [...byRule.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const pooled = sumStats(list);
    const preset = ruleDefinitions.find((d) => d.name === rule)?.meta.docs.recommended === 'recommended' ? 'recommended' : 'strict';
    console.log(`  ${rule.padEnd(32)} ${String(pooled.n).padStart(8)} ${String(pooled.reviewed).padStart(8)} ${formatPrecision(pooled).padStart(9)} ${formatRatio(weighted(list)).padStart(9)}  ${preset}`);
  }
  const recommended = new Set(ruleDefinitions.filter((d) => d.meta.docs.recommended === 'recommended').map((d) => d.name));
  for (const [label, subset] of [['recommended output', cells.filter((c) => recommended.has(c.rule))], ['strict output', cells]]) {
    const all = sumStats(subset);
    console.log(`  ${label.padEnd(32)} ${String(all.n).padStart(8)} ${String(all.reviewed).padStart(8)} ${formatPrecision(all).padStart(9)} ${formatRatio(weighted(subset)).padStart(9)}`);
  }
  // The typed scan's sample asks for verdicts only on findings the untyped scan did not make.
  const missing = results.reduce((sum, { corpus, rows, shared }) => sum + sampleOf(corpus, rows).filter((r) => r.verdict === 'unreviewed' && !shared?.has(rowKey(r))).length, 0);
  console.log(`  review sample: ${missing === 0 ? 'complete' : `${missing} findings without a verdict (npm run ruling -- --sample)`}`);
}

function printSample(corpus, rows, shared) {
  const open = sampleOf(corpus, rows).filter((r) => r.verdict === 'unreviewed' && !shared?.has(rowKey(r)));
  if (open.length === 0) return;
  console.log(`  sample to review (${open.length}):`);
  for (const row of open) console.log(`  ? ${row.fingerprint}\t${row.rule}\t${row.file}:${row.line}\t${row.message ?? ''}`);
}

/** Precision is real findings over reviewed ones: debatable findings count against it. */
function stats(list) {
  const count = (v) => list.filter((r) => r.verdict === v).length;
  const real = count('real');
  const debatable = count('debatable');
  const noise = count('noise');
  return { n: list.length, reviewed: real + debatable + noise, real, debatable, noise };
}

function sumStats(list) {
  return list.reduce((a, c) => ({ n: a.n + c.n, reviewed: a.reviewed + c.reviewed, real: a.real + c.real, debatable: a.debatable + c.debatable, noise: a.noise + c.noise }), { n: 0, reviewed: 0, real: 0, debatable: 0, noise: 0 });
}

/** Each corpus and rule's precision weighted by its number of findings; cells without a review are left out. */
function weighted(cells) {
  const reviewed = cells.filter((c) => c.reviewed > 0);
  const n = reviewed.reduce((sum, c) => sum + c.n, 0);
  return n === 0 ? undefined : reviewed.reduce((sum, c) => sum + c.n * (c.real / c.reviewed), 0) / n;
}

function formatPrecision(s) {
  return s.reviewed === 0 ? '-' : formatRatio(s.real / s.reviewed);
}

function formatRatio(value) {
  return value === undefined ? '-' : value.toFixed(2);
}

function groupBy(list, key) {
  const groups = new Map();
  for (const item of list) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

export { VERDICTS };
