import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectFromSource, createSourceMemo, discoverSource, discoverSourceOnce, reuseCrossFile, type FileSource, type SourceEntry } from '../../../src/source/file-source.js';
import { disposeMaterialised } from '../../../src/source/materialise.js';
import { analyzeFiles } from '../../../src/engine/analyze-files.js';
import { sourceView } from '../../../src/source/source-view.js';
import type { FileResult } from '../../../src/engine/analyze-file.js';
import type { ReportModel } from '../../../src/model/types.js';
import { scan } from '../../../src/index.js';
import { copyFixture, removeDirectory } from '../../helpers/fixtures.js';

const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDirectory));

/** Every regular file below dir, as a source would list it, with the sha-1 of its bytes as id. */
function listDisk(dir: string, prefix = ''): SourceEntry[] {
  return readdirSync(path.join(dir, prefix)).flatMap((name) => {
    const relative = prefix ? `${prefix}/${name}` : name;
    const stats = statSync(path.join(dir, relative));
    if (stats.isDirectory()) return listDisk(dir, relative);
    return [{ file: relative, size: stats.size, id: createHash('sha1').update(readFileSync(path.join(dir, relative))).digest('hex') }];
  });
}

/** A source over files on disk that records what it reads, batch by batch. */
function diskSource(dir: string, entries = listDisk(dir)): FileSource & { reads: string[][] } {
  const reads: string[][] = [];
  return {
    entries,
    reads,
    read: async (wanted) => {
      reads.push(wanted.map((e) => e.file));
      return wanted.map((e) => readFileSync(path.join(dir, e.file)));
    },
  };
}

function comparable(model: ReportModel): unknown {
  const { timings: _timings, cache: _cache, commit: _commit, ...rest } = model;
  return rest;
}

describe('discoverSourceOnce', () => {
  it('discovers the entries of a memo once per targets and filters, and reads their .gitignore and package.json once', async () => {
    const dir = copyFixture('workspace');
    temporary.push(dir);
    const memo = createSourceMemo();
    const source = diskSource(dir);
    const filters = { include: [], exclude: [], maxFileSize: 100_000 };
    const first = await discoverSourceOnce('/repo', { ...source, memo }, ['.'], filters);
    const reads = source.reads.length;
    expect(reads).toBeGreaterThan(0);
    // Another source object over the same entries, as a trend's scan of a tree makes one.
    expect(await discoverSourceOnce('/repo', { ...source, memo }, ['.'], { ...filters })).toBe(first);
    expect(source.reads.length).toBe(reads);
    expect(first).toEqual(await discoverSource('/repo', source, ['.'], filters));
    const excluding = await discoverSourceOnce('/repo', { ...source, memo }, ['.'], { ...filters, exclude: ['packages/**'] });
    expect(excluding.files.length).toBeLessThan(first.files.length);
    // Other entries, or no memo, are discovered anew.
    expect(await discoverSourceOnce('/repo', { ...source, entries: [...source.entries], memo }, ['.'], filters)).not.toBe(first);
    expect(await discoverSourceOnce('/repo', source, ['.'], filters)).not.toBe(first);
  });
});

describe('collectFromSource', () => {
  it('asks for no linkage digest, which only keys a disk cache, and the analysis makes none', async () => {
    const dir = copyFixture('ai-app');
    temporary.push(dir);
    const source = diskSource(dir);
    const discovery = await discoverSource(dir, source, ['.'], { include: [], exclude: [], maxFileSize: 100_000 });
    const { jobs } = await collectFromSource(source, discovery.files, 400, () => 'product');
    expect(jobs.length).toBeGreaterThan(5);
    expect(jobs.every((job) => job.digestLinkage === false)).toBe(true);
    const [fromTree] = analyzeFiles(jobs.slice(0, 1), []);
    const [fromDisk] = analyzeFiles([{ ...jobs[0], digestLinkage: undefined }], []);
    expect(fromTree.facts).toEqual(fromDisk.facts);
    expect(fromTree.linkage).toBeUndefined();
    expect(fromDisk.linkage).toMatch(/^[0-9a-f]{40}$/u);
  });
});

