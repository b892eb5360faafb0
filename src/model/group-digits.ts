/**
 * A number as `toLocaleString('en-US')` writes it (`1,234,567`, `-1,234.5`, at most three
 * fraction digits), without asking ICU: the first such call loads its number-format data, about
 * 12 ms of CPU, a tenth of what a run the cache serves whole spends besides starting Node.
 * Numbers it cannot write the same way plainly (beyond 2^53, or with more than three fraction
 * digits before rounding) go to ICU.
 */
export function groupDigits(n: number): string {
  if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) return n.toLocaleString('en-US');
  if (!Number.isInteger(n) && !Number.isInteger(n * 1000)) return n.toLocaleString('en-US');
  const text = String(Math.abs(n));
  const point = text.indexOf('.');
  const whole = point < 0 ? text : text.slice(0, point);
  const grouped = whole.replace(/\B(?=(?:\d{3})+$)/gu, ',');
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  return `${sign}${grouped}${point < 0 ? '' : text.slice(point)}`;
}
