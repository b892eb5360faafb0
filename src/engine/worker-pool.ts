import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CodeCacheSettings } from '../compile-cache.js';
import type { ResolvedRule } from '../config/types.js';
import type { FileResult } from './analyze-file.js';
import { analyzeFiles, type AnalysisJob } from './analyze-files.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);
const BATCH_BYTES = 256 * 1024;
const BATCH_FILES = 64;

/** True when the compiled worker script exists (it does not when running from TypeScript sources). */
export function canUseWorkers(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

/**
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
      const [result] = analyzeFiles([job], rules);
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
        const worker = new Worker(WORKER_URL, { workerData: { compileCache } });
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
          done += message.results.length;
          onResults?.(message.results);
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
      results[batch] = batches[batch].flatMap((job) => analyzeFiles([job], rules));
      onResults?.(results[batch]);
      done += batches[batch].length;
      onFileDone(done);
    }
  }
  return results.flat();
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
