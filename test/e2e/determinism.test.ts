import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, removeDirectory } from '../helpers/fixtures.js';

type Library = typeof import('../../src/index.js');

/** A project of many small files, so that work is split into many batches across workers. */
function makeProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-determinism-'));
  for (let i = 0; i < 120; i++) {
    const branches = Array.from({ length: 4 + (i % 5) }, (_, b) => `  if (x === ${b}) return ${b * i};`).join('\n');
    const file = path.join(dir, `pkg${i % 4}`, `mod${i % 7}`, `file${i}.ts`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `import { helper } from '../mod${(i + 1) % 7}/file${(i + 1) % 120}.js';\n\nexport function f${i}(x: number): number {\n${branches}\n  return helper(x);\n}\n`);
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
      expect(report.timings?.workers).toBe(workers);
      outputs.push([library.render(report, 'json'), library.render(report, 'sarif')]);
    }
    expect(JSON.parse(outputs[0][0]).summary.findings).toBeGreaterThan(10);
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });
});
