import type { Finding, GateCondition, GateResult, ModuleScore, Rating } from '../model/types.js';
import type { ResolvedConfig } from '../config/types.js';
import { worstFindings } from '../model/worst-findings.js';
import { debtRatio, ratingRank, round2 } from './formulas.js';
import { groupDigits } from '../model/group-digits.js';

/** How many findings a failed condition names as the worst behind it. */
const BEHIND = 5;

/** What a baseline tells the gate: the debt of the baseline's findings that are gone. */
export interface GateBaseline {
  fixedMinutes: number;
}

/**
 * Decides the quality gate: every configured condition with its figure and limit, and one
 * sentence per failed one that says by how much, with the worst findings behind it. With a
 * baseline, the level condition judges only the findings that are not in it, and debt growth is
 * new findings' debt less fixed findings'; the debt budgets and ratings judge all.
 */
export function evaluateGate(
  gate: ResolvedConfig['gate'],
  findings: readonly Finding[],
  modules: readonly ModuleScore[],
  minutesPerLine: number,
  baseline?: GateBaseline,
): GateResult {
  const conditions = [
    levelCondition(gate, findings, baseline !== undefined),
    ...debtConditions(gate, findings, modules, minutesPerLine),
    ratingCondition(gate, findings, modules),
    growthCondition(gate, findings, baseline),
  ].filter((c): c is GateCondition => c !== undefined);
  const failed = conditions.filter((c) => !c.passed);
  return { passed: failed.length === 0, failures: failed.map((c) => c.message), conditions };
}

function levelCondition(gate: ResolvedConfig['gate'], findings: readonly Finding[], baseline: boolean): GateCondition | undefined {
  if (gate.failOn === 'never') return undefined;
  const categories = gate.categories ? new Set(gate.categories) : undefined;
  const judged = findings.filter((f) => (!baseline || f.baselineState !== 'unchanged') && (!categories || categories.has(f.category)));
  const failing = judged.filter((f) => f.level === 'error' || (gate.failOn === 'warning' && f.level === 'warning'));
  const level = gate.failOn === 'error' ? '"error"' : '"warning" or above';
  const kind = `${baseline ? 'new ' : ''}finding${failing.length === 1 ? '' : 's'}${categories ? ` of ${[...categories].join(', ')}` : ''}`;
  const message = `${failing.length} ${kind}${baseline ? ' (not in the baseline)' : ''} at level ${level}`;
  return { condition: 'failOn', passed: failing.length === 0, actual: failing.length, limit: 0, message, ...behind(failing) };
}

function debtConditions(gate: ResolvedConfig['gate'], findings: readonly Finding[], modules: readonly ModuleScore[], minutesPerLine: number): (GateCondition | undefined)[] {
  const debt = findings.reduce((sum, f) => sum + f.effortMinutes, 0);
  const total =
    gate.maxDebtMinutes === undefined
      ? undefined
      : budget('maxDebtMinutes', debt, gate.maxDebtMinutes, `total debt ${minutes(debt)}`, findings);
  let ratio: GateCondition | undefined;
  if (gate.maxDebtRatio !== undefined) {
    const codeLines = modules.reduce((sum, m) => sum + m.codeLines, 0);
    const actual = debtRatio(debt, codeLines, minutesPerLine);
    const over = actual > gate.maxDebtRatio;
    const message = `debt ratio ${percent(actual)} ${over ? 'exceeds' : 'is within'} the limit of ${percent(gate.maxDebtRatio)}${over ? ` by ${round2((actual - gate.maxDebtRatio) * 100)} percentage points` : ''}`;
    ratio = { condition: 'maxDebtRatio', passed: !over, actual: round2(actual * 10_000) / 10_000, limit: gate.maxDebtRatio, message, ...(over ? behind(findings) : {}) };
  }
  let perModule: GateCondition | undefined;
  if (gate.maxModuleDebtMinutes !== undefined) {
    const limit = gate.maxModuleDebtMinutes;
    const over = modules.filter((m) => m.debtMinutes > limit).sort((a, b) => b.debtMinutes - a.debtMinutes || (a.module < b.module ? -1 : 1));
    const worst = over[0];
    const named = over.slice(0, BEHIND).map((m) => `${m.module} ${minutes(m.debtMinutes)}, over by ${minutes(m.debtMinutes - limit)}`);
    const message = worst
      ? `${over.length} module${over.length === 1 ? '' : 's'} over the debt limit of ${minutes(limit)}: ${named.join('; ')}`
      : `every module's debt is within ${minutes(limit)}`;
    const inWorst = worst ? findings.filter((f) => f.module === worst.module) : [];
    perModule = { condition: 'maxModuleDebtMinutes', passed: !worst, actual: worst?.debtMinutes ?? Math.max(0, ...modules.map((m) => m.debtMinutes)), limit, message, ...behind(inWorst) };
  }
  return [total, ratio, perModule];
}

