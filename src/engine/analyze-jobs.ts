import { availableParallelism } from 'node:os';
import type { UserCache } from '../cache/user-cache.js';
import type { ResolvedConfig } from '../config/types.js';
import type { RuleLoader } from '../rule/types.js';
import type { AnalysisJob } from './analysis-job.js';
import type { PoolOutcome } from './worker-pool.js';
import { keepWorkerVerdict, knownWorkerVerdict } from './worker-verdict.js';

const SMALL_SCAN_BYTES = 512 * 1024;

/**
 * Analyses the files the cache does not hold; the engine (rules, TypeScript) loads only when there
 * are any. A worker trial's verdict is kept for later scans on this machine.
 */
export async function analyzeJobs(
  jobs: readonly AnalysisJob[],
  config: ResolvedConfig,
  loadRules: RuleLoader,
  workers: { count: number; measured: boolean },
  onFileDone: (done: number) => void,
  batchFiles: number | undefined,
  user: UserCache | undefined,
): Promise<PoolOutcome> {
  if (jobs.length === 0) return { results: [], workers: 0, retired: false };
  const { analyzeInPool } = await import('./worker-pool.js');
  // Workers find TypeScript's code cache in the per-user directory, sealed with the same secret.
  const pool = await analyzeInPool(jobs, config.rules, await loadRules(config.rules.map((r) => r.name)), workers.count, onFileDone, { batchFiles, compileCache: user, measured: workers.measured });
  if (pool.trial) keepWorkerVerdict(user, pool.trial);
  return pool;
}

/**
 * Worker threads beside this one, which analyses too. Small scans use none: starting a worker
 * (loading TypeScript into it) costs more than it saves below about 512 KiB. Otherwise one per
 * further core if they pay on this machine: as a recent trial here found (src/engine/worker-verdict.ts),
 * else as this scan's own trial finds (src/engine/worker-trial.ts). A count asked for is used as
 * asked, capped at the cores beside this thread, with a warning.
 */
export function workerCount(requested: number | undefined, jobs: readonly AnalysisJob[], user: UserCache | undefined, onWarning?: (message: string) => void): { count: number; measured: boolean } {
  if (requested !== undefined) return { count: capWorkers(requested, onWarning), measured: false };
  const bytes = jobs.reduce((sum, j) => sum + j.text.length, 0);
  const count = bytes < SMALL_SCAN_BYTES ? 0 : Math.max(0, Math.min(availableParallelism() - 1, Math.ceil(bytes / SMALL_SCAN_BYTES)));
  if (count === 0) return { count, measured: false };
  const known = knownWorkerVerdict(user);
  return known === undefined ? { count, measured: true } : { count: known ? count : 0, measured: false };
}

/**
 * At most one worker per core beside this thread's, which analyses too; a larger request is capped
 * with a warning: more threads than cores only add memory (each holds TypeScript and its own heap)
 * and contention.
 */
export function capWorkers(requested: number, onWarning?: (message: string) => void): number {
  const cores = availableParallelism();
  if (requested < cores) return requested;
  onWarning?.(`${requested} workers asked for, more than the ${cores - 1} cores available beside the main thread: using ${cores - 1}`);
  return cores - 1;
}
