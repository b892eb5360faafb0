import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hashBytes } from '../discover/read-source.js';

/**
 * The key of the cross-file phases' outcome: every analysed file's path and content hash, and the
 * content of the manifests that steer module resolution (package.json, tsconfig and jsconfig
 * files). The configuration and tool version are part of the cache's own key. When the key is
 * unchanged, the clone classes, the import graph and the rules' cross-file findings are too.
 */
export function crossFileKey(root: string, files: readonly { file: string; hash: string }[], manifests: readonly string[]): string {
  const parts = [...files].map((f) => `${f.file}\u0000${f.hash}`).sort();
  for (const manifest of [...manifests].sort()) {
    parts.push(`${manifest}\u0000${hashBytes(readManifest(path.join(root, manifest)))}`);
  }
  return hashBytes(parts.join('\u0001'));
}

function readManifest(file: string): Buffer | string {
  try {
    return readFileSync(file);
  } catch {
    return 'missing'; // ignore: a manifest that vanished keys differently from one that exists
  }
}
