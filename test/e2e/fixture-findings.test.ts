import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/model/types.js';
import { actualFindings, copyFixture, expectedFindings, removeDirectory, runCli } from '../helpers/fixtures.js';

const FIXTURES = ['ai-app', 'clean', 'odd-files', 'workspace'];
const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDirectory));

describe.each(FIXTURES)('the built CLI on fixtures/%s', (fixture) => {
  it('reports exactly the findings the fixture marks with expect: comments', async () => {
    const dir = copyFixture(fixture);
    temporary.push(dir);
    const result = await runCli(['.', '--format', 'json', '--output', 'report.json', '--fail-on', 'never', '--no-cache'], dir);
    expect(result.stderr).not.toMatch(/internal error/u);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportModel;
    expect(actualFindings(report.findings)).toEqual(expectedFindings(dir));
    expect(report.notifications.filter((n) => n.kind === 'rule-failure' || n.kind === 'analysis-failure')).toEqual([]);
  });
});

it('the clean fixture has no findings at all', () => {
  expect(expectedFindings(path.resolve('fixtures/clean'))).toEqual([]);
});
