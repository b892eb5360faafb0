import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { errorCode } from '../errors.js';
import type { CodeCacheSettings } from '../parse/compile-cache.js';
import type { ResolvedRule } from '../config/types.js';
import type { FileResult } from './analyze-file.js';
import type { RuleRegistry } from '../rule/types.js';
import { analyzeFiles, enabledRules, ranOutOfStack, type AnalysisJob } from './analyze-files.js';
import type { EnabledRule } from './run-detectors.js';
import { OWN_LANE, WorkerTrial } from './worker-trial.js';
import { deferred } from '../util/deferred.js';

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
 * Starts a worker with this process's Node options. Node gives a worker the options of the
 * process and checks none of those, unless they are passed explicitly, which this must do only to
 * leave out `--input-type` (a library user's `node --input-type=module -e …` would pass it on
 * without the `-e` it needs). Passed explicitly, options a worker refuses (V8's and per-process
 * ones, such as `--max-old-space-size`, which apply to the whole process anyway) make Node throw
 * and name them: they are left out, and the worker starts with the rest.
 */
function startWorker(options: Omit<WorkerOptions, 'execArgv'>): Worker {
  const execArgv = withoutInputType(process.execArgv);
  if (execArgv.length === process.execArgv.length) return new Worker(WORKER_URL, options);
  try {
    return new Worker(WORKER_URL, { ...options, execArgv });
  } catch (error) {
    const refused = refusedOptions(error);
    if (refused.length === 0) throw error;
    return new Worker(WORKER_URL, { ...options, execArgv: execArgv.filter((option) => !refused.includes(option)) });
  }
}

function withoutInputType(execArgv: readonly string[]): string[] {
  const options: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const option = execArgv[i];
    if (option === '--input-type') i += 1;
    else if (!option.startsWith('--input-type=')) options.push(option);
  }
  return options;
}

/** The options Node names in its refusal to start a worker with them (`ERR_WORKER_INVALID_EXEC_ARGV`). */
function refusedOptions(error: unknown): string[] {
  if (errorCode(error) !== 'ERR_WORKER_INVALID_EXEC_ARGV' || !(error instanceof Error)) return [];
  const listed = /flags: (.+)$/u.exec(error.message)?.[1];
  return listed ? listed.split(', ') : [];
}
const BATCH_BYTES = 256 * 1024;
/**
 * While a worker trial runs, batches are a quarter of that, so that its phases measure enough
 * batches in a fifth of a second each (src/engine/worker-trial.ts): the first TRIAL_SPAN_BYTES of
 * the jobs, more than the trial analyses on a machine where workers do not pay.
 */
const TRIAL_BATCH_BYTES = 64 * 1024;
const TRIAL_SPAN_BYTES = 4 * 1024 * 1024;
const BATCH_FILES = 64;
/**
 * Batches a worker holds at once: two while this thread analyses too, so that a worker need not
 * wait while this thread is busy with its own batch; more while this thread does other work in
 * long stretches (a trend's cross-file phases, up to a second and a half for the first point of a
 * large repository), which it cannot interrupt to hand out the next batch: with two, the worker of
 * a trend sat idle half the time; with sixteen (about half a second of work), 0.7 s of formbricks'.
 */
const IN_HAND = 2;
const IN_HAND_WHILE_THIS_THREAD_IS_BUSY = 64;

