/**
 * Similarity of two normalised token streams: 2·LCS / (|a| + |b|), the share of tokens the two
 * have in common in the same order (1 for equal streams). Computed with Myers' O((N+M)·D) diff,
 * stopped as soon as the edit distance rules out the minimum asked for.
 */
export function tokenSimilarity(a: string, b: string, minimum = 0): number | undefined {
  const total = a.length + b.length;
  if (total === 0) return 1;
  const maxDistance = Math.floor((1 - minimum) * total + 1e-9);
  const distance = editDistance(a, b, maxDistance);
  return distance === undefined ? undefined : 1 - distance / total;
}

/** The highest similarity two streams of these lengths can reach. */
export function lengthBound(lengthA: number, lengthB: number): number {
  const total = lengthA + lengthB;
  return total === 0 ? 1 : (2 * Math.min(lengthA, lengthB)) / total;
}

/** Insertions plus deletions that turn `a` into `b`, or undefined when above `maxDistance`. */
function editDistance(a: string, b: string, maxDistance: number): number | undefined {
  const { start, n, m } = trimCommonEnds(a, b);
  if (n === 0 || m === 0) return n + m <= maxDistance ? n + m : undefined;
  const max = Math.min(maxDistance, n + m);
  if (Math.abs(n - m) > max) return undefined;
  const offset = max + 1;
  const frontier = new Int32Array(2 * max + 3);
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && frontier[offset + k - 1] < frontier[offset + k + 1]);
      let x = down ? frontier[offset + k + 1] : frontier[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a.charCodeAt(start + x) === b.charCodeAt(start + y)) {
        x++;
        y++;
      }
      frontier[offset + k] = x;
      if (x >= n && y >= m) return d;
    }
  }
  return undefined;
}

/** The common prefix and suffix cost nothing: returns where the rest starts and its lengths in `a` and `b`. */
function trimCommonEnds(a: string, b: string): { start: number; n: number; m: number } {
  let start = 0;
  let endA = a.length;
  let endB = b.length;
  while (start < endA && start < endB && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  return { start, n: endA - start, m: endB - start };
}
