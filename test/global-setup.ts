import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { USER_CACHE_VARIABLE } from '../src/cache/user-cache.js';

/**
 * Every test run gets its own per-user cache directory (the secret that seals caches, and
 * TypeScript's code cache), so that no test writes into the real home. Test files, and the CLI
 * processes they start, inherit it through the environment.
 */
export default function setup(): () => void {
  const directory = mkdtempSync(path.join(tmpdir(), 'debt-scan-test-user-cache-'));
  process.env[USER_CACHE_VARIABLE] = directory;
  return () => rmSync(directory, { recursive: true, force: true });
}