/** True when the compiled worker script exists (it does not when running from TypeScript sources). */
export function canUseWorkers(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

/** How the pool runs; every field is optional. */
export interface PoolOptions {
  /** At most this many files a batch (tests make batches small). */
  batchFiles?: number;
  /** Where workers find TypeScript's code cache and the secret that seals it (src/parse/compile-cache.ts). */
  compileCache?: CodeCacheSettings;
  /** Receives each batch's results as it completes. */
  onResults?: (results: readonly FileResult[]) => void;
  /**
   * Jobs that follow the given ones, in groups as they become known (the trend reads each tree's
   * files while the workers analyse those of the trees before it): the workers start at once, and
   * the pool ends when this ends and every job is analysed. If it throws, the pool analyses what
   * it has and then rejects with that error.
   */
  later?: AsyncIterable<readonly AnalysisJob[]>;
  /**
   * Whether this thread analyses batches beside the workers (the scan), or leaves them to the
   * workers and stays free for other work (the trend's cross-file phases). Default true.
   */
  thisThreadWorks?: boolean;
  /**
   * Whether the workers stay only while they are measured to pay (src/engine/worker-trial.ts): for
   * the default worker count; a count the user asked for is kept.
   */
  measured?: boolean;
}

/** What the pool did: the results in job order, and how the workers fared. */
export interface PoolOutcome {
  results: FileResult[];
  /** Workers started. */
  workers: number;
  /** True when the trial found that the workers did not pay, and the pool stopped feeding them. */
  retired: boolean;
  /** The trial's figures, bytes per ms of this thread alone and of all threads together, when it decided. */
  trial?: { alone: number; together: number };
}

/**
 * A small pool of its own rather than piscina or tinypool: it hands out batches (one message per
 * batch, not per file), keeps results in job order whatever thread finished first, lets this
 * thread analyse batches too (so that nothing waits while workers start, which takes half a second
 * or more each for loading TypeScript), stops feeding workers that turn out not to pay on this
 * machine, and sends a file that ran out of stack to a one-off worker with a larger stack; those
 * are what the scan needs, and a general pool would add a dependency to do less.
 *
 * Analyses the jobs on this thread and `workers` worker threads. Results come back in the order of
 * the jobs, whatever the timing, so that output does not depend on the number of workers. This
 * thread takes the rules' definitions from `registry`; each worker from its own import of them.
 */
export async function analyzeInPool(
  jobs: readonly AnalysisJob[],
  rules: readonly ResolvedRule[],
  registry: RuleRegistry,
  workers: number,
  onFileDone: (done: number) => void,
  options: PoolOptions = {},
): Promise<PoolOutcome> {
  const { compileCache, onResults, later } = options;
  const enabled = enabledRules(rules, registry);
  const { batches, trialRuns } = batchesFor(jobs, workers, options);
  const results: FileResult[][] = [];
  const count = poolSize(workers, later === undefined ? batches.length : Infinity);
  const thisThreadWorks = options.thisThreadWorks !== false || count === 0;
  const trial = trialRuns ? new WorkerTrial(count) : undefined;
  let next = 0;
  let done = 0;
  let wakeLanes = (): void => undefined;
  const incoming = arrivals(batches, later, options.batchFiles ?? BATCH_FILES, () => wakeLanes());
  const deliver = (batch: number, batchResults: FileResult[]): void => {
    results[batch] = batchResults;
    // A file that ran out of stack is analysed again below, and reported then.
    const complete = batchResults.filter((result) => !ranOutOfStack(result));
    done += complete.length;
    if (complete.length > 0) onResults?.(complete);
    onFileDone(done);
  };
  const lanes = workerLanes(count, {
    rules,
    compileCache,
    inHand: thisThreadWorks ? IN_HAND : IN_HAND_WHILE_THIS_THREAD_IS_BUSY,
    take: () => {
      if (next >= batches.length && !incoming.complete()) return 'wait';
      if (next >= batches.length || trial?.retired) return undefined;
      if (trial && !trial.feedsWorkers()) return 'wait';
      const batch = next++;
      return { batch, jobs: batches[batch] };
    },
    deliver: (lane, batch, batchResults, busyMs) => {
      deliver(batch, batchResults);
      trial?.completed(lane, batchBytes(batches[batch]), 0, busyMs);
    },
    onReady: () => trial?.workersReady(),
  });
  const settle = (): void => {
    if (!trial) return;
    trial.advance(lanes.inFlight());
    if (trial.feedsWorkers() || trial.retired || next >= batches.length) lanes.wake();
  };
  lanes.onChange(settle);
  wakeLanes = () => lanes.wake();
  if (thisThreadWorks) {
    while (next < batches.length || !incoming.complete()) {
      if (next >= batches.length) {
        await incoming.next();
        continue;
      }
      const batch = next++;
      const started = performance.now();
      deliver(batch, analyzeFiles(batches[batch], enabled));
      trial?.completed(OWN_LANE, batchBytes(batches[batch]), started, 0);
      settle();
      // Lets worker messages in between batches, and other work of this thread (the trend's cross-file phases).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    lanes.wake();
  }
  await lanes.stopped;
  await analyzeLeftovers(batches, results, { rules, enabled }, compileCache, (settled) => {
    onResults?.(settled);
    done += settled.length;
    onFileDone(done);
  });
  await incoming.settled;
  return { results: results.flat(), workers: count, retired: trial?.retired ?? false, ...(trial?.figures ? { trial: trial.figures } : {}) };
}

/** The jobs in batches, and whether a worker trial runs over them: only for the default count, and where this thread works beside the workers. */
function batchesFor(jobs: readonly AnalysisJob[], workers: number, options: PoolOptions): { batches: AnalysisJob[][]; trialRuns: boolean } {
  const trialRuns = options.measured === true && options.thisThreadWorks !== false && poolSize(workers, jobs.length) > 0;
  return { batches: makeBatches(jobs, options.batchFiles ?? BATCH_FILES, trialRuns ? TRIAL_SPAN_BYTES : 0), trialRuns };
}

/** The workers to start: as asked, but none without the compiled worker script, and no more than there are batches. */
function poolSize(workers: number, batches: number): number {
  return canUseWorkers() ? Math.min(Math.max(0, workers), batches) : 0;
}

/** The jobs that arrive `later`, added to `batches` as they come; `wake` is called at each arrival and at the end. */
interface Arrivals {
  /** Whether every job is known. */
  complete(): boolean;
  /** Resolves at the next arrival, or the end. */
  next(): Promise<void>;
  /** Resolves when every job has arrived; rejects with the error of those that could not. */
  settled: Promise<void>;
}

function arrivals(batches: AnalysisJob[][], later: AsyncIterable<readonly AnalysisJob[]> | undefined, batchFiles: number, wake: () => void): Arrivals {
  if (!later) return { complete: () => true, next: () => Promise.resolve(), settled: Promise.resolve() };
  let complete = false;
  let arrival = deferred();
  const signal = (): void => {
    const arrived = arrival;
    arrival = deferred();
    arrived.resolve();
    wake();
  };
  const receive = async (): Promise<void> => {
    for await (const group of later) {
      if (group.length === 0) continue;
      batches.push(...makeBatches(group, batchFiles));
      signal();
    }
  };
  const settled = receive().finally(() => {
    complete = true;
    signal();
  });
  // A failure to deliver jobs is reported once the jobs delivered are analysed.
  settled.catch(() => undefined);
  return { complete: () => complete, next: () => arrival.promise, settled };
}


/**
 * Analyses here, file by file, the batches whose worker died and any a dead pool never reached,
 * and again, with a larger stack, each file that ran out of stack; `settled` receives them.
 */
async function analyzeLeftovers(
  batches: readonly AnalysisJob[][],
  results: FileResult[][],
  { rules, enabled }: { rules: readonly ResolvedRule[]; enabled: readonly EnabledRule[] },
  compileCache: CodeCacheSettings | undefined,
  settled: (results: FileResult[]) => void,
): Promise<void> {
  for (let batch = 0; batch < batches.length; batch++) {
    if (results[batch] === undefined) {
      results[batch] = [];
      for (const job of batches[batch]) results[batch].push(await analyzeAgainIfTooDeep(job, analyzeFiles([job], enabled)[0], rules, compileCache));
      settled(results[batch]);
      continue;
    }
    for (const [index, result] of results[batch].entries()) {
      if (!ranOutOfStack(result)) continue;
      results[batch][index] = await analyzeAgainIfTooDeep(batches[batch][index], result, rules, compileCache);
      settled([results[batch][index]]);
    }
  }
}

interface LaneSettings {
  rules: readonly ResolvedRule[];
  compileCache: CodeCacheSettings | undefined;
  /** Batches each worker holds at once. */
  inHand: number;
  /** The next batch to analyse; 'wait' to hold a worker idle for now, undefined when there is none. */
  take: () => { batch: number; jobs: readonly AnalysisJob[] } | 'wait' | undefined;
  deliver: (lane: number, batch: number, results: FileResult[], busyMs: number) => void;
  /** Called once, when every worker has loaded the analysis and is ready for batches. */
  onReady: () => void;
}

interface Lanes {
  /** Settles once every worker has stopped (none left to feed, or dead). */
  stopped: Promise<void>;
  /** Batches the workers hold. */
  inFlight: () => number;
  /** Offers batches again to workers that were told to wait, up to as many as each may hold. */
  wake: () => void;
  /** Registers what runs after each message from a worker. */
  onChange: (listener: () => void) => void;
}

/** Starts `count` workers, each fed with batches from `take` until there are none. */
function workerLanes(count: number, settings: LaneSettings): Lanes {
  const waiting = new Set<() => void>();
  let inFlight = 0;
  let ready = 0;
  let listener = (): void => undefined;
  const stopped = Promise.all(
    Array.from({ length: count }, (_, lane) =>
      new Promise<void>((resolve) => {
        const worker = startWorker({ workerData: { compileCache: settings.compileCache }, resourceLimits: { stackSizeMb: WORKER_STACK_MB } });
        let finished = false;
        let holding = 0;
        const finish = (): void => {
          if (finished) return;
          finished = true;
          inFlight -= holding;
          holding = 0;
          waiting.delete(fill);
          resolve();
        };
        /** Hands the worker batches until it holds as many as it may, there are none for now, or none at all. */
        const fill = (): void => {
          while (!finished && holding < settings.inHand) {
            const taken = settings.take();
            if (taken === 'wait') {
              waiting.add(fill);
              return;
            }
            if (taken === undefined) {
              if (holding === 0) {
                finished = true;
                waiting.delete(fill);
                void worker.terminate().then(() => resolve());
              }
              return;
            }
            holding += 1;
            inFlight += 1;
            worker.postMessage({ type: 'jobs', ...taken });
          }
        };
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'ready') {
            ready += 1;
            if (ready === count) settings.onReady();
            return;
          }
          holding -= 1;
          inFlight -= 1;
          settings.deliver(lane, message.batch, message.results, message.busyMs);
          listener();
          fill();
        });
        // A worker that dies (out of memory, a crash in the runtime) hands its batches back.
        worker.on('error', finish);
        worker.on('exit', finish);
        worker.postMessage({ type: 'init', rules: settings.rules });
        fill();
      }),
    ),
  ).then(() => undefined);
  return {
    stopped,
    inFlight: () => inFlight,
    wake: () => {
      const feeds = [...waiting];
      waiting.clear();
      for (const feed of feeds) feed();
    },
    onChange: (next) => {
      listener = next;
    },
  };
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
    const worker = startWorker({ workerData: { compileCache }, resourceLimits: { stackSizeMb: RETRY_STACK_MB } });
    let settled = false;
    const settle = (results: FileResult[] | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(results);
      void worker.terminate();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'results') settle(message.results);
    });
    worker.on('error', () => settle(undefined));
    worker.on('exit', () => settle(undefined));
    worker.postMessage({ type: 'init', rules });
    worker.postMessage({ type: 'jobs', batch: 0, jobs });
  });
}

/** What a pool worker sends: that it has loaded the analysis, or a batch's results. */
export type WorkerMessage = { type: 'ready' } | { type: 'results'; batch: number; results: FileResult[]; busyMs: number };

function batchBytes(jobs: readonly AnalysisJob[]): number {
  return jobs.reduce((sum, job) => sum + job.text.length, 0);
}

/** Cuts the jobs into batches of BATCH_BYTES, the first `smallBytes` of them into batches of TRIAL_BATCH_BYTES. */
function makeBatches(jobs: readonly AnalysisJob[], batchFiles: number, smallBytes = 0): AnalysisJob[][] {
  const batches: AnalysisJob[][] = [];
  let current: AnalysisJob[] = [];
  let bytes = 0;
  let before = 0;
  for (const job of jobs) {
    current.push(job);
    bytes += job.text.length;
    if (bytes >= (before < smallBytes ? TRIAL_BATCH_BYTES : BATCH_BYTES) || current.length >= batchFiles) {
      before += bytes;
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
