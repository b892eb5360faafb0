import type { CloneFingerprint, FileFacts, FunctionFact } from '../facts/types.js';
import { codeTokenCount } from './clone-fingerprints.js';
import { lengthBound, tokenSimilarity } from './token-similarity.js';
import { compareBy } from '../util/compare-by.js';


/**
 * A function that may be a member of a clone class: its facts that place and size it (`start` and
 * `end` tell nested functions apart), its file, and its fingerprint.
 */
export type CloneCandidate = Pick<FunctionFact, 'name' | 'line' | 'column' | 'endLine' | 'endColumn' | 'start' | 'end' | 'exported' | 'statements'> & {
  file: string;
  clone: CloneFingerprint;
};

export interface CloneDetectionOptions {
  /** A function takes part when it has at least this many normalised tokens… */
  minTokens: number;
  /** …or at least this many statements. */
  minStatements: number;
  /** Lowest similarity of a near-miss copy (type 3); 1 finds exact and renamed copies only. */
  similarity: number;
}

/** 1: identical but for layout and comments; 2: also renamed identifiers, literals, types; 3: near-miss. */
export type CloneType = 1 | 2 | 3;

export interface CloneClass {
  type: CloneType;
  /** Sorted by file, then position. */
  members: CloneCandidate[];
}

export interface CloneSearch {
  /** Sorted by their first member. */
  classes: CloneClass[];
  /** Functions large enough to compare. */
  candidates: number;
  /** Pairs whose token streams were compared (type 3). */
  comparisons: number;
}

/** Rows per LSH band: 10 bands of 3 MinHash values, so that pairs above about 0.45 Jaccard meet. */
const BAND_ROWS = 3;
const BANDS = 16;
const VALUE_BITS = 32768;

/** The candidates of one file: its functions that carry a clone fingerprint. */
export function candidatesOf(file: string, facts: Pick<FileFacts, 'functions'>): CloneCandidate[] {
  return facts.functions.flatMap((fn) =>
    fn.clone
      ? [
          {
            file,
            name: fn.name,
            line: fn.line,
            column: fn.column,
            endLine: fn.endLine,
            endColumn: fn.endColumn,
            start: fn.start,
            end: fn.end,
            exported: fn.exported,
            statements: fn.statements,
            clone: fn.clone,
          },
        ]
      : [],
  );
}

/**
 * Groups functions into clone classes: equal hashes give exact (type 1) and renamed (type 2)
 * copies; near-miss copies (type 3) are found through locality-sensitive hashing of the MinHash
 * signatures, so only functions that share a band are compared, never all pairs. A class whose
 * members all lie inside distinct members of another class (the inner functions of copied
 * functions) is left out, as is a member nested in another member of its own class.
 */
export function findCloneClasses(all: readonly CloneCandidate[], options: CloneDetectionOptions): CloneSearch {
  const candidates = all.filter((c) => isLargeEnough(c, options)).sort(comparePosition);
  const groups = groupBy(candidates, (c) => c.clone.renamed);
  const components = new UnionFind(groups.length);
  const comparisons = options.similarity < 1 ? linkNearMisses(groups, components, options.similarity) : 0;
  const byRoot = new Map<number, CloneCandidate[]>();
  groups.forEach((group, index) => {
    const root = components.find(index);
    const members = byRoot.get(root);
    if (members) members.push(...group);
    else byRoot.set(root, [...group]);
  });
  const classes: CloneClass[] = [];
  for (const members of byRoot.values()) {
    const outer = withoutNested(members.sort(comparePosition));
    if (outer.length < 2) continue;
    classes.push({ type: typeOf(outer), members: outer });
  }
  classes.sort((a, b) => comparePosition(a.members[0], b.members[0]));
  return { classes: withoutInnerClasses(classes, candidates), candidates: candidates.length, comparisons };
}

/**
 * A function takes part when it has enough statements, or enough tokens once literals are set
 * aside: a function that is mostly a message or a table differs from its look-alikes in its data.
 */
export function isLargeEnough(candidate: CloneCandidate, options: Pick<CloneDetectionOptions, 'minTokens' | 'minStatements'>): boolean {
  return candidate.statements >= options.minStatements || codeTokenCount(candidate.clone.tokens) >= options.minTokens;
}

/** The similarity of two members, 1 for exact and renamed copies. */
export function memberSimilarity(a: CloneCandidate, b: CloneCandidate): number {
  if (a.clone.renamed === b.clone.renamed) return 1;
  return tokenSimilarity(a.clone.tokens, b.clone.tokens) ?? 0;
}

