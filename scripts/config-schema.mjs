#!/usr/bin/env node
// Writes schema/config.schema.json from the schema the configuration loader validates with;
// with --check, exits 1 when the file is stale. Reads the compiled sources: run `npm run build` first.
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from './generated-file.mjs';

const target = fileURLToPath(new URL('../schema/config.schema.json', import.meta.url));
const { CONFIG_SCHEMA } = await import('../dist/src/config/schema.js');
writeOrCheck(target, `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`, 'docs:schema');
