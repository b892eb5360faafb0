import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/model/types.js';
import { copyFixture, removeDirectory, runCli } from '../helpers/fixtures.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDirectory));

describe('the built CLI on bad input', () => {
  it('skips, counts and lists every odd file of fixtures/odd-files, and still analyses the rest', async () => {
    const dir = copyFixture('odd-files');
    dirs.push(dir);
    mkdirSync(path.join(dir, 'node_modules/pkg'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules/pkg/index.js'), 'module.exports = 1;');
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist/out.js'), 'export {};');
    symlinkSync(dir, path.join(dir, 'src/loop'));
    symlinkSync(path.join(dir, 'gone.ts'), path.join(dir, 'src/dangling.ts'));

    const result = await runCli(['.', '--no-cache', '--verbose', '-f', 'text', '-f', 'json', '-o', 'report.json'], dir);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportModel;
    expect(report.files.skippedByReason).toEqual({
      binary: 1,
      declaration: 1,
      generated: 1,
      gitignored: 1,
      minified: 1,
      'not-utf8': 1,
      'parse-error': 1,
      'symlink-loop': 1,
      'too-large': 1,
      unreadable: 1,
    });
    expect(report.files.prunedDirectories).toEqual(['dist', 'node_modules']);
    expect(report.files.scanned).toBe(3);
    expect(report.notifications.map((n) => [n.kind, n.file])).toEqual([['parse-error', 'src/broken.ts']]);
    expect(result.stdout).toContain('src/broken.ts:1:34');
    expect(result.stdout).toContain('src/bundle.min.js  minified (a line of 2312 characters, limit 1000)');
    expect(result.stdout).toContain('directories not entered: dist, node_modules');
  });

  it('places findings in BOM and CRLF files exactly as in other files', async () => {
    const dir = copyFixture('odd-files');
    dirs.push(dir);
    await runCli(['.', '--no-cache', '-f', 'json', '-o', 'report.json'], dir);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportModel;
    const complexity = report.findings.filter((f) => f.ruleId === 'debt-scan/no-complex-function');
    expect(complexity.map((f) => [f.file, f.line, f.column, f.endLine, f.endColumn])).toEqual([
      ['src/bom.ts', 1, 1, 1, 52],
      ['src/crlf.ts', 1, 1, 1, 45],
    ]);
  });

  it('exits 2 with a clear message for a path that does not exist', async () => {
    const result = await runCli(['does/not/exist'], tmpdir());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('debt-scan: the path does/not/exist does not exist\n(run debt-scan --help for usage)\n');
  });

  it('gives a clear "nothing to scan" result with exit 0 for an empty directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-empty-'));
    dirs.push(dir);
    const result = await runCli(['.', '--no-cache'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Nothing to scan: no TypeScript or JavaScript source files were found here.');
  });

  it('says that the `include` globs matched nothing, rather than that there are no sources', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-include-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'lib'));
    writeFileSync(path.join(dir, 'lib/a.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(dir, 'lib/b.ts'), 'export const b = 2;\n');
    writeFileSync(path.join(dir, 'debt-scan.config.json'), '{ "include": ["src/**"] }');
    const result = await runCli(['.', '--no-cache'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Nothing to scan: the configuration's `include` globs matched none of the 2 source files found here.");
  });

  it('exits 2 naming the field for an invalid configuration, and writes no report', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-badconfig-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(dir, 'debt-scan.config.json'), '{ "modules": { "depth": "deep" } }');
    const result = await runCli(['.', '-f', 'sarif', '-o', 'debt.sarif'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('debt-scan.config.json: `modules.depth` must be an integer (found "deep")');
    expect(() => readFileSync(path.join(dir, 'debt.sarif'))).toThrow();
  });
});
