import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../src/engine/analyze-file.js';
import { defineRule } from '../../../src/rule/types.js';
import { testRuleMeta } from '../../helpers/test-rule.js';
import noComplexFunction from '../../../rules/no-complex-function.js';
import noDuplicateBlock from '../../../rules/no-duplicate-block.js';
import noDuplicateFunction from '../../../rules/no-duplicate-function.js';

const throwsOnCalls = defineRule<[], 'never'>({
  name: 'throws-on-calls',
  meta: testRuleMeta({ never: 'never' }),
  defaultOptions: [],
  detect: () => ({
    enter: {
      [ts.SyntaxKind.CallExpression]: () => {
        throw new Error('boom');
      },
    },
  }),
});

const complex = `export function f(a: number) {\n  if (a) return 1;\n  if (a > 1) return 2;\n  g();\n  return a ?? 3;\n}\n`;

describe('analyzeFile', () => {
  it('isolates a rule that throws: a notification names rule and file, other rules still report', () => {
    const result = analyzeFile('src/x.ts', complex, 'h', [
      { definition: throwsOnCalls, options: [] },
      { definition: noComplexFunction, options: [{ maxComplexity: 2 }] },
    ]);
    expect(result.findings.map((f) => `${f.rule}@${f.line}:${f.column}`)).toEqual(['no-complex-function@1:1']);
    expect(result.notifications).toEqual([
      {
        level: 'error',
        kind: 'rule-failure',
        message: 'rule debt-scan/throws-on-calls failed on src/x.ts: boom; its findings for this file are missing',
        file: 'src/x.ts',
        ruleId: 'debt-scan/throws-on-calls',
      },
    ]);
    expect(result.facts?.exports.map((e) => e.name)).toEqual(['f']);
  });

  it('reports a syntax error as a parse error and analyses nothing', () => {
    const result = analyzeFile('src/broken.ts', 'export function f(a: number {\n', 'h', [{ definition: noComplexFunction, options: [{ maxComplexity: 1 }] }]);
    expect(result.parseError).toBe(true);
    expect(result.findings).toEqual([]);
    expect(result.notifications[0]).toMatchObject({ kind: 'parse-error', file: 'src/broken.ts', line: 1, column: 29 });
  });

  it('extracts imports, exports and lines in the same walk', () => {
    const code = [
      "import type { A } from './types.js';",
      "import x, { y as z } from 'pkg';",
      "export { b } from './b';",
      "const lazy = () => import('./lazy.js');",
      "const cjs = require('cjs-pkg');",
      '// comment',
      '',
      'export async function load() { return lazy(); }',
      'export const sync = () => cjs;',
    ].join('\n');
    const facts = analyzeFile('src/m.ts', code, 'h', []).facts!;
    expect(facts.imports.map((i) => [i.specifier, i.kind, i.typeOnly, i.names.join(',')])).toEqual([
      ['./types.js', 'static', true, 'A'],
      ['pkg', 'static', false, 'default,y'],
      ['./b', 'reexport', false, 'b'],
      ['./lazy.js', 'dynamic', false, '*'],
      ['cjs-pkg', 'require', false, '*'],
    ]);
    expect(facts.exports.map((e) => [e.name, e.isAsync, e.kind])).toEqual([
      ['b', false, 'other'],
      ['load', true, 'function'],
      ['sync', false, 'function'],
    ]);
    expect([facts.lines, facts.codeLines]).toEqual([9, 7]);
  });

  it('gathers functions only for clone detection, and fingerprints them only when no-duplicate-function is on', () => {
    const body = Array.from({ length: 6 }, (_, i) => `  const v${i} = input * ${i} + offset;`).join('\n');
    const code = `export function scale(input: number, offset: number) {\n${body}\n  return v5;\n}\n`;
    const fingerprinted = (rules: Parameters<typeof analyzeFile>[3]) => analyzeFile('src/m.ts', code, 'h', rules).facts!.functions.map((fn) => [fn.name, fn.clone !== undefined]);
    expect(fingerprinted([{ definition: noComplexFunction, options: noComplexFunction.defaultOptions }])).toEqual([]);
    // A cloned block names the functions around it.
    expect(fingerprinted([{ definition: noDuplicateBlock, options: noDuplicateBlock.defaultOptions }])).toEqual([['scale', false]]);
    expect(fingerprinted([{ definition: noDuplicateFunction, options: noDuplicateFunction.defaultOptions }])).toEqual([['scale', true]]);
  });

  it('gives findings fingerprints that ignore indentation and lines above', () => {
    const rules = [{ definition: noComplexFunction, options: [{ maxComplexity: 2 }] }];
    const before = analyzeFile('src/x.ts', complex, 'h', rules).findings[0];
    const shifted = `// a new comment\n\nconst unrelated = 1;\n${complex.replace(/^/gmu, '    ')}`;
    const after = analyzeFile('src/x.ts', shifted, 'h', rules).findings[0];
    expect(after.line).toBe(before.line + 3);
    expect(after.fingerprint).toBe(before.fingerprint);
  });

  it('places findings in a file with CR-only line endings as in the same file with LF, with the same snippets and fingerprints', () => {
    const rules = [{ definition: noComplexFunction, options: [{ maxComplexity: 2 }] }];
    const lf = analyzeFile('src/x.ts', `const a = 1;\n${complex}`, 'h', rules);
    const cr = analyzeFile('src/x.ts', `const a = 1;\n${complex}`.replace(/\n/gu, '\r'), 'h', rules);
    const placed = (r: typeof lf) => r.findings.map((f) => [f.line, f.column, f.endLine, f.endColumn, f.snippet, f.fingerprint]);
    expect(placed(cr)).toEqual(placed(lf));
    expect(cr.findings).toHaveLength(1);
    expect(cr.facts?.lines).toBe(lf.facts?.lines);
  });
});
