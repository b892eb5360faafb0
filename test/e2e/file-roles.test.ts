import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/model/types.js';
import { copyFixture, removeDirectory, runCli } from '../helpers/fixtures.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDirectory));

async function scanRoles(config?: object): Promise<{ report: ReportModel; stdout: string }> {
  const dir = copyFixture('file-roles');
  dirs.push(dir);
  if (config) writeFileSync(path.join(dir, 'debt-scan.config.json'), JSON.stringify(config));
  const result = await runCli(['.', '--no-cache', '--preset', 'strict', '--fail-on', 'never', '-f', 'text', '-f', 'json', '-o', 'report.json'], dir);
  expect(result.code).toBe(0);
  return { report: JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportModel, stdout: result.stdout };
}

const placed = (report: ReportModel) => report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId.replace('debt-scan/', '')}`);

describe('files that are not product code', () => {
  it('are counted by role, and only rules that matter there report on them', async () => {
    const { report, stdout } = await scanRoles();
    expect(report.files.byRole).toEqual({ test: 1, migration: 1, script: 1, example: 1 });
    expect(placed(report)).toEqual([
      'docs/example.ts:2 no-unresolved-import',
      'migrations/001-add-orders.ts:4 no-floating-async',
      'src/orders.ts:6 no-throw-non-error',
      'src/orders.ts:7 no-floating-async',
      'test/orders.test.ts:9 no-floating-async',
    ]);
    expect(stdout).toContain('not product code: 1 test file, 1 migration or seed, 1 script, 1 example or doc');
  });

  it('follow the configuration where it says a file is product code, or is not', async () => {
    const { report } = await scanRoles({ files: { product: ['scripts/**'], nonProduct: ['src/**'] } });
    expect(report.files.byRole).toEqual({ test: 1, migration: 1, script: 1, example: 1 });
    expect(placed(report)).toEqual([
      'docs/example.ts:2 no-unresolved-import',
      'migrations/001-add-orders.ts:4 no-floating-async',
      // `main();` at the script's top level is not reported even here: the process exits with the error
      'scripts/backfill.ts:6 no-throw-non-error',
      'test/orders.test.ts:9 no-floating-async',
    ]);
  });
});
