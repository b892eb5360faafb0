#!/usr/bin/env node
// Prints findings of the last ruling run with their code, for reviewers:
//   node bench/ruling/show.mjs <corpus> <fingerprint | file:line | --sample> [--context N] [--rule R]
// The report comes from the last `npm run ruling` (kept in the temporary directory), the code from
// the corpus itself. --sample prints every finding of the review sample that has no verdict yet.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectedFile, parseExpected, sampleOf } from './expected.mjs';

const project = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const [corpus, target] = args;
const option = (flag, fallback) => {
  const i = args.indexOf(flag);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const context = Number(option('--context', '6'));
const onlyRule = option('--rule', undefined);
const corporaDir = path.resolve(option('--corpora', process.env.DEBT_SCAN_CORPORA ?? path.join(project, '../shared/corpora')));
const reportFile = path.join(tmpdir(), 'debt-scan-ruling', `${corpus}.json`);
if (!corpus || !target) {
  console.error('usage: node bench/ruling/show.mjs <corpus> <fingerprint | file:line | --sample> [--context N] [--rule R]');
  process.exit(2);
}
if (!existsSync(reportFile)) {
  console.error(`no report of ${corpus} at ${reportFile}: run \`npm run ruling -- --corpus ${corpus}\` first`);
  process.exit(2);
}
const model = JSON.parse(readFileSync(reportFile, 'utf8'));
const findings = model.findings.map((f) => ({ ...f, rule: f.ruleId.replace(/^debt-scan\//u, '') }));

let chosen;
if (target === '--sample') {
  const rows = parseExpected(readFileSync(expectedFile(project, corpus), 'utf8'), expectedFile(project, corpus));
  const open = new Set(sampleOf(corpus, rows).filter((r) => r.verdict === 'unreviewed').map((r) => r.fingerprint + r.file));
  chosen = findings.filter((f) => open.has(f.fingerprint + f.file));
} else {
  const [file, line] = target.includes(':') && !/^[0-9a-f]{16}:/u.test(target) ? [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))] : [];
  chosen = findings.filter((f) => (file ? f.file === file && f.line === line : f.fingerprint === target));
}
if (onlyRule) chosen = chosen.filter((f) => f.rule === onlyRule);
if (chosen.length === 0) {
  console.error(`no finding ${target} in the last ruling report of ${corpus}`);
  process.exit(1);
}
for (const finding of chosen) printFinding(finding);

function printFinding(f) {
  console.log('='.repeat(100));
  console.log(`${f.rule}  ${f.file}:${f.line}:${f.column}  ${f.fingerprint}`);
  console.log(f.message);
  printCode(f.file, f.line, f.endLine ?? f.line);
  for (const related of (f.related ?? []).slice(0, 3)) {
    console.log(`--- related: ${related.file}:${related.line} ${related.message ?? ''}`);
    printCode(related.file, related.line, related.endLine ?? related.line);
  }
}

function printCode(file, line, endLine) {
  const absolute = path.join(corporaDir, corpus, file);
  if (!existsSync(absolute)) return console.log(`(no file ${file})`);
  const lines = readFileSync(absolute, 'utf8').split(/\r\n|\r|\n/u);
  const from = Math.max(1, line - context);
  const to = Math.min(lines.length, Math.max(endLine, line) + context, from + 120);
  for (let n = from; n <= to; n++) console.log(`${n === line ? '>' : ' '}${String(n).padStart(5)}| ${lines[n - 1]}`);
}
