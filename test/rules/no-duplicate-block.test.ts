import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import blockRule from '../../rules/no-duplicate-block.js';
import { buildCloneIndex, CLONE_INDEX_FILE, DEFAULT_CACHE_LOCATION, writeCloneIndex, type CloneIndex } from '../../src/clones/clone-index.js';
import { openUserCache } from '../../src/cache/user-cache.js';
import { hashBytes } from '../../src/discover/read-source.js';
import { createRuleTester, eslintRule } from './rule-tester.js';

/**
 * The rule reports what the last scan's index holds for the linted text; these cases lint files
 * of a temporary scan root whose index was written as the scanner writes it.
 */
const root = mkdtempSync(path.join(tmpdir(), 'debt-scan-block-rule-'));
const otherRoot = mkdtempSync(path.join(tmpdir(), 'debt-scan-block-rule-other-'));
afterAll(() => [root, otherRoot].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const block = (name: string, extra = '') => `export function ${name}(rows: Row[], title: string): string {
  const lines: string[] = [];
  lines.push(\`# \${title}\`);
  lines.push(\`# rows \${rows.length}\`);
  lines.push('#');
  ${extra}
  return lines.join('\\n');
}
`;
const jsBlock = block('jsReport').replace(/: Row\[\]|: string\[\]|: string/g, '');

interface Case {
  file: string;
  code: string;
  /** Findings the scan left for this file: [line, column, endLine, endColumn]. */
  findings: [number, number, number, number][];
}

const CASES: Case[] = [
  { file: 'src/sales.ts', code: block('salesCsv', "lines.push('sales');"), findings: [[2, 3, 5, 14]] },
  { file: 'src/stock.ts', code: block('stockCsv', "lines.push('stock');"), findings: [[1, 34, 5, 14]] },
  { file: 'src/two.ts', code: block('first') + block('second'), findings: [[2, 3, 5, 14], [10, 3, 13, 14]] },
  { file: 'src/view.tsx', code: `${block('view')}export const View = () => <pre>{view([], 'x')}</pre>;\n`, findings: [[2, 3, 6, 3]] },
  { file: 'src/report.js', code: jsBlock, findings: [[1, 1, 8, 2]] },
  { file: 'src/report.mjs', code: jsBlock.replace('jsReport', 'mjsReport'), findings: [[2, 3, 4, 40]] },
  { file: 'src/nested/deep/report.cts', code: block('deep'), findings: [[3, 3, 5, 14]] },
  { file: 'src/crlf.ts', code: block('crlf').replace(/\n/g, '\r\n'), findings: [[2, 3, 5, 14]] },
  { file: 'src/many.ts', code: block('many'), findings: [[2, 3, 3, 10], [4, 3, 5, 14]] },
  { file: 'src/one-line.ts', code: block('oneLine'), findings: [[7, 3, 7, 27]] },
  { file: 'src/clean.ts', code: block('clean'), findings: [] },
  { file: 'src/edited.ts', code: block('edited'), findings: [[2, 3, 5, 14]] },
];

const reports = CASES.flatMap(({ file, findings }) =>
  findings.map(([line, column, endLine, endColumn]) => ({
    rule: 'no-duplicate-block',
    report: { file, line, column, endLine, endColumn, messageId: 'duplicateBlock', data: { lines: endLine - line + 1, tokens: 60, others: 'src/other.ts:1-5' } },
  })),
);
const files = CASES.map(({ file, code }) => ({ file, hash: hashBytes(file === 'src/edited.ts' ? `${code}// since edited\n` : code) }));
writeIndex(root, buildCloneIndex(root, ['no-duplicate-block'], files, reports));
// A root whose index is corrupt, one whose index was written with the rule off, and one whose index is plain JSON, sealed by no one.
const corruptRoot = path.join(otherRoot, 'corrupt');
mkdirSync(path.join(corruptRoot, DEFAULT_CACHE_LOCATION), { recursive: true });
writeFileSync(path.join(corruptRoot, DEFAULT_CACHE_LOCATION, CLONE_INDEX_FILE), '{"version": 1, "root": ');
const ruleOffRoot = path.join(otherRoot, 'rule-off');
writeIndex(ruleOffRoot, buildCloneIndex(ruleOffRoot, ['no-duplicate-function'], files, reports));
const unsealedRoot = path.join(otherRoot, 'unsealed');
mkdirSync(path.join(unsealedRoot, DEFAULT_CACHE_LOCATION), { recursive: true });
writeFileSync(path.join(unsealedRoot, DEFAULT_CACHE_LOCATION, CLONE_INDEX_FILE), JSON.stringify(buildCloneIndex(unsealedRoot, ['no-duplicate-block'], files, reports)));

/** Writes an index as the scanner does, sealed with this user's secret. */
function writeIndex(dir: string, index: CloneIndex): void {
  const user = openUserCache(process.env.DEBT_SCAN_USER_CACHE, dir);
  if (!user.ok) throw new Error(user.reason);
  writeCloneIndex(path.join(dir, DEFAULT_CACHE_LOCATION), index, user.cache.secret);
}

const at = (dir: string, file: string) => path.join(dir, file);
const codeOf = (file: string) => CASES.find((c) => c.file === file)!.code;

const ruleTester = createRuleTester();

ruleTester.run('no-duplicate-block', eslintRule('no-duplicate-block'), {
  valid: [
    // Without an index the detector alone reports nothing: jscpd runs in the scanner only.
    block('anywhere'),
    { code: block('a') + block('b'), filename: 'copies.ts' },
    { code: jsBlock, filename: 'report.js' },
    // The index holds no finding for this file.
    { code: codeOf('src/clean.ts'), filename: at(root, 'src/clean.ts') },
    // The file changed since the scan: the index is not current for it.
    { code: codeOf('src/edited.ts'), filename: at(root, 'src/edited.ts') },
    { code: `${codeOf('src/sales.ts')}\n`, filename: at(root, 'src/sales.ts') },
    // A file the scan did not cover.
    { code: codeOf('src/sales.ts'), filename: at(root, 'src/unscanned.ts') },
    // A corrupt index, an index written while the rule was off, and one this user's secret did not seal, are ignored.
    { code: codeOf('src/sales.ts'), filename: at(corruptRoot, 'src/sales.ts') },
    { code: codeOf('src/sales.ts'), filename: at(ruleOffRoot, 'src/sales.ts') },
    { code: codeOf('src/sales.ts'), filename: at(unsealedRoot, 'src/sales.ts') },
    { code: `${block('view')}export const View = () => <pre>{view([], 'y')}</pre>;\n`, filename: at(root, 'src/view.tsx') },
  ],
  invalid: [
    {
      code: codeOf('src/sales.ts'),
      filename: at(root, 'src/sales.ts'),
      errors: [{ messageId: 'duplicateBlock', line: 2, column: 3, endLine: 5, endColumn: 14, data: { lines: 4, tokens: 60, others: 'src/other.ts:1-5' } }],
    },
    { code: codeOf('src/stock.ts'), filename: at(root, 'src/stock.ts'), errors: [{ messageId: 'duplicateBlock', line: 1, column: 34, endLine: 5, endColumn: 14 }] },
    {
      code: codeOf('src/two.ts'),
      filename: at(root, 'src/two.ts'),
      errors: [
        { messageId: 'duplicateBlock', line: 2, column: 3 },
        { messageId: 'duplicateBlock', line: 10, column: 3, endLine: 13, endColumn: 14 },
      ],
    },
    { code: codeOf('src/view.tsx'), filename: at(root, 'src/view.tsx'), errors: [{ messageId: 'duplicateBlock', line: 2, column: 3, endLine: 6, endColumn: 3 }] },
    { code: codeOf('src/report.js'), filename: at(root, 'src/report.js'), errors: [{ messageId: 'duplicateBlock', line: 1, column: 1, endLine: 8, endColumn: 2 }] },
    { code: codeOf('src/report.mjs'), filename: at(root, 'src/report.mjs'), errors: [{ messageId: 'duplicateBlock', line: 2, column: 3, endLine: 4, endColumn: 40 }] },
    { code: codeOf('src/nested/deep/report.cts'), filename: at(root, 'src/nested/deep/report.cts'), errors: [{ messageId: 'duplicateBlock', line: 3, column: 3 }] },
    { code: codeOf('src/crlf.ts'), filename: at(root, 'src/crlf.ts'), errors: [{ messageId: 'duplicateBlock', line: 2, column: 3, endLine: 5, endColumn: 14 }] },
    {
      code: codeOf('src/many.ts'),
      filename: at(root, 'src/many.ts'),
      errors: [
        { messageId: 'duplicateBlock', line: 2, column: 3, endLine: 3, endColumn: 10, data: { lines: 2, tokens: 60, others: 'src/other.ts:1-5' } },
        { messageId: 'duplicateBlock', line: 4, column: 3, endLine: 5, endColumn: 14 },
      ],
    },
    { code: codeOf('src/one-line.ts'), filename: at(root, 'src/one-line.ts'), errors: [{ messageId: 'duplicateBlock', line: 7, column: 3, endLine: 7, endColumn: 27 }] },
  ],
});

describe('the cross-file phase', () => {
  const member = (file: string, line: number, endLine: number, within = 'render') => ({ file, line, column: 1, endLine, endColumn: 2, within });
  const project = (tokens: number, lines: number, more: ReturnType<typeof member>[] = []) =>
    blockRule.crossFile!({
      files: [],
      options: [{ minTokens: 50, minLines: 5 }],
      resolveImport: () => undefined,
      root: '/repo',
      analyses: {
        clones: { functionClasses: [], blockClasses: [{ lines, tokens, members: [member('src/a.ts', 10, 9 + lines), member('src/b.ts', 40, 39 + lines, 'Page > save'), ...more] }], jscpd: 'ran', stats: {} },
      },
    });

  it('reports every copy but the first, pointing at the others', () => {
    const [report] = project(60, 8);
    expect([report.file, report.line, report.endLine, report.related?.map((r) => `${r.file}:${r.line}`)]).toEqual(['src/b.ts', 40, 47, ['src/a.ts:10']]);
  });

  it('names the alert by the functions around the block, not by the size of the match, which edits next to a copy change, nor by the other copies', () => {
    expect(project(60, 8)[0].fingerprintText).toBe(project(75, 10)[0].fingerprintText);
    expect(project(60, 8)[0].fingerprintText).toBe(project(60, 8, [member('src/c.ts', 3, 10)])[0].fingerprintText);
    expect(project(60, 8)[0].fingerprintText).toBe('block\u0000Page > save');
  });
});
