import path from 'node:path';
import { MAX_CONFIGURATION_BYTES, readRegularFile } from '../discover/read-regular-file.js';
import { hashBytes } from '../discover/read-source.js';
import type { FileReads } from '../cross-file/reads.js';

/**
 * Raised when the cross-file phases place or describe findings differently (2: block-clone columns
 * in UTF-16 code units; 3: block members name the functions around them, clone findings name themselves; 4: the rules'
 * findings of that stage are kept as `crossFileReports`; 5: keyed by what the stage reads, skipped files included).
 */
export const CROSS_FILE_OUTCOME_VERSION = 5;

/**
 * What the cross-file key takes of one file: its path, and what the stage reads of it: the hash of
 * its content (the stage reads `files`), or its linkage digest (it reads only `linkage`: null for
 * a file without facts, undefined while the file is still to be analysed).
 */
export interface KeyedFile {
  file: string;
  hash: string;
  linkage?: string | null;
}

/**
 * The key of the cross-file phases' outcome: `settings`, the configuration those phases read
 * (module depth, analyses' settings, rules); the paths of the analysed files and of the files the
 * scan skipped (a declaration file decides where an import leads), and the content of the
 * manifests that steer module resolution (package.json, tsconfig and jsconfig files); and of each
 * analysed file what the stage reads of it (src/cross-file/reads.ts): the hash of its content, or,
 * when no part reads more than linkage, its linkage digest, so that an edit inside a function body
 * keeps the outcome. The tool version is part of the cache's own key. Undefined when the stage
 * reads linkage and a file's is not known yet (it is still to be analysed).
 */
export function crossFileKey(root: string, files: readonly KeyedFile[], layout: { manifests: readonly string[]; skipped: readonly string[] }, settings: string, reads: FileReads): string | undefined {
  const parts: string[] = [];
  for (const f of files) {
    if (reads === 'files') parts.push(`${f.file}\u0000${f.hash}`);
    else if (f.linkage === undefined) return undefined;
    else parts.push(`${f.file}\u0000${f.linkage ?? 'no-facts'}`);
  }
  parts.sort();
  return hashBytes([`outcome-v${CROSS_FILE_OUTCOME_VERSION}`, settings, `reads-${reads}`, ...parts, '', ...[...layout.skipped].sort(), '', ...manifestParts(root, layout.manifests)].join('\u0001'));
}

/**
 * The key of module resolution: the paths of the analysed files and of the source files the scan
 * skipped (declarations among them), not their content, and the content of the manifests. Where
 * an import written in a file leads depends on these, so an edit inside files keeps every resolution.
 */
export function layoutKey(root: string, files: readonly string[], skipped: readonly string[], manifests: readonly string[]): string {
  return hashBytes([...[...files].sort(), '', ...[...skipped].sort(), ...manifestParts(root, manifests)].join('\u0001'));
}

function manifestParts(root: string, manifests: readonly string[]): string[] {
  return [...manifests].sort().map((manifest) => `${manifest}\u0000${hashBytes(readManifest(path.join(root, manifest)))}`);
}

function readManifest(file: string): Buffer | string {
  const read = readRegularFile(file, MAX_CONFIGURATION_BYTES);
  // A manifest that vanished (or is no longer readable) keys differently from one that exists.
  return read.ok ? read.bytes : 'missing';
}
