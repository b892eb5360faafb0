import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from './fixtures.js';

/** The JSON report's schema as the package ships it (`debt-scan/schema/report.json`). */
export const REPORT_SCHEMA_FILE = path.join(REPO_ROOT, 'schema/report.schema.json');

let validate: ReturnType<Ajv['compile']> | undefined;

/** Validates a JSON report against the shipped schema; returns every violation as `path: message`. */
export function reportSchemaViolations(report: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8')) as object);
  }
  if (validate(report)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
