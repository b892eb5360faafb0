#!/usr/bin/env node
// Writes schema/config.schema.json from the schema the configuration loader validates with, with
// every rule's name and options spelled out so that editors complete and check them; with --check,
// exits 1 when the file is stale. Reads the compiled sources: run `npm run build` first.
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from './generated-file.mjs';

const target = fileURLToPath(new URL('../schema/config.schema.json', import.meta.url));
const { CONFIG_SCHEMA } = await import('../dist/src/config/schema.js');
const { ruleCatalog } = await import('../dist/rules/catalog.js');
const { ruleDocsUrl } = await import('../dist/src/version.js');

const severity = { $ref: '#/definitions/severity' };

/** A rule's setting as the loader accepts it, with its own options schema (rules/<name>.ts). */
function ruleSetting(rule) {
  const options = rule.meta.schema.length > 0 ? { $ref: `#/definitions/${rule.name}-options` } : undefined;
  const description = `${rule.meta.docs.description} (${rule.meta.category}; ${rule.meta.docs.recommended === 'recommended' ? 'recommended and strict' : 'strict only'}). ${ruleDocsUrl(rule.name)}`;
  return {
    description,
    oneOf: [
      severity,
      { type: 'array', items: [severity], minItems: 1, maxItems: 1 },
      ...(options ? [{ type: 'array', items: [severity, options], minItems: 2, maxItems: 2 }] : []),
    ],
  };
}

/** Remediation minutes for one rule, as `effort` takes them. */
function ruleEffort(rule) {
  return { ...CONFIG_SCHEMA.properties.effort.additionalProperties, description: `Minutes per finding of ${rule.name} (the rule's own: ${rule.meta.effortMinutes}).` };
}

const rules = CONFIG_SCHEMA.properties.rules;
const effort = CONFIG_SCHEMA.properties.effort;
const schema = {
  ...CONFIG_SCHEMA,
  definitions: {
    severity: { type: 'string', enum: ['error', 'warn', 'off'] },
    ...Object.fromEntries(ruleCatalog.filter((rule) => rule.meta.schema.length > 0).map((rule) => [`${rule.name}-options`, rule.meta.schema[0]])),
  },
  properties: {
    ...CONFIG_SCHEMA.properties,
    rules: {
      ...rules,
      properties: Object.fromEntries(ruleCatalog.flatMap((rule) => [rule.name, `debt-scan/${rule.name}`].map((name) => [name, ruleSetting(rule)]))),
    },
    effort: { ...effort, properties: Object.fromEntries(ruleCatalog.map((rule) => [rule.name, ruleEffort(rule)])) },
  },
};
writeOrCheck(target, `${JSON.stringify(schema, null, 2)}\n`, 'docs:schema');
