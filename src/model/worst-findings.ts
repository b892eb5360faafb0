/** The `count` worst findings: errors first, then by debt, then by place, so that the choice is stable. */
export function worstFindings<T extends { level: string; effortMinutes: number; file: string; line: number }>(findings: readonly T[], count: number): T[] {
  const rank = (level: string) => (level === 'error' ? 0 : level === 'warning' ? 1 : 2);
  return [...findings]
    .sort((a, b) => rank(a.level) - rank(b.level) || b.effortMinutes - a.effortMinutes || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
    .slice(0, count);
}
