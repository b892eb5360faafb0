import v8 from 'node:v8';
import vm from 'node:vm';
import { setFlagUnlessGiven } from './v8-flags.js';

/** The old generation may grow to twice what the last full collection left (V8 allows up to four times). */
const HEAP_GROWING_PERCENT = 100;

/**
 * Keeps the CLI's heap close to what it holds. A scan allocates fast while its live data grows
 * (each file's syntax tree becomes garbage, its facts stay), and V8 then lets the heap grow to up
 * to four times what survived the last full collection: on 1.7 million lines with every rule, a
 * live heap of about 160 MB peaked at 850 MiB. Twice what survived keeps it at about 650 MiB; the
 * CPU time of those runs did not change beyond their spread. The CLI owns its process, so it sets
 * this for it once its heap is large (`heapGrowthLimiter`; worker threads share the flag); the
 * library leaves its host's heap alone, and a `--heap-growing-percent` given to Node wins.
 */
export function limitHeapGrowth(execArgv: readonly string[]): void {
  setFlagUnlessGiven('heap-growing-percent', HEAP_GROWING_PERCENT, execArgv);
}

/** Heap in use above which the CLI limits the heap's growth (`limitHeapGrowth`). */
const LIMIT_GROWTH_ABOVE_BYTES = 128 * 1024 * 1024;

/**
 * A check that limits the heap's growth (`limitHeapGrowth`) the first time it finds more than
 * `aboveBytes` of heap in use; cheap enough (a fifth of a microsecond) to run at every step of a
 * scan. Below that V8's own growth costs little memory and saves collections: a run the cache
 * serves whole holds about 30 MB, and with the limit from the start V8 collected everything again
 * at 34 MB, 30 ms of the 0.35 s of CPU such a run takes on typeorm (ten runs each). A cold scan of
 * any size passes the mark while it analyses, long before its peak.
 */
export function heapGrowthLimiter(execArgv: readonly string[], aboveBytes = LIMIT_GROWTH_ABOVE_BYTES, heapInUse = () => v8.getHeapStatistics().used_heap_size): (now?: boolean) => void {
  let limited = false;
  return (now = false) => {
    if (limited || (!now && heapInUse() <= aboveBytes)) return;
    limited = true;
    limitHeapGrowth(execArgv);
  };
}

let checkpoint: ((now?: boolean) => void) | undefined;

/** Makes `heapCheckpoint` limit the heap's growth once the heap is large (`heapGrowthLimiter`): the CLI's own process only. */
export function watchHeapGrowth(execArgv: readonly string[]): void {
  checkpoint = heapGrowthLimiter(execArgv);
}

/** A step of a long run (a file analysed, a phase begun, a point of a trend): where `watchHeapGrowth`'s check runs. */
export function heapCheckpoint(): void {
  checkpoint?.();
}

/** The limit from now on, for a run that is large whatever the cache holds (a trend), where `watchHeapGrowth` was called. */
export function limitHeapGrowthFromNow(): void {
  checkpoint?.(true);
}

/** Below this much heap in use, a collection would free too little to be worth its pause. */
const COLLECT_ABOVE_BYTES = 256 * 1024 * 1024;

/**
 * Runs a full garbage collection when the heap holds more than `aboveBytes`, and says whether it
 * did. The CLI calls it between the scan and its reports: the cross-file phases leave their
 * working data as garbage (on 1.7 million lines with every rule, a heap of 510 MB of which 70 MB
 * is live), which V8 collects only once the heap has grown again by as much, so that a large
 * report was rendered on top of it (peak 821 MiB, against 666 MiB after a collection of 80 ms).
 * Node has no call for a collection without `--expose-gc`; the flag set now reaches contexts
 * created afterwards, such as the one that hands out `gc` here.
 */
export function collectGarbage(aboveBytes = COLLECT_ABOVE_BYTES): boolean {
  if (v8.getHeapStatistics().used_heap_size <= aboveBytes) return false;
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return true;
}
