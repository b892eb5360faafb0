import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../../reporters/sarif.js';
import type { Finding, ReportModel } from '../../../src/model/types.js';
import { makeFinding, makeModel, makeRule } from '../../helpers/report-model.js';
import { sarifSchemaViolation } from '../../helpers/sarif.js';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number>; contextRegion?: { startLine: number; endLine: number; snippet: { text: string } } } }[];
  relatedLocations?: { id: number; message: { text: string }; physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
  suppressions?: { kind: string; status: string; justification?: string }[];
}

interface SarifRun {
  tool: { driver: { name: string; semanticVersion: string; informationUri: string; rules: Record<string, unknown>[] } };
  invocations: { executionSuccessful: boolean; commandLine?: string; toolExecutionNotifications: Record<string, unknown>[] }[];
  originalUriBaseIds: Record<string, { uri: string }>;
  automationDetails?: { id: string };
  versionControlProvenance?: Record<string, unknown>[];
  results: SarifResult[];
  columnKind: string;
  properties: Record<string, unknown>;
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: SarifRun[];
}

function render(model: ReportModel, options: Parameters<typeof renderSarif>[1] = {}): SarifLog {
  const log = JSON.parse(renderSarif(model, options)) as SarifLog;
  expect(sarifSchemaViolation(log)).toBeUndefined();
  return log;
}

const clone = makeFinding({
  ruleId: 'debt-scan/rule-b',
  category: 'duplication',
  level: 'error',
  file: 'src/app/[slug]/page #1.tsx',
  line: 4,
  column: 3,
  endLine: 9,
  endColumn: 2,
  effortMinutes: 30,
  message: 'Function load is duplicated in 2 other places.',
  related: [
    { file: 'src/b.ts', line: 10, column: 1, endLine: 15, endColumn: 2, message: 'copy 2 of 3' },
    { file: 'src/c.ts', line: 20, column: 5, endLine: 25, endColumn: 6, message: 'copy 3 of 3' },
  ],
  properties: { similarity: 0.97 },
});
const complex = makeFinding({
  file: 'src/a.ts',
  line: 7,
  column: 1,
  endLine: 7,
  endColumn: 24,
  snippet: 'export function priceFor() {',
  fingerprint: '0123456789abcdef:1',
});
const silenced = makeFinding({ file: 'src/a.ts', line: 30, suppression: { kind: 'inSource', justification: 'legacy pricing, rewritten in Q3' } });

