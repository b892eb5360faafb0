import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileCache } from '../../../src/cache/file-cache.js';
import { resolutionMemory } from '../../../src/cross-file/run-cross-file.js';
import type { ModuleResolution } from '../../../src/module-graph/create-module-resolver.js';
import { removeDirectory } from '../../helpers/fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-resolution-memory-'));
afterAll(() => removeDirectory(dir));
const secret = randomBytes(32);

const files = ['src/a.ts', 'src/b.ts'];
const entries = (count: number): [string, ModuleResolution][] =>
  Array.from({ length: count }, (_, i) => [`src/a.ts\0./m${String(i).padStart(4, '0')}\0static`, { kind: 'external', packageName: `m${i}` } as ModuleResolution]);

/** A run of the cache: recalls, then keeps what a resolver made with `changes` changes; what the next run recalls. */
function run(made: [string, ModuleResolution][], changes: number): number | undefined {
  const cache = FileCache.open(dir, ['key'], secret);
  const memory = resolutionMemory(dir, cache, [], []);
  memory?.recall(files);
  memory?.keep(files, () => made, changes);
  cache.save();
  return resolutionMemory(dir, FileCache.open(dir, ['key'], secret), [], [])?.recall(files)?.length;
}

describe('the remembered module resolutions', () => {
  it('are kept when there were none, and again only when a run changed more than a hundredth of them', () => {
    expect(run(entries(1_000), 1_000)).toBe(1_000);
    // Ten new resolutions of a thousand: the next run makes them again rather than the cache being written.
    expect(run(entries(1_010), 10)).toBe(1_000);
    expect(run(entries(1_011), 11)).toBe(1_011);
  });
});
