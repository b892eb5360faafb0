/**
 * Whether worker threads pay on this machine, measured on the scan's own batches rather than
 * assumed from the core count: on some machines two threads that parse at once each run at half
 * speed or worse (memory bandwidth and caches shared under a hypervisor), while arithmetic scales.
 *
 * The trial runs while the scan does its work, so that nothing is analysed twice:
 * 1. `starting`: the workers load TypeScript while this thread analyses (and warms up); not measured.
 * 2. `together`: every thread analyses; each worker's rate is its bytes over its own busy time
 *    (its first batch left out, while its code is still cold), this thread's is its bytes over the
 *    wall time of the phase, so that the results it receives and decodes count against it.
 * 3. `draining`: the workers get no new batches and hand back those they hold.
 * 4. `alone`: this thread analyses alone, warm, as `--workers 0` would.
 * 5. `decided`: the workers are fed again when all threads together analysed at least
 *    REQUIRED_GAIN times what this thread does alone, and retired otherwise.
 *
 * Where workers do not pay, every millisecond of the trial costs: the pool cuts the batches of the
 * trial's span to a quarter of their size (src/engine/worker-pool.ts), so that the measured phases
 * see enough batches in a fifth of a second each. On typeorm (2 cores, gains of 0.5 to 0.95) a
 * first run took 0.09 s longer than `--workers 0`, against 0.25 to 0.3 s with phases of 0.4 and
 * 0.25 s over full batches.
 */

/** How long each measured phase lasts at least, in ms (a batch of the trial takes about 10 to 40 ms). */
const TOGETHER_MS = 200;
const ALONE_MS = 150;
/** Batches this thread completes in each measured phase at least, and each worker while together (its first left out). */
const MIN_OWN_BATCHES = 3;
const MIN_WORKER_BATCHES = 2;
/** All threads together must analyse this many times what this thread does alone, or the workers go. */
export const REQUIRED_GAIN = 1.15;

type Phase = 'starting' | 'together' | 'draining' | 'alone' | 'decided';

interface Tally {
  bytes: number;
  ms: number;
  batches: number;
}

/** The lane of this thread; workers are numbered from 0. */
export const OWN_LANE = -1;

export class WorkerTrial {
  private phase: Phase = 'starting';
  private phaseStart = 0;
  private ownSince = 0;
  private readonly own: Tally = { bytes: 0, ms: 0, batches: 0 };
  private readonly workers = new Map<number, Tally>();
  private readonly seen = new Set<number>();
  private verdict: 'keep' | 'retire' | undefined;
  /** Bytes per ms of this thread alone, and of all threads together, once decided. */
  figures: { alone: number; together: number } | undefined;

  constructor(
    private readonly workerCount: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Called when every worker has loaded the analysis. */
  workersReady(): void {
    if (this.phase === 'starting') this.enter('together');
  }

  /**
   * A batch completed: by this thread (`lane` OWN_LANE, `started` when it began), or by worker
   * `lane`, which was busy with it for `busyMs`.
   */
  completed(lane: number, bytes: number, started: number, busyMs: number): void {
    const first = lane !== OWN_LANE && !this.seen.has(lane);
    if (lane !== OWN_LANE) this.seen.add(lane);
    const measuring = this.phase === 'together' || this.phase === 'alone';
    if (!measuring) return;
    if (lane === OWN_LANE) {
      if (started < this.phaseStart) return;
      this.own.bytes += bytes;
      this.own.batches += 1;
      this.own.ms = this.now() - this.ownSince;
    } else if (this.phase === 'together' && !first) {
      const tally = this.workers.get(lane) ?? { bytes: 0, ms: 0, batches: 0 };
      tally.bytes += bytes;
      tally.ms += busyMs;
      tally.batches += 1;
      this.workers.set(lane, tally);
    }
  }

  /** Moves to the next phase when this one has measured enough; `inFlight` counts the batches workers hold. */
  advance(inFlight: number): void {
    const elapsed = this.now() - this.phaseStart;
    if (this.phase === 'together' && elapsed >= TOGETHER_MS && this.own.batches >= MIN_OWN_BATCHES && this.workersMeasured()) {
      this.together = rate(this.own) + [...this.workers.values()].reduce((sum, t) => sum + rate(t), 0);
      this.enter('draining');
    } else if (this.phase === 'draining' && inFlight === 0) {
      this.enter('alone');
    } else if (this.phase === 'alone' && elapsed >= ALONE_MS && this.own.batches >= MIN_OWN_BATCHES) {
      this.figures = { alone: rate(this.own), together: this.together };
      this.verdict = this.figures.together >= REQUIRED_GAIN * this.figures.alone ? 'keep' : 'retire';
      this.phase = 'decided';
    }
  }

  /** Whether workers get batches now: while they start and run together, and after, if they paid. */
  feedsWorkers(): boolean {
    return this.phase === 'starting' || this.phase === 'together' || this.verdict === 'keep';
  }

  /** True once the trial found that the workers do not pay. */
  get retired(): boolean {
    return this.verdict === 'retire';
  }

  private together = 0;

  private workersMeasured(): boolean {
    return this.workers.size === this.workerCount && [...this.workers.values()].every((tally) => tally.batches >= MIN_WORKER_BATCHES);
  }

  private enter(phase: Phase): void {
    this.phase = phase;
    this.phaseStart = this.now();
    this.ownSince = this.phaseStart;
    Object.assign(this.own, { bytes: 0, ms: 0, batches: 0 });
  }
}

function rate(tally: Tally): number {
  return tally.ms > 0 ? tally.bytes / tally.ms : 0;
}
