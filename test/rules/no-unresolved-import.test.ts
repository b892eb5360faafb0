// A project-only rule: its detector does nothing, so RuleTester cases would prove nothing. These
// tests run the cross-file phase on hand-built graph data; the resolution itself is tested in
// test/unit/module-graph/create-module-resolver.test.ts and end to end on fixtures/ai-app and
// fixtures/workspace by test/e2e/fixture-findings.test.ts.
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-unresolved-import.js';
import type { GraphData, UnresolvedImport } from '../../src/model/types.js';
import type { CrossFileInput } from '../../src/rule/types.js';

const missing: UnresolvedImport = { file: 'src/a.ts', line: 3, column: 1, endLine: 3, endColumn: 40, specifier: './gone.js', reason: 'missing' };
const undeclaredAtRoot: UnresolvedImport = {
  file: 'src/a.ts',
  line: 4,
  column: 1,
  specifier: 'left-pad-ai/sub',
  reason: 'undeclared',
  packageName: 'left-pad-ai',
  manifest: '.',
};
const undeclaredInPackage: UnresolvedImport = { ...undeclaredAtRoot, file: 'packages/ui/x.ts', specifier: '@acme/kit', packageName: '@acme/kit', manifest: 'packages/ui' };

function run(unresolved: UnresolvedImport[], options: { ignore: string[]; checkPackages: boolean } = { ignore: [], checkPackages: true }) {
  const graph: GraphData = { files: { nodes: [], edges: [] }, modules: { nodes: [], edges: [] }, cycles: [], hotspots: [], unresolved };
  const input: CrossFileInput<[{ ignore: string[]; checkPackages: boolean }]> = {
    files: [],
    options: [options],
    resolveImport: () => undefined,
    analyses: { graph },
    root: '/repo',
  };
  return rule.crossFile!(input);
}

describe('no-unresolved-import', () => {
  it('reports a path to nothing over the whole import statement', () => {
    expect(run([missing])).toEqual([
      { file: 'src/a.ts', line: 3, column: 1, endLine: 3, endColumn: 40, messageId: 'missingFile', data: { specifier: './gone.js' } },
    ]);
  });

  it('reports an undeclared package with the package.json to add it to', () => {
    expect(run([undeclaredAtRoot, undeclaredInPackage])).toEqual([
      {
        file: 'src/a.ts',
        line: 4,
        column: 1,
        endLine: 4,
        endColumn: 2,
        messageId: 'undeclaredPackage',
        data: { packageName: 'left-pad-ai', manifest: 'package.json' },
        properties: { packageName: 'left-pad-ai' },
      },
      {
        file: 'packages/ui/x.ts',
        line: 4,
        column: 1,
        endLine: 4,
        endColumn: 2,
        messageId: 'undeclaredPackage',
        data: { packageName: '@acme/kit', manifest: 'packages/ui/package.json' },
        properties: { packageName: '@acme/kit' },
      },
    ]);
  });

  it('leaves packages alone when checkPackages is off', () => {
    expect(run([missing, undeclaredAtRoot], { ignore: [], checkPackages: false }).map((r) => r.messageId)).toEqual(['missingFile']);
  });

  it('skips specifiers that match an ignore pattern', () => {
    expect(run([missing, undeclaredAtRoot, undeclaredInPackage], { ignore: ['left-pad-ai/**', '@acme/*'], checkPackages: true }).map((r) => r.messageId)).toEqual([
      'missingFile',
    ]);
  });

  it('reports nothing without graph data', () => {
    const input: CrossFileInput<[{ ignore: string[]; checkPackages: boolean }]> = {
      files: [],
      options: [{ ignore: [], checkPackages: true }],
      resolveImport: () => undefined,
      analyses: {},
      root: '/repo',
    };
    expect(rule.crossFile!(input)).toEqual([]);
  });

  it('does nothing in a single file (the ESLint host)', () => {
    expect(rule.detect({} as never, [{ ignore: [], checkPackages: true }])).toEqual({});
  });
});
