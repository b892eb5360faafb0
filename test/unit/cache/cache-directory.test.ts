import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheDirectoryProblem, holdsOnlyCache, removeLegacyFiles, removeStaleTemporaries } from '../../../src/cache/cache-directory.js';
import { removeDirectory } from '../../helpers/fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-cache-directory-'));
afterAll(() => removeDirectory(dir));

/** The id of a process that has ended. */
function endedProcessId(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('no child process');
  return child.pid;
}

describe('the cache directory', () => {
  it('loses the temporary files of ended runs and old ones, and keeps those of running ones and files not its own', () => {
    const cache = path.join(dir, 'stale');
    mkdirSync(cache);
    const ended = endedProcessId();
    const running = process.pid;
    const names = [
      `files-v5.bin.${ended}.tmp`,
      `facts-0123456789abcdef.bin.${ended}.tmp`,
      `clone-index-v2.bin.${ended}.tmp`,
      `clone-index.json.${ended}.tmp`,
      `files-v2.bin.${ended}.tmp`,
      `typescript-0123456789abcdef-v8-11.3-x64.bin.${ended}.tmp`,
      `files-v5.bin.${running}.tmp`,
      `clone-index-v2.bin.${running}.tmp`,
      `notes.${ended}.tmp`,
      'files-v5.bin',
    ];
    for (const name of names) writeFileSync(path.join(cache, name), '');
    const old = new Date(Date.now() - 11 * 60 * 1000);
    utimesSync(path.join(cache, `clone-index-v2.bin.${running}.tmp`), old, old);
    removeStaleTemporaries(cache);
    expect(readdirSync(cache).sort()).toEqual(['files-v5.bin', `files-v5.bin.${running}.tmp`, `notes.${ended}.tmp`]);
  });

  it('loses the files of earlier formats only', () => {
    const cache = path.join(dir, 'legacy');
    mkdirSync(cache);
    const names = ['files-v2.bin', 'files-v3.bin', 'files-v4.bin', 'files-v5.bin', 'clone-index.json', 'typescript-5.9.3-v8-11.3.244.8-node.38-x64.bin', 'files-v6.bin', 'files-v7.bin', 'files-v8.bin', 'facts-0123456789abcdef.bin', 'clone-index-v2.bin', 'typescript-0123456789abcdef-v8-11.3.244.8-node.38-x64.bin', 'other.json'];
    for (const name of names) writeFileSync(path.join(cache, name), '');
    removeLegacyFiles(cache);
    expect(readdirSync(cache).sort()).toEqual(['clone-index-v2.bin', 'facts-0123456789abcdef.bin', 'files-v8.bin', 'other.json', 'typescript-0123456789abcdef-v8-11.3.244.8-node.38-x64.bin']);
  });

  it('cannot be a file, or lie below one', () => {
    writeFileSync(path.join(dir, 'a-file'), '');
    expect(cacheDirectoryProblem(path.join(dir, 'a-file'))).toBe('it is not a directory');
    expect(cacheDirectoryProblem(path.join(dir, 'a-file', 'cache'))).toBe(`${path.join(dir, 'a-file')} is not a directory`);
    expect(cacheDirectoryProblem(path.join(dir, 'not-yet', 'cache'))).toBeUndefined();
    expect(cacheDirectoryProblem(dir)).toBeUndefined();
  });

  it('tells a directory that holds nothing but the way to the cache from one that holds more', () => {
    const root = path.join(dir, 'root');
    const cache = path.join(root, 'node_modules', '.cache', 'debt-scan');
    mkdirSync(cache, { recursive: true });
    writeFileSync(path.join(cache, 'files-v5.bin'), '');
    expect(holdsOnlyCache(path.join(root, 'node_modules'), cache)).toBe(true);
    expect(holdsOnlyCache(cache, cache)).toBe(true);
    expect(holdsOnlyCache(path.join(root, 'dist'), cache)).toBe(false);
    mkdirSync(path.join(root, 'node_modules', '.cache', 'babel-loader'));
    expect(holdsOnlyCache(path.join(root, 'node_modules'), cache)).toBe(false);
  });
});
