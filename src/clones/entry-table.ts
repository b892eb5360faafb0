/** The walk's entries of the clone fingerprinter (src/clones/clone-fingerprints.ts). */

/** Flags of an entry. */
export const STATEMENT = 1;
/** Inside a type annotation, or an assertion wrapper: out of the normalised stream. */
export const TYPE_ONLY = 2;

/** The largest table kept for the next walk (4 MiB): a huge file's is left to the garbage collector. */
const MAX_SPARE_ENTRIES = 1 << 18;

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

  /**
   * A table for one file's walk: the one the last walk released, emptied, when it is large enough
   * (a file's walk allocates none then: the arrays of every file were most of the garbage the
   * fingerprinter left), else a new one. Walks run one at a time in a thread.
   */
  static take(capacity: number): EntryTable {
    const spare = EntryTable.spare;
    EntryTable.spare = undefined;
    if (spare && spare.codes.length >= capacity) {
      spare.length = 0;
      return spare;
    }
    return new EntryTable(capacity);
  }

  /** Gives the table back once its walk is done, for the next walk to take. */
  release(): void {
    if (this.codes.length > MAX_SPARE_ENTRIES) return;
    if (!EntryTable.spare || EntryTable.spare.codes.length < this.codes.length) EntryTable.spare = this;
  }

  private static spare: EntryTable | undefined;

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
