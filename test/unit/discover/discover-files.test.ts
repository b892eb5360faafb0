import { execFileSync } from 'node:child_process';
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

describe('discoverFiles on files a tree may plant', () => {
  const onPosix = process.platform !== 'win32';
  let outside: string | undefined;
  afterEach(() => outside && removeDirectory(outside));

  it.skipIf(!onPosix)('skips sources, manifests and .gitignore files that are FIFOs or links to devices, naming what they are', () => {
    const dir = tree({ 'src/a.ts': '', 'src/lib/.keep': '', 'packages/p/.keep': '' });
    for (const file of ['src/pipe.ts', '.gitignore', 'src/lib/.gitignore', 'tsconfig.json', 'packages/p/package.json']) execFileSync('mkfifo', [path.join(dir, file)]);
    symlinkSync('/dev/zero', path.join(dir, 'src/zero.ts'));
    symlinkSync('/dev/random', path.join(dir, 'src/lib/package.json'));
    symlinkSync('/dev/null', path.join(dir, 'notes.md'));
    const result = discoverFiles(dir, [dir], defaults);
    expect(result.files.map((f) => f.file)).toEqual(['src/a.ts']);
    expect(result.skipped).toEqual([
      { file: '.gitignore', reason: 'special-file', detail: 'a FIFO, not a regular file' },
      { file: 'packages/p/package.json', reason: 'special-file', detail: 'a FIFO, not a regular file' },
      { file: 'src/lib/.gitignore', reason: 'special-file', detail: 'a FIFO, not a regular file' },
      { file: 'src/lib/package.json', reason: 'special-file', detail: 'a link to a character device, not a regular file' },
      { file: 'src/pipe.ts', reason: 'special-file', detail: 'a FIFO, not a regular file' },
      { file: 'src/zero.ts', reason: 'special-file', detail: 'a link to a character device, not a regular file' },
      { file: 'tsconfig.json', reason: 'special-file', detail: 'a FIFO, not a regular file' },
    ]);
    expect(result.manifests).toEqual([]);
    expect(result.packages).toEqual([]);
  });

  it('skips a .gitignore and a package.json over 4 MiB, and still marks the package', () => {
    const big = `# ${'x'.repeat(4 * 1024 * 1024)}\n`;
    const dir = tree({ '.gitignore': big, 'packages/p/package.json': big, 'packages/p/a.ts': '' });
    const result = discoverFiles(dir, [dir], defaults);
    expect(result.files.map((f) => f.file)).toEqual(['packages/p/a.ts']);
    expect(result.skipped).toEqual([
      { file: '.gitignore', reason: 'too-large', detail: '4194307 bytes, limit 4194304' },
      { file: 'packages/p/package.json', reason: 'too-large', detail: '4194307 bytes, limit 4194304' },
    ]);
    expect(result.packages).toEqual([{ dir: 'packages/p', name: 'packages/p' }]);
  });

  it.skipIf(!onPosix)('skips links that lead out of the root (files, directories, manifests, .gitignore, a target), and follows links inside it', () => {
    outside = mkdtempSync(path.join(tmpdir(), 'debt-scan-outside-'));
    writeFileSync(path.join(outside, 'secret.ts'), 'export const secret = 1;');
    writeFileSync(path.join(outside, 'package.json'), '{"name":"outside"}');
    writeFileSync(path.join(outside, 'ignore'), 'src/\n');
    mkdirSync(path.join(outside, 'lib'));
    writeFileSync(path.join(outside, 'lib/b.ts'), '');
    const dir = tree({ 'src/a.ts': '', 'src/inner/c.ts': '', 'packages/p/.keep': '' });
    symlinkSync(path.join(outside, 'secret.ts'), path.join(dir, 'src/leak.ts'));
    symlinkSync(path.join(outside, 'lib'), path.join(dir, 'src/lib'));
    symlinkSync(path.join(outside, 'package.json'), path.join(dir, 'packages/p/package.json'));
    symlinkSync(path.join(outside, 'ignore'), path.join(dir, '.gitignore'));
    symlinkSync('a.ts', path.join(dir, 'src/alias.ts'));
    const result = discoverFiles(dir, [dir], defaults);
    expect(result.files.map((f) => f.file)).toEqual(['src/a.ts', 'src/alias.ts', 'src/inner/c.ts']);
    expect(result.skipped).toEqual([
      { file: '.gitignore', reason: 'outside-root', detail: 'a link to a file outside the scan root' },
      { file: 'packages/p/package.json', reason: 'outside-root', detail: 'a link to a file outside the scan root' },
      { file: 'src/leak.ts', reason: 'outside-root', detail: 'a link to a file outside the scan root' },
      { file: 'src/lib', reason: 'outside-root', detail: 'a link to a directory outside the scan root' },
    ]);
    expect(result.packages).toEqual([]);
    const target = discoverFiles(dir, [path.join(dir, 'src/lib'), path.join(dir, 'src/leak.ts')], defaults);
    expect(target.files).toEqual([]);
    // The root's .gitignore applies to the targets below it, so it is read (and refused) for them too.
    expect(target.skipped.map((s) => [s.file, s.reason])).toEqual([
      ['.gitignore', 'outside-root'],
      ['src/leak.ts', 'outside-root'],
      ['src/lib', 'outside-root'],
    ]);
  });

  it.skipIf(!onPosix)('follows links out of the root when told to', () => {
    outside = mkdtempSync(path.join(tmpdir(), 'debt-scan-outside-'));
    writeFileSync(path.join(outside, 'secret.ts'), 'export const secret = 1;');
    mkdirSync(path.join(outside, 'lib'));
    writeFileSync(path.join(outside, 'lib/b.ts'), '');
    const dir = tree({ 'src/a.ts': '' });
    symlinkSync(path.join(outside, 'secret.ts'), path.join(dir, 'src/leak.ts'));
    symlinkSync(path.join(outside, 'lib'), path.join(dir, 'src/lib'));
    const result = discoverFiles(dir, [dir], { ...defaults, followLinksOutside: true });
    expect(result.files.map((f) => f.file)).toEqual(['src/a.ts', 'src/leak.ts', 'src/lib/b.ts']);
    expect(result.skipped).toEqual([]);
  });
});

