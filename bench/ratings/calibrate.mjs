#!/usr/bin/env node
// How the rating grid (src/score/formulas.ts) is set: reads the JSON reports of the last ruling
// run (`npm run ruling` keeps one per corpus in the temporary directory), and prints the debt
// ratios of the modules of every corpus, the percentiles, the grid they suggest and how the
// current grid rates each corpus's modules.
//   node bench/ratings/calibrate.mjs [--min-lines 200]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RATING_THRESHOLDS, ratingOf } from '../../dist/src/score/formulas.js';

const args = process.argv.slice(2);
const minLines = Number(args[args.indexOf('--min-lines') + 1] || 200);
const dir = path.join(tmpdir(), 'debt-scan-ruling');
if (!existsSync(dir)) {
  console.error(`no reports in ${dir}: run \`npm run ruling\` first`);
  process.exit(2);
}
// Shares of the modules (by count, among modules of at least --min-lines code lines) that each rating should hold.
const SHARES = [['A', 0.5], ['B', 0.25], ['C', 0.15], ['D', 0.07], ['E', 0.03]];

const modules = [];
for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const report = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
  const corpus = name.replace(/\.json$/u, '');
  for (const m of report.modules) modules.push({ corpus, module: m.module, codeLines: m.codeLines, debt: m.debtMinutes, ratio: m.debtRatio });
}
const sized = modules.filter((m) => m.codeLines >= minLines).sort((a, b) => a.ratio - b.ratio);
const quantile = (q) => sized[Math.min(sized.length - 1, Math.floor(q * sized.length))].ratio;
console.log(`${modules.length} modules in ${new Set(modules.map((m) => m.corpus)).size} corpora, ${sized.length} of at least ${minLines} code lines`);
console.log(`ratio percentiles: ${[0.1, 0.25, 0.5, 0.75, 0.9, 0.97, 0.99].map((q) => `p${Math.round(q * 100)} ${(quantile(q) * 100).toFixed(2)}%`).join(', ')}`);
let cumulative = 0;
const suggested = SHARES.slice(0, -1).map(([rating, share]) => {
  cumulative += share;
  return [rating, quantile(cumulative)];
});
console.log(`suggested grid (upper bounds): ${suggested.map(([r, v]) => `${r} <= ${(v * 100).toFixed(2)}%`).join(', ')}`);
console.log(`current grid: ${RATING_THRESHOLDS.map(([r, v]) => `${r} <= ${(v * 100).toFixed(2)}%`).join(', ')}`);
for (const corpus of [...new Set(modules.map((m) => m.corpus))]) {
  const own = modules.filter((m) => m.corpus === corpus);
  const counts = Object.fromEntries(['A', 'B', 'C', 'D', 'E'].map((r) => [r, own.filter((m) => ratingOf(m.ratio) === r).length]));
  const worst = [...own].filter((m) => m.codeLines >= minLines).sort((a, b) => b.ratio - a.ratio).slice(0, 3);
  console.log(`  ${corpus.padEnd(11)} ${JSON.stringify(counts)}  worst: ${worst.map((m) => `${m.module} ${(m.ratio * 100).toFixed(2)}%`).join(', ')}`);
}
