import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO_ROOT, copyFixture, removeDirectory } from '../helpers/fixtures.js';

const dir = copyFixture('ai-app');
// A per-user cache directory of its own, so that other test files' runs never touch its code cache.
const userCache = mkdtempSync(path.join(tmpdir(), 'debt-scan-warm-start-user-'));
afterAll(() => {
  removeDirectory(dir);
  removeDirectory(userCache);
});
const codeCaches = () => readdirSync(userCache).filter((f) => /^typescript-[0-9a-f]{16}-v8-.*\.bin$/u.test(f));

/** Runs the built library's scan in a fresh process and says whether it loaded TypeScript (which every rule module imports). */
function scanInProcess(): { fromCache: number; scanned: number; typescript: boolean; fromCodeCache: boolean; codeCacheRejected: boolean } {
  const script = `
    import { createRequire } from 'node:module';
    const { scan } = await import(${JSON.stringify(path.join(REPO_ROOT, 'dist/src/index.js'))});
    const { typeScriptLoad } = await import(${JSON.stringify(path.join(REPO_ROOT, 'dist/src/parse/compile-cache.js'))});
    const report = await scan({ root: ${JSON.stringify(dir)}, workers: 0 });
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify({
      fromCache: report.timings.filesFromCache,
      scanned: report.files.scanned,
      typescript: loaded.some((file) => file.includes(${JSON.stringify(`${path.sep}typescript${path.sep}lib${path.sep}`)})),
      fromCodeCache: typeScriptLoad().fromCodeCache,
      codeCacheRejected: typeScriptLoad().codeCacheRejected,
    }));`;
  const env = { ...process.env, DEBT_SCAN_USER_CACHE: userCache };
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env });
  return JSON.parse(out.trim()) as ReturnType<typeof scanInProcess>;
}

it('serves an unchanged repository from the cache without loading TypeScript, so without the rules', () => {
  const cold = scanInProcess();
  expect(cold.typescript).toBe(true);
  const warm = scanInProcess();
  expect(warm.fromCache).toBe(warm.scanned);
  expect(warm.typescript).toBe(false);
}, 60_000);

it('keeps TypeScript compiled in the per-user cache directory, not in the scanned tree, and loads it from there when a file changed', () => {
  scanInProcess();
  expect(codeCaches()).toHaveLength(1);
  expect(readdirSync(path.join(dir, 'node_modules/.cache/debt-scan')).filter((f) => f.startsWith('typescript-'))).toEqual([]);
  appendFileSync(path.join(dir, 'src/services/pricing.ts'), '\nexport const edited = 1;\n');
  const edited = scanInProcess();
  expect(edited.fromCache).toBe(edited.scanned - 1);
  expect([edited.typescript, edited.fromCodeCache, edited.codeCacheRejected]).toEqual([true, true, false]);
}, 60_000);

it('compiles TypeScript afresh, and writes a new code cache, when the one in the per-user directory is damaged', () => {
  scanInProcess();
  const [codeCache] = codeCaches();
  writeFileSync(path.join(userCache, codeCache), 'not a code cache');
  appendFileSync(path.join(dir, 'src/services/pricing.ts'), '\nexport const editedAgain = 2;\n');
  const edited = scanInProcess();
  expect([edited.typescript, edited.fromCodeCache, edited.codeCacheRejected, edited.fromCache]).toEqual([true, false, true, edited.scanned - 1]);
  expect(readFileSync(path.join(userCache, codeCache)).length).toBeGreaterThan(100_000);
  appendFileSync(path.join(dir, 'src/services/pricing.ts'), '\nexport const editedOnceMore = 3;\n');
  expect(scanInProcess().fromCodeCache).toBe(true);
}, 60_000);
