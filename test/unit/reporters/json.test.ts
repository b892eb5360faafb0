import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJson, renderJsonChunks } from '../../../reporters/json.js';
import { REPORT_SCHEMA_VERSION } from '../../../src/model/types.js';
import { makeFinding, makeModel } from '../../helpers/report-model.js';
import { REPORT_SCHEMA_FILE, reportSchemaViolations } from '../../helpers/report-schema.js';

const graph = {
  files: {
    nodes: [
      { id: 'src/a.ts', module: 'src', fanIn: 1, fanOut: 1, dependents: 2, inCycle: true, instability: 0.5, pagerank: 0.4 },
      { id: 'src/b.ts', module: 'src', fanIn: 1, fanOut: 1, dependents: 2, inCycle: true, instability: 0.5, pagerank: 0.6 },
    ],
    edges: [
      { source: 'src/a.ts', target: 'src/b.ts', kind: 'static' },
      { source: 'src/b.ts', target: 'src/a.ts', kind: 'dynamic' },
    ],
  },
  modules: { nodes: [{ id: 'src', files: 2, fanIn: 0, fanOut: 0, dependents: 0, inCycle: false, instability: 0, pagerank: 1 }], edges: [] },
  cycles: [{ files: ['src/a.ts', 'src/b.ts'], breakEdge: { source: 'src/b.ts', target: 'src/a.ts' } }],
  hotspots: [{ file: 'src/a.ts', risk: 12, churn: 4 }],
};

describe('renderJson and the report schema', () => {
  const model = makeModel(
    [
      makeFinding({ snippet: 'function f() {', related: [{ file: 'src/b.ts', line: 2, column: 1, endLine: 4, endColumn: 2, message: 'copy 2 of 2' }], properties: { similarity: 1 } }),
      makeFinding({ file: 'src/b.ts', ruleId: 'debt-scan/rule-b', category: 'duplication', level: 'error' }),
    ],
    {
      commit: '0123abc',
      suppressed: [makeFinding({ file: 'src/c.ts', suppression: { kind: 'external', justification: 'in the baseline' } })],
      notifications: [{ level: 'error', kind: 'parse-error', message: 'src/d.ts:1:1: bad', file: 'src/d.ts', line: 1, column: 1 }],
      analyses: { graph, clones: { classes: [] } },
      timings: { total: 12, workers: 0 },
    },
  );

  it('writes the model itself, without timings unless asked', () => {
    const output = JSON.parse(renderJson(model, {})) as Record<string, unknown>;
    expect(output.timings).toBeUndefined();
    const { timings, ...rest } = model;
    expect(output).toEqual(rest);
    expect((JSON.parse(renderJson(model, { includeTimings: true })) as { timings: unknown }).timings).toEqual(timings);
  });

  it('is the text its pieces join to, with and without timings, unsafe characters escaped alike', () => {
    const unsafe = { ...model, findings: [makeFinding({ message: 'a\u202eb \u0085 ##[error]x' })] };
    for (const [m, options] of [[model, {}], [model, { includeTimings: true }], [unsafe, {}]] as const) {
      expect(renderJson(m, options)).toBe([...renderJsonChunks(m, options)].join(''));
    }
    expect(renderJson(unsafe, {})).toContain('a\\u202eb \\u0085 ##\\u005berror]x');
  });

  it('matches the schema, with and without timings and the graph', () => {
    expect(reportSchemaViolations(JSON.parse(renderJson(model, { includeTimings: true })))).toEqual([]);
    expect(reportSchemaViolations(JSON.parse(renderJson({ ...model, analyses: {} }, {})))).toEqual([]);
  });

  it('the schema rejects what the model never holds', () => {
    const output = JSON.parse(renderJson(model, {})) as { findings: Record<string, unknown>[]; extra?: unknown };
    output.findings[0].level = 'fatal';
    output.findings[1].fingerprint = 'not a fingerprint';
    output.extra = true;
    expect(reportSchemaViolations(output)).toEqual([
      '/: must NOT have additional properties (extra)',
      '/findings/0/level: must be equal to one of the allowed values',
      '/findings/1/fingerprint: must match pattern "^[0-9a-f]{16}:[0-9]+$"',
    ]);
    const withBadGraph = { ...model, analyses: { graph: { ...graph, cycles: [{ files: ['src/a.ts'] }] } } };
    expect(reportSchemaViolations(JSON.parse(renderJson(withBadGraph, {})))).toEqual(["/analyses/graph/cycles/0: must have required property 'breakEdge'"]);
  });

  it('is versioned like the model', () => {
    const schema = JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8')) as { properties: { schemaVersion: { const: number } } };
    expect(schema.properties.schemaVersion.const).toBe(REPORT_SCHEMA_VERSION);
  });
});
