import { hashBytes } from '../discover/read-source.js';
import type { FileFacts, ImportFact } from './types.js';

/**
 * A file's linkage: what it imports, with where, and what the import graph needs of its exports
 * (which of its imports TypeScript erases, src/module-graph/find-erased-imports.ts). The graph
 * reads nothing else of a file, so that a cross-file outcome made only of analyses that read
 * linkage holds while no file's linkage changes (src/cache/cross-file-key.ts): an edit inside a
 * function body keeps it, and so does a value export added beside others.
 */
export interface Linkage {
  imports: readonly ImportFact[];
  exports: ExportLinkage;
}

/** What the import graph reads of a file's exports. */
export interface ExportLinkage {
  /** The names exported as types (interfaces, type aliases), sorted. */
  types: readonly string[];
  /** Whether the file exports a value under a name it does not also re-export. */
  values: boolean;
  /** Whether it exports anything. */
  any: boolean;
}

/** A file as analyses that read linkage alone see it. */
export interface LinkedFile {
  file: string;
  /** `linkageDigest` of its facts, when known. */
  digest?: string;
  facts: Linkage;
}

/** The linkage of a file's facts: a new object that holds nothing else, so that an analysis given it cannot read more. */
export function linkageOf(facts: Pick<FileFacts, 'imports' | 'exports'>): Linkage {
  const reexported = new Set(facts.imports.filter((i) => i.kind === 'reexport').flatMap((i) => i.names));
  const types = [...new Set(facts.exports.filter((e) => e.kind === 'type').map((e) => e.name))].sort();
  const values = facts.exports.some((e) => e.kind !== 'type' && !reexported.has(e.name));
  return { imports: facts.imports, exports: { types, values, any: facts.exports.length > 0 } };
}

/** A digest of a file's linkage, kept with its result so that the cross-file key needs no heavy facts. */
export function linkageDigest(facts: Pick<FileFacts, 'imports' | 'exports'>): string {
  const { imports, exports } = linkageOf(facts);
  // Property order is fixed by the extractor and by linkageOf, so equal linkage gives equal text.
  return hashBytes(JSON.stringify([imports, exports]));
}
