import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | null | undefined;

/**
 * Runs a full garbage collection, so that a dropped program's memory is free before the next
 * program is built (V8 would otherwise let the heap grow to its limit first, and the typed scan's
 * peak would be the sum of its programs, not the largest one). V8's `gc` function is exposed for
 * this thread the way Node's `--expose-gc` does it; where that fails, collection is left to V8.
 */
export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const gc: unknown = vm.runInNewContext('gc');
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
