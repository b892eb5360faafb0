import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ruleDefinitions } from '../../rules/index.js';
import type { ReportModel } from '../../src/model/types.js';
import { actualFindings, copyFixture, expectedFindings, removeDirectory, runCli } from '../helpers/fixtures.js';

const FIXTURES = ['ai-app', 'clean', 'odd-files', 'workspace', 'typed'];
const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDirectory));

const RECOMMENDED = new Set(ruleDefinitions.filter((d) => d.meta.docs.recommended === 'recommended').map((d) => `debt-scan/${d.name}`));

describe.each(FIXTURES)('the built CLI on fixtures/%s', (fixture) => {
  it('reports exactly the findings the fixture marks with expect: comments, with every rule', async () => {
    const dir = copyFixture(fixture);
    temporary.push(dir);
    const result = await runCli(['.', '--preset', 'strict', '--format', 'json', '--output', 'report.json', '--fail-on', 'never', '--no-cache'], dir);
    expect(result.stderr).not.toMatch(/internal error/u);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportModel;
    expect(actualFindings(report.findings)).toEqual(expectedFindings(dir));
    expect(report.notifications.filter((n) => n.kind === 'rule-failure' || n.kind === 'analysis-failure')).toEqual([]);
  });

  it('reports only the marked findings of recommended rules by default', async () => {
    const dir = copyFixture(fixture);
    temporary.push(dir);
    // The fixtures run every rule (their configurations say "preset": "strict"); here, the default.
    const configFile = path.join(dir, 'debt-scan.config.json');
    const { preset: _preset, ...rest } = JSON.parse(readFileSync(configFile, 'utf8')) as { preset?: string };
    writeFileSync(configFile, JSON.stringify(rest));
    const result = await runCli(['.', '--format', 'json', '--output', 'report.json', '--fail-on', 'never', '--no-cache'], dir);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportModel;
    // A rule the fixture's configuration turns on reports whatever the preset.
    const configured = existsSync(configFile) ? Object.keys((JSON.parse(readFileSync(configFile, 'utf8')) as { rules?: object }).rules ?? {}) : [];
    const reporting = new Set([...RECOMMENDED, ...configured.map((name) => `debt-scan/${name}`)]);
    expect(actualFindings(report.findings)).toEqual(expectedFindings(dir).filter((f) => reporting.has(f.slice(f.indexOf(' ') + 1))));
  });
});

it('the clean fixture has no findings at all', () => {
  expect(expectedFindings(path.resolve('fixtures/clean'))).toEqual([]);
});
