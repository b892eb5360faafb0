import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCloneIndex, CLONE_INDEX_FILE, DEFAULT_CACHE_LOCATION, readCloneIndex, writeCloneIndex } from '../../src/clones/clone-index.js';
import { CACHE_FILE, CACHE_SEAL_KIND } from '../../src/cache/file-cache.js';
import { seal, unseal } from '../../src/cache/sealed-file.js';
import { openUserCache } from '../../src/cache/user-cache.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { FileResult } from '../../src/engine/analyze-file.js';
import { eslintFor } from '../helpers/eslint.js';
import { FIXTURES, REPO_ROOT, copyFixture, removeDirectory, runCli, type CliResult } from '../helpers/fixtures.js';

/** Stderr up to the gate's failure, which a failing run adds when every report goes to a file (tested in test/unit/cli/main.test.ts). */
const beforeGate = (stderr: string) => stderr.split(/^debt-scan: quality gate FAILED/mu)[0];

/**
 * The caches as an attacker and bad luck see them: a repository that ships caches of its own,
 * caches damaged bit by bit, runs killed half-way. Each case runs the built CLI on a temporary
 * copy, with a per-user cache directory of its own.
 */

const scratch = mkdtempSync(path.join(tmpdir(), 'debt-scan-cache-integrity-'));
afterAll(() => removeDirectory(scratch));
let counter = 0;
const fresh = (name: string) => path.join(scratch, `${name}-${++counter}`);

/** A new per-user cache directory, outside every scanned tree. */
function userCache(): string {
  const directory = fresh('user');
  mkdirSync(directory, { mode: 0o700 });
  return directory;
}

function secretOf(directory: string): Buffer {
  const opened = openUserCache(directory, path.join(scratch, 'no-root'));
  if (!opened.ok) throw new Error(opened.reason);
  return opened.cache.secret;
}

/** Copies a fixture (or only some of its files) into the scratch directory. */
function tree(fixture: string, files?: string[]): string {
  if (!files) return copyFixture(fixture);
  const target = fresh(fixture);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    cpSync(path.join(FIXTURES, fixture, file), path.join(target, file));
  }
  return target;
}

const trees: string[] = [];
afterAll(() => trees.forEach(removeDirectory));
function tracked(dir: string): string {
  trees.push(dir);
  return dir;
}

/** Runs the CLI on `root` with the given per-user cache directory; the JSON report goes to `report.json` in the scratch directory. */
async function scanJson(root: string, user: string, extra: string[] = []): Promise<CliResult & { json: string }> {
  const output = path.join(scratch, `report-${path.basename(root)}.json`);
  const result = await runCli([root, '--preset', 'strict', '-f', 'json', '-o', output, ...extra], scratch, { DEBT_SCAN_USER_CACHE: user });
  return { ...result, json: existsSync(output) ? readFileSync(output, 'utf8') : '' };
}

const findingsOf = (json: string) => (JSON.parse(json) as { findings: { file: string; line: number; ruleId: string }[] }).findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);

const require = createRequire(path.join(REPO_ROOT, 'package.json'));
const TYPESCRIPT_FILE = require.resolve('typescript');
const TYPESCRIPT_VERSION = (JSON.parse(readFileSync(path.join(path.dirname(TYPESCRIPT_FILE), '../package.json'), 'utf8')) as { version: string }).version;

/**
 * Writes a V8 code cache made, with this very Node, from a script exactly as long as TypeScript's
 * source that writes `marker`: V8 accepts it for TypeScript's source and would run the script.
 */
function plantCodeCache(file: string, marker: string): void {
  const script = `
    const fs = require('node:fs'), vm = require('node:vm'), Module = require('node:module');
    const [tsFile, out, marker] = process.argv.slice(1);
    const length = fs.readFileSync(tsFile, 'utf8').length;
    const head = 'require("node:fs").writeFileSync(' + JSON.stringify(marker) + ', "ran");\\n/*';
    const evil = head + ' '.repeat(length - head.length - 2) + '*/';
    const compiled = new vm.Script(Module.wrap(evil), { filename: tsFile });
    fs.mkdirSync(require('node:path').dirname(out), { recursive: true });
    fs.writeFileSync(out, compiled.createCachedData());`;
  execFileSync(process.execPath, ['-e', script, TYPESCRIPT_FILE, file, marker]);
}

/** Where earlier versions kept TypeScript's code cache: in the scan's cache directory. */
const inTreeCodeCache = (cacheDirectory: string) => path.join(cacheDirectory, `typescript-${TYPESCRIPT_VERSION}-v8-${process.versions.v8}-${process.arch}.bin`);

