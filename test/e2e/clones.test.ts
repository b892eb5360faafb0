import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { CLONE_INDEX_FILE, DEFAULT_CACHE_LOCATION, readCloneIndex } from '../../src/clones/clone-index.js';
import { readUserSecret } from '../../src/cache/user-cache.js';
import { CACHE_FILE } from '../../src/cache/file-cache.js';
import type { ClonesData } from '../../src/clones/clones.js';
import type { FileSource } from '../../src/source/file-source.js';
import type { Finding, ReportModel } from '../../src/model/types.js';
import { scan } from '../../src/index.js';
import { eslintFor } from '../helpers/eslint.js';
import { REPO_ROOT, copyFixture, removeDirectory } from '../helpers/fixtures.js';

const DUPLICATION = new Set(['debt-scan/no-duplicate-function', 'debt-scan/no-duplicate-block']);

/** `file:line:column-endLine:endColumn rule message` of a finding or an ESLint message. */
const line = (file: string, f: { line: number; column: number; endLine?: number; endColumn?: number; ruleId: string | null; message: string }) =>
  `${file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId} ${f.message}`;

async function lintDuplication(root: string, files: string[]): Promise<string[]> {
  const eslint = eslintFor(root, loadConfig(root).config);
  const results = await eslint.lintFiles(files);
  return results.flatMap((r) =>
    r.messages.filter((m) => DUPLICATION.has(m.ruleId ?? '')).map((m) => line(path.relative(root, r.filePath).split(path.sep).join('/'), m)),
  );
}

const scannerLines = (report: ReportModel, files: string[]) =>
  report.findings.filter((f: Finding) => DUPLICATION.has(f.ruleId) && files.includes(f.file)).map((f) => line(f.file, f));

