#!/usr/bin/env node
// Writes the README's rule table from the rules' metadata; with --check, exits 1 when it is stale.
// Reads the compiled rules: run `npm run build` first (npm run docs:rules does).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from './generated-file.mjs';

const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';
const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));

export async function renderRulesTable() {
  const { ruleDefinitions } = await import('../dist/rules/index.js');
  const rows = ruleDefinitions.map((rule) => {
    const { meta } = rule;
    const configs = meta.docs.recommended === 'recommended' ? 'recommended, strict' : 'strict';
    return `| [${rule.name}](docs/rules/${rule.name}.md) | ${meta.docs.description} | ${meta.category} | ${configs} | ${meta.severity === 'error' ? 'error' : 'warn'} | ${meta.effortMinutes} min | ${meta.hasSuggestions ? 'yes' : ''} |`;
  });
  return [
    '| rule | description | category | configs | level | effort | suggestions |',
    '| --- | --- | --- | --- | --- | ---: | --- |',
    ...rows,
  ].join('\n');
}

export function replaceTable(readme, table) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeOrCheck(readmePath, replaceTable(readFileSync(readmePath, 'utf8'), await renderRulesTable()), 'docs:rules');
}
