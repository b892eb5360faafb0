import type { Rating } from '../model/types.js';

/**
 * Every formula of the debt model, in one place. The README's "Debt model" section documents
 * them; the JSON report carries each module's inputs so that any figure can be checked by hand.
 */

/**
 * Upper bounds of the debt ratio for ratings A to D; above the last is E. Calibrated on real code
 * (`node bench/ratings/calibrate.mjs` after `npm run ruling`): on the ruling corpora scanned with
 * every rule, about half of the modules of 200 code lines or more are A, a quarter B, an eighth C,
 * and the worst tenth D and E. SQALE's grid (5 %, 10 %, 20 %, 50 %) rated every module of every
 * corpus A: its ratios assume a debt model that counts far more than these rules report.
 */
export const RATING_THRESHOLDS: readonly [Rating, number][] = [
  ['A', 0.002],
  ['B', 0.004],
  ['C', 0.007],
  ['D', 0.01],
];

/** Debt ratio: the debt divided by the estimated cost of writing the code (code lines x minutes per line). */
export function debtRatio(debtMinutes: number, codeLines: number, minutesPerLine: number): number {
  const cost = codeLines * minutesPerLine;
  return cost > 0 ? debtMinutes / cost : 0;
}

export function ratingOf(ratio: number): Rating {
  for (const [rating, limit] of RATING_THRESHOLDS) if (ratio <= limit) return rating;
  return 'E';
}

/** How much a cycle raises the risk of each member: risk is multiplied by 1 + this. */
export const CYCLE_RISK_FACTOR = 0.5;

/**
 * Risk: debt weighted by blast radius, `debt x (1 + log2(1 + dependents)) x (1 + 0.5 if in a cycle)`,
 * where dependents is the number of files that import the module's files directly or transitively.
 */
export function riskOf(debtMinutes: number, dependents: number, inCycle: boolean): number {
  return debtMinutes * (1 + Math.log2(1 + dependents)) * (inCycle ? 1 + CYCLE_RISK_FACTOR : 1);
}

/**
 * Instability (Robert C. Martin): `fanOut / (fanIn + fanOut)`, from 0 (everything depends on it,
 * it depends on nothing) to 1; 0 for a file or module with no imports either way.
 */
export function instabilityOf(fanIn: number, fanOut: number): number {
  return fanIn + fanOut === 0 ? 0 : fanOut / (fanIn + fanOut);
}

/**
 * Hotspot score of a file: `risk x churn`, where risk is `riskOf` applied to the file's own debt,
 * dependents and cycle membership, and churn the commits that touched it in the window. Only files
 * with both risk and churn above zero are hotspots.
 */
export function hotspotScore(risk: number, churn: number): number {
  return risk * churn;
}

/** How many hotspots the report lists. */
export const HOTSPOT_LIMIT = 10;

/** Rounds to two decimals, so that reports and JSON carry stable, readable figures. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export function ratingRank(rating: Rating): number {
  return 'ABCDE'.indexOf(rating);
}
