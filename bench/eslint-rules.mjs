#!/usr/bin/env node
// ESLint plugin benchmark: `npm run build && node bench/eslint-rules.mjs <dir> [--rounds N] [--typescript PACKAGE]`.
// Beside it, typescript-eslint's recommended rules (untyped) on the same files, and the ratio of
// the rules' time per file (the target: debt-scan's at most 1.2 times typescript-eslint's).
// Lints the JavaScript and TypeScript files of a directory with every debt-scan rule and prints
// each round's wall time and the rules' own time per file (ESLint's `stats`). JavaScript files go
// through ESLint's default parser, whose AST is not TypeScript's: there the rules parse the file
// themselves, once between them. TypeScript files go through typescript-eslint's parser, whose
// TypeScript AST the rules reuse when it comes from the same `typescript` module.
// `--typescript typescript-oldest` (or `typescript-newest`, the npm aliases of the supported
// range's ends among the dev dependencies) runs everything, parser and rules, on that version.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { repoArgument } from './bench-setup.mjs';

const args = process.argv.slice(2);
const dir = repoArgument(args, ['--rounds', '--typescript'], 'node bench/eslint-rules.mjs <dir> [--rounds N] [--typescript PACKAGE]');
const typescriptIndex = args.indexOf('--typescript');
const typescriptPackage = typescriptIndex >= 0 ? args[typescriptIndex + 1] : undefined;
if (typescriptPackage && process.env.DEBT_SCAN_TEST_TYPESCRIPT !== typescriptPackage) {
  try {
    createRequire(import.meta.url).resolve(typescriptPackage);
  } catch {
    console.error(`bench: no package ${typescriptPackage} is installed (the dev dependencies alias typescript-oldest and typescript-newest)`);
    process.exit(2);
  }
  // Every `require('typescript')` of the process must give that package: run again with the
  // compatibility tests' alias loaded first.
  const alias = fileURLToPath(new URL('../test/helpers/typescript-alias.cjs', import.meta.url));
  const rerun = spawnSync(process.execPath, ['--require', alias, fileURLToPath(import.meta.url), ...args], {
    stdio: 'inherit',
    env: { ...process.env, DEBT_SCAN_TEST_TYPESCRIPT: typescriptPackage },
  });
  process.exit(rerun.status ?? 1);
}
const { ESLint } = await import('eslint');
const { default: tsParser } = await import('@typescript-eslint/parser');
const { default: tsPlugin } = await import('@typescript-eslint/eslint-plugin');
const roundsIndex = args.indexOf('--rounds');
const rounds = roundsIndex >= 0 ? Math.max(1, Number(args[roundsIndex + 1]) || 1) : 3;
const plugin = (await import(new URL('../dist/rules/plugin.js', import.meta.url).href)).default;
const rules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`debt-scan/${name}`, 'warn']));
/** An ESLint with the given plugins' rules on every JavaScript and TypeScript file. */
function linter(plugins, rules) {
  return new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    stats: true,
    overrideConfig: [
      { files: ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'], plugins, rules, linterOptions: { reportUnusedDisableDirectives: 'off' } },
      { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } },
      { files: ['**/*.{js,mjs,jsx}'], languageOptions: { sourceType: 'module', ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx: true } } } },
    ],
  });
}

/** One lint of the directory: the rules' time per file (ESLint's stats), printed with the round's figures. */
async function lintOnce(name, eslint, round) {
  const started = performance.now();
  const results = await eslint.lintFiles(['.']);
  let ruleMs = 0;
  for (const result of results) for (const pass of result.stats?.times?.passes ?? []) for (const time of Object.values(pass.rules ?? {})) ruleMs += time.total;
  const messages = results.reduce((n, r) => n + r.messages.length, 0);
  const each = ruleMs / Math.max(1, results.length);
  console.log(`${name} round ${round}: ${results.length} files, ${messages} messages, wall ${(performance.now() - started).toFixed(0)} ms, rules ${ruleMs.toFixed(0)} ms (${each.toFixed(2)} ms a file)`);
  return each;
}

console.log(`debt-scan ESLint rules on ${path.resolve(dir)}`);
// Whether the rules walk the tree typescript-eslint's parser built (one parse a file) or parse again.
const typescript = createRequire(import.meta.url)('typescript');
const { default: ourTypescript } = await import(new URL('../dist/src/parse/typescript.cjs', import.meta.url).href);
const parsed = tsParser.parseForESLint('const probe = 1;', { range: true });
const shared = parsed.services.esTreeNodeToTSNodeMap.get(parsed.ast).constructor === ourTypescript.createSourceFile('probe.ts', '', ourTypescript.ScriptTarget.Latest).constructor;
console.log(`TypeScript ${typescript.version}${typescriptPackage ? ` (${typescriptPackage})` : ''}; the rules ${shared ? "walk typescript-eslint's tree" : 'parse every TypeScript file again'}`);
const debtScan = linter({ 'debt-scan': plugin }, rules);
const recommended = tsPlugin.configs['flat/recommended'].reduce((all, config) => ({ ...all, ...(config.rules ?? {}) }), {});
const theirs = linter({ '@typescript-eslint': tsPlugin }, recommended);
// The two alternate within each round, in turns, so that a machine whose speed drifts (a shared
// one varies by a third from minute to minute) weighs on both alike; each warm round gives a ratio.
const ratios = [];
for (let round = 1; round <= rounds; round++) {
  const order = round % 2 === 1 ? ['ours', 'theirs'] : ['theirs', 'ours'];
  const each = {};
  for (const which of order) each[which] = await lintOnce(which === 'ours' ? 'debt-scan' : 'typescript-eslint recommended', which === 'ours' ? debtScan : theirs, round);
  if (round > 1 || rounds === 1) ratios.push(each.ours / each.theirs);
}
// The duplication rules take a file's findings from the last scan's clone index when it covers the
// file's current text, and then do not fingerprint its functions: say which case this run measured.
const { clones } = await import(new URL('../dist/src/rule/index.js', import.meta.url).href);
const linted = (await debtScan.lintFiles(['.'])).map((result) => result.filePath);
const covered = linted.filter((file) => clones.currentFindings(clones.lookupIndex(file, readFileSync(file, 'utf8').replace(/^\uFEFF/u, ''), new Map()), clones.FUNCTION_RULE)).length;
console.log(`the last scan's clone index covers ${covered} of ${linted.length} files${covered === 0 ? ' (none: every function is fingerprinted; a scan with the duplication rules on, `debt-scan --preset strict` for one, writes an index)' : ''}`);
const sorted = [...ratios].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(`debt-scan / typescript-eslint recommended: ${median.toFixed(2)}x rule time a file, median of ${ratios.length} warm round${ratios.length === 1 ? '' : 's'} (range ${sorted[0].toFixed(2)}–${sorted.at(-1).toFixed(2)}; target <= 1.2x)`);
