import { bandKeys, type CloneCandidate } from './clone-classes.js';
import { lengthBound, tokenSimilarity } from './token-similarity.js';

/** Finds, among many indexed functions, the possible copies of one function, without comparing all pairs. */
export interface CloneQuery {
  /** Indexed functions that are exact or renamed copies of `candidate`, or near-miss copies at `threshold` or above. */
  matches(candidate: CloneCandidate, threshold: number): CloneCandidate[];
}

const queries = new WeakMap<readonly CloneCandidate[], CloneQuery>();

/**
 * A query over a list of indexed functions: a map by renamed hash for exact and renamed copies,
 * LSH buckets of the MinHash signatures for near-miss ones. Built once per list (the list of a
 * loaded clone index stays the same object while the index file is unchanged).
 */
export function cloneQueryOf(functions: readonly CloneCandidate[]): CloneQuery {
  const known = queries.get(functions);
  if (known) return known;
  const byRenamed = new Map<string, CloneCandidate[]>();
  const buckets = new Map<number, CloneCandidate[]>();
  const add = <K>(map: Map<K, CloneCandidate[]>, key: K, value: CloneCandidate): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const fn of functions) {
    add(byRenamed, fn.clone.renamed, fn);
    for (const key of bandKeys(fn.clone.minhash)) add(buckets, key, fn);
  }
  const query: CloneQuery = {
    matches(candidate, threshold) {
      const found = new Set(byRenamed.get(candidate.clone.renamed) ?? []);
      if (threshold >= 1) return [...found];
      const tokens = candidate.clone.tokens;
      const rejected = new Set<CloneCandidate>();
      for (const key of bandKeys(candidate.clone.minhash)) {
        for (const other of buckets.get(key) ?? []) {
          if (found.has(other) || rejected.has(other)) continue;
          const similar = lengthBound(tokens.length, other.clone.tokens.length) >= threshold && tokenSimilarity(tokens, other.clone.tokens, threshold) !== undefined;
          (similar ? found : rejected).add(other);
        }
      }
      return [...found];
    },
  };
  queries.set(functions, query);
  return query;
}
