#!/usr/bin/env node
// Writes each rule doc's "Precision on real code" section from the ruling test's reviewed
// expectations (bench/ruling/expected/*.tsv); with --check, exits 1 when a doc is stale.
// The figures change only with the expected files, which change in the same commit as the rules.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { precisionOf, reviewFigures } from '../bench/ruling/expected.mjs';
import { writeOrCheck } from './generated-file.mjs';

const START = '<!-- precision:start -->';
const END = '<!-- precision:end -->';
const project = fileURLToPath(new URL('..', import.meta.url));

const percent = (value) => (value === undefined ? '–' : `${Math.round(value * 100)} %`);

export function renderPrecision(name, figures, inRecommended) {
  const rule = figures.get(name);
  const lines = [START, '## Precision on real code', ''];
  if (!rule) {
    lines.push('The ruling test (`npm run ruling`) found nothing of this rule in its corpora, so its precision is not measured.');
    return [...lines, END].join('\n');
  }
  const t = rule.total;
  const reviewed = t.real + t.debatable + t.noise;
  const verdict = inRecommended ? 'It is part of `recommended`.' : 'It is not part of `recommended`, only of `strict`: on real code too few of its findings are worth a change today to report them by default.';
  lines.push(
    `Measured by the ruling test (\`npm run ruling\`, see [Precision on real code](../../README.md#precision-on-real-code)): on ${rule.corpora.size === 1 ? 'one open-source code base' : `${rule.corpora.size} open-source code bases`} the rule reported ${t.findings} findings; reviewers read the code of a seeded random sample of ${reviewed} and judged ${t.real} worth a change (real), ${t.debatable} debatable and ${t.noise} noise: **precision ${percent(precisionOf(t))}**. ${verdict}`,
    '',
    '| code base | findings | reviewed | real | debatable | noise | precision |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const [corpus, c] of [...rule.corpora.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(`| ${corpus} | ${c.findings} | ${c.real + c.debatable + c.noise} | ${c.real} | ${c.debatable} | ${c.noise} | ${percent(precisionOf(c))} |`);
  }
  return [...lines, END].join('\n');
}

const TABLE_START = '<!-- precision-table:start -->';
const TABLE_END = '<!-- precision-table:end -->';

/** Precision weighted by how often each rule fires in each code base: what a user reading the whole output meets. */
export function weightedOf(list) {
  const cells = list.flatMap((r) => [...r.corpora.values()]).filter((c) => precisionOf(c) !== undefined);
  const n = cells.reduce((a, c) => a + c.findings, 0);
  return n === 0 ? undefined : cells.reduce((a, c) => a + c.findings * precisionOf(c), 0) / n;
}

/** Reviewed findings a rule needs before its measured precision decides anything. */
export const MIN_REVIEWED = 10;
/** The precision a rule needs to be in `recommended`: 70 %, 90 % at error level. */
export const barOf = (severity) => (severity === 'error' ? 0.9 : 0.7);
/** SARIF's precision levels, from the measured (weighted) precision. */
export const precisionLevelOf = (value) => (value >= 0.9 ? 'very-high' : value >= 0.7 ? 'high' : value >= 0.4 ? 'medium' : 'low');

/**
 * The policy, checked: a rule is in `recommended` only with a measured precision (plain and
 * weighted) at its bar, and the `precision` it declares to SARIF is the level it measured.
 */
export function policyProblems(figures, definitions) {
  const problems = [];
  for (const d of definitions) {
    const rule = figures.get(d.name);
    const reviewed = rule ? rule.total.real + rule.total.debatable + rule.total.noise : 0;
    const recommended = d.meta.docs.recommended === 'recommended';
    if (reviewed < MIN_REVIEWED) {
      if (recommended) problems.push(`${d.name} is in recommended with ${reviewed} reviewed findings (needs ${MIN_REVIEWED})`);
      continue;
    }
    const plain = precisionOf(rule.total);
    const weighted = weightedOf([rule]);
    const bar = barOf(d.meta.severity);
    if (recommended && (plain < bar || weighted < bar)) {
      problems.push(`${d.name} is in recommended at ${percent(plain)} (weighted ${percent(weighted)}), below the ${percent(bar)} bar of its level`);
    }
    if (d.meta.precision !== precisionLevelOf(weighted)) {
      problems.push(`${d.name} declares precision '${d.meta.precision}' but measured ${percent(weighted)} weighted: '${precisionLevelOf(weighted)}'`);
    }
  }
  return problems;
}

/** The README's table: every rule's figures, and those of the recommended and the strict output, weighted by how often each rule fires in each code base. */
export function renderTable(figures, recommended) {
  const rows = [...figures.values()].sort((a, b) => (a.rule < b.rule ? -1 : 1));
  const line = (label, config, t, weighted) =>
    `| ${label} | ${config} | ${t.findings} | ${t.real + t.debatable + t.noise} | ${t.real} / ${t.debatable} / ${t.noise} | ${percent(precisionOf(t))} | ${percent(weighted)} |`;
  const sum = (list) => list.reduce((a, r) => ({ findings: a.findings + r.total.findings, real: a.real + r.total.real, debatable: a.debatable + r.total.debatable, noise: a.noise + r.total.noise }), { findings: 0, real: 0, debatable: 0, noise: 0 });
  const inRecommended = rows.filter((r) => recommended.has(r.rule));
  return [
    '| rule | config | findings | reviewed | real / debatable / noise | precision | weighted |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => line(`[${r.rule}](docs/rules/${r.rule}.md)`, recommended.has(r.rule) ? 'recommended' : 'strict', r.total, weightedOf([r]))),
    line('**recommended output**', '', sum(inRecommended), weightedOf(inRecommended)),
    line('**strict output**', '', sum(rows), weightedOf(rows)),
  ].join('\n');
}

function replaceBetween(text, start, end, block, file) {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} lacks the ${start} ... ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${block}\n${text.slice(to)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ruleDefinitions } = await import('../dist/rules/index.js');
  const figures = reviewFigures(project);
  const problems = policyProblems(figures, ruleDefinitions);
  for (const problem of problems) console.error(`rule-precision: ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
  const recommended = new Set(ruleDefinitions.filter((d) => d.meta.docs.recommended === 'recommended').map((d) => d.name));
  const readme = fileURLToPath(new URL('../README.md', import.meta.url));
  writeOrCheck(readme, replaceBetween(readFileSync(readme, 'utf8'), TABLE_START, TABLE_END, renderTable(figures, recommended), 'README.md'), 'docs:rules');
  for (const definition of ruleDefinitions) {
    const file = fileURLToPath(new URL(`../docs/rules/${definition.name}.md`, import.meta.url));
    const doc = readFileSync(file, 'utf8');
    const block = renderPrecision(definition.name, figures, definition.meta.docs.recommended === 'recommended');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    const next = start >= 0 && end > start ? `${doc.slice(0, start)}${block}${doc.slice(end + END.length)}` : `${doc.trimEnd()}\n\n${block}\n`;
    writeOrCheck(file, next, 'docs:rules');
  }
}
