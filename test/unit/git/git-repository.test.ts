import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GitTreeReader, openRepository, rootTreeOf } from '../../../src/git/git-repository.js';
import { removeDirectory } from '../../helpers/fixtures.js';

const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDirectory));

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' }).trim();

describe('GitTreeReader', () => {
  it('lists sizes of sources, .gitignore and JSON files, and reads blobs of many megabytes whole and in order', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-git-reader-'));
    temporary.push(dir);
    git(dir, 'init', '-q');
    // Random bytes arrive in many chunks of the pipe: each blob must be put together exactly.
    const large = randomBytes(9 * 1024 * 1024 + 7);
    writeFileSync(path.join(dir, 'large.ts'), large);
    writeFileSync(path.join(dir, 'small.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(dir, 'empty.ts'), '');
    writeFileSync(path.join(dir, 'tsconfig.base.json'), '{}\n');
    writeFileSync(path.join(dir, 'README.md'), '# readme\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'files');
    const repo = await openRepository(dir);
    const reader = new GitTreeReader(repo);
    try {
      const entries = await reader.list((await rootTreeOf(repo, git(dir, 'rev-parse', 'HEAD')))!);
      expect(entries.map((e) => [e.file, e.size])).toEqual([
        ['README.md', 0],
        ['empty.ts', 0],
        ['large.ts', large.length],
        ['small.ts', 20],
        ['tsconfig.base.json', 3],
      ]);
      const id = (file: string) => entries.find((e) => e.file === file)!.id;
      const contents = await reader.read([id('large.ts'), id('empty.ts'), id('small.ts'), id('large.ts')]);
      expect(contents.map((c) => c.length)).toEqual([large.length, 0, 20, large.length]);
      expect(contents[0].equals(large)).toBe(true);
      expect(contents[2].toString('utf8')).toBe('export const a = 1;\n');
      expect(contents[3].equals(large)).toBe(true);
    } finally {
      reader.close();
    }
  });
});
