// The ruling test's expected files: bench/ruling/expected/<corpus>.tsv, one finding a line,
// sorted by file, line, rule and fingerprint, each with a reviewer's verdict and reason.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const VERDICTS = ['real', 'debatable', 'noise', 'unreviewed'];
const COLUMNS = ['fingerprint', 'rule', 'file', 'line', 'verdict', 'reason'];
/** Findings reviewed per corpus and rule (all of them when there are fewer). */
export const SAMPLE_SIZE = 15;
const SAMPLE_SEED = 'debt-scan-ruling-sample-v1';

export function expectedFile(project, corpus) {
  return path.join(project, 'bench/ruling/expected', `${corpus}.tsv`);
}

export function parseExpected(text, file) {
  const lines = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  const [header, ...body] = lines;
  if (header !== COLUMNS.join('\t')) throw new Error(`${file}: the first line must be the header "${COLUMNS.join('\\t')}"`);
  return body.map((line, i) => {
    const [fingerprint, rule, file_, lineNo, verdict, reason = ''] = line.split('\t');
    if (!VERDICTS.includes(verdict)) throw new Error(`${file}:${i + 2}: verdict must be one of ${VERDICTS.join(', ')} (found "${verdict}")`);
    if (verdict !== 'unreviewed' && reason.trim() === '') throw new Error(`${file}:${i + 2}: a ${verdict} verdict needs a one-line reason`);
    return { fingerprint, rule, file: file_, line: Number(lineNo), verdict, reason };
  });
}

export function renderExpected(corpus, rows) {
  const sorted = [...rows].sort(compareFindings);
  const body = sorted.map((r) => [r.fingerprint, r.rule, r.file, r.line, r.verdict, oneLine(r.reason)].join('\t'));
  return [`# debt-scan ruling test: expected findings on the corpus ${corpus} (every rule, default options)`, COLUMNS.join('\t'), ...body, ''].join('\n');
}

function oneLine(text) {
  return String(text ?? '').replace(/[\t\r\n]+/gu, ' ').trim();
}

function compareFindings(a, b) {
  return cmp(a.file, b.file) || a.line - b.line || cmp(a.rule, b.rule) || cmp(a.fingerprint, b.fingerprint);
}

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Matches the scan's rows with the expected ones by fingerprint (and rule and file). A row whose
 * line moved counts as gone and appeared, since line is part of what the ruling compares; its
 * verdict is carried over all the same.
 */
export function compareRows(expected, actual) {
  const byFingerprint = new Map(expected.map((r) => [key(r), r]));
  const kept = [];
  const appeared = [];
  const seen = new Set();
  for (const row of actual) {
    const known = byFingerprint.get(key(row));
    if (known) {
      seen.add(key(row));
      const carried = { ...row, verdict: known.verdict, reason: known.reason };
      if (known.line === row.line) kept.push(carried);
      else appeared.push(carried);
    } else appeared.push(row);
  }
  const moved = new Set(appeared.filter((r) => seen.has(key(r))).map(key));
  const went = expected.filter((r) => !seen.has(key(r)) || moved.has(key(r)));
  return { kept, appeared, went };
}

function key(row) {
  return `${row.rule}\t${row.file}\t${row.fingerprint}`;
}

/**
 * The review sample of a corpus: per rule, the SAMPLE_SIZE findings whose fingerprints hash
 * lowest under a fixed seed. Chosen by no one, and stable: a new finding enters the sample only
 * if it hashes lower than one already in it.
 */
export function sampleOf(corpus, rows) {
  const byRule = new Map();
  for (const row of rows) byRule.set(row.rule, [...(byRule.get(row.rule) ?? []), row]);
  return [...byRule.values()].flatMap((list) =>
    list
      .map((row) => ({ row, rank: createHash('sha1').update(`${SAMPLE_SEED}\0${corpus}\0${row.rule}\0${row.file}\0${row.fingerprint}`).digest('hex') }))
      .sort((a, b) => cmp(a.rank, b.rank))
      .slice(0, SAMPLE_SIZE)
      .map(({ row }) => row),
  );
}

/**
 * The review figures of every rule over the expected files of all corpora: findings, the
 * reviewed ones by verdict, and for each corpus the same; precision is real over reviewed
 * (debatable findings count against it).
 */
export function reviewFigures(project) {
  const dir = path.join(project, 'bench/ruling/expected');
  const figures = new Map();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.tsv')).sort()) {
    const corpus = name.slice(0, -'.tsv'.length);
    const file = path.join(dir, name);
    for (const row of parseExpected(readFileSync(file, 'utf8'), file)) {
      const rule = figures.get(row.rule) ?? { rule: row.rule, total: tally(), corpora: new Map() };
      const cell = rule.corpora.get(corpus) ?? tally();
      for (const t of [rule.total, cell]) {
        t.findings += 1;
        if (row.verdict !== 'unreviewed') t[row.verdict] += 1;
      }
      rule.corpora.set(corpus, cell);
      figures.set(row.rule, rule);
    }
  }
  return figures;
}

function tally() {
  return { findings: 0, real: 0, debatable: 0, noise: 0 };
}

export function precisionOf(t) {
  const reviewed = t.real + t.debatable + t.noise;
  return reviewed === 0 ? undefined : t.real / reviewed;
}