describe('discoverFiles in a folder of a git working tree', () => {
  it('honours the .gitignore files above the root and the repository\'s info/exclude, as git does', () => {
    const repo = tree({
      '.gitignore': 'generated/\n*.local.ts\n/top-only.ts\n',
      'packages/.gitignore': 'api/legacy/\n',
      'packages/api/src/a.ts': '',
      'packages/api/src/b.local.ts': '',
      'packages/api/src/generated/g.ts': '',
      'packages/api/legacy/old.ts': '',
      'packages/api/src/scratch/s.ts': '',
      'packages/api/top-only.ts': '',
    });
    execFileSync('git', ['init', '--quiet'], { cwd: repo });
    writeFileSync(path.join(repo, '.git/info/exclude'), 'packages/api/src/scratch/\n');
    const root = path.join(repo, 'packages/api');
    const result = discoverFiles(root, [root], defaults);
    // `/top-only.ts` is anchored at the top of the working tree: it does not reach packages/api/top-only.ts.
    expect(result.files.map((f) => f.file)).toEqual(['src/a.ts', 'top-only.ts']);
    expect(result.skipped.map((s) => [s.file, s.reason])).toEqual([['src/b.local.ts', 'gitignored']]);
    expect(result.prunedDirectories).toEqual(['legacy', 'src/generated', 'src/scratch']);
    const asked = execFileSync('git', ['ls-files', '--others', '--exclude-standard', '.'], { cwd: root, encoding: 'utf8' }).trim().split('\n').sort();
    expect(asked).toEqual(['src/a.ts', 'top-only.ts']);
    expect(discoverFiles(root, [root], { ...defaults, outerIgnores: false }).files).toHaveLength(6);
  });

  it('honours the .gitignore files between the root and a target it walks', () => {
    const root = tree({ '.gitignore': 'dist/\n', 'src/.gitignore': '*.gen.ts\n', 'src/app/a.ts': '', 'src/app/b.gen.ts': '', 'src/app/dist/d.ts': '' });
    const result = discoverFiles(root, [path.join(root, 'src/app')], { ...defaults, outerIgnores: false });
    expect(result.files.map((f) => f.file)).toEqual(['src/app/a.ts']);
    expect(result.skipped.map((s) => [s.file, s.reason])).toEqual([['src/app/b.gen.ts', 'gitignored']]);
    expect(result.prunedDirectories).toEqual(['src/app/dist']);
  });
});

describe('discoverFiles and git agree on ignore rules', () => {
  it('lets a deeper .gitignore re-include what one above ignores, as git does', () => {
    const repo = tree({
      '.gitignore': '*.gen.ts\nlogs/\n',
      'src/a.gen.ts': '',
      'src/b.ts': '',
      'src/keep/.gitignore': '!*.gen.ts\n',
      'src/keep/c.gen.ts': '',
      'src/keep/deeper/.gitignore': '*.gen.ts\n',
      'src/keep/deeper/d.gen.ts': '',
      'src/keep/deeper/e.ts': '',
    });
    execFileSync('git', ['init', '--quiet'], { cwd: repo });
    const result = discoverFiles(repo, [repo], defaults);
    const asked = execFileSync('git', ['ls-files', '--others', '--exclude-standard', '--', '*.ts'], { cwd: repo, encoding: 'utf8' }).trim().split('\n').sort();
    expect(result.files.map((f) => f.file)).toEqual(asked);
    expect(asked).toEqual(['src/b.ts', 'src/keep/c.gen.ts', 'src/keep/deeper/e.ts']);
  });
});
