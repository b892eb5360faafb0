/**
 * The hashes of the clone fingerprints (src/clones/clone-fingerprints.ts): the 64-bit hash of the
 * exact and renamed streams, the 32-bit hash of names and texts, and the MinHash of the stream.
 */

/** Bins of the one-permutation MinHash. */
export const MINHASH_BINS = 48;
/** Tokens per shingle of the MinHash. */
export const SHINGLE_SIZE = 4;

/** A 64-bit hash in two independent 32-bit lanes (FNV-1a and a murmur-style lane). */
export class Hash64 {
  private a = 0x811c9dc5;
  private b = 0x01000193;

  add(value: number): void {
    this.a = Math.imul(this.a ^ value, 0x01000193);
    this.b = Math.imul(this.b ^ value, 0x5bd1e995) ^ (this.b >>> 13);
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}

export function hashCodes(codes: ArrayLike<number>): string {
  const hash = new Hash64();
  for (let i = 0; i < codes.length; i++) hash.add(codes[i]);
  return hash.hex();
}

/** A 32-bit hash of a string (FNV-1a). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A final mixer of 32-bit integers (murmur3's fmix32). */
function fmix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}


/**
 * One-permutation MinHash with densification: every 4-gram is hashed once, its hash picks a bin
 * and the bin keeps the smallest value (15 bits); an empty bin borrows from the next full one.
 */
export function minhashOf(stream: ArrayLike<number>): number[] {
  const empty = 0x10000;
  const bins = new Array<number>(MINHASH_BINS).fill(empty);
  const grams = Math.max(1, stream.length - SHINGLE_SIZE + 1);
  for (let i = 0; i < grams; i++) {
    let h = 0x9747b28c;
    for (let j = i; j < Math.min(stream.length, i + SHINGLE_SIZE); j++) h = Math.imul(h, 0x01000193) + stream[j] * 0x2545f491;
    h = fmix(h);
    const bin = h % MINHASH_BINS;
    const value = h >>> 17;
    if (value < bins[bin]) bins[bin] = value;
  }
  return bins.map((value, index) => {
    if (value !== empty) return value;
    for (let step = 1; step < MINHASH_BINS; step++) {
      const borrowed = bins[(index + step) % MINHASH_BINS];
      if (borrowed !== empty) return fmix(borrowed + step * 0x9e3779b9) >>> 17;
    }
    return 0;
  });
}
