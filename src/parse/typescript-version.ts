import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The version of the `typescript` module the detectors load (src/parse/typescript.cts), read from its
 * package.json without loading it: part of the cache's key, since another TypeScript may parse a
 * file differently. `unknown` when it cannot be read (the cache then keys on that).
 */
export function typescriptVersion(): string {
  try {
    const main = createRequire(import.meta.url).resolve('typescript');
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(main), '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown'; // no resolvable typescript here: the engine's own import reports that
  }
}
