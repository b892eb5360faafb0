import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openUserCache, readUserSecret, userCacheDirectory } from '../../../src/cache/user-cache.js';
import { removeDirectory } from '../../helpers/fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-user-cache-'));
const root = path.join(dir, 'repository');
mkdirSync(root);
afterAll(() => removeDirectory(dir));

describe('the per-user cache directory', () => {
  it('comes from the environment: DEBT_SCAN_USER_CACHE, else XDG_CACHE_HOME, else the home directory', () => {
    expect(userCacheDirectory({ DEBT_SCAN_USER_CACHE: '/srv/cache/me', XDG_CACHE_HOME: '/xdg' })).toBe('/srv/cache/me');
    expect(userCacheDirectory({ XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/debt-scan');
    // A relative XDG_CACHE_HOME is invalid by the XDG specification and ignored.
    expect(userCacheDirectory({ XDG_CACHE_HOME: 'relative' })).toMatch(/[/\\]\.cache[/\\]debt-scan$/u);
  });

  it('is created private, with a secret of 32 bytes readable by this user only, the same on every run', () => {
    const directory = path.join(dir, 'home', '.cache', 'debt-scan');
    const first = openUserCache(directory, root);
    const second = openUserCache(directory, root);
    if (!first.ok || !second.ok) throw new Error('the per-user cache could not be opened');
    expect(first.cache.secret).toHaveLength(32);
    expect(second.cache.secret).toEqual(first.cache.secret);
    expect(readUserSecret(directory)).toEqual(first.cache.secret);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(directory, 'secret')).mode & 0o777).toBe(0o600);
  });

  it('replaces a secret that others can read, and takes write access to the directory away from others', () => {
    const directory = path.join(dir, 'loose');
    const before = openUserCache(directory, root);
    if (!before.ok) throw new Error(before.reason);
    chmodSync(path.join(directory, 'secret'), 0o644);
    chmodSync(directory, 0o777);
    expect(readUserSecret(directory)).toBeUndefined();
    const after = openUserCache(directory, root);
    if (!after.ok) throw new Error(after.reason);
    expect(after.cache.secret).not.toEqual(before.cache.secret);
    expect(statSync(path.join(directory, 'secret')).mode & 0o777).toBe(0o600);
    expect(statSync(directory).mode & 0o022).toBe(0);
  });

  it('replaces a damaged secret', () => {
    const directory = path.join(dir, 'damaged');
    mkdirSync(directory, { mode: 0o700 });
    writeFileSync(path.join(directory, 'secret'), 'short', { mode: 0o600 });
    const opened = openUserCache(directory, root);
    if (!opened.ok) throw new Error(opened.reason);
    expect(readFileSync(path.join(directory, 'secret'))).toEqual(opened.cache.secret);
    expect(opened.cache.secret).toHaveLength(32);
  });

  it('is refused inside the scanned tree, where the repository could plant a secret, and where it cannot be created', () => {
    expect(openUserCache(path.join(root, 'node_modules', '.cache', 'me'), root)).toEqual({
      ok: false,
      reason: `the per-user cache directory ${path.join(root, 'node_modules', '.cache', 'me')} lies inside the scanned tree`,
    });
    expect(openUserCache(root, root).ok).toBe(false);
    writeFileSync(path.join(dir, 'a-file'), '');
    const below = path.join(dir, 'a-file', 'cache');
    expect(openUserCache(below, root)).toEqual({ ok: false, reason: `cannot keep a per-user secret in ${below} (ENOTDIR)` });
    expect(openUserCache(undefined, root)).toEqual({ ok: false, reason: 'there is no home directory for a per-user cache' });
  });
});
