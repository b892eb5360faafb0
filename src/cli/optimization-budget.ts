import { setFlagUnlessGiven } from './v8-flags.js';

/**
 * How much bytecode a function runs between V8's checks of whether to optimise it: four times
 * Node 20's default (67,584; later Node versions start higher, and this is still above theirs).
 */
const INTERRUPT_BUDGET = 4 * 67_584;

/**
 * Lets V8 optimise only the functions that keep running. V8 hands a function to TurboFan, its
 * optimising compiler, once it has used up its interrupt budget a few times, and compiles it on a
 * background thread. A CLI run is short: a warm scan is over in a third of a second, and most of
 * what it optimises (reading the cache, comparing stamps) has finished running by the time the
 * code is ready; a cold scan optimises the parser and the detectors early, and much else besides.
 * On typeorm (303k lines, 2 cores), four times the budget took the CPU time of a warm scan from
 * 0.48–0.51 to 0.43–0.45 s, of a cold one from 4.7–4.8 to 4.1–4.3 s with the same wall-clock time
 * (2.86–3.02 against 2.96–3.07 s), and of a scan after one changed file by 60 to 90 ms; eight times
 * made cold scans slower (3.06–3.45 s). A budget given to Node (`--interrupt-budget`) wins.
 */
export function raiseOptimizationBudget(execArgv: readonly string[]): void {
  setFlagUnlessGiven('interrupt-budget', INTERRUPT_BUDGET, execArgv);
}
