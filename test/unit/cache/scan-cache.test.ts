import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCache } from '../../../src/cache/scan-cache.js';
import { resolveConfig } from '../../../src/config/load-config.js';
import { removeDirectory } from '../../helpers/fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-scan-cache-'));
afterAll(() => removeDirectory(dir));

describe('openCache', () => {
  const config = resolveConfig({}, 'defaults');
  const root = path.join(dir, 'repo');
  const userCacheLocation = path.join(dir, 'user');

  it('opens the per-user directory with the cache off, for the worker verdict and TypeScript code, and writes no scan cache', () => {
    const opened = openCache(root, config, { cache: false, userCacheLocation }, true);
    expect(opened.cache).toBeUndefined();
    expect(opened.user?.directory).toBe(userCacheLocation);
    expect(existsSync(path.join(userCacheLocation, 'secret'))).toBe(true);
    expect(existsSync(opened.cacheDirectory)).toBe(false);
  });

  it('opens neither for a source other than the disk, whose results stay in memory', () => {
    const opened = openCache(root, config, { userCacheLocation: path.join(dir, 'other-user') }, false);
    expect(opened.cache).toBeUndefined();
    expect(opened.user).toBeUndefined();
    expect(existsSync(path.join(dir, 'other-user'))).toBe(false);
  });

  it('runs without the per-user directory, and says nothing, when it lies inside the scanned tree and the cache is off', () => {
    const warnings: string[] = [];
    const opened = openCache(root, config, { cache: false, userCacheLocation: path.join(root, '.cache'), onWarning: (w) => warnings.push(w) }, true);
    expect(opened.user).toBeUndefined();
    expect(warnings).toEqual([]);
  });
});
