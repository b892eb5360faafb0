import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, removeDirectory } from '../helpers/fixtures.js';

type Library = typeof import('../../src/index.js');

/**
 * A project of many small files, so that work is split into many batches across workers; with
 * `functions` above 1, each file holds that many functions more (1,500 files of 24 make about 6 MB).
 */
function makeProject(files = 120, functions = 1): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-determinism-'));
  for (let i = 0; i < files; i++) {
    const branches = Array.from({ length: 4 + (i % 5) }, (_, b) => `  if (x === ${b}) return ${b * i};`).join('\n');
    const more = Array.from({ length: functions - 1 }, (_, k) => `\nexport function g${i}_${k}(items: number[]): number {\n  let total = ${k};\n  for (const item of items) total += item * ${i % 13} - ${k};\n  return total;\n}\n`).join('');
    const file = path.join(dir, `pkg${i % 4}`, `mod${i % 7}`, `file${i}.ts`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `import { helper } from '../mod${(i + 1) % 7}/file${(i + 1) % files}.js';\n\nexport function f${i}(x: number): number {\n${branches}\n  return helper(x);\n}\n${more}`);
  }
  return dir;
}

describe('output does not depend on the number of workers', () => {
  let dir: string;
  let library: Library;
  beforeAll(async () => {
    dir = makeProject();
    library = (await import(path.join(REPO_ROOT, 'dist/src/index.js'))) as Library;
  });
  afterAll(() => removeDirectory(dir));

  it('gives byte-identical JSON and SARIF with 0, 1 and 2 workers and small batches', async () => {
    const outputs = [];
    for (const workers of [0, 1, 2]) {
      const report = await library.scan({ root: dir, cache: false, workers, batchFiles: 3, config: { rules: { 'no-complex-function': ['warn', { maxComplexity: 5 }] } } });
      // Workers run beside the main thread, at most one per further core.
      expect(report.timings?.workers).toBe(Math.min(workers, availableParallelism() - 1));
      outputs.push([library.render(report, 'json'), library.render(report, 'sarif')]);
    }
    expect(JSON.parse(outputs[0][0]).summary.findings).toBeGreaterThan(10);
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });

  it.skipIf(availableParallelism() < 2)('gives the same output by default, when a trial decides whether workers pay, as with none', async () => {
    // Large enough that the analysis outlasts the trial also on a loaded machine, whose workers
    // start slowly (a fresh per-user directory has no code cache for TypeScript): with 1,500 files
    // the scan once finished before the trial's verdict in a full run of the suite.
    const large = makeProject(3000, 24);
    const userCache = mkdtempSync(path.join(tmpdir(), 'debt-scan-determinism-user-'));
    try {
      // With clone fingerprints (no-duplicate-function on) the analysis lasts long enough for the trial to reach its verdict.
      const options = { root: large, cacheLocation: path.join(large, '.cache'), userCacheLocation: userCache, config: { rules: { 'no-duplicate-function': 'warn' as const } } };
      const trial = await library.scan(options);
      // The trial ran to its verdict while the scan worked, and was kept for the next scan.
      expect(trial.timings?.workers).toBeGreaterThan(0);
      expect(trial.timings?.workerGain).toBeGreaterThan(0);
      rmSync(path.join(large, '.cache'), { recursive: true });
      const next = await library.scan(options);
      expect(next.timings?.workerGain).toBeUndefined();
      expect(next.timings?.workers).toBe(trial.timings?.workersRetired === 1 ? 0 : trial.timings?.workers);
      rmSync(path.join(large, '.cache'), { recursive: true });
      const none = await library.scan({ ...options, workers: 0 });
      for (const report of [trial, next]) expect([library.render(report, 'json'), library.render(report, 'sarif')]).toEqual([library.render(none, 'json'), library.render(none, 'sarif')]);
    } finally {
      removeDirectory(large);
      removeDirectory(userCache);
    }
  }, 120_000);
});

