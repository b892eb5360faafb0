import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCloneIndex, DEFAULT_CACHE_LOCATION, lookupIndex, writeCloneIndex } from '../../../src/clones/clone-index.js';
import { openUserCache } from '../../../src/cache/user-cache.js';
import { temporaryDirectories } from '../../helpers/fixtures.js';

const directories = temporaryDirectories();

/** The secret of the per-user directory the test run uses (test/global-setup.ts). */
function secret(root: string): Uint8Array {
  const opened = openUserCache(process.env.DEBT_SCAN_USER_CACHE, root);
  if (!opened.ok) throw new Error(opened.reason);
  return opened.cache.secret;
}

describe('the clone index as the ESLint rules look it up', () => {
  it('within one lint session, notices at once an index written again, or removed, where one was found', () => {
    const root = directories.make('debt-scan-clone-index-');
    const file = path.join(root, 'src/deep/a.ts');
    mkdirSync(path.dirname(file), { recursive: true });
    const cache = path.join(root, DEFAULT_CACHE_LOCATION);
    mkdirSync(cache, { recursive: true });
    const text = 'export const a = 1;\n';
    const write = (rules: string[]) => writeCloneIndex(cache, buildCloneIndex(root, rules, [{ file: 'src/deep/a.ts', hash: 'other' }], []), secret(root));
    const session = new Map<string, unknown>();
    const look = () => lookupIndex(file, text, new Map(), session)?.index.rules;

    write(['no-duplicate-block']);
    expect(look()).toEqual(['no-duplicate-block']);
    write(['no-duplicate-block', 'no-duplicate-function']);
    expect(look()).toEqual(['no-duplicate-block', 'no-duplicate-function']);
    rmSync(cache, { recursive: true });
    expect(look()).toBeUndefined();
    // A new session looks into every directory again.
    mkdirSync(cache, { recursive: true });
    write(['no-duplicate-function']);
    expect(lookupIndex(file, text, new Map(), new Map())?.index.rules).toEqual(['no-duplicate-function']);
  });
});
