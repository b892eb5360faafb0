#!/usr/bin/env node
// Writes schema/config.schema.json from the schema the configuration loader validates with;
// with --check, exits 1 when the file is stale. Reads the compiled sources: run `npm run build` first.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const target = fileURLToPath(new URL('../schema/config.schema.json', import.meta.url));
const { CONFIG_SCHEMA } = await import('../dist/src/config/schema.js');
const text = `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`;
let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {
  // ignore: the file does not exist yet
}
if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error('schema/config.schema.json is out of date; run `npm run docs:schema`.');
    process.exitCode = 1;
  }
} else if (current !== text) {
  writeFileSync(target, text);
  console.log('schema/config.schema.json updated.');
}