describe('renderSarif', () => {
  const model = makeModel([clone, complex].sort((a, b) => (a.file < b.file ? -1 : 1)), {
    suppressed: [silenced],
    rules: [makeRule('rule-a'), makeRule('rule-b', { category: 'duplication', level: 'error' }), makeRule('rule-c', { category: 'error-handling' })],
    notifications: [
      { level: 'error', kind: 'parse-error', message: 'src/broken.ts:3:7: Expression expected; the file was not analysed', file: 'src/broken.ts', line: 3, column: 7 },
      { level: 'error', kind: 'rule-failure', message: 'rule debt-scan/rule-c failed on src/a.ts: boom', file: 'src/a.ts', ruleId: 'debt-scan/rule-c' },
    ],
    commit: 'abc123',
  });

  it('describes the tool and every rule of the run, also those without results', () => {
    const log = render(model);
    expect(log.$schema).toBe('https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const { driver } = log.runs[0].tool;
    expect(driver).toMatchObject({ name: 'debt-scan', semanticVersion: '1.2.3', informationUri: 'https://github.com/debt-scan/debt-scan' });
    expect(driver.rules.map((r) => r.id)).toEqual(['debt-scan/rule-a', 'debt-scan/rule-b', 'debt-scan/rule-c']);
    const ruleC = driver.rules[2];
    expect(ruleC).toMatchObject({
      id: 'debt-scan/rule-c',
      name: 'RuleC',
      shortDescription: { text: 'Disallow the pattern rule-c looks for.' },
      helpUri: 'https://github.com/debt-scan/debt-scan/blob/main/docs/rules/rule-c.md',
      defaultConfiguration: { level: 'warning' },
      properties: { category: 'error-handling', tags: ['maintainability', 'error-handling'], precision: 'high', 'problem.severity': 'warning', effortMinutes: 10 },
    });
    const help = ruleC.help as { text: string; markdown: string };
    expect(help.text).toContain('- <name> does the thing: it assumes a value that may be missing. Check it first.');
    expect(help.markdown).toContain('[rule\'s documentation](https://github.com/debt-scan/debt-scan/blob/main/docs/rules/rule-c.md)');
    expect(help.markdown).toContain('`// eslint-disable-next-line debt-scan/rule-c -- <reason>`');
    expect((ruleC.fullDescription as { text: string }).text).toBe("Disallow the pattern rule-c looks for. Each finding adds 10 min of error-handling debt to its module's score.");
  });

  it('writes results with rule index, level, repository-relative locations, UTF-16 columns and fingerprints', () => {
    const run = render(model).runs[0];
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///home/user/project/', description: { text: 'The root of the repository.' } } });
    expect(run.results).toHaveLength(2);
    const [a, b] = run.results;
    expect(a).toMatchObject({ ruleId: 'debt-scan/rule-a', ruleIndex: 0, level: 'warning' });
    expect(a.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/a.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 7, startColumn: 1, endLine: 7, endColumn: 24 },
      contextRegion: { startLine: 7, endLine: 7, snippet: { text: 'export function priceFor() {' } },
    });
    expect(a.partialFingerprints).toEqual({ primaryLocationLineHash: '0123456789abcdef:1', 'debtScan/v3': '0123456789abcdef:1' });
    expect(a.properties).toEqual({ debtMinutes: 10, module: 'src/a.ts', category: 'complexity' });
    expect(b).toMatchObject({ ruleId: 'debt-scan/rule-b', ruleIndex: 1, level: 'error' });
    expect(b.locations[0].physicalLocation.artifactLocation.uri).toBe('src/app/%5Bslug%5D/page%20%231.tsx');
    expect(b.locations[0].physicalLocation.region).toEqual({ startLine: 4, startColumn: 3, endLine: 9, endColumn: 2 });
    expect(b.properties).toEqual({ similarity: 0.97, debtMinutes: 30, module: 'src/app', category: 'duplication' });
  });

  it('links the other members of a clone class from the message to relatedLocations', () => {
    const b = render(model).runs[0].results[1];
    expect(b.message.text).toBe('Function load is duplicated in 2 other places. Related: [src/b.ts:10](1), [src/c.ts:20](2).');
    expect(b.relatedLocations).toEqual([
      { id: 1, physicalLocation: { artifactLocation: { uri: 'src/b.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 10, startColumn: 1, endLine: 15, endColumn: 2 } }, message: { text: 'copy 2 of 3' } },
      { id: 2, physicalLocation: { artifactLocation: { uri: 'src/c.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 20, startColumn: 5, endLine: 25, endColumn: 6 } }, message: { text: 'copy 3 of 3' } },
    ]);
  });

  it('escapes brackets of paths inside link text', () => {
    const finding = makeFinding({ related: [{ file: 'app/[id]/page.tsx', line: 3, column: 1, endLine: 3, endColumn: 5, message: 'the other copy' }] });
    const result = render(makeModel([finding])).runs[0].results[0];
    expect(result.message.text).toBe('Function f does the thing. Check it first. Related: [app/\\[id\\]/page.tsx:3](1).');
  });

  it('records the invocation: command line, success and notifications for parse errors and rule failures', () => {
    const [invocation] = render(model, { commandLine: 'debt-scan . --format sarif' }).runs[0].invocations;
    expect(invocation.commandLine).toBe('debt-scan . --format sarif');
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'src/broken.ts:3:7: Expression expected; the file was not analysed' },
        descriptor: { id: 'parse-error' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'src/broken.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 7 } } }],
      },
      {
        level: 'error',
        message: { text: 'rule debt-scan/rule-c failed on src/a.ts: boom' },
        descriptor: { id: 'rule-failure' },
        associatedRule: { id: 'debt-scan/rule-c', index: 2 },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.ts', uriBaseId: '%SRCROOT%' } } }],
      },
    ]);
    expect(render(makeModel([complex])).runs[0].invocations[0].executionSuccessful).toBe(true);
  });

  it('carries the module scores and the debt in run properties', () => {
    const { properties } = render(model).runs[0];
    expect(properties).toMatchObject({ reportSchemaVersion: 1, debtMinutes: 40, findings: 2, suppressed: 1, gate: { passed: true, failures: [] } });
    expect((properties.modules as { module: string }[]).map((m) => m.module)).toEqual(['src/a.ts', 'src/app']);
  });

  it('writes automationDetails only when a category is asked for', () => {
    expect(render(model).runs[0].automationDetails).toBeUndefined();
    expect(render(model, { sarifCategory: 'debt-scan' }).runs[0].automationDetails).toEqual({ id: 'debt-scan/' });
    expect(render(model, { sarifCategory: 'debt-scan/web/' }).runs[0].automationDetails).toEqual({ id: 'debt-scan/web/' });
  });

  it('includes suppressed findings with their suppressions only when asked', () => {
    expect(render(model).runs[0].results.some((r) => r.suppressions)).toBe(false);
    const results = render(model, { includeSuppressed: true }).runs[0].results;
    expect(results.map((r) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`)).toEqual([
      'src/a.ts:7',
      'src/a.ts:30',
      'src/app/%5Bslug%5D/page%20%231.tsx:4',
    ]);
    expect(results[1].suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'legacy pricing, rewritten in Q3' }]);
  });

  it('prefixes paths with the scan root inside the repository and records version control', () => {
    const run = render({ ...model, root: '/home/user/shop/packages/api' }, { pathPrefix: 'packages/api', repositoryUri: 'https://github.com/acme/shop' }).runs[0];
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///home/user/shop/');
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('packages/api/src/a.ts');
    expect(run.results[1].message.text).toContain('[packages/api/src/b.ts:10](1)');
    expect(run.versionControlProvenance).toEqual([{ repositoryUri: 'https://github.com/acme/shop', revisionId: 'abc123', mappedTo: { uriBaseId: '%SRCROOT%' } }]);
  });

  it('keeps descriptions within 1024 characters', () => {
    const long = makeModel([], { rules: [makeRule('rule-a', { description: `Disallow ${'very '.repeat(400)}long things` })] });
    const rule = render(long).runs[0].tool.driver.rules[0] as { shortDescription: { text: string }; fullDescription: { text: string } };
    expect(rule.shortDescription.text.length).toBeLessThanOrEqual(1024);
    expect(rule.shortDescription.text.endsWith('…')).toBe(true);
    expect(rule.fullDescription.text.length).toBeLessThanOrEqual(1024);
  });

  it('widens an empty region to one column, so that viewers can highlight it', () => {
    const point = makeFinding({ line: 3, column: 5, endLine: 3, endColumn: 5 });
    expect(render(makeModel([point])).runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: 3, startColumn: 5, endLine: 3, endColumn: 6 });
  });
});

it('the schema check names the first violation', () => {
  expect(sarifSchemaViolation({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe("/runs/0/tool/driver: must have required property 'name'");
  expect(sarifSchemaViolation({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).toBe(
    '/runs/0/results/0/level: must be equal to one of the allowed values',
  );
});

describe('renderSarif within code scanning limits', () => {
  /** `count` findings in distinct places; debt grows with the index so that the lowest ones are the first. */
  function manyFindings(count: number, extra: (i: number) => Partial<Finding> = () => ({})): Finding[] {
    return Array.from({ length: count }, (_, i) =>
      makeFinding({ file: `src/f${String(Math.floor(i / 100)).padStart(4, '0')}.ts`, line: (i % 100) + 1, effortMinutes: 1 + i, fingerprint: `${i.toString(16).padStart(16, '0')}:1`, ...extra(i) }),
    );
  }

  it('keeps the 25,000 results with the most debt and says what it dropped, in the console and in the SARIF', () => {
    const findings = manyFindings(25_010);
    const warnings: string[] = [];
    const log = render(makeModel(findings), { onWarning: (m) => warnings.push(m) });
    const run = log.runs[0];
    expect(run.results).toHaveLength(25_000);
    const fingerprints = new Set(run.results.map((r) => r.partialFingerprints.primaryLocationLineHash));
    expect(findings.slice(0, 10).some((f) => fingerprints.has(f.fingerprint))).toBe(false);
    expect(findings.slice(10).every((f) => fingerprints.has(f.fingerprint))).toBe(true);
    const expected =
      'This SARIF file holds 25,000 results; GitHub code scanning shows only the top 5,000 of a run, by severity, so 20,000 will not appear as alerts (turn off the rules you do not act on, or scan with --preset recommended); the JSON report lists every finding (the HTML report the first 1,000 of each category). ' +
      'SARIF keeps the 25,000 results with the most debt of 25,010 and leaves out 10 results (10 over the limit of 25,000 results per run; 55 min of debt); the JSON report lists every finding (the HTML report the first 1,000 of each category).';
    expect(warnings).toEqual([expected]);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([{ level: 'warning', descriptor: { id: 'sarif-limit' }, message: { text: expected } }]);
  });

  it('says when code scanning will show only part of the results, and keeps them all', () => {
    const warnings: string[] = [];
    const log = render(makeModel(manyFindings(4, () => ({}))), { sarifLimits: { shownResults: 3 }, onWarning: (m) => warnings.push(m) });
    expect(log.runs[0].results).toHaveLength(4);
    expect(warnings).toEqual([
      'This SARIF file holds 4 results; GitHub code scanning shows only the top 3 of a run, by severity, so 1 will not appear as alerts (turn off the rules you do not act on, or scan with --preset recommended); the JSON report lists every finding (the HTML report the first 1,000 of each category).',
    ]);
    expect(render(makeModel(manyFindings(3, () => ({}))), { sarifLimits: { shownResults: 3 }, onWarning: (m) => warnings.push(m) }).runs[0].results).toHaveLength(3);
    expect(warnings).toHaveLength(1);
  });

  it('keeps at most 1,000 locations per result', () => {
    const related = Array.from({ length: 1_200 }, (_, i) => ({ file: `src/copy${i}.ts`, line: 1, column: 1, endLine: 5, endColumn: 2, message: `copy ${i + 2}` }));
    const warnings: string[] = [];
    const result = render(makeModel([makeFinding({ related })]), { onWarning: (m) => warnings.push(m) }).runs[0].results[0];
    expect(result.locations.length + (result.relatedLocations?.length ?? 0)).toBe(1_000);
    expect(result.relatedLocations?.at(-1)?.message.text).toBe('copy 1000');
    expect(result.properties.relatedLocationsOmitted).toBe(201);
    expect(result.message.text.endsWith('[src/copy9.ts:1](10) and 1,190 more.')).toBe(true);
    expect(warnings).toEqual(['1 result had more than 1,000 locations; SARIF keeps the first 999 related locations of each.']);
  });

  it('drops the lowest-debt results until the gzipped file fits the size limit', () => {
    const findings = manyFindings(2_000, (i) => ({ message: `Finding ${i} ${(i * 2654435761).toString(36)} ${(i * 40503).toString(36)}` }));
    const warnings: string[] = [];
    const text = renderSarif(makeModel(findings), { sarifLimits: { maxGzipBytes: 60_000 }, onWarning: (m) => warnings.push(m) });
    expect(gzipSync(text).length).toBeLessThanOrEqual(60_000);
    const log = JSON.parse(text) as SarifLog;
    expect(sarifSchemaViolation(log)).toBeUndefined();
    const kept = log.runs[0].results.length;
    expect(kept).toBeGreaterThan(100);
    expect(kept).toBeLessThan(2_000);
    const keptDebt = log.runs[0].results.map((r) => r.properties.debtMinutes as number);
    expect(Math.min(...keptDebt)).toBe(2_000 - kept + 1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^SARIF keeps the ${kept.toLocaleString('en-US')} results with the most debt of 2,000 and leaves out [\\d,]+ results \\([\\d,]+ to stay under 60,000 bytes gzipped; `, 'u'));
  });
});
