/**
 * The `count` worst findings: errors first; with the memory of fixes, then those of the rules this
 * team fixes most (`fixRate`, highest first); then by debt, then by place, so that the choice is stable.
 */
export function worstFindings<T extends { level: string; effortMinutes: number; file: string; line: number; ruleId?: string }>(
  findings: readonly T[],
  count: number,
  fixRate?: (ruleId: string) => number,
): T[] {
  const rank = (level: string) => (level === 'error' ? 0 : level === 'warning' ? 1 : 2);
  const rate = (f: T) => (fixRate && f.ruleId !== undefined ? fixRate(f.ruleId) : 0);
  return [...findings]
    .sort((a, b) => rank(a.level) - rank(b.level) || rate(b) - rate(a) || b.effortMinutes - a.effortMinutes || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
    .slice(0, count);
}

/** Each rule's fix rate from a report's memory of fixes (0 for a rule it does not know), or undefined without the memory. */
export function fixRates(memory: { rules: readonly { ruleId: string; fixRate: number | null }[] } | undefined): ((ruleId: string) => number) | undefined {
  if (!memory) return undefined;
  const rates = new Map(memory.rules.map((r) => [r.ruleId, r.fixRate ?? 0]));
  return (ruleId) => rates.get(ruleId) ?? 0;
}