/** Where this version keeps it: in the per-user directory, named by the hash of TypeScript's source. */
async function perUserCodeCache(user: string): Promise<string> {
  const { codeCacheFile } = (await import(path.join(REPO_ROOT, 'dist/src/parse/compile-cache.js'))) as typeof import('../../src/parse/compile-cache.js');
  return codeCacheFile(user, readFileSync(TYPESCRIPT_FILE)).file;
}

describe('a code cache planted by the repository', () => {
  it('never runs from the default cache directory, from a configured one, or from the per-user directory', async () => {
    const root = tracked(tree('workspace'));
    const reference = await scanJson(root, userCache(), ['--no-cache']);
    const marker = path.join(scratch, 'code-cache-ran');

    plantCodeCache(inTreeCodeCache(path.join(root, DEFAULT_CACHE_LOCATION)), marker);
    const user = userCache();
    const fromDefault = await scanJson(root, user);
    expect(existsSync(marker)).toBe(false);
    expect([fromDefault.code, findingsOf(fromDefault.json)]).toEqual([reference.code, findingsOf(reference.json)]);

    writeFileSync(path.join(root, 'debt-scan.config.json'), JSON.stringify({ cache: { location: '.scan-cache' } }));
    plantCodeCache(inTreeCodeCache(path.join(root, '.scan-cache')), marker);
    const fromConfigured = await scanJson(root, userCache());
    expect(existsSync(marker)).toBe(false);
    expect(findingsOf(fromConfigured.json)).toEqual(findingsOf(reference.json));

    // Planted where this version looks, with the right name: not sealed with the user's secret, so never handed to V8.
    const codeCache = await perUserCodeCache(user);
    plantCodeCache(codeCache, marker);
    const planted = readFileSync(codeCache);
    const fromUserDirectory = await scanJson(root, user);
    expect(existsSync(marker)).toBe(false);
    expect(findingsOf(fromUserDirectory.json)).toEqual(findingsOf(reference.json));
    // Rewritten, sealed.
    expect(readFileSync(codeCache).equals(planted)).toBe(false);
    expect(readFileSync(codeCache).subarray(0, 19).toString()).toBe('debt-scan sealed 1\n');
  }, 180_000);
});

describe('a results cache shipped in the tree', () => {
  it('is ignored, whether in the earlier unsealed format or sealed on another machine, and cannot hide findings', async () => {
    const root = tracked(tree('ai-app'));
    const reference = await scanJson(root, userCache(), ['--no-cache']);
    expect(findingsOf(reference.json).length).toBeGreaterThan(50);

    // The attacker scans the same files on their machine, then empties every finding of the cache.
    const attacker = userCache();
    const attackerTree = tracked(tree('ai-app'));
    expect((await scanJson(attackerTree, attacker)).code).toBe(reference.code);
    const attackerSecret = secretOf(attacker);
    const payload = unseal(CACHE_SEAL_KIND, readFileSync(path.join(attackerTree, DEFAULT_CACHE_LOCATION, CACHE_FILE)), attackerSecret);
    if (!payload) throw new Error('the attacker cache is not sealed');
    const content = deserialize(payload) as { entries: { rest: [number, Partial<FileResult>][] }; crossFile?: { key: string; packed: Uint8Array } };
    expect(content.entries.rest.some(([, rest]) => (rest.findings?.length ?? 0) > 0)).toBe(true);
    for (const [, rest] of content.entries.rest) delete rest.findings;
    if (content.crossFile) content.crossFile.packed = serialize({ ...(deserialize(content.crossFile.packed) as object), crossFileReports: [] });
    const doctored = serialize(content);
    const cacheDirectory = path.join(root, DEFAULT_CACHE_LOCATION);
    mkdirSync(cacheDirectory, { recursive: true });
    writeFileSync(path.join(cacheDirectory, 'files-v2.bin'), doctored);
    writeFileSync(path.join(cacheDirectory, CACHE_FILE), seal(CACHE_SEAL_KIND, doctored, attackerSecret));

    const victim = await scanJson(root, userCache(), ['-f', 'text']);
    expect(victim.code).toBe(reference.code);
    expect(findingsOf(victim.json)).toEqual(findingsOf(reference.json));
    expect(victim.stdout).toContain('Cache      ignored, it was not written by this user on this machine (or it is damaged); rebuilt\n');
  }, 180_000);
});