describe('clone detection on fixtures/ai-app', () => {
  const dir = copyFixture('ai-app');
  afterAll(() => removeDirectory(dir));
  const files = ['src/components/price-label.tsx', 'src/services/invoice.ts', 'src/services/catalog.ts', 'src/services/stock-report.ts', 'src/utils/format-currency.ts'];

  it('finds every seeded class with all its members, the one to keep and what to import', async () => {
    const report = await scan({ root: dir, workers: 0, cache: false });
    const clones = report.analyses.clones as ClonesData;
    const classes = clones.functionClasses.filter((c) => c.members.some((m) => files.includes(m.file)));
    expect(classes.map((c) => [c.type, c.members.map((m) => `${m.file}:${m.line} ${m.name}`), `${c.members[c.keep].name}`])).toEqual([
      [3, ['src/components/price-label.tsx:6 formatPrice', 'src/services/invoice.ts:20 formatMoney', 'src/utils/format-currency.ts:6 formatCurrency'], 'formatCurrency'],
      [1, ['src/services/catalog.ts:12 slugify', 'src/utils/format-currency.ts:15 slugify'], 'slugify'],
      [2, ['src/services/invoice.ts:38 checkBillingAddress', 'src/services/invoice.ts:47 checkShippingAddress'], 'checkBillingAddress'],
    ]);
    expect(classes[0].members.map((m) => [m.type, m.similarity])).toEqual([[2, 1], [3, 0.87], [1, 1]]);
    const formatPrice = report.findings.find((f) => f.file === 'src/components/price-label.tsx' && f.ruleId === 'debt-scan/no-duplicate-function')!;
    expect(formatPrice.message).toBe(
      "Function 'formatPrice' is a renamed copy of 'formatCurrency' (src/utils/format-currency.ts:6); 3 copies in all: line 6, src/services/invoice.ts:20, src/utils/format-currency.ts:6. A fix made in one copy does not reach the others. Keep 'formatCurrency' (the exported one), import it from src/utils/format-currency.ts instead.",
    );
    expect(formatPrice.related?.map((r) => `${r.file}:${r.line} ${r.message}`)).toEqual([
      "src/services/invoice.ts:20 copy 'formatMoney'",
      "src/utils/format-currency.ts:6 'formatCurrency', the copy to keep",
    ]);
    expect(formatPrice.properties).toEqual({ cloneType: 2, similarity: 1, copies: 3, keep: 'src/utils/format-currency.ts:6' });
    expect(clones.jscpd).toBe('ran');
    expect(clones.blockClasses.map((c) => c.members.map((m) => `${m.file}:${m.line}-${m.endLine}`))).toEqual([['src/services/sales-report.ts:10-17', 'src/services/stock-report.ts:8-15']]);
    // The pasted slugify is reported once, as a function clone, not again as a block.
    expect(report.findings.filter((f) => f.file === 'src/services/catalog.ts' && DUPLICATION.has(f.ruleId)).map((f) => f.ruleId)).toEqual(['debt-scan/no-duplicate-function']);
  });

  it('gives ESLint the same within-file finding as the scanner, position and message, without an index', async () => {
    const report = await scan({ root: dir, workers: 0, cache: false });
    const withinFile = scannerLines(report, ['src/services/invoice.ts']).filter((l) => l.includes('checkShippingAddress'));
    expect(withinFile).toHaveLength(1);
    expect(await lintDuplication(dir, ['src/services/invoice.ts'])).toEqual(withinFile);
    // Cross-file copies need the index: without it ESLint sees none.
    expect(await lintDuplication(dir, ['src/components/price-label.tsx', 'src/services/catalog.ts', 'src/services/stock-report.ts'])).toEqual([]);
  });

  it('gives ESLint the scanner’s cross-file findings while the index is current, and only those', async () => {
    const report = await scan({ root: dir, workers: 0 });
    const index = path.join(dir, DEFAULT_CACHE_LOCATION, CLONE_INDEX_FILE);
    expect(readCloneIndex(index, readUserSecret(process.env.DEBT_SCAN_USER_CACHE)!)?.rules).toEqual(['no-duplicate-block', 'no-duplicate-function']);
    const expected = scannerLines(report, files).sort();
    expect(expected).toHaveLength(5);
    expect((await lintDuplication(dir, files)).sort()).toEqual(expected);
  });

  it('compares an edited or new file with the functions of the last scan, as it is typed', async () => {
    const report = await scan({ root: dir, workers: 0 });
    const before = scannerLines(report, ['src/components/price-label.tsx']);
    expect(before).toHaveLength(1);
    appendFileSync(path.join(dir, 'src/components/price-label.tsx'), '\nexport const currencies = 4;\n');
    // Not the scan's text any more: the finding comes from comparing the file's functions now, the same finding.
    expect(await lintDuplication(dir, ['src/components/price-label.tsx'])).toEqual(before);
    // A helper written again in a file the scan never saw.
    const helper = readFileSync(path.join(dir, 'src/utils/format-currency.ts'), 'utf8').split('\n').slice(2, 13).join('\n');
    const typed = helper.replace('export function formatCurrency(amountInCents', 'function toMoney(amountInCents').replace(/SYMBOLS/g, 'SIGNS');
    writeFileSync(path.join(dir, 'src/components/new-widget.ts'), `const SIGNS: Record<string, string> = {};\n${typed}\nexport const widget = toMoney(100, 'EUR');\n`);
    expect(await lintDuplication(dir, ['src/components/new-widget.ts'])).toEqual([
      "src/components/new-widget.ts:5:1-5:67 debt-scan/no-duplicate-function Function 'toMoney' is a renamed copy of 'formatCurrency' (src/utils/format-currency.ts:6); 4 copies in all: line 5, src/components/price-label.tsx:6, src/services/invoice.ts:20, src/utils/format-currency.ts:6. A fix made in one copy does not reach the others. Keep 'formatCurrency' (the exported one), import it from src/utils/format-currency.ts instead.",
    ]);
  });

  it('falls back to within-file copies when the index is corrupt', async () => {
    await scan({ root: dir, workers: 0 });
    expect(await lintDuplication(dir, ['src/services/invoice.ts'])).toHaveLength(2);
    writeFileSync(path.join(dir, DEFAULT_CACHE_LOCATION, CLONE_INDEX_FILE), '{"version":1,"root":');
    const invoice = await lintDuplication(dir, ['src/services/invoice.ts']);
    expect(invoice).toHaveLength(1);
    expect(invoice[0]).toContain('checkShippingAddress');
  });

  it('is deterministic: the same classes and findings with or without workers (built library)', async () => {
    const library = (await import(path.join(REPO_ROOT, 'dist/src/index.js'))) as typeof import('../../src/index.js');
    const inThread = await library.scan({ root: dir, workers: 0, cache: false });
    const inWorkers = await library.scan({ root: dir, workers: 1, cache: false, batchFiles: 2 });
    expect(inWorkers.timings?.workers).toBe(1);
    expect(inWorkers.analyses.clones).toEqual(inThread.analyses.clones);
    expect(inWorkers.findings.filter((f) => DUPLICATION.has(f.ruleId))).toEqual(inThread.findings.filter((f) => DUPLICATION.has(f.ruleId)));
  });
});

