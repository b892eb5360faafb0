#!/usr/bin/env node
// Merges reviewers' verdicts into the expected files:
//   node bench/ruling/apply-verdicts.mjs [--typed] VERDICTS.tsv...
// With --typed, into those of the typed scans (bench/ruling/expected/typed/), for findings only
// a typed scan makes (the others take their verdicts from the untyped files).
// Each line of a verdicts file: corpus, fingerprint, rule, file, verdict, reason (tab-separated;
// lines starting with # are comments). A verdict for a finding the expected file does not hold is
// an error, so that a typo never goes unnoticed.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectedFile, parseExpected, renderExpected, VERDICTS } from './expected.mjs';

const project = fileURLToPath(new URL('../..', import.meta.url));
const typed = process.argv.includes('--typed');
const files = process.argv.slice(2).filter((arg) => arg !== '--typed');
if (files.length === 0) {
  console.error('usage: node bench/ruling/apply-verdicts.mjs [--typed] VERDICTS.tsv...');
  process.exit(2);
}
const byCorpus = new Map();
let problems = 0;
for (const file of files) {
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const [corpus, fingerprint, rule, finding, verdict, reason = ''] = line.split('\t');
    if (!VERDICTS.includes(verdict) || (verdict !== 'unreviewed' && reason.trim() === '')) {
      console.error(`${file}:${i + 1}: needs a verdict (${VERDICTS.join(', ')}) and a reason`);
      problems += 1;
      return;
    }
    byCorpus.set(corpus, [...(byCorpus.get(corpus) ?? []), { fingerprint, rule, file: finding, verdict, reason, where: `${file}:${i + 1}` }]);
  });
}
for (const [corpus, verdicts] of byCorpus) {
  const target = typed ? path.join(project, 'bench/ruling/expected/typed', `${corpus}.tsv`) : expectedFile(project, corpus);
  const rows = parseExpected(readFileSync(target, 'utf8'), target);
  const index = new Map(rows.map((r) => [`${r.rule}\t${r.file}\t${r.fingerprint}`, r]));
  let applied = 0;
  for (const v of verdicts) {
    const row = index.get(`${v.rule}\t${v.file}\t${v.fingerprint}`);
    if (!row) {
      console.error(`${v.where}: ${corpus} has no finding ${v.rule} ${v.file} ${v.fingerprint}`);
      problems += 1;
      continue;
    }
    row.verdict = v.verdict;
    row.reason = v.reason;
    applied += 1;
  }
  writeFileSync(target, renderExpected(corpus, rows));
  console.log(`${path.relative(project, target)}: ${applied} verdicts`);
}
process.exit(problems > 0 ? 1 : 0);
