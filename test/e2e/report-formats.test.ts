import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/model/types.js';
import { FIXTURES, copyFixture, removeDirectory, runCli } from '../helpers/fixtures.js';
import { reportSchemaViolations } from '../helpers/report-schema.js';
import { multitoolProblems, sarifSchemaViolation } from '../helpers/sarif.js';

/** Every fixture folder: each one's SARIF and JSON report must be valid. */
const fixtures = readdirSync(FIXTURES).filter((name) => statSync(path.join(FIXTURES, name)).isDirectory()).sort();

interface Outputs {
  dir: string;
  sarifFile: string;
  sarif: {
    runs: {
      tool: { driver: { rules: { id: string }[] } };
      results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[]; partialFingerprints: Record<string, string>; suppressions?: unknown[] }[];
    }[];
  };
  report: ReportModel;
  gitlab: { check_name: string; fingerprint: string; location: { path: string; lines: { begin: number } } }[];
}

const outputs = new Map<string, Outputs>();

beforeAll(async () => {
  await Promise.all(
    fixtures.map(async (fixture) => {
      const dir = copyFixture(fixture);
      const result = await runCli(
        ['.', '-f', 'sarif', '-o', 'debt.sarif', '-f', 'json', '-o', 'report.json', '-f', 'gitlab', '-o', 'gl-code-quality.json', '--include-suppressed', '--fail-on', 'never', '--no-cache'],
        dir,
      );
      expect(result.stderr).not.toMatch(/internal error/u);
      expect(result.code).toBe(0);
      const sarifFile = path.join(dir, 'debt.sarif');
      outputs.set(fixture, {
        dir,
        sarifFile,
        sarif: JSON.parse(readFileSync(sarifFile, 'utf8')) as Outputs['sarif'],
        report: JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportModel,
        gitlab: JSON.parse(readFileSync(path.join(dir, 'gl-code-quality.json'), 'utf8')) as Outputs['gitlab'],
      });
    }),
  );
}, 240_000);

afterAll(() => {
  for (const o of outputs.values()) removeDirectory(o.dir);
});

describe.each(fixtures)('reports of fixtures/%s', (fixture) => {
  it('the JSON report matches its schema', () => {
    expect(reportSchemaViolations(outputs.get(fixture)!.report)).toEqual([]);
  });

  it('the GitLab report has one issue per unsuppressed finding, with unique fingerprints', () => {
    const { gitlab, report } = outputs.get(fixture)!;
    expect(gitlab.map((i) => `${i.location.path}:${i.location.lines.begin} ${i.check_name}`)).toEqual(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`));
    expect(new Set(gitlab.map((i) => i.fingerprint)).size).toBe(gitlab.length);
  });

  it('every finding carries its code: a snippet in the report, a contextRegion in the SARIF', () => {
    const { sarif, report } = outputs.get(fixture)!;
    expect([...report.findings, ...report.suppressed].filter((f) => f.snippet === undefined || f.snippet === '').map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([]);
    const withoutContext = sarif.runs[0].results.filter((r) => !(r.locations[0].physicalLocation as { contextRegion?: { snippet?: { text: string } } }).contextRegion?.snippet?.text);
    expect(withoutContext.map((r) => `${r.ruleId} ${r.locations[0].physicalLocation.artifactLocation.uri}`)).toEqual([]);
  });

  it('the SARIF validates against the SARIF 2.1.0 schema', () => {
    expect(sarifSchemaViolation(outputs.get(fixture)!.sarif)).toBeUndefined();
  });

  it('the SARIF lists every rule of the run and one result per finding, suppressed ones with their suppressions', () => {
    const { sarif, report } = outputs.get(fixture)!;
    const [run] = sarif.runs;
    expect(sarif.runs).toHaveLength(1);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(report.rules.map((r) => r.ruleId));
    const all = [...report.findings, ...report.suppressed];
    expect(run.results).toHaveLength(all.length);
    expect(run.results.filter((r) => r.suppressions).length).toBe(report.suppressed.length);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      const { uri, uriBaseId } = result.locations[0].physicalLocation.artifactLocation;
      expect(uriBaseId).toBe('%SRCROOT%');
      expect(uri).not.toMatch(/^(?:\/|[a-z]+:)/u);
    }
    expect(run.results.map((r) => r.partialFingerprints.primaryLocationLineHash).sort()).toEqual(all.map((f) => f.fingerprint).sort());
  });
});

it("Microsoft's SARIF validator reports no errors or warnings for any fixture's SARIF", async () => {
  // A broken copy shows that the validator's complaints are read: only it may appear in the output.
  const [first] = outputs.values();
  const broken = structuredClone(first.sarif) as { runs: { results: unknown[] }[] };
  broken.runs[0].results = [{ ruleId: 'debt-scan/x', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.ts' }, region: { startLine: 0 } } }] }];
  const brokenFile = path.join(first.dir, 'broken.sarif');
  writeFileSync(brokenFile, JSON.stringify(broken));
  const problems = await multitoolProblems([...[...outputs.values()].map((o) => o.sarifFile), brokenFile]);
  expect(problems.length).toBeGreaterThan(0);
  expect(problems.filter((line) => !line.startsWith(`${brokenFile}(`))).toEqual([]);
}, 120_000);

it('the largest and smallest numbers the configuration allows still give finite figures and a JSON report that matches its schema', async () => {
  const dir = copyFixture('ai-app');
  try {
    const config = {
      preset: 'strict',
      effort: { 'no-complex-function': 10_000, 'no-floating-async': 10_000 },
      scoring: { minutesPerLine: 0.01 },
      churn: { days: 36_500 },
      files: { maxFileSize: 1024 * 1024 * 1024, maxLineLength: 10_000_000 },
      gate: { maxDebtMinutes: 1e308, maxDebtRatio: 1e308 },
    };
    writeFileSync(path.join(dir, 'debt-scan.config.json'), JSON.stringify(config));
    const result = await runCli(['.', '-f', 'json', '-o', 'report.json', '-f', 'text', '--fail-on', 'never', '--no-cache'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/Infinity|NaN/u);
    expect(result.stdout).toMatch(/debt \d{1,3}(?:,\d{3})+ h/u);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportModel;
    expect(reportSchemaViolations(report)).toEqual([]);
    expect(Number.isFinite(report.summary.debtMinutes)).toBe(true);
  } finally {
    removeDirectory(dir);
  }
}, 60_000);
