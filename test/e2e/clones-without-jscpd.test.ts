import { afterAll, expect, it, vi } from 'vitest';
import type { ClonesData } from '../../src/clones/clones.js';
import { scan } from '../../src/index.js';
import { copyFixture, removeDirectory } from '../helpers/fixtures.js';

// As on a platform for which the jscpd package ships no native engine.
vi.mock('../../src/clones/run-jscpd.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/clones/run-jscpd.js')>()),
  locateJscpdEngine: () => ({ available: false, reason: 'jscpd has no native engine for linux/riscv64 (glibc)' }),
}));

const dir = copyFixture('ai-app');
afterAll(() => removeDirectory(dir));

it('says clearly that block clones were not searched, and the rest of the scan goes on', async () => {
  const report = await scan({ root: dir, workers: 0, cache: false });
  expect(report.notifications.filter((n) => n.kind.startsWith('jscpd'))).toEqual([
    {
      level: 'warning',
      kind: 'jscpd-unavailable',
      message:
        'jscpd has no native engine for linux/riscv64 (glibc): block clones (debt-scan/no-duplicate-block) were not searched; function clones were. Reinstall with optional dependencies (npm install --include=optional) or turn the rule off.',
      ruleId: 'debt-scan/no-duplicate-block',
    },
  ]);
  expect((report.analyses.clones as ClonesData).jscpd).toBe('unavailable');
  expect(report.findings.filter((f) => f.ruleId === 'debt-scan/no-duplicate-block')).toEqual([]);
  const seeded = (file: string) => file.startsWith('src/components/price-label') || file.startsWith('src/services/');
  expect(report.findings.filter((f) => f.ruleId === 'debt-scan/no-duplicate-function' && seeded(f.file)).map((f) => `${f.file}:${f.line}`)).toEqual([
    'src/components/price-label.tsx:6',
    'src/services/catalog.ts:12',
    'src/services/invoice.ts:20',
    'src/services/invoice.ts:47',
  ]);
  expect(report.findings.some((f) => f.ruleId === 'debt-scan/no-complex-function')).toBe(true);
});
