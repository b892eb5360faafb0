import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSourceMemo, type FileSource, type SourceEntry } from '../../../src/source/file-source.js';
import { disposeMaterialised, materialise } from '../../../src/source/materialise.js';

/** A source over an in-memory map of file contents, counting the files it is asked to read. */
function sourceOf(contents: Record<string, string>, memo = createSourceMemo()): FileSource & { reads: string[] } {
  const reads: string[] = [];
  const entries: SourceEntry[] = Object.entries(contents).map(([file, text]) => ({ file, size: text.length, id: `${file}@${text}` }));
  return {
    entries,
    memo,
    reads,
    read: async (wanted) => {
      reads.push(...wanted.map((e) => e.file));
      return wanted.map((e) => Buffer.from(contents[e.file] ?? ''));
    },
  };
}

const listed = (directory: string) =>
  readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(directory, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();

describe('materialise', () => {
  it('writes exactly the entries, then brings the same directory up to date with only what changed', async () => {
    const memo = createSourceMemo();
    const first = sourceOf({ 'src/a.ts': 'a1', 'src/deep/b.ts': 'b1', 'c.ts': 'c1' }, memo);
    const one = await materialise(first, first.entries);
    expect(listed(one.directory)).toEqual(['c.ts', 'src/a.ts', 'src/deep/b.ts']);
    expect(first.reads.sort()).toEqual(['c.ts', 'src/a.ts', 'src/deep/b.ts']);
    one.release();

    const second = sourceOf({ 'src/a.ts': 'a2', 'src/deep/b.ts': 'b1', 'd.ts': 'd1' }, memo);
    const two = await materialise(second, second.entries);
    expect(two.directory).toBe(one.directory);
    expect(second.reads.sort()).toEqual(['d.ts', 'src/a.ts']);
    expect(listed(two.directory)).toEqual(['d.ts', 'src/a.ts', 'src/deep/b.ts']);
    expect(readFileSync(path.join(two.directory, 'src/a.ts'), 'utf8')).toBe('a2');
    two.release();
    disposeMaterialised(memo);
    expect(existsSync(one.directory)).toBe(false);
  });

  it('gives a scan running at the same time a directory of its own', async () => {
    const memo = createSourceMemo();
    const source = sourceOf({ 'a.ts': 'a' }, memo);
    const held = await materialise(source, source.entries);
    const other = await materialise(source, source.entries);
    expect(other.directory).not.toBe(held.directory);
    held.release();
    other.release();
    expect(memo.trees).toHaveLength(2);
    disposeMaterialised(memo);
  });

  it('removes a directory written without a memo when released', async () => {
    const source = { ...sourceOf({ 'a.ts': 'a' }), memo: undefined };
    const written = await materialise(source, source.entries);
    expect(listed(written.directory)).toEqual(['a.ts']);
    written.release();
    expect(existsSync(written.directory)).toBe(false);
  });
});
