import type { Finding, GateResult, ModuleScore, Rating } from '../model/types.js';
import type { ResolvedConfig } from '../config/types.js';
import { debtRatio, ratingRank, round2 } from './formulas.js';

/**
 * Decides the quality gate: one sentence per failed condition. With a baseline, the level
 * condition judges only the findings that are not in it; the debt budgets and ratings judge all.
 */
export function evaluateGate(
  gate: ResolvedConfig['gate'],
  findings: readonly Finding[],
  modules: readonly ModuleScore[],
  minutesPerLine: number,
  baseline = false,
): GateResult {
  const failures: string[] = [];
  if (gate.failOn !== 'never') {
    const judged = baseline ? findings.filter((f) => f.baselineState !== 'unchanged') : findings;
    const failing = judged.filter((f) => f.level === 'error' || (gate.failOn === 'warning' && f.level === 'warning'));
    if (failing.length > 0) {
      const what = baseline ? `new finding${failing.length === 1 ? '' : 's'} (not in the baseline)` : `finding${failing.length === 1 ? '' : 's'}`;
      failures.push(`${failing.length} ${what} at level ${gate.failOn === 'error' ? '"error"' : '"warning" or above'}`);
    }
  }
  const debt = findings.reduce((sum, f) => sum + f.effortMinutes, 0);
  if (gate.maxDebtMinutes !== undefined && debt > gate.maxDebtMinutes) {
    failures.push(`total debt ${debt} min exceeds the limit of ${gate.maxDebtMinutes} min`);
  }
  if (gate.maxDebtRatio !== undefined) {
    const codeLines = modules.reduce((sum, m) => sum + m.codeLines, 0);
    const ratio = debtRatio(debt, codeLines, minutesPerLine);
    if (ratio > gate.maxDebtRatio) failures.push(`debt ratio ${round2(ratio * 100)}% exceeds the limit of ${round2(gate.maxDebtRatio * 100)}%`);
  }
  if (gate.minRating !== undefined) {
    const limit: Rating = gate.minRating;
    const worse = modules.filter((m) => ratingRank(m.rating) > ratingRank(limit));
    if (worse.length > 0) {
      failures.push(`${worse.length} module${worse.length === 1 ? '' : 's'} rated below ${limit}: ${worse.slice(0, 5).map((m) => `${m.module} (${m.rating})`).join(', ')}`);
    }
  }
  return { passed: failures.length === 0, failures };
}