function ratingCondition(gate: ResolvedConfig['gate'], findings: readonly Finding[], modules: readonly ModuleScore[]): GateCondition | undefined {
  if (gate.minRating === undefined) return undefined;
  const limit: Rating = gate.minRating;
  const worse = modules.filter((m) => ratingRank(m.rating) > ratingRank(limit)).sort((a, b) => ratingRank(b.rating) - ratingRank(a.rating) || b.debtMinutes - a.debtMinutes);
  const worst = worse[0];
  const message = worst
    ? `${worse.length} module${worse.length === 1 ? '' : 's'} rated below ${limit}: ${worse.slice(0, BEHIND).map((m) => `${m.module} (${m.rating})`).join(', ')}`
    : `every module rates ${limit} or better`;
  const inWorst = worst ? findings.filter((f) => f.module === worst.module) : [];
  return { condition: 'minRating', passed: !worst, actual: worst?.rating ?? limit, limit, message, ...behind(inWorst) };
}

function growthCondition(gate: ResolvedConfig['gate'], findings: readonly Finding[], baseline: GateBaseline | undefined): GateCondition | undefined {
  // Without a baseline there is nothing to grow from; the scan warns that the condition was not judged.
  if (gate.maxDebtGrowthMinutes === undefined || !baseline) return undefined;
  const fresh = findings.filter((f) => f.baselineState === 'new');
  const added = fresh.reduce((sum, f) => sum + f.effortMinutes, 0);
  const growth = added - baseline.fixedMinutes;
  const limit = gate.maxDebtGrowthMinutes;
  const over = growth > limit;
  const change = growth >= 0 ? `grew by ${minutes(growth)}` : `shrank by ${minutes(-growth)}`;
  const message = `debt ${change} against the baseline (new ${minutes(added)}, fixed ${minutes(baseline.fixedMinutes)})${over ? `, over the limit of ${minutes(limit)} by ${minutes(growth - limit)}` : `, within ${minutes(limit)}`}`;
  return { condition: 'maxDebtGrowthMinutes', passed: !over, actual: growth, limit, message, ...(over ? behind(fresh) : {}) };
}

function budget(condition: string, actual: number, limit: number, what: string, findings: readonly Finding[]): GateCondition {
  const over = actual > limit;
  const message = `${what} ${over ? `exceeds the limit of ${minutes(limit)} by ${minutes(actual - limit)}` : `is within the limit of ${minutes(limit)}`}`;
  return { condition, passed: !over, actual, limit, message, ...(over ? behind(findings) : {}) };
}

/** The fingerprints of the worst findings behind a failed condition. */
function behind(findings: readonly Finding[]): { findings?: string[] } {
  return findings.length === 0 ? {} : { findings: worstFindings(findings, BEHIND).map((f) => f.fingerprint) };
}

function minutes(value: number): string {
  return `${groupDigits(Math.round(value))} min`;
}

function percent(ratio: number): string {
  return `${round2(ratio * 100)}%`;
}
