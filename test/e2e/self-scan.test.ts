import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ReportModel } from '../../src/model/types.js';
import { REPO_ROOT, removeDirectory, runCli } from '../helpers/fixtures.js';
import { reportSchemaViolations } from '../helpers/report-schema.js';
import { multitoolProblems, sarifSchemaViolation } from '../helpers/sarif.js';

/** debt-scan scans its own repository, as a user's CI would, and the SARIF it writes must be valid. */
let out: string;
let result: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'debt-scan-self-'));
  result = await runCli(
    ['.', '-f', 'sarif', '-o', path.join(out, 'debt.sarif'), '-f', 'json', '-o', path.join(out, 'report.json'), '--sarif-category', 'debt-scan', '--fail-on', 'never', '--no-cache'],
    REPO_ROOT,
  );
}, 240_000);

afterAll(() => removeDirectory(out));

it('scans the project without internal errors or failing rules', () => {
  expect(result.stderr).not.toMatch(/internal error/u);
  expect(result.code).toBe(0);
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as ReportModel;
  expect(report.files.scanned).toBeGreaterThan(50);
  expect(report.notifications.filter((n) => n.kind === 'rule-failure' || n.kind === 'analysis-failure')).toEqual([]);
  expect(reportSchemaViolations(report)).toEqual([]);
});

it('writes SARIF that the schema and Microsoft\'s validator accept, with repository-relative paths', async () => {
  const sarif = JSON.parse(readFileSync(path.join(out, 'debt.sarif'), 'utf8')) as {
    runs: { automationDetails?: { id: string }; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
  };
  expect(sarifSchemaViolation(sarif)).toBeUndefined();
  expect(sarif.runs[0].automationDetails).toEqual({ id: 'debt-scan/' });
  for (const r of sarif.runs[0].results) expect(r.locations[0].physicalLocation.artifactLocation.uri).not.toMatch(/^(?:\/|[a-z]+:)/u);
  expect(await multitoolProblems([path.join(out, 'debt.sarif')])).toEqual([]);
}, 120_000);
