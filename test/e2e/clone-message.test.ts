import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { scan } from '../../src/index.js';
import { removeDirectory } from '../helpers/fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-many-copies-'));
afterAll(() => removeDirectory(dir));

it('names at most eight copies in a clone message and leaves the rest to the related locations', async () => {
  mkdirSync(path.join(dir, 'src'));
  for (let i = 0; i < 10; i++) {
    writeFileSync(
      path.join(dir, 'src', `copy${i}.ts`),
      `export function total${i}(items: { price: number; quantity: number }[]): number {\n  let sum = 0;\n  for (const item of items) {\n    if (item.quantity <= 0) continue;\n    sum += item.price * item.quantity;\n  }\n  const rounded = Math.round(sum * 100) / 100;\n  return rounded;\n}\n`,
    );
  }
  const report = await scan({ root: dir, cache: false, workers: 0, config: { preset: 'strict', rules: { 'no-duplicate-block': 'off' } } });
  const clones = report.findings.filter((f) => f.ruleId === 'debt-scan/no-duplicate-function');
  expect(clones).toHaveLength(9);
  for (const finding of clones) {
    expect(finding.message).toMatch(/10 copies in all: (?:[^,]+, ){7}[^,]+ and 2 more\./u);
    expect(finding.related).toHaveLength(9);
  }
});
