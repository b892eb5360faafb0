import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectGarbage, heapGrowthLimiter, limitHeapGrowth } from '../../../src/cli/heap.js';

afterEach(() => vi.restoreAllMocks());

describe('limitHeapGrowth', () => {
  it('sets V8 to grow the heap to twice what the last full collection left', () => {
    const set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    limitHeapGrowth([]);
    limitHeapGrowth(['--enable-source-maps', '--max-old-space-size=4096']);
    expect(set.mock.calls).toEqual([['--heap-growing-percent=100'], ['--heap-growing-percent=100']]);
  });

  it('leaves a growth given to Node alone, in either spelling', () => {
    const set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    limitHeapGrowth(['--heap-growing-percent=30']);
    limitHeapGrowth(['--no-warnings', '--heap_growing_percent', '30']);
    expect(set).not.toHaveBeenCalled();
  });
});

describe('heapGrowthLimiter', () => {
  it('limits the growth once, the first time the heap in use passes the mark', () => {
    const set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    const inUse = [10, 100, 101, 500, 50];
    const check = heapGrowthLimiter([], 100, () => inUse.shift() ?? 0);
    check();
    check();
    expect(set).not.toHaveBeenCalled();
    check();
    check();
    check();
    expect(set.mock.calls).toEqual([['--heap-growing-percent=100']]);
    expect(inUse).toEqual([500, 50]); // once limited, it looks no more
  });

  it('limits it at once when asked, whatever the heap holds', () => {
    const set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    const check = heapGrowthLimiter([], 100, () => 0);
    check(true);
    check(true);
    expect(set.mock.calls).toEqual([['--heap-growing-percent=100']]);
  });

  it('leaves a growth given to Node alone', () => {
    const set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    heapGrowthLimiter(['--heap-growing-percent=30'], 0, () => 1)();
    expect(set).not.toHaveBeenCalled();
  });
});

describe('collectGarbage', () => {
  it('collects what nothing holds any more when the heap is above the limit', async () => {
    let held: { payload: number[] } | undefined = { payload: Array.from({ length: 1000 }, (_, i) => i) };
    const ref = new WeakRef(held);
    held = undefined;
    // A WeakRef keeps its target alive until the job that made it has ended.
    await new Promise((resolve) => setImmediate(resolve));
    expect(collectGarbage(0)).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });

  it('leaves a heap below the limit alone', () => {
    const set = vi.spyOn(v8, 'setFlagsFromString');
    expect(collectGarbage(Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(set).not.toHaveBeenCalled();
  });
});