/** Files nested deeper than this thread's stack allows, one too deep for any, and a block copied between two others. */
function makeDeepProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-deep-'));
  mkdirSync(path.join(dir, 'src'));
  for (const depth of [500, 2000, 5000]) {
    const text = [
      `export const parens =\n${'(\n'.repeat(depth)}1\n${')\n'.repeat(depth)};`,
      `export const sum =\n${Array.from({ length: depth }, () => '1').join(' +\n')};`,
      `export function nested(x: number): number {\n${'if (x) {\n'.repeat(depth)}return 1;\n${'}\n'.repeat(depth)}return 0;\n}`,
      `export const arrays = ${'[\n'.repeat(depth)}1${']\n'.repeat(depth)};`,
    ].join('\n');
    writeFileSync(path.join(dir, 'src', `deep${depth}.ts`), `${text}\n`);
  }
  writeFileSync(path.join(dir, 'src', 'abyss.ts'), `export const a =\n${'(\n'.repeat(200_000)}1\n${')\n'.repeat(200_000)};\n`);
  const block = Array.from({ length: 12 }, (_, i) => `  total += values[${i}] * ${i + 2} - offset;`).join('\n');
  for (const name of ['left', 'right']) {
    writeFileSync(path.join(dir, 'src', `${name}.ts`), `export function ${name}(values: number[], offset: number): number {\n  let total = 0;\n${block}\n  return total;\n}\n`);
  }
  return dir;
}

describe('deeply nested files', () => {
  let dir: string;
  let library: Library;
  beforeAll(async () => {
    dir = makeDeepProject();
    library = (await import(path.join(REPO_ROOT, 'dist/src/index.js'))) as Library;
  });
  afterAll(() => removeDirectory(dir));

  it('are analysed alike with 0 and 2 workers, and one too deep for any stack is a named skip', async () => {
    const outputs = [];
    for (const workers of [0, 2]) {
      const report = await library.scan({ root: dir, cache: false, workers, batchFiles: 2, preset: 'strict' });
      outputs.push(library.render(report, 'json'));
    }
    expect(outputs[1]).toEqual(outputs[0]);
    const report = JSON.parse(outputs[0]) as { files: { skippedFiles: { file: string; reason: string }[] }; findings: { file: string; ruleId: string }[]; notifications: { kind: string }[] };
    expect(report.files.skippedFiles).toEqual([{ file: 'src/abyss.ts', reason: 'too-deep' }]);
    expect(report.notifications.map((n) => n.kind)).toEqual(['too-deep']);
    // every deep file was analysed: its nested function is too complex
    const complex = report.findings.filter((f) => f.ruleId === 'debt-scan/no-complex-function').map((f) => f.file);
    expect(complex).toEqual(['src/deep500.ts', 'src/deep2000.ts', 'src/deep5000.ts'].sort());
    // the file jscpd cannot read does not take the clone search of the others with it (no jscpd-failure above)
    expect(report.findings.filter((f) => f.ruleId === 'debt-scan/no-duplicate-function').map((f) => f.file)).toEqual(['src/right.ts']);
  }, 120_000);

  it('are analysed in workers also when the library runs in `node --input-type=module -e`', () => {
    const script = `const { scan } = await import(${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist/src/index.js')).href)});
const report = await scan({ root: ${JSON.stringify(dir)}, cache: false, workers: 2, preset: 'strict' });
process.stdout.write(JSON.stringify(report.files.skippedFiles));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual([{ file: 'src/abyss.ts', reason: 'too-deep' }]);
    // With a V8 option too, which Node refuses to pass to a worker explicitly: the workers start without it.
    const withHeap = execFileSync(process.execPath, ['--max-old-space-size=2048', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(withHeap)).toEqual([{ file: 'src/abyss.ts', reason: 'too-deep' }]);
  }, 120_000);

  it('are analysed in workers when the CLI runs under `node --max-old-space-size=…`, with the same report as without workers', () => {
    const cli = path.join(REPO_ROOT, 'dist/src/cli/bin.js');
    const run = (args: string[]) => execFileSync(process.execPath, ['--max-old-space-size=2048', cli, dir, '--no-cache', '--timings', '--preset', 'strict', '--format', 'json', ...args], { encoding: 'utf8' });
    const [pooled, alone] = [run(['--workers', '2']), run(['--workers', '0'])].map((text) => JSON.parse(text) as { findings: unknown[]; timings?: { workers?: number } });
    expect(pooled.timings?.workers).toBe(Math.min(2, availableParallelism() - 1));
    expect(pooled.findings).toEqual(alone.findings);
    expect(alone.findings.length).toBeGreaterThan(0);
  }, 120_000);
});