describe('a scan of a folder of a git working tree', () => {
  it('keeps its cache in the repository\'s node_modules, not in a new one in the folder, and ESLint finds its index there', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'debt-scan-folder-'));
    try {
      execFileSync('git', ['init', '--quiet'], { cwd: repo });
      mkdirSync(path.join(repo, 'node_modules'));
      const fixture = copyFixture('ai-app');
      cpSync(fixture, path.join(repo, 'packages/app'), { recursive: true });
      removeDirectory(fixture);
      const root = path.join(repo, 'packages/app');
      const report = await scan({ root, workers: 0 });
      expect(existsSync(path.join(root, 'node_modules'))).toBe(false);
      const cache = path.join(repo, DEFAULT_CACHE_LOCATION, 'roots', 'packages', 'app');
      expect(readdirSync(cache).map((name) => name.replace(/^facts-[0-9a-f]{16}\.bin$/u, 'facts-<id>.bin')).sort()).toEqual([CACHE_FILE, CLONE_INDEX_FILE, 'facts-<id>.bin'].sort());
      const files = ['src/components/price-label.tsx', 'src/services/invoice.ts', 'src/services/catalog.ts', 'src/services/stock-report.ts', 'src/utils/format-currency.ts'];
      const expected = scannerLines(report, files).sort();
      expect(expected).toHaveLength(5);
      expect((await lintDuplication(root, files)).sort()).toEqual(expected);
      // The next run finds its cache there and analyses nothing again.
      expect((await scan({ root, workers: 0 })).timings?.filesFromCache).toBe(report.files.scanned);
    } finally {
      removeDirectory(repo);
    }
  });
});

describe('clone detection on files that are not on the disk (a git tree)', () => {
  it('hands jscpd the files of the source, not those of the working tree', async () => {
    const root = copyFixture('clean');
    const fixture = copyFixture('ai-app');
    try {
      const files = ['src/services/sales-report.ts', 'src/services/stock-report.ts', 'src/utils/format-currency.ts', 'src/services/catalog.ts'];
      const contents = new Map(files.map((file) => [file, readFileSync(path.join(fixture, file))]));
      const source: FileSource = {
        entries: files.map((file) => ({ file, size: contents.get(file)!.length, id: file })),
        read: async (entries) => entries.map((e) => contents.get(e.file)!),
      };
      const report = await scan({ root, workers: 0, source });
      const clones = report.analyses.clones as ClonesData;
      expect(clones.jscpd).toBe('ran');
      expect(clones.blockClasses.map((c) => c.members.map((m) => `${m.file}:${m.line}`))).toEqual([['src/services/sales-report.ts:10', 'src/services/stock-report.ts:8']]);
      expect(clones.functionClasses.map((c) => c.members.map((m) => m.file))).toEqual([['src/services/catalog.ts', 'src/utils/format-currency.ts']]);
    } finally {
      removeDirectory(root);
      removeDirectory(fixture);
    }
  });
});


describe('block clones on lines with other than ASCII characters', () => {
  it('places them in UTF-16 code units, as every finding is, also after a byte order mark and in the git-tree path', async () => {
    const root = copyFixture('clean');
    try {
      const block = (name: string) =>
        [
          `const items${name} = [1, 2, 3];`,
          'let total = 0;   const label = "ééééé ünïcødé 🙂";',
          `for (const item of items${name}) {`,
          '  if (item > 10) { total += item * 2; } else { total -= item; }',
          '  if (total > 1000) { total = total / 2; console.log("big", total, label); }',
          '}',
          'const result = total + 3 - 7; console.log("ééééééééé", result, label, "ü");',
          'console.log(result, "éééééééééééééé 🙂🙂", label, "ééééééééé");',
        ].join('\n');
      const sources: Record<string, Buffer> = {
        'src/plain.ts': Buffer.from(`// ü\n${block('')}\n`),
        'src/with-bom.ts': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${block('')}\n`)]),
      };
      for (const [file, bytes] of Object.entries(sources)) writeFileSync(path.join(root, file), bytes);
      const lastLine = block('').split('\n').at(-1)!;
      const expected = [`src/plain.ts:2:1-9:${lastLine.length + 1}`, `src/with-bom.ts:1:1-8:${lastLine.length + 1}`];
      const placed = (report: ReportModel) =>
        (report.analyses.clones as ClonesData).blockClasses.flatMap((c) => c.members.map((m) => `${m.file}:${m.line}:${m.column}-${m.endLine}:${m.endColumn}`));
      expect(placed(await scan({ root, workers: 0, cache: false, preset: 'strict' }))).toEqual(expected);
      const source: FileSource = {
        entries: Object.entries(sources).map(([file, bytes]) => ({ file, size: bytes.length, id: file })),
        read: async (entries) => entries.map((e) => sources[e.file]),
      };
      expect(placed(await scan({ root, workers: 0, cache: false, source, preset: 'strict' }))).toEqual(expected);
    } finally {
      removeDirectory(root);
    }
  });
});
