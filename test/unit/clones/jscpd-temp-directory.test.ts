import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateJscpdEngine, runJscpd } from '../../../src/clones/run-jscpd.js';

describe('jscpd without a temporary directory', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-jscpd-temp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;\n');

  it('reports a failed run naming the directory, instead of rejecting', async () => {
    const engine = locateJscpdEngine();
    if (!engine.available) throw new Error(engine.reason);
    const missing = path.join(dir, 'missing');
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = missing;
    try {
      const run = await runJscpd(engine.binary, dir, ['a.ts'], { minTokens: 30, minLines: 5, timeoutMs: 60_000 });
      expect(run).toEqual({ ok: false, reason: `jscpd could not run: cannot create a temporary directory in ${missing} (ENOENT)` });
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});
