import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheFile, sourceDigest, type SourceStamp } from '../../../src/parse/compile-cache.js';
import { removeDirectory } from '../../helpers/fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-compile-cache-'));
afterAll(() => removeDirectory(dir));
const secret = randomBytes(32);

function stampOf(file: string): SourceStamp {
  const stats = statSync(file);
  return { file, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino, dev: stats.dev };
}

describe('the digest that names TypeScript’s code cache', () => {
  const user = path.join(dir, 'user');
  const source = path.join(dir, 'typescript.js');

  it('is the SHA-256 of the source, kept by the file’s stamps once they are older than two seconds', () => {
    writeFileSync(source, 'var ts = {};');
    const fresh = stampOf(source);
    const bytes = readFileSync(source);
    expect(codeCacheFile(user, bytes, sourceDigest(user, secret, bytes, fresh))).toEqual(codeCacheFile(user, bytes));
    // Stamps of this second are not kept: a change in the same tick could keep them.
    expect(existsSync(path.join(user, 'typescript-digests.bin'))).toBe(false);

    const old = new Date(Date.now() - 60_000);
    utimesSync(source, old, old);
    // The change time is now: the file is two seconds old by its stamps only after a wait, so the test stamps it from the past itself.
    const stamped = { ...stampOf(source), ctimeMs: old.getTime() };
    expect(sourceDigest(user, secret, bytes, stamped)).toBe(sourceDigestOfBytes(bytes));
    expect(existsSync(path.join(user, 'typescript-digests.bin'))).toBe(true);
    // Kept: the same stamps give the kept digest without hashing, whatever bytes are handed over.
    expect(sourceDigest(user, secret, Buffer.from('var TS = {};'), stamped)).toBe(sourceDigestOfBytes(bytes));
    // Other stamps, or a size that does not match the bytes, are hashed.
    expect(sourceDigest(user, secret, Buffer.from('var TS = {};'), { ...stamped, mtimeMs: stamped.mtimeMs + 1 })).toBe(sourceDigestOfBytes(Buffer.from('var TS = {};')));
    expect(sourceDigest(user, secret, Buffer.from('var ts = {}; '), stamped)).toBe(sourceDigestOfBytes(Buffer.from('var ts = {}; ')));
  });

  it('is hashed again when the kept digests were sealed with another secret', () => {
    const bytes = Buffer.from('var ts = {};');
    const stamped = { ...stampOf(source), mtimeMs: 1, ctimeMs: 1 };
    sourceDigest(user, secret, bytes, stamped);
    expect(sourceDigest(user, randomBytes(32), Buffer.from('var TS = {};'), stamped)).toBe(sourceDigestOfBytes(Buffer.from('var TS = {};')));
  });
});

function sourceDigestOfBytes(bytes: Buffer): string {
  return codeCacheFile('', bytes).kind.split('\u0000')[1];
}
