import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/model/types.js';
import { actualFindings, copyFixture, expectedFindings, runCli, temporaryDirectories } from '../helpers/fixtures.js';

const temporary = temporaryDirectories();

async function scan(dir: string, args: readonly string[] = []): Promise<ReportModel> {
  const result = await runCli(['.', '--format', 'json', '--output', 'report.json', '--fail-on', 'never', ...args], dir);
  expect(result.stderr).not.toMatch(/internal error/u);
  expect(result.code).toBe(0);
  return JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportModel;
}

function copy(fixture: string): string {
  const dir = copyFixture(fixture);
  temporary.keep(dir);
  return dir;
}

describe.each(['ai-app', 'clean', 'odd-files', 'workspace', 'typed'])('a typed scan of fixtures/%s', (fixture) => {
  it('reports exactly the findings marked for a typed scan (expect: and expect-typed:)', async () => {
    const dir = copy(fixture);
    const report = await scan(dir, ['--typed', '--no-cache']);
    expect(actualFindings(report.findings)).toEqual(expectedFindings(dir, 'typed'));
    expect(report.notifications.filter((n) => n.kind === 'rule-failure' || n.kind === 'analysis-failure')).toEqual([]);
    expect(report.types).toBeDefined();
  });
});

describe('the typed scan of fixtures/typed', () => {
  it('types the files of a usable tsconfig, says how many, and names each tsconfig it could not use', async () => {
    const dir = copy('typed');
    const report = await scan(dir, ['--typed', '--no-cache']);
    // The app's tsconfig extends a package of the workspace, which is not installed: it resolves as an install would link it.
    expect(report.types?.files).toBe(2);
    expect(report.types?.untypedFiles).toBe(4);
    expect(report.types?.programs.map((p) => [p.config, p.files])).toEqual([['packages/app/tsconfig.json', 2]]);
    expect(report.notifications.filter((n) => n.kind.startsWith('typed')).map((n) => [n.file, n.message])).toEqual([
      ['packages/broken/tsconfig.json', "packages/broken/tsconfig.json: does not parse as JSON: ']' expected (line 4); the files it governs were analysed without types"],
      ['packages/empty/tsconfig.json', 'packages/empty/tsconfig.json: it includes no file that debt-scan scans; the files it governs were analysed without types'],
      ['packages/missing-base/tsconfig.json', "packages/missing-base/tsconfig.json: Cannot read file 'packages/missing-base/tsconfig.base.json'; the files it governs were analysed without types"],
    ]);
    const untyped = await scan(dir, ['--no-cache']);
    expect(untyped.types).toBeUndefined();
    expect(actualFindings(untyped.findings)).toEqual(expectedFindings(dir, 'untyped'));
    // A finding both scans make has one fingerprint, so a baseline holds across them: a floating
    // call of another file's function (canvas.ts:24) comes from the cross-file phase in both.
    const untypedPrints = new Set(untyped.findings.map((f) => f.fingerprint));
    expect(report.findings.filter((f) => !untypedPrints.has(f.fingerprint)).map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([]);
  });

  it('analyses a program over the memory budget without types, and says so', async () => {
    const dir = copy('typed');
    writeFileSync(path.join(dir, 'debt-scan.config.json'), JSON.stringify({ preset: 'strict', typed: { maxProgramMiB: 16 } }));
    const report = await scan(dir, ['--no-cache']);
    expect(report.types?.files).toBe(0);
    expect(report.types?.untypedFiles).toBe(6);
    const memory = report.notifications.filter((n) => n.kind === 'typed-memory');
    expect(memory.map((n) => n.file)).toEqual(['packages/app/tsconfig.json']);
    expect(memory[0].message).toMatch(/^packages\/app\/tsconfig\.json: its program would take about \d+ MiB, over the 16 MiB budget \(typed\.maxProgramMiB\); its 2 files were analysed without types$/u);
    expect(actualFindings(report.findings)).toEqual(expectedFindings(dir, 'untyped'));
  });

  it('is asked for by "typed": true in the configuration, and --no-typed overrides it', async () => {
    const dir = copy('typed');
    writeFileSync(path.join(dir, 'debt-scan.config.json'), JSON.stringify({ preset: 'strict', typed: true }));
    expect(actualFindings((await scan(dir, ['--no-cache'])).findings)).toEqual(expectedFindings(dir, 'typed'));
    const off = await scan(dir, ['--no-cache', '--no-typed']);
    expect(off.types).toBeUndefined();
    expect(actualFindings(off.findings)).toEqual(expectedFindings(dir, 'untyped'));
  });

  it('never serves a typed file from the cache, and never caches a typed result for an untyped scan', async () => {
    const dir = copy('typed');
    const cache = ['--cache-location', path.join(dir, '.cache')];
    expect(actualFindings((await scan(dir, cache)).findings)).toEqual(expectedFindings(dir, 'untyped'));
    expect(actualFindings((await scan(dir, [...cache, '--typed'])).findings)).toEqual(expectedFindings(dir, 'typed'));
    expect(actualFindings((await scan(dir, cache)).findings)).toEqual(expectedFindings(dir, 'untyped'));
    expect(actualFindings((await scan(dir, [...cache, '--typed'])).findings)).toEqual(expectedFindings(dir, 'typed'));
  });

  it('rejects an invalid typed setting in the configuration with a clear message', async () => {
    const dir = copy('typed');
    writeFileSync(path.join(dir, 'debt-scan.config.json'), JSON.stringify({ typed: { maxProgramMiB: 'lots' } }));
    const result = await runCli(['.', '--no-cache'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/typed/u);
    expect(result.stderr).not.toMatch(/\n\s+at /u);
  });
});

describe('which tsconfig types a file', () => {
  it('follows a solution-style tsconfig to the referenced one that includes the file, and leaves files no tsconfig includes untyped', async () => {
    const dir = temporary.make('debt-scan-typed-solution-');
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    write('tsconfig.json', JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }, { path: './tsconfig.node.json' }] }));
    write('tsconfig.app.json', JSON.stringify({ compilerOptions: { strict: true, noUncheckedIndexedAccess: true }, include: ['src'] }));
    write('tsconfig.node.json', JSON.stringify({ compilerOptions: { strict: true }, include: ['vite.config.ts'] }));
    write('src/first.ts', 'export function first(xs: string[]): string {\n  const kept = xs.filter(Boolean);\n  return kept[0].trim();\n}\n');
    write('src/rows.ts', 'export function firstRow(rows: string[][]): number {\n  const kept = rows.filter((r) => r.length > 0);\n  return kept[0].length;\n}\n');
    write('vite.config.ts', 'export default { plugins: [] };\n');
    write('other/loose.ts', 'export function loose(xs: string[]): string {\n  const kept = xs.filter(Boolean);\n  return kept[0].trim();\n}\n');
    const report = await scan(dir, ['--typed', '--no-cache', '--preset', 'strict']);
    expect(report.types?.programs.map((p) => [p.config, p.files])).toEqual([
      ['tsconfig.app.json', 2],
      ['tsconfig.node.json', 1],
    ]);
    expect(report.types?.untypedFiles).toBe(1);
    // src/ is typed by tsconfig.app.json, whose noUncheckedIndexedAccess leaves the accesses to the
    // compiler; other/loose.ts is governed by the solution, whose references do not include it: untyped, reported.
    expect(actualFindings(report.findings.filter((f) => f.ruleId === 'debt-scan/no-unchecked-index-access'))).toEqual(['other/loose.ts:3 debt-scan/no-unchecked-index-access']);
  });

  it('leaves an access alone under noUncheckedIndexedAccess, where the compiler makes the code check the element', async () => {
    const dir = temporary.make('debt-scan-typed-unchecked-');
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noUncheckedIndexedAccess: true }, include: ['*.ts'] }));
    writeFileSync(path.join(dir, 'first.ts'), 'export function first(xs: { id: string }[]): string {\n  const kept = xs.filter((x) => x.id);\n  return kept[0].id;\n}\n');
    const access = (report: ReportModel) => actualFindings(report.findings.filter((f) => f.ruleId === 'debt-scan/no-unchecked-index-access'));
    expect(access(await scan(dir, ['--no-cache', '--preset', 'strict']))).toEqual(['first.ts:3 debt-scan/no-unchecked-index-access']);
    expect(access(await scan(dir, ['--typed', '--no-cache', '--preset', 'strict']))).toEqual([]);
  });
});
