import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { scan } from '../../src/index.js';
import { removeDirectory } from '../helpers/fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-xsuppress-'));
afterAll(() => removeDirectory(dir));

it('applies eslint-disable comments to findings of cross-file phases too', async () => {
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "x", "type": "module" }');
  writeFileSync(
    path.join(dir, 'a.ts'),
    [
      "// eslint-disable-next-line debt-scan/no-unresolved-import -- generated at build time",
      "import { one } from './generated.js';",
      "import { two } from './missing.js';",
      'export const sum = one + two;',
      '',
    ].join('\n'),
  );
  const report = await scan({ root: dir, cache: false, workers: 0, preset: 'strict' });
  const unresolved = (list: typeof report.findings) => list.filter((f) => f.ruleId === 'debt-scan/no-unresolved-import').map((f) => f.line);
  expect(unresolved(report.findings)).toEqual([3]);
  expect(unresolved(report.suppressed)).toEqual([2]);
  expect(report.suppressed[0].suppression).toEqual({ kind: 'inSource', justification: 'generated at build time' });
});
