import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OWN_LANE, REQUIRED_GAIN, WorkerTrial } from '../../../src/engine/worker-trial.js';
import { keepWorkerVerdict, knownWorkerVerdict } from '../../../src/engine/worker-verdict.js';

/**
 * Drives a trial with one worker on a clock of its own: this thread analyses `ownRate` bytes per
 * ms alone and `ownTogether` beside the worker, which analyses `workerRate` bytes per ms of its
 * busy time. Returns the trial once it decided (or gave up after a long time).
 */
function runTrial(rates: { ownAlone: number; ownTogether: number; workerRate: number }, firstWorkerBatchRate = rates.workerRate): WorkerTrial {
  let now = 0;
  const trial = new WorkerTrial(1, () => now);
  const batch = 100_000;
  let inFlight = 0;
  let workerBatches = 0;
  let workerClock = 0;
  // Starting: this thread works while the worker loads; nothing is measured.
  for (let i = 0; i < 5; i++) {
    const started = now;
    now += batch / rates.ownAlone;
    trial.completed(OWN_LANE, batch, started, 0);
    trial.advance(inFlight);
  }
  trial.workersReady();
  while (now < 60_000 && !isDecided(trial)) {
    const feeding = trial.feedsWorkers();
    if (feeding && inFlight < 2) inFlight += 1;
    const together = inFlight > 0;
    const started = now;
    now += batch / (together ? rates.ownTogether : rates.ownAlone);
    trial.completed(OWN_LANE, batch, started, 0);
    trial.advance(inFlight);
    // The worker hands back what it finished while this thread did its batch.
    if (together) {
      workerClock += now - started;
      const rate = workerBatches === 0 ? firstWorkerBatchRate : rates.workerRate;
      while (inFlight > 0 && workerClock >= batch / rate) {
        workerClock -= batch / rate;
        inFlight -= 1;
        workerBatches += 1;
        trial.completed(0, batch, 0, batch / rate);
        trial.advance(inFlight);
        if (trial.feedsWorkers() && inFlight < 2) inFlight += 1;
      }
    }
  }
  return trial;
}

const isDecided = (trial: WorkerTrial) => trial.figures !== undefined;

describe('the worker trial', () => {
  it('keeps workers that add throughput', () => {
    const trial = runTrial({ ownAlone: 4000, ownTogether: 3800, workerRate: 3600 });
    expect(trial.retired).toBe(false);
    expect(trial.feedsWorkers()).toBe(true);
    expect(trial.figures?.alone).toBeCloseTo(4000, 0);
    expect(trial.figures?.together).toBeCloseTo(7400, -1);
  });

  it('retires workers when two threads together analyse less than alone (shared memory bandwidth)', () => {
    const trial = runTrial({ ownAlone: 4000, ownTogether: 2000, workerRate: 1800 });
    expect(trial.retired).toBe(true);
    expect(trial.feedsWorkers()).toBe(false);
    expect(trial.figures!.together / trial.figures!.alone).toBeCloseTo(0.95, 2);
  });

  it('retires them below the required gain, and keeps them above it', () => {
    expect(runTrial({ ownAlone: 4000, ownTogether: 2200, workerRate: 2300 }).retired).toBe(true); // 1.125
    expect(runTrial({ ownAlone: 4000, ownTogether: 2350, workerRate: 2350 }).retired).toBe(false); // 1.175
    expect(REQUIRED_GAIN).toBe(1.15);
  });

  it("leaves out a worker's first batch, run while its code is cold", () => {
    const trial = runTrial({ ownAlone: 4000, ownTogether: 3800, workerRate: 3600 }, 100);
    expect(trial.retired).toBe(false);
    expect(trial.figures?.together).toBeCloseTo(7400, -1);
  });

  it("ends the phase together only once each worker handed back two batches besides its first", () => {
    let now = 0;
    const trial = new WorkerTrial(1, () => now);
    trial.workersReady();
    const ownBatches = (count: number) => {
      for (let i = 0; i < count; i++) {
        now += 50;
        trial.completed(OWN_LANE, 100_000, now - 50, 0);
        trial.advance(0);
      }
    };
    trial.completed(0, 100_000, 0, 400); // its first, left out
    ownBatches(10);
    trial.completed(0, 100_000, 0, 100);
    ownBatches(10);
    expect(trial.feedsWorkers()).toBe(true); // still together: one measured batch of the worker's
    trial.completed(0, 100_000, 0, 100);
    ownBatches(1);
    expect(trial.feedsWorkers()).toBe(false); // the worker gets no more while this thread measures itself alone
    ownBatches(10);
    expect(trial.figures?.together).toBeCloseTo(3000, 0);
    expect(trial.retired).toBe(false);
  });

  it('measures nothing until the workers are ready, and feeds them meanwhile', () => {
    let now = 0;
    const trial = new WorkerTrial(2, () => now);
    for (let i = 0; i < 50; i++) {
      now += 100;
      trial.completed(OWN_LANE, 1000, now - 100, 0);
      trial.advance(0);
    }
    expect(trial.feedsWorkers()).toBe(true);
    expect(trial.figures).toBeUndefined();
  });
});

describe('the kept verdict', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-verdict-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const user = { directory: dir, secret: Buffer.alloc(32, 7) };

  it('is read back for this machine within a month, and not after, nor under another secret', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(knownWorkerVerdict(user, now)).toBeUndefined();
    keepWorkerVerdict(user, { alone: 4000, together: 3900 }, now);
    expect(knownWorkerVerdict(user, now + 1000)).toBe(false);
    expect(knownWorkerVerdict(user, now + 31 * 24 * 3600 * 1000)).toBeUndefined();
    expect(knownWorkerVerdict({ directory: dir, secret: Buffer.alloc(32, 8) }, now + 1000)).toBeUndefined();
    keepWorkerVerdict(user, { alone: 4000, together: 7000 }, now);
    expect(knownWorkerVerdict(user, now + 1000)).toBe(true);
  });

  it('is ignored when the file is not one this user sealed', () => {
    writeFileSync(path.join(dir, 'worker-trial'), '{"machine":"x","at":0,"alone":1,"together":2}');
    expect(knownWorkerVerdict(user)).toBeUndefined();
  });
});
