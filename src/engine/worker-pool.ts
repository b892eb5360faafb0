import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
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
 * cache (src/compile-cache.ts). Results come back in the order of the jobs, whatever the
 * timing, so that output does not depend on the number of workers.
 */
export async function analyzeInPool(
  jobs: readonly AnalysisJob[],
  rules: readonly ResolvedRule[],
  workers: number,
  onFileDone: (done: number) => void,
  batchFiles = BATCH_FILES,
  compileCache?: string,
): Promise<FileResult[]> {
  if (workers <= 0 || jobs.length === 0 || !canUseWorkers()) {
    const results: FileResult[] = [];
    for (const job of jobs) {
      results.push(...analyzeFiles([job], rules));
      onFileDone(results.length);
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
        const finish = (): void => {
          if (finished) return;
          finished = true;
          resolve();
        };
        const feed = (): void => {
          if (next >= batches.length) {
            finished = true;
            void worker.terminate().then(() => resolve());
            return;
          }
          const batch = next++;
          worker.postMessage({ type: 'jobs', batch, jobs: batches[batch] });
        };
        worker.on('message', (message: { batch: number; results: FileResult[] }) => {
          results[message.batch] = message.results;
          done += message.results.length;
          onFileDone(done);
          feed();
        });
        // A worker that dies (out of memory, a crash in the runtime) hands its batch back.
        worker.on('error', finish);
        worker.on('exit', finish);
        worker.postMessage({ type: 'init', rules });
        feed();
      }),
    ),
  );
  // Batches whose worker died, and any a dead pool never reached, are analysed here, file by file.
  for (let batch = 0; batch < batches.length; batch++) {
    if (results[batch] === undefined) {
      results[batch] = batches[batch].flatMap((job) => analyzeFiles([job], rules));
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
