import { hashBytes } from '../discover/read-source.js';
import type { ExportFact, FileFacts, ImportFact } from './types.js';

/**
 * A file's linkage: what it imports, with where, and the names and kinds it exports. The import
 * graph reads nothing else of a file, so that a cross-file outcome made only of analyses that read
 * linkage holds while no file's linkage changes (src/cache/cross-file-key.ts): an edit inside a
 * function body keeps it, and the outcome is kept with it.
 */
export interface Linkage {
  imports: readonly ImportFact[];
  exports: readonly Pick<ExportFact, 'name' | 'kind'>[];
}

/** A file as analyses that read linkage alone see it. */
export interface LinkedFile {
  file: string;
  facts: Linkage;
}

/** The linkage of a file's facts: a new object that holds nothing else, so that an analysis given it cannot read more. */
export function linkageOf(facts: Pick<FileFacts, 'imports' | 'exports'>): Linkage {
  return { imports: facts.imports, exports: facts.exports.map(({ name, kind }) => ({ name, kind })) };
}

/** A digest of a file's linkage, kept with its result so that the cross-file key needs no heavy facts. */
export function linkageDigest(facts: Pick<FileFacts, 'imports' | 'exports'>): string {
  const { imports, exports } = linkageOf(facts);
  // Property order is fixed by the extractor and by linkageOf, so equal linkage gives equal text.
  return hashBytes(JSON.stringify([imports, exports]));
}
