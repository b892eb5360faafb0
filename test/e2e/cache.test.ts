import { appendFileSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_FILE, CACHE_SEAL_KIND } from '../../src/cache/file-cache.js';
import { unseal } from '../../src/cache/sealed-file.js';
import { openUserCache } from '../../src/cache/user-cache.js';
import { scan } from '../../src/index.js';
import { copyFixture, removeDirectory } from '../helpers/fixtures.js';

const COMPLEX = `\nexport function added(a: number) {\n${Array.from({ length: 16 }, (_, i) => `  if (a === ${i}) return ${i};`).join('\n')}\n  return -1;\n}\n`;

describe('the incremental cache', () => {
  const dir = copyFixture('ai-app');
  afterAll(() => removeDirectory(dir));
  const run = () => scan({ root: dir, workers: 0 });
  /** What the cache must not change: everything but timings and what the run says about the cache. */
  const stripTimings = (r: Awaited<ReturnType<typeof scan>>) => ({ ...r, timings: undefined, cache: undefined });
  const cacheFile = path.join(dir, 'node_modules/.cache/debt-scan', CACHE_FILE);
  /** The cache file's content, once its seal is checked with this user's secret. */
  const readCache = () => {
    const user = openUserCache(process.env.DEBT_SCAN_USER_CACHE, dir);
    if (!user.ok) throw new Error(user.reason);
    const payload = unseal(CACHE_SEAL_KIND, readFileSync(cacheFile), user.cache.secret);
    if (!payload) throw new Error('the cache file is not sealed by this user');
    return deserialize(payload) as { memos?: Record<string, { key: string; packed: Uint8Array }> };
  };

  it('analyses every file cold, none warm, and gives the same report', async () => {
    const cold = await run();
    expect(cold.timings?.filesAnalysed).toBe(cold.files.scanned);
    expect(cold.timings?.filesFromCache).toBe(0);
    const warm = await run();
    expect(warm.timings?.filesAnalysed).toBe(0);
    expect(warm.timings?.filesFromCache).toBe(cold.files.scanned);
    expect([cold.timings?.crossFileFromCache, warm.timings?.crossFileFromCache]).toEqual([0, 1]);
    expect([cold.cache, warm.cache]).toEqual([
      { state: 'none', filesFromCache: 0, files: cold.files.scanned },
      { state: 'used', filesFromCache: cold.files.scanned, files: cold.files.scanned },
    ]);
    expect(stripTimings(warm)).toEqual(stripTimings(cold));
  });

  it('re-analyses only an edited file, with correct results', async () => {
    const before = await run();
    const file = path.join(dir, 'src/services/pricing.ts');
    appendFileSync(file, COMPLEX);
    const after = await run();
    expect(after.timings?.filesAnalysed).toBe(1);
    expect(after.timings?.crossFileFromCache).toBe(0);
    const added = after.findings.filter((f) => f.file === 'src/services/pricing.ts' && f.message.includes("'added'"));
    expect(added).toHaveLength(1);
    expect(after.findings.length).toBe(before.findings.length + 1);
    const uncached = await scan({ root: dir, workers: 0, cache: false });
    expect(stripTimings(after)).toEqual(stripTimings(uncached));
  });

  it('re-analyses everything when the configuration changes what rules see', async () => {
    const scanned = (await run()).files.scanned;
    writeFileSync(path.join(dir, 'debt-scan.config.json'), JSON.stringify({ rules: { 'no-complex-function': ['warn', { maxComplexity: 3 }] } }));
    const changed = await run();
    expect(changed.timings?.filesAnalysed).toBe(scanned);
    expect(changed.findings.filter((f) => f.ruleId === 'debt-scan/no-complex-function').length).toBeGreaterThan(1);
    const again = await run();
    expect(again.timings?.filesAnalysed).toBe(0);
  });

  it('reads and analyses every file again when the line limit that tells minified files changes', async () => {
    const configFile = path.join(dir, 'debt-scan.config.json');
    const original = readFileSync(configFile, 'utf8');
    const before = await run();
    writeFileSync(configFile, JSON.stringify({ ...JSON.parse(original), files: { maxLineLength: 90 } }));
    const stricter = await run();
    expect(stricter.timings?.filesFromCache).toBe(0);
    expect(stricter.files.skippedByReason.minified ?? 0).toBeGreaterThan(before.files.skippedByReason.minified ?? 0);
    writeFileSync(configFile, original);
    await run();
  });

  it('runs the cross-file phases again when a manifest that steers resolution changes', async () => {
    expect((await run()).timings?.crossFileFromCache).toBe(1);
    const tsconfig = path.join(dir, 'tsconfig.json');
    writeFileSync(tsconfig, readFileSync(tsconfig, 'utf8').replace('"strict": true', '"strict": false'));
    const changed = await run();
    expect([changed.timings?.filesAnalysed, changed.timings?.crossFileFromCache]).toEqual([0, 0]);
  });

  it('runs the cross-file phases again, and only those, when the module depth or an analysis setting changes', async () => {
    const configFile = path.join(dir, 'debt-scan.config.json');
    const original = readFileSync(configFile, 'utf8');
    const before = await run();
    expect(before.timings?.crossFileFromCache).toBe(1);
    for (const change of [{ modules: { depth: 1 } }, { modules: { depth: 1 }, analyses: { graph: { typeOnlyCycles: true } } }]) {
      writeFileSync(configFile, JSON.stringify({ ...JSON.parse(original), ...change }));
      const changed = await run();
      expect([changed.timings?.filesAnalysed, changed.timings?.crossFileFromCache]).toEqual([0, 0]);
      const uncached = await scan({ root: dir, workers: 0, cache: false });
      expect(stripTimings(changed)).toEqual(stripTimings(uncached));
    }
    const depthOne = await run();
    expect(depthOne.modules.map((m) => m.module)).not.toEqual(before.modules.map((m) => m.module));
    writeFileSync(configFile, original);
    expect(stripTimings(await run())).toEqual(stripTimings(before));
  });

  it('keeps module resolutions across an edit that leaves the file paths alone', async () => {
    await run();
    // Memos are kept packed, and unpacked only when a run asks for them.
    const memo = () => {
      const kept = readCache().memos?.['module-resolutions'];
      return kept && { key: kept.key, value: deserialize(kept.packed) as [string, unknown][] };
    };
    const before = memo();
    expect(before?.value.length).toBeGreaterThan(5);
    appendFileSync(path.join(dir, 'src/services/pricing.ts'), '\nexport const touched = 1;\n');
    const after = await run();
    expect(after.timings?.filesAnalysed).toBe(1);
    expect(memo()).toEqual(before);
    expect(stripTimings(after)).toEqual(stripTimings(await scan({ root: dir, workers: 0, cache: false })));
  });

  it('leaves the cache file alone when nothing changed', async () => {
    await run();
    const written = statSync(cacheFile).mtimeMs;
    const warm = await run();
    expect(warm.timings?.filesFromCache).toBe(warm.files.scanned);
    expect(statSync(cacheFile).mtimeMs).toBe(written);
  });

  it('reads only files whose size or modification time changed, and a file changed too recently to trust', async () => {
    const past = new Date(Date.now() - 60_000);
    for (const entry of readdirSync(path.join(dir, 'src'), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) utimesSync(path.join(entry.parentPath, entry.name), past, past);
    }
    const stamped = await run();
    expect(stamped.timings?.filesRead).toBeGreaterThan(10);
    const quiet = await run();
    expect([quiet.timings?.filesRead, quiet.timings?.filesAnalysed]).toEqual([0, 0]);
    appendFileSync(path.join(dir, 'src/services/pricing.ts'), '\nexport const again = 2;\n');
    const afterEdit = await run();
    expect([afterEdit.timings?.filesRead, afterEdit.timings?.filesAnalysed]).toEqual([1, 1]);
    // Modified within two seconds of the cache's writing: read and hashed again, not analysed again.
    const again = await run();
    expect([again.timings?.filesRead, again.timings?.filesAnalysed]).toEqual([1, 0]);
  });

  it('survives a corrupt cache file, and writes a good one back', async () => {
    expect(readFileSync(cacheFile).length).toBeGreaterThan(0);
    writeFileSync(cacheFile, 'not a cache');
    const report = await run();
    expect(report.timings?.filesAnalysed).toBe(report.files.scanned);
    expect(report.cache?.state).toBe('ignored');
    expect(readCache().memos).toBeDefined();
    expect((await run()).cache).toEqual({ state: 'used', filesFromCache: report.files.scanned, files: report.files.scanned });
  });
});

