import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../../src/discover/discover-files.js';
import type { DiscoveryMemo, DiscoveryMemory } from '../../../src/discover/discovery-memo.js';
import { removeDirectory } from '../../helpers/fixtures.js';

let root: string;
afterEach(() => removeDirectory(root));

function tree(files: Record<string, string>): string {
  root = mkdtempSync(path.join(tmpdir(), 'debt-scan-discovery-memo-'));
  for (const [file, content] of Object.entries(files)) write(file, content);
  return root;
}

function write(file: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}

/** A memory as the result cache keeps it (a copy in, a copy out), counting the walks it was given. */
function memory(racyMarginMs?: number): DiscoveryMemory & { walks: number } {
  const kept = new Map<string, DiscoveryMemo>();
  const result = {
    walks: 0,
    recall: (key: string) => (kept.has(key) ? structuredClone(kept.get(key)) : undefined),
    keep: (key: string, memo: DiscoveryMemo) => {
      result.walks += 1;
      kept.set(key, structuredClone(memo));
    },
    ...(racyMarginMs === undefined ? {} : { racyMarginMs }),
  };
  return result;
}

/** A tree just written is racy by the default margin: the tests vouch for stamps from up to a minute ahead. */
const TRUSTING = -60_000;
const options = { include: [], exclude: ['**/excluded/**'], maxFileSize: 64 };

/** A round time a directory is given before the walk, and again after a change: only its change time then tells. */
const ROUND_TIME = new Date('2024-01-01T00:00:00Z');

/** Adds a file to a directory and gives the directory its old access and modification times again. */
function addKeepingTimes(directory: string, name: string): void {
  const absolute = path.join(root, directory);
  writeFileSync(path.join(absolute, name), '');
  utimesSync(absolute, ROUND_TIME, ROUND_TIME);
  expect(statSync(absolute).mtimeMs).toBe(ROUND_TIME.getTime());
}

/** Waits past the file system's timestamp tick, so that a change moves the stamps. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

const FILES = {
  '.gitignore': 'generated/\n*.tmp.ts\n',
  'src/.gitignore': 'local-*.ts\n',
  'src/a.ts': 'export const a = 1;\n',
  'src/local-one.ts': '',
  'src/x.tmp.ts': '',
  'src/types.d.ts': '',
  'src/big.ts': `export const big = '${'x'.repeat(100)}';\n`,
  'src/excluded/e.ts': '',
  'generated/g.ts': '',
  'node_modules/x/index.js': '',
  'packages/core/package.json': '{"name":"@acme/core"}',
  'packages/core/tsconfig.json': '{}',
  'packages/core/src/index.ts': '',
  'lib/deep/er/f.js': '',
};

describe('a remembered walk of the root', () => {
  it('gives what the walk gives, without walking again while nothing moved', () => {
    const dir = tree(FILES);
    const walked = discoverFiles(dir, [dir], options);
    const kept = memory(TRUSTING);
    expect(discoverFiles(dir, [dir], options, kept)).toEqual(walked);
    expect(discoverFiles(dir, [dir], options, kept)).toEqual(walked);
    expect(kept.walks).toBe(1);
    expect(walked.skipped.map((s) => s.reason)).toEqual(expect.arrayContaining(['too-large', 'declaration', 'gitignored']));
    expect(walked.prunedDirectories).toEqual(['generated', 'node_modules', 'src/excluded']);
    expect(walked.packages).toEqual([{ dir: 'packages/core', name: '@acme/core' }]);
  });

  it('applies the size limit of the run to the files it remembers', () => {
    const dir = tree(FILES);
    const kept = memory(TRUSTING);
    discoverFiles(dir, [dir], options, kept);
    for (const maxFileSize of [1, 16, 1024]) {
      expect(discoverFiles(dir, [dir], { ...options, maxFileSize }, kept)).toEqual(discoverFiles(dir, [dir], { ...options, maxFileSize }));
    }
    expect(kept.walks).toBe(1);
  });

  // The walks a memory is given: a change of entries or of what the walk read needs a walk, a file's size does not.
  it.each<[string, () => void, number]>([
    ['a file added in a directory below', () => write('lib/deep/er/g.ts', ''), 2],
    ['a file removed', () => rmSync(path.join(root, 'src/a.ts')), 2],
    ['a directory added', () => write('lib/new/h.ts', ''), 2],
    ['a directory renamed', () => renameSync(path.join(root, 'lib/deep'), path.join(root, 'lib/shallow')), 2],
    ['a file grown past the size limit', () => appendFileSync(path.join(root, 'packages/core/src/index.ts'), 'x'.repeat(100)), 1],
    ['a .gitignore rewritten in place', () => writeFileSync(path.join(root, 'src/.gitignore'), 'local-*.ts\n!local-one.ts\n'), 2],
    ['a .gitignore rewritten at the same size', () => writeFileSync(path.join(root, '.gitignore'), 'generate/\n*.tmp.tsx\n'), 2],
    ['a package renamed', () => writeFileSync(path.join(root, 'packages/core/package.json'), '{"name":"@acme/kern"}'), 2],
    ['a file replaced by a directory', () => (rmSync(path.join(root, 'src/a.ts')), write('src/a.ts/inner.ts', '')), 2],
    ['a file added whose directory then got its old times back (as tar and rsync set them)', () => addKeepingTimes('lib/deep/er', 'h.ts'), 2],
  ])('sees %s', async (_, change, walks) => {
    const dir = tree(FILES);
    utimesSync(path.join(dir, 'lib/deep/er'), ROUND_TIME, ROUND_TIME);
    const kept = memory(TRUSTING);
    const before = discoverFiles(dir, [dir], options, kept);
    await tick();
    change();
    const after = discoverFiles(dir, [dir], options, kept);
    expect(after).toEqual(discoverFiles(dir, [dir], options));
    expect(after).not.toEqual(before);
    // The walk that saw the change is remembered in turn.
    expect(discoverFiles(dir, [dir], options, kept)).toEqual(after);
    expect(kept.walks).toBe(walks);
  });

  it('remembers nothing of a tree written just before the walk', () => {
    const dir = tree(FILES);
    const kept = memory();
    expect(discoverFiles(dir, [dir], options, kept)).toEqual(discoverFiles(dir, [dir], options));
    expect(kept.walks).toBe(0);
  });

  it('remembers nothing of a walk that followed a link, nor of a walk of some targets', () => {
    const dir = tree(FILES);
    const kept = memory(TRUSTING);
    discoverFiles(dir, [path.join(dir, 'src'), path.join(dir, 'lib')], options, kept);
    expect(kept.walks).toBe(0);
    symlinkSync(path.join(dir, 'lib'), path.join(dir, 'src', 'linked'));
    expect(discoverFiles(dir, [dir], options, kept)).toEqual(discoverFiles(dir, [dir], options));
    expect(kept.walks).toBe(0);
  });

  it('is kept apart by the globs that decide the walk', () => {
    const dir = tree(FILES);
    const kept = memory(TRUSTING);
    discoverFiles(dir, [dir], options, kept);
    const narrower = { ...options, include: ['src/**'] };
    expect(discoverFiles(dir, [dir], narrower, kept)).toEqual(discoverFiles(dir, [dir], narrower));
    expect(kept.walks).toBe(2);
  });
});
