import path from 'node:path';
import { MAX_CONFIGURATION_BYTES, readRegularFile } from '../discover/read-regular-file.js';
import { hashBytes } from '../discover/read-source.js';

/**
 * Raised when the cross-file phases place or describe findings differently (2: block-clone columns
 * in UTF-16 code units; 3: block members name the functions around them, clone findings name themselves; 4: the rules'
 * findings of that stage are kept as `crossFileReports`).
 */
export const CROSS_FILE_OUTCOME_VERSION = 4;

/**
 * The key of the cross-file phases' outcome: every analysed file's path and content hash, the
 * content of the manifests that steer module resolution (package.json, tsconfig and jsconfig
 * files), and `settings`, the configuration those phases read (module depth, analyses' settings,
 * rules). The tool version is part of the cache's own key. When the key is unchanged, the clone
 * classes, the import graph and the rules' cross-file findings are too.
 */
export function crossFileKey(root: string, files: readonly { file: string; hash: string }[], manifests: readonly string[], settings: string): string {
  const parts = [...files].map((f) => `${f.file}\u0000${f.hash}`).sort();
  return hashBytes([`outcome-v${CROSS_FILE_OUTCOME_VERSION}`, settings, ...parts, ...manifestParts(root, manifests)].join('\u0001'));
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