function linkNearMisses(groups: readonly CloneCandidate[][], components: UnionFind, threshold: number): number {
  const buckets = new Map<number, number[]>();
  groups.forEach((group, index) => {
    for (const key of bandKeys(group[0].clone.minhash)) {
      const bucket = buckets.get(key);
      if (bucket) bucket.push(index);
      else buckets.set(key, [index]);
    }
  });
  const compared = new Set<number>();
  const tokensOf = (index: number): string => groups[index][0].clone.tokens;
  const isNearMiss = (a: number, b: number): boolean => nearMiss(groups[a][0].clone, groups[b][0].clone, threshold);
  let comparisons = 0;
  for (const bucket of buckets.values()) {
    if (bucket.length < 2) continue;
    bucket.sort((a, b) => tokensOf(a).length - tokensOf(b).length || a - b);
    for (let i = 0; i < bucket.length; i++) {
      const a = bucket[i];
      for (let j = i + 1; j < bucket.length; j++) {
        const b = bucket[j];
        if (lengthBound(tokensOf(a).length, tokensOf(b).length) < threshold) break;
        const pair = Math.min(a, b) * groups.length + Math.max(a, b);
        if (compared.has(pair)) continue;
        compared.add(pair);
        if (components.find(a) === components.find(b)) continue;
        comparisons += 1;
        if (isNearMiss(a, b)) components.union(a, b);
      }
    }
  }
  return comparisons;
}

/**
 * Outcomes of near-miss comparisons, by the hashes of the two token streams (`renamed` hashes
 * `tokens`) and the threshold: the points of a trend compare the same unchanged functions again.
 */
const nearMisses = new Map<string, boolean>();
const NEAR_MISSES_KEPT = 200_000;

function nearMiss(a: CloneFingerprint, b: CloneFingerprint, threshold: number): boolean {
  const key = a.renamed < b.renamed ? `${a.renamed}\u0000${b.renamed}\u0000${threshold}` : `${b.renamed}\u0000${a.renamed}\u0000${threshold}`;
  let known = nearMisses.get(key);
  if (known === undefined) {
    known = tokenSimilarity(a.tokens, b.tokens, threshold) !== undefined;
    if (nearMisses.size >= NEAR_MISSES_KEPT) nearMisses.clear();
    nearMisses.set(key, known);
  }
  return known;
}

/** The LSH bucket keys of a MinHash signature: one number per band of rows. */
export function bandKeys(signature: readonly number[]): number[] {
  const keys: number[] = [];
  for (let band = 0; band < BANDS; band++) {
    let key = band;
    for (let row = 0; row < BAND_ROWS; row++) key = key * VALUE_BITS + (signature[band * BAND_ROWS + row] ?? 0);
    keys.push(key);
  }
  return keys;
}

/** The type of a class: 1 when all members are exact copies, 2 when all are renamed copies, else 3. */
export function typeOf(members: readonly CloneCandidate[]): CloneType {
  const [first] = members;
  if (members.every((m) => m.clone.exact === first.clone.exact)) return 1;
  if (members.every((m) => m.clone.renamed === first.clone.renamed)) return 2;
  return 3;
}

/** Drops members that lie inside another member of the same class (a function and its own inner copy). */
function withoutNested(members: readonly CloneCandidate[]): CloneCandidate[] {
  return members.filter((m) => !members.some((o) => o !== m && contains(o, m)));
}

/**
 * Drops classes whose members all lie inside distinct members of one other class: when two
 * functions are copies, so are their inner functions, and one finding says it all.
 */
function withoutInnerClasses(classes: readonly CloneClass[], candidates: readonly CloneCandidate[]): CloneClass[] {
  const classOf = new Map<CloneCandidate, number>();
  classes.forEach((cls, index) => cls.members.forEach((m) => classOf.set(m, index)));
  const parents = parentsOf(candidates);
  return classes.filter((cls, index) => {
    const containers = cls.members.map((member) => {
      const byClass = new Map<number, CloneCandidate>();
      for (let p = parents.get(member); p; p = parents.get(p)) {
        const owner = classOf.get(p);
        if (owner !== undefined && owner !== index && !byClass.has(owner)) byClass.set(owner, p);
      }
      return byClass;
    });
    for (const [owner] of containers[0]) {
      const holders = containers.map((c) => c.get(owner));
      if (holders.every((h) => h !== undefined) && new Set(holders).size === holders.length) return false;
    }
    return true;
  });
}

/** The innermost enclosing candidate of each candidate (candidates sorted by position). */
function parentsOf(candidates: readonly CloneCandidate[]): Map<CloneCandidate, CloneCandidate> {
  const parents = new Map<CloneCandidate, CloneCandidate>();
  const stack: CloneCandidate[] = [];
  for (const candidate of candidates) {
    while (stack.length > 0 && !contains(stack[stack.length - 1], candidate)) stack.pop();
    const parent = stack.at(-1);
    if (parent) parents.set(candidate, parent);
    stack.push(candidate);
  }
  return parents;
}

function contains(outer: CloneCandidate, inner: CloneCandidate): boolean {
  return outer.file === inner.file && outer.start <= inner.start && inner.end <= outer.end && (outer.start !== inner.start || outer.end !== inner.end);
}

/** By file, then start, outer spans before the spans they contain. */
export const comparePosition: (a: { file: string; start: number; end: number }, b: { file: string; start: number; end: number }) => number =
  compareBy((p) => p.file, (p) => p.start, (p) => -p.end);

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

class UnionFind {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(size).map((_, i) => i);
  }

  find(index: number): number {
    let root = index;
    while (this.parent[root] !== root) root = this.parent[root];
    for (let i = index; this.parent[i] !== root; ) {
      const next = this.parent[i];
      this.parent[i] = root;
      i = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  }
}