describe('scan() with a file source', () => {
  it.each(['ai-app', 'odd-files', 'workspace', 'clean'])('gives the same report as a disk scan of fixtures/%s', async (fixture) => {
    const dir = copyFixture(fixture);
    temporary.push(dir);
    const fromDisk = await scan({ root: dir, cache: false, workers: 0 });
    const fromSource = await scan({ root: dir, source: diskSource(dir), workers: 0 });
    expect(comparable(fromSource)).toEqual(comparable(fromDisk));
    expect(fromSource.files.scanned).toBeGreaterThan(0);
  });

  it('applies the skip rules of discovery to the entries: pruned directories, .gitignore, exclude, size, declarations', async () => {
    const entries: SourceEntry[] = [
      { file: '.gitignore', size: 8, id: 'g' },
      { file: 'src/a.ts', size: 10, id: '1' },
      { file: 'src/big.ts', size: 5000, id: '2' },
      { file: 'src/types.d.ts', size: 10, id: '3' },
      { file: 'src/skip.test.ts', size: 10, id: '4' },
      { file: 'src/gen/out.ts', size: 10, id: '5' },
      { file: 'lib/ignored.ts', size: 10, id: '6' },
      { file: 'node_modules/x/index.js', size: 10, id: '7' },
      { file: 'packages/core/package.json', size: 20, id: 'p' },
      { file: 'packages/core/vendor/v.js', size: 10, id: '8' },
      { file: 'README.md', size: 10, id: '9' },
    ];
    const contents: Record<string, string> = { g: 'src/gen/\nlib/*.ts\n', p: '{"name":"@acme/core"}' };
    const source: FileSource = { entries, read: async (wanted) => wanted.map((e) => Buffer.from(contents[e.id] ?? '')) };
    const discovery = await discoverSource('/repo', source, ['.'], { include: [], exclude: ['**/*.test.ts'], maxFileSize: 1000 });
    expect(discovery.files.map((f) => [f.file, f.id])).toEqual([['src/a.ts', '1']]);
    expect(discovery.skipped).toEqual([
      { file: 'lib/ignored.ts', reason: 'gitignored' },
      { file: 'src/big.ts', reason: 'too-large', detail: '5000 bytes, limit 1000' },
      { file: 'src/skip.test.ts', reason: 'excluded', detail: 'matches an `exclude` glob' },
      { file: 'src/types.d.ts', reason: 'declaration' },
    ]);
    expect(discovery.prunedDirectories).toEqual(['node_modules', 'packages/core/vendor', 'src/gen']);
    expect(discovery.packages).toEqual([{ dir: 'packages/core', name: '@acme/core' }]);
  });

  it('keeps .gitignore verdicts in the memo for trees with the same .gitignore files only', async () => {
    const memo = createSourceMemo();
    const contents: Record<string, string> = { g1: 'lib/\n*.gen.ts\n', g2: 'out/\n', g3: 'lib/\n' };
    const tree = (gitignores: SourceEntry[]): FileSource => ({
      entries: [...gitignores, { file: 'lib/a.ts', size: 10, id: '1' }, { file: 'src/b.gen.ts', size: 10, id: '2' }, { file: 'src/c.ts', size: 10, id: '3' }],
      read: async (wanted) => wanted.map((e) => Buffer.from(contents[e.id] ?? '')),
      memo,
    });
    const scanned = async (source: FileSource) => (await discoverSource('/repo', source, ['.'], { include: [], exclude: [], maxFileSize: 1000 })).files.map((f) => f.file);
    const first = tree([{ file: '.gitignore', size: 20, id: 'g1' }]);
    expect(await scanned(first)).toEqual(['src/c.ts']);
    // Another .gitignore text, then the same text in another place: neither takes the first tree's verdicts.
    expect(await scanned(tree([{ file: '.gitignore', size: 20, id: 'g2' }]))).toEqual(['lib/a.ts', 'src/b.gen.ts', 'src/c.ts']);
    expect(await scanned(tree([{ file: 'src/.gitignore', size: 20, id: 'g1' }]))).toEqual(['lib/a.ts', 'src/c.ts']);
    expect(await scanned(tree([{ file: '.gitignore', size: 20, id: 'g3' }]))).toEqual(['src/b.gen.ts', 'src/c.ts']);
    // The first tree again, now from the memo: the same files, and verdicts kept for each set.
    expect(await scanned(first)).toEqual(['src/c.ts']);
    expect(memo.gitignored?.size).toBe(4);
  });

  it('analyses an unchanged file once across scans that share a memo, and reads only what changed', async () => {
    const dir = copyFixture('ai-app');
    temporary.push(dir);
    const memo = createSourceMemo();
    const first = diskSource(dir);
    const firstModel = await scan({ root: dir, source: { ...first, memo }, workers: 0 });
    const analysedFirst = firstModel.timings!.filesAnalysed;
    expect(analysedFirst).toBe(firstModel.files.scanned);

    const again = diskSource(dir);
    const sameModel = await scan({ root: dir, source: { ...again, memo }, workers: 0 });
    expect(sameModel.timings!.filesAnalysed).toBe(0);
    expect(sameModel.timings!.filesFromCache).toBe(analysedFirst);
    // Nothing changed: no source file is read, not even by the cross-file phase (its outcome is reused).
    expect(again.reads.flat().filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(comparable(sameModel)).toEqual(comparable(firstModel));

    const changedFile = listDisk(dir).find((e) => e.file.startsWith('src/') && e.file.endsWith('.ts'))!.file;
    writeFileSync(path.join(dir, changedFile), `${readFileSync(path.join(dir, changedFile), 'utf8')}\nexport const added = 1;\n`);
    const changed = diskSource(dir);
    const changedModel = await scan({ root: dir, source: { ...changed, memo }, workers: 0 });
    expect(changedModel.timings!.filesAnalysed).toBe(1);
    // The files to analyse are read in one batch: the changed one only (jscpd reads all files later).
    expect(changed.reads.map((batch) => batch.filter((f) => f.endsWith('.ts'))).find((batch) => batch.length > 0)).toEqual([changedFile]);
    const kept = (memo.trees ?? []).map((t) => t.directory);
    expect(kept.length).toBeGreaterThan(0);
    disposeMaterialised(memo);
    expect(kept.filter((directory) => existsSync(directory))).toEqual([]);
  });

  it('writes no cache into the scanned root', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-source-'));
    temporary.push(dir);
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src/a.ts'), 'export const a = 1;\n');
    await scan({ root: dir, source: diskSource(dir), cache: true, workers: 0 });
    expect(readdirSync(dir)).toEqual(['src']);
  });

  it('runs a cross-file phase once per input, shared by scans running at the same time', async () => {
    const memo = createSourceMemo();
    const result = (file: string, hash: string): FileResult => ({ file, hash, findings: [], ruleData: {}, notifications: [], parseError: false });
    const source = (manifest: string): FileSource => ({ entries: [{ file: 'packages/a/package.json', size: 2, id: manifest }], read: async () => [], memo });
    let runs = 0;
    const run = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return runs;
    };
    const same = [result('a.ts', '1'), result('b.ts', '2')];
    expect(await Promise.all([reuseCrossFile(source('m1'), same, run), reuseCrossFile(source('m1'), same, run)])).toEqual([1, 1]);
    expect(await reuseCrossFile(source('m1'), [result('a.ts', '1'), result('b.ts', '3')], run)).toBe(2);
    expect(await reuseCrossFile(source('m2'), same, run)).toBe(3);
    expect(await reuseCrossFile(source('m1'), same, run)).toBe(1);
    expect(runs).toBe(3);
    // Any other file of the source counts too: a tsconfig steers module resolution.
    const withTsconfig = (id: string): FileSource => ({ entries: [...source('m1').entries, { file: 'tsconfig.json', size: 2, id }], read: async () => [], memo });
    expect(await reuseCrossFile(withTsconfig('t1'), same, run)).toBe(4);
    expect(await reuseCrossFile(withTsconfig('t2'), same, run)).toBe(5);
    expect(await reuseCrossFile(withTsconfig('t1'), same, run)).toBe(4);
  });
});

