import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CodeCacheSettings } from '../compile-cache.js';
import type { ResolvedRule } from '../config/types.js';
import type { FileResult } from './analyze-file.js';
import { analyzeFiles, ranOutOfStack, type AnalysisJob } from './analyze-files.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);
/** The stack of a pool worker, in MiB (Node's default for workers; this thread's own is about 1 MiB). */
const WORKER_STACK_MB = 4;
/**
 * The stack, in MiB, of the worker of its own in which a file is analysed again when its analysis
 * ran out of stack anywhere: in this thread, or in a pool worker (where how deep a tree fits also
 * depends on what the worker ran before, since compiled code uses smaller frames). Every file that
 * fits in some thread fits here, so the results do not depend on the number of workers; a file
 * that does not fit even here is a named skip, `too-deep`.
 */
const RETRY_STACK_MB = 64;

/**
 * Node options for workers: this process's, less those a worker cannot start with (a library
 * user's `node --input-type=module -e …` passes `--input-type` on, without the `-e` it needs).
 */
function workerExecArgv(): string[] {
  const options: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const option = process.execArgv[i];
    if (option === '--input-type') i += 1;
    else if (!option.startsWith('--input-type=')) options.push(option);
  }
  return options;
}
const BATCH_BYTES = 256 * 1024;
const BATCH_FILES = 64;

/** True when the compiled worker script exists (it does not when running from TypeScript sources). */
export function canUseWorkers(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

/**
 * A small pool of its own rather than piscina or tinypool: it hands out batches (one message per
 * batch, not per file), keeps results in job order whatever worker finished first, sends a file
 * that ran out of stack to a one-off worker with a larger stack, and runs in this thread for small
 * scans; those are what the scan needs, and a general pool would add a dependency to do less.
 *
 * Analyses the jobs on `workers` worker threads (in this thread when `workers` is 0), handing out
 * batches to whichever worker is free; `compileCache` is where workers find TypeScript's code
 * cache and the secret that seals it (src/compile-cache.ts), and `onResults` receives each batch's results as it completes. Results come back in the order of the jobs, whatever the
 * timing, so that output does not depend on the number of workers.
 */
export async function analyzeInPool(
  jobs: readonly AnalysisJob[],
  rules: readonly ResolvedRule[],
  workers: number,
  onFileDone: (done: number) => void,
  batchFiles = BATCH_FILES,
  compileCache?: CodeCacheSettings,
  onResults?: (results: readonly FileResult[]) => void,
): Promise<FileResult[]> {
  if (workers <= 0 || jobs.length === 0 || !canUseWorkers()) {
    const results: FileResult[] = [];
    for (const job of jobs) {
      const result = await analyzeAgainIfTooDeep(job, analyzeFiles([job], rules)[0], rules, compileCache);
      results.push(result);
      onResults?.([result]);
      onFileDone(results.length);
      // Lets other work of this thread (the trend's cross-file phases) run between files.
      if (onResults) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return results;
  }
  const batches = makeBatches(jobs, batchFiles);
  const results: FileResult[][] = new Array(batches.length);
  let next = 0;
  let done = 0;
  const count = Math.min(workers, batches.length);
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve) => {
        const worker = new Worker(WORKER_URL, { workerData: { compileCache }, execArgv: workerExecArgv(), resourceLimits: { stackSizeMb: WORKER_STACK_MB } });
        let finished = false;
        let inFlight = 0;
        const finish = (): void => {
          if (finished) return;
          finished = true;
          resolve();
        };
        const feed = (): void => {
          if (next < batches.length) {
            const batch = next++;
            inFlight += 1;
            worker.postMessage({ type: 'jobs', batch, jobs: batches[batch] });
          } else if (inFlight === 0 && !finished) {
            finished = true;
            void worker.terminate().then(() => resolve());
          }
        };
        worker.on('message', (message: { batch: number; results: FileResult[] }) => {
          inFlight -= 1;
          results[message.batch] = message.results;
          // A file that ran out of stack is analysed again below, and reported then.
          const complete = message.results.filter((result) => !ranOutOfStack(result));
          done += complete.length;
          if (complete.length > 0) onResults?.(complete);
          onFileDone(done);
          feed();
        });
        // A worker that dies (out of memory, a crash in the runtime) hands its batch back.
        worker.on('error', finish);
        worker.on('exit', finish);
        worker.postMessage({ type: 'init', rules });
        // Two batches in hand, so that a worker need not wait while this thread is busy elsewhere.
        feed();
        feed();
      }),
    ),
  );
  // Batches whose worker died, and any a dead pool never reached, are analysed here, file by file.
  for (let batch = 0; batch < batches.length; batch++) {
    if (results[batch] === undefined) {
      results[batch] = [];
      for (const job of batches[batch]) results[batch].push(await analyzeAgainIfTooDeep(job, analyzeFiles([job], rules)[0], rules, compileCache));
      onResults?.(results[batch]);
      done += batches[batch].length;
      onFileDone(done);
    } else {
      for (const [index, result] of results[batch].entries()) {
        if (!ranOutOfStack(result)) continue;
        results[batch][index] = await analyzeAgainIfTooDeep(batches[batch][index], result, rules, compileCache);
        onResults?.([results[batch][index]]);
        done += 1;
        onFileDone(done);
      }
    }
  }
  return results.flat();
}

/** A file's result, or, when its analysis ran out of stack, that of a new analysis in a worker with a large stack. */
async function analyzeAgainIfTooDeep(job: AnalysisJob, result: FileResult, rules: readonly ResolvedRule[], compileCache?: CodeCacheSettings): Promise<FileResult> {
  if (!ranOutOfStack(result) || !canUseWorkers()) return result;
  const [again] = (await analyzeInOneWorker([job], rules, compileCache)) ?? [result];
  return again;
}

/** Analyses jobs in a worker of its own; undefined when the worker dies. */
function analyzeInOneWorker(jobs: AnalysisJob[], rules: readonly ResolvedRule[], compileCache?: CodeCacheSettings): Promise<FileResult[] | undefined> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_URL, { workerData: { compileCache }, execArgv: workerExecArgv(), resourceLimits: { stackSizeMb: RETRY_STACK_MB } });
    let settled = false;
    const settle = (results: FileResult[] | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(results);
      void worker.terminate();
    };
    worker.on('message', (message: { results: FileResult[] }) => settle(message.results));
    worker.on('error', () => settle(undefined));
    worker.on('exit', () => settle(undefined));
    worker.postMessage({ type: 'init', rules });
    worker.postMessage({ type: 'jobs', batch: 0, jobs });
  });
}

function makeBatches(jobs: readonly AnalysisJob[], batchFiles: number): AnalysisJob[][] {
  const batches: AnalysisJob[][] = [];
  let current: AnalysisJob[] = [];
  let bytes = 0;
  for (const job of jobs) {
    current.push(job);
    bytes += job.text.length;
    if (bytes >= BATCH_BYTES || current.length >= batchFiles) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
