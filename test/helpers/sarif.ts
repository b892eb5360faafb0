import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from './fixtures.js';

/** The OASIS SARIF 2.1.0 schema (errata 01), copied into the test data: no npm package ships it. */
export const SARIF_SCHEMA_FILE = path.join(REPO_ROOT, 'test/data/sarif-schema-2.1.0.json');

let validate: ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

/**
 * Validates a SARIF log against the official JSON Schema (a draft-04 schema, which plain ajv 8
 * cannot compile) and returns the first violation as `path: message`, or undefined when valid.
 */
export function sarifSchemaViolation(log: unknown): string | undefined {
  if (!validate) {
    const ajv = new AjvDraft04.default({ strict: false, allErrors: false, validateSchema: false });
    addFormats.default(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8')) as object);
  }
  if (validate(log)) return undefined;
  const error = validate.errors?.[0];
  return `${error?.instancePath || '/'}: ${error?.message ?? 'invalid'}`;
}

const execFileAsync = promisify(execFile);

/** The self-contained binary of `@microsoft/sarif-multitool` for this platform. */
export function multitoolBinary(): string {
  return createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
}

/**
 * Runs Microsoft's SARIF validator with its SARIF and GitHub rules. It exits 0 even when it finds
 * errors, so its output is read: returns the lines that report an error or a warning in any of the files.
 */
export async function multitoolProblems(files: readonly string[]): Promise<string[]> {
  const { stdout, stderr } = await execFileAsync(multitoolBinary(), ['validate', ...files, '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning'], {
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${stdout}\n${stderr}`;
  if (!/Analysis completed successfully/u.test(output)) throw new Error(`sarif-multitool did not complete:\n${output}`);
  return output.split('\n').filter((line) => /:\s(error|warning)\s[A-Z]+\d+:/u.test(line));
}