describe('a file source with configuration files over the size limit', () => {
  const big = 4 * 1024 * 1024 + 1;
  const entries: SourceEntry[] = [
    { file: '.gitignore', size: big, id: 'g' },
    { file: 'src/a.ts', size: 10, id: '1' },
    { file: 'packages/core/package.json', size: big, id: 'p' },
    { file: 'packages/ok/package.json', size: 20, id: 'q' },
    { file: 'tsconfig.json', size: big, id: 't' },
  ];
  /** Answers only for the small entries: asking for a large one fails the test. */
  const source: FileSource = {
    entries,
    read: async (wanted) =>
      wanted.map((e) => {
        if (e.size > 1000) throw new Error(`read ${e.file}`);
        return Buffer.from(e.id === 'q' ? '{"name":"@acme/ok"}' : '');
      }),
  };

  it('skips .gitignore and package.json files over 4 MiB without reading them; the package still counts', async () => {
    const discovery = await discoverSource('/repo', source, ['.'], { include: [], exclude: [], maxFileSize: 1000 });
    expect(discovery.files.map((f) => f.file)).toEqual(['src/a.ts']);
    expect(discovery.skipped).toEqual([
      { file: '.gitignore', reason: 'too-large', detail: '4194305 bytes, limit 4194304' },
      { file: 'packages/core/package.json', reason: 'too-large', detail: '4194305 bytes, limit 4194304' },
    ]);
    expect(discovery.packages).toEqual([
      { dir: 'packages/core', name: 'packages/core' },
      { dir: 'packages/ok', name: '@acme/ok' },
    ]);
  });

  it('gives module resolution no text for a tsconfig.json over 4 MiB, rather than reading it (or the disk)', async () => {
    const view = await sourceView('/repo', source);
    expect(view.read('/repo/tsconfig.json')).toEqual({ text: undefined });
    expect(view.read('/repo/packages/ok/package.json')).toEqual({ text: '{"name":"@acme/ok"}' });
  });
});
