/** The walk's entries of the clone fingerprinter (src/clones/clone-fingerprints.ts). */

/** Flags of an entry. */
export const STATEMENT = 1;
/** Inside a type annotation, or an assertion wrapper: out of the normalised stream. */
export const TYPE_ONLY = 2;

/** The entries of one file's walk, one per node, in parallel typed arrays that grow by doubling. */
export class EntryTable {
  length = 0;
  /** What the exact hash takes of the entry: its kind, mixed with its text's hash when it has one. */
  exactCodes: Int32Array;
  /** The entry's code in the normalised stream (placeholders are assigned per function). */
  codes: Uint16Array;
  textHashes: Uint32Array;
  roles: Uint8Array;
  flags: Uint8Array;
  /** For the name and modifiers of a function: the function's entry index, else -1. */
  headOf: Int32Array;

  constructor(capacity: number) {
    this.exactCodes = new Int32Array(capacity);
    this.codes = new Uint16Array(capacity);
    this.textHashes = new Uint32Array(capacity);
    this.roles = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.headOf = new Int32Array(capacity);
  }

  push(exactCode: number, code: number, textHash: number, role: number, flags: number, head: number): void {
    if (this.length === this.codes.length) this.grow();
    const i = this.length++;
    this.exactCodes[i] = exactCode;
    this.codes[i] = code;
    this.textHashes[i] = textHash;
    this.roles[i] = role;
    this.flags[i] = flags;
    this.headOf[i] = head;
  }

  private grow(): void {
    const capacity = this.codes.length * 2;
    const grown = <T extends Int32Array | Uint16Array | Uint32Array | Uint8Array>(from: T, make: (n: number) => T): T => {
      const to = make(capacity);
      to.set(from);
      return to;
    };
    this.exactCodes = grown(this.exactCodes, (n) => new Int32Array(n));
    this.codes = grown(this.codes, (n) => new Uint16Array(n));
    this.textHashes = grown(this.textHashes, (n) => new Uint32Array(n));
    this.roles = grown(this.roles, (n) => new Uint8Array(n));
    this.flags = grown(this.flags, (n) => new Uint8Array(n));
    this.headOf = grown(this.headOf, (n) => new Int32Array(n));
  }
}