describe('the remembered walk of the tree', () => {
  it('is kept once the tree is older than two seconds, gives the same report, and still finds a file added later', async () => {
    const dir = copyFixture('ai-app');
    try {
      const run = () => scan({ root: dir, workers: 0 });
      const strip = (r: Awaited<ReturnType<typeof scan>>) => ({ ...r, timings: undefined, cache: undefined });
      const memos = () => {
        const user = openUserCache(process.env.DEBT_SCAN_USER_CACHE, dir);
        if (!user.ok) throw new Error(user.reason);
        const payload = unseal(CACHE_SEAL_KIND, readFileSync(path.join(dir, 'node_modules/.cache/debt-scan', CACHE_FILE)), user.cache.secret);
        return Object.keys((deserialize(payload ?? Buffer.alloc(0)) as { memos?: object }).memos ?? {});
      };
      // The first run makes the cache's directory below the root, which moves the root's stamps.
      const first = await run();
      expect(memos()).not.toContain('discovery');
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expect(strip(await run())).toEqual(strip(first));
      expect(memos()).toContain('discovery');
      expect(strip(await run())).toEqual(strip(first));
      writeFileSync(path.join(dir, 'src/services/added.ts'), COMPLEX);
      const after = await run();
      expect(after.files.scanned).toBe(first.files.scanned + 1);
      expect(after.findings.filter((f) => f.file === 'src/services/added.ts').map((f) => f.ruleId)).toContain('debt-scan/no-complex-function');
      expect(strip(after)).toEqual(strip(await scan({ root: dir, workers: 0, cache: false })));
    } finally {
      removeDirectory(dir);
    }
  });
});