describe('damaged caches', () => {
  /** A small generator with a seed, so that a failing flip can be replayed. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function flipBit(file: string, next: () => number): number {
    const bytes = readFileSync(file);
    const bit = Math.floor(next() * bytes.length * 8);
    bytes[bit >> 3] ^= 1 << (bit & 7);
    writeFileSync(file, bytes);
    return bit;
  }

  it('give the same report and exit code after each of 24 seeded bit flips of the results cache, the code cache and the clone index, and are written again', async () => {
    const root = tracked(tree('ai-app', ['package.json', 'tsconfig.json', 'src/services/invoice.ts', 'src/services/pricing.ts', 'src/utils/format-currency.ts', 'src/components/price-label.tsx', 'src/api/orders-client.ts']));
    const user = userCache();
    const reference = await scanJson(root, userCache(), ['--no-cache']);
    expect(findingsOf(reference.json).length).toBeGreaterThan(5);
    const cold = await scanJson(root, user);
    expect([cold.code, cold.json]).toEqual([reference.code, reference.json]);
    const next = random(20_261_121);
    const codeCache = await perUserCodeCache(user);
    const cacheDirectory = path.join(root, DEFAULT_CACHE_LOCATION);
    for (let round = 0; round < 24; round++) {
      const flips = [flipBit(path.join(cacheDirectory, CACHE_FILE), next), flipBit(codeCache, next), flipBit(path.join(cacheDirectory, CLONE_INDEX_FILE), next)];
      const run = await scanJson(root, user);
      expect({ round, flips, code: run.code, stderr: beforeGate(run.stderr), json: run.json }).toEqual({
        round,
        flips,
        code: reference.code,
        stderr: `debt-scan: ${findingsOf(reference.json).length} findings; wrote ${path.join(scratch, `report-${path.basename(root)}.json`)}; cache: ignored, it was not written by this user on this machine (or it is damaged); rebuilt\n`,
        json: reference.json,
      });
    }
    // Every cache was written again, sealed: the next run takes every file from the cache.
    const warm = await scanJson(root, user);
    expect(warm.stderr).toContain(`cache: 5 of 5 files from the cache`);
    expect(readCloneIndex(path.join(cacheDirectory, CLONE_INDEX_FILE), secretOf(user))?.files['src/services/invoice.ts']).toBeDefined();
  }, 600_000);

  it('analyse every file again when the facts file is damaged or gone and the cross-file phases need it, with the same report', async () => {
    const files = ['package.json', 'src/services/invoice.ts', 'src/services/pricing.ts', 'src/utils/format-currency.ts', 'src/api/orders-client.ts'];
    const root = tracked(tree('ai-app', files));
    const user = userCache();
    const cacheDirectory = path.join(root, DEFAULT_CACHE_LOCATION);
    const factsFile = () => {
      const names = readdirSync(cacheDirectory).filter((name) => /^facts-[0-9a-f]{16}\.bin$/u.test(name));
      expect(names).toHaveLength(1);
      return path.join(cacheDirectory, names[0]);
    };
    await scanJson(root, user);
    const damaged = readFileSync(factsFile());
    damaged[damaged.length - 3] ^= 8;
    writeFileSync(factsFile(), damaged);
    // A warm run does not read the facts: it is served whole from the cache.
    expect((await scanJson(root, user)).stderr).toContain('cache: 4 of 4 files from the cache');

    // An edit makes the cross-file phases run, which need every file's facts.
    appendFileSync(path.join(root, 'src/services/pricing.ts'), '\nexport const rate = (n: number) => n * 2;\n');
    const reference = await scanJson(root, userCache(), ['--no-cache']);
    const edited = await scanJson(root, user);
    expect([edited.code, edited.json]).toEqual([reference.code, reference.json]);
    expect(edited.stderr).toContain('cache: ignored, it was not written by this user on this machine (or it is damaged); rebuilt');
    expect((await scanJson(root, user)).stderr).toContain('cache: 4 of 4 files from the cache');

    // Gone, and the clone index with it: a warm run cannot write the index, and the next run analyses every file.
    rmSync(factsFile());
    rmSync(path.join(cacheDirectory, CLONE_INDEX_FILE));
    const warm = await scanJson(root, user);
    expect([warm.code, warm.json]).toEqual([reference.code, reference.json]);
    const next = await scanJson(root, user);
    expect([next.code, next.json]).toEqual([reference.code, reference.json]);
    expect(next.stderr).toContain('cache: 0 of 4 files from the cache');
    expect(Object.keys(readCloneIndex(path.join(cacheDirectory, CLONE_INDEX_FILE), secretOf(user))?.files ?? {}).sort()).toEqual(files.filter((file) => file.endsWith('.ts')).sort());
    expect((await scanJson(root, user)).stderr).toContain('cache: 4 of 4 files from the cache');
  }, 180_000);

  it('writes a damaged clone index again in a run served whole from the cache', async () => {
    const root = tracked(tree('ai-app', ['package.json', 'src/services/invoice.ts', 'src/services/pricing.ts']));
    const user = userCache();
    await scanJson(root, user);
    const index = path.join(root, DEFAULT_CACHE_LOCATION, CLONE_INDEX_FILE);
    const bytes = readFileSync(index);
    bytes[bytes.length - 2] ^= 4;
    writeFileSync(index, bytes);
    expect(readCloneIndex(index, secretOf(user))).toBeUndefined();
    const warm = await scanJson(root, user);
    expect(warm.stderr).toContain('cache: 2 of 2 files from the cache');
    expect(Object.keys(readCloneIndex(index, secretOf(user))?.files ?? {})).toEqual(['src/services/invoice.ts', 'src/services/pricing.ts']);
  }, 120_000);
});

describe('a clone index planted for the ESLint rules', () => {
  const DUPLICATION = new Set(['debt-scan/no-duplicate-function', 'debt-scan/no-duplicate-block']);
  async function lintDuplication(root: string, files: string[]): Promise<string[]> {
    const results = await eslintFor(root, loadConfig(root).config).lintFiles(files);
    return results.flatMap((r) => r.messages.filter((m) => DUPLICATION.has(m.ruleId ?? '')).map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.ruleId}`));
  }

  it('neither adds findings nor hides them, unsealed or sealed with another secret', async () => {
    const root = tracked(tree('ai-app'));
    const files = ['src/services/invoice.ts', 'src/services/pricing.ts'];
    const honest = await lintDuplication(root, files);
    expect(honest).toEqual(['src/services/invoice.ts:47 debt-scan/no-duplicate-function']);
    // Claims invoice.ts has no copies (hiding its own) and pricing.ts has one.
    const hash = (file: string) => createHash('sha1').update(readFileSync(path.join(root, file))).digest('hex');
    const planted = buildCloneIndex(root, ['no-duplicate-block', 'no-duplicate-function'], files.map((file) => ({ file, hash: hash(file) })), [
      { rule: 'no-duplicate-block', report: { file: 'src/services/pricing.ts', line: 1, column: 1, endLine: 2, endColumn: 1, messageId: 'duplicateBlock', data: { lines: 2, tokens: 60, others: 'src/x.ts:1-2' } } },
    ]);
    const cacheDirectory = path.join(root, DEFAULT_CACHE_LOCATION);
    mkdirSync(cacheDirectory, { recursive: true });
    writeFileSync(path.join(cacheDirectory, 'clone-index.json'), JSON.stringify(planted));
    writeCloneIndex(cacheDirectory, planted, randomBytes(32));
    expect(await lintDuplication(root, files)).toEqual(honest);
  });
});

describe('the cache directory', () => {
  it('adds nothing to the second run’s reports: every format is the same as the first run’s', async () => {
    const root = tracked(tree('ai-app'));
    const user = userCache();
    const formats = ['json', 'sarif', 'markdown', 'html', 'gitlab'];
    const outputs = ['--preset', 'strict', ...formats.flatMap((format) => ['-f', format, '-o', path.join(root, '..', `${path.basename(root)}-report.${format}`)])];
    const read = () => formats.map((format) => readFileSync(path.join(root, '..', `${path.basename(root)}-report.${format}`), 'utf8'));
    const first = await runCli([root, ...outputs], scratch, { DEBT_SCAN_USER_CACHE: user });
    const firstReports = read();
    const second = await runCli([root, ...outputs], scratch, { DEBT_SCAN_USER_CACHE: user });
    expect(second.stderr).toContain('cache: 35 of 35 files from the cache');
    expect(second.code).toBe(first.code);
    expect(read()).toEqual(firstReports);
    // A node_modules the repository has is still listed.
    mkdirSync(path.join(root, 'node_modules', 'left-pad'), { recursive: true });
    await runCli([root, ...outputs], scratch, { DEBT_SCAN_USER_CACHE: user });
    expect((JSON.parse(read()[0]) as { files: { prunedDirectories: string[] } }).files.prunedDirectories).toEqual(['node_modules']);
  }, 120_000);

  it('loses the temporary files a killed run left, and keeps those of a run still going', async () => {
    const root = tracked(tree('ai-app', ['package.json', 'src/services/invoice.ts']));
    const user = userCache();
    await scanJson(root, user);
    const ended = spawnSync(process.execPath, ['-e', '']).pid ?? 0;
    const cacheDirectory = path.join(root, DEFAULT_CACHE_LOCATION);
    const left = [`${CACHE_FILE}.${ended}.tmp`, `${CLONE_INDEX_FILE}.${ended}.tmp`, `files-v2.bin.${ended}.tmp`, `clone-index.json.${ended}.tmp`];
    for (const name of left) writeFileSync(path.join(cacheDirectory, name), 'partial');
    writeFileSync(path.join(cacheDirectory, `${CACHE_FILE}.${process.pid}.tmp`), 'being written');
    const codeCacheName = path.basename(await perUserCodeCache(user));
    writeFileSync(path.join(user, `${codeCacheName}.${ended}.tmp`), 'partial');
    writeFileSync(path.join(user, `secret.${ended}.tmp`), 'partial');
    await scanJson(root, user);
    expect(readdirSync(cacheDirectory).filter((name) => !/^facts-[0-9a-f]{16}\.bin$/u.test(name)).sort()).toEqual([CLONE_INDEX_FILE, CACHE_FILE, `${CACHE_FILE}.${process.pid}.tmp`].sort());
    expect(readdirSync(cacheDirectory).filter((name) => name.startsWith('facts-'))).toHaveLength(1);
    // The digests of TypeScript's source are kept too: the installed TypeScript is older than two seconds.
    expect(readdirSync(user).sort()).toEqual([codeCacheName, 'secret', 'typescript-digests.bin'].sort());
  }, 120_000);

  it('that is a file is a usage error when named on the command line, and a warning when the configuration names it', async () => {
    const root = tracked(tree('ai-app', ['package.json', 'src/services/invoice.ts']));
    const user = userCache();
    const reference = await scanJson(root, userCache(), ['--no-cache']);
    writeFileSync(path.join(root, 'a-file'), '');
    const named = await scanJson(root, user, ['--cache-location', path.join(root, 'a-file')]);
    expect([named.code, named.stderr]).toEqual([2, `debt-scan: the cache location ${path.join(root, 'a-file')} cannot be used: it is not a directory; name a directory, or pass --no-cache\n(run debt-scan --help for usage)\n`]);

    writeFileSync(path.join(root, 'debt-scan.config.json'), JSON.stringify({ cache: { location: 'a-file/cache' } }));
    const configured = await scanJson(root, user);
    expect(configured.code).toBe(reference.code);
    expect(configured.json).toEqual(reference.json);
    expect(beforeGate(configured.stderr)).toBe(
      `debt-scan: warning: the cache location ${path.join(root, 'a-file/cache')} cannot be used: ${path.join(root, 'a-file')} is not a directory; running without the cache\n` +
        `debt-scan: ${findingsOf(reference.json).length} findings; wrote ${path.join(scratch, `report-${path.basename(root)}.json`)}; cache: not used: the cache location ${path.join(root, 'a-file/cache')} cannot be used: ${path.join(root, 'a-file')} is not a directory\n`,
    );
  }, 120_000);

  it('is not used, and no code cache either, when the per-user directory lies inside the scanned tree or cannot be made; the run says so once', async () => {
    const root = tracked(tree('ai-app', ['package.json', 'src/services/invoice.ts']));
    const reference = await scanJson(root, userCache(), ['--no-cache']);
    const inside = await scanJson(root, path.join(root, '.user-cache'));
    expect([inside.code, inside.json]).toEqual([reference.code, reference.json]);
    expect(inside.stderr.split('\n').filter((l) => l.startsWith('debt-scan: warning'))).toEqual([
      `debt-scan: warning: the per-user cache directory ${path.join(root, '.user-cache')} lies inside the scanned tree; running without the cache`,
    ]);
    expect(readdirSync(root).sort()).toEqual(['package.json', 'src']);

    writeFileSync(path.join(scratch, 'not-a-directory'), '');
    const unwritable = await scanJson(root, path.join(scratch, 'not-a-directory', 'cache'));
    expect([unwritable.code, unwritable.json]).toEqual([reference.code, reference.json]);
    expect(unwritable.stderr.split('\n').filter((l) => l.startsWith('debt-scan: warning'))).toEqual([
      `debt-scan: warning: cannot keep a per-user secret in ${path.join(scratch, 'not-a-directory', 'cache')} (ENOTDIR); running without the cache`,
    ]);
    expect(readdirSync(root).sort()).toEqual(['package.json', 'src']);
  }, 120_000);
});
