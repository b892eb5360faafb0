import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../../src/discover/discover-files.js';
import { removeDirectory } from '../../helpers/fixtures.js';

let root: string;
afterEach(() => removeDirectory(root));

function tree(files: Record<string, string>): string {
  root = mkdtempSync(path.join(tmpdir(), 'debt-scan-discover-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

const defaults = { include: [], exclude: [], maxFileSize: 1024 * 1024 };

describe('discoverFiles', () => {
  it('finds every source extension and leaves other files alone', () => {
    const dir = tree({ 'a.ts': '', 'b.tsx': '', 'c.mts': '', 'd.cts': '', 'e.js': '', 'f.jsx': '', 'g.mjs': '', 'h.cjs': '', 'i.json': '{}', 'j.md': '' });
    const result = discoverFiles(dir, [dir], defaults);
    expect(result.files.map((f) => f.file)).toEqual(['a.ts', 'b.tsx', 'c.mts', 'd.cts', 'e.js', 'f.jsx', 'g.mjs', 'h.cjs']);
    expect(result.skipped).toEqual([]);
  });

  it('prunes dependencies and build output, and skips declaration files', () => {
    const dir = tree({ 'src/a.ts': '', 'node_modules/x/index.js': '', 'dist/a.js': '', 'coverage/x.js': '', 'src/types.d.ts': '', 'src/b.d.mts': '' });
    const result = discoverFiles(dir, [dir], defaults);
    expect(result.files.map((f) => f.file)).toEqual(['src/a.ts']);
    expect(result.prunedDirectories).toEqual(['coverage', 'dist', 'node_modules']);
    expect(result.skipped).toEqual([
      { file: 'src/b.d.mts', reason: 'declaration' },
      { file: 'src/types.d.ts', reason: 'declaration' },
    ]);
  });

  it('honours .gitignore files at every level, with negation', () => {
    const dir = tree({
      '.gitignore': 'generated/\n*.tmp.ts\n',
      'src/.gitignore': 'local-*.ts\n!local-keep.ts\n',
      'src/a.ts': '',
      'src/x.tmp.ts': '',
      'src/local-one.ts': '',
      'src/local-keep.ts': '',
      'generated/g.ts': '',
      'other/local-one.ts': '',
    });
    const result = discoverFiles(dir, [dir], defaults);
    expect(result.files.map((f) => f.file)).toEqual(['other/local-one.ts', 'src/a.ts', 'src/local-keep.ts']);
    expect(result.skipped.map((s) => [s.file, s.reason])).toEqual([
      ['src/local-one.ts', 'gitignored'],
      ['src/x.tmp.ts', 'gitignored'],
    ]);
    expect(result.prunedDirectories).toEqual(['generated']);
  });

  it('applies include and exclude globs', () => {
    const dir = tree({ 'src/a.ts': '', 'src/a.test.ts': '', 'scripts/b.js': '', 'legacy/c.ts': '' });
    const result = discoverFiles(dir, [dir], { ...defaults, include: ['src/**', 'legacy/**'], exclude: ['**/*.test.ts', 'legacy'] });
    expect(result.files.map((f) => f.file)).toEqual(['src/a.ts']);
    expect(result.skipped.map((s) => [s.file, s.reason])).toEqual([
      ['scripts/b.js', 'excluded'],
      ['src/a.test.ts', 'excluded'],
    ]);
    expect(result.prunedDirectories).toEqual(['legacy']);
  });

  it('skips files over the size limit with the sizes in the detail', () => {
    const dir = tree({ 'big.ts': 'x'.repeat(2000), 'small.ts': 'x' });
    const result = discoverFiles(dir, [dir], { ...defaults, maxFileSize: 1000 });
    expect(result.files.map((f) => f.file)).toEqual(['small.ts']);
    expect(result.skipped).toEqual([{ file: 'big.ts', reason: 'too-large', detail: '2000 bytes, limit 1000' }]);
  });

  it('survives a symlink loop and a dangling link', () => {
    const dir = tree({ 'src/a.ts': '' });
    symlinkSync(path.join(dir, 'src'), path.join(dir, 'src', 'loop'));
    symlinkSync(path.join(dir, 'missing.ts'), path.join(dir, 'src', 'dangling.ts'));
    const result = discoverFiles(dir, [dir], defaults);
    expect(result.files.map((f) => f.file)).toEqual(['src/a.ts']);
    expect(result.skipped.map((s) => [s.file, s.reason])).toEqual([
      ['src/dangling.ts', 'unreadable'],
      ['src/loop', 'symlink-loop'],
    ]);
  });

  it('lists workspace packages with their names', () => {
    const dir = tree({ 'package.json': '{"name":"root"}', 'packages/a/package.json': '{"name":"@x/a"}', 'packages/b/package.json': 'not json', 'packages/a/src/i.ts': '' });
    expect(discoverFiles(dir, [dir], defaults).packages).toEqual([
      { dir: 'packages/a', name: '@x/a' },
      { dir: 'packages/b', name: 'packages/b' },
    ]);
  });

  it('scans only the given targets inside the root', () => {
    const dir = tree({ 'a/x.ts': '', 'b/y.ts': '', 'c.ts': '' });
    const result = discoverFiles(dir, [path.join(dir, 'b'), path.join(dir, 'c.ts')], defaults);
    expect(result.files.map((f) => f.file)).toEqual(['b/y.ts', 'c.ts']);
  });
});
