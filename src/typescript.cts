/**
 * The `typescript` module for every part of debt-scan. Importing TypeScript's 9 MB CommonJS file
 * straight from ESM makes Node scan all of it for named exports (0.2 to 0.4 s per process);
 * through this CommonJS file Node finds nothing to scan and just loads it. Types are unchanged.
 *
 * When a scan has named a directory for it (src/compile-cache.ts), TypeScript's code is compiled
 * with V8's code cache kept in that directory: a process that finds it there skips most of the
 * compiling, about 0.1 to 0.15 s per process and per worker. Any problem with the cache falls back
 * to a plain `require`.
 */
import fs = require('node:fs');
import nodeModule = require('node:module');
import path = require('node:path');
import vm = require('node:vm');

/** Shared with src/compile-cache.ts through a global symbol, since this CommonJS file cannot import an ES module. */
interface CompileCacheState {
  /** Where the code cache lives; set before TypeScript is first loaded. */
  directory?: string;
  loaded?: boolean;
  /** Present when TypeScript was compiled here and its code cache is missing or was rejected. */
  pending?: { script: vm.Script; file: string };
  /** True when V8 accepted the code cache. */
  used?: boolean;
}

const STATE = Symbol.for('debt-scan.typescript-compile-cache');
const state: CompileCacheState = (Reflect.get(globalThis, STATE) as CompileCacheState | undefined) ?? {};
Reflect.set(globalThis, STATE, state);

/**
 * Compiles TypeScript with the code cache and places the module in `require.cache` (which Node
 * documents as open to additions), so that the `require` below finds it loaded.
 */
function preloadWithCodeCache(directory: string): void {
  try {
    const file = require.resolve('typescript');
    if (require.cache[file]) return;
    const { version } = require('typescript/package.json') as { version: string };
    const cacheFile = path.join(directory, `typescript-${version}-v8-${process.versions.v8}-${process.arch}.bin`);
    const cachedData = readOrUndefined(cacheFile);
    const script = new vm.Script(nodeModule.wrap(fs.readFileSync(file, 'utf8')), { filename: file, ...(cachedData ? { cachedData } : {}) });
    const loaded = new nodeModule.Module(file, module);
    loaded.filename = file;
    (script.runInThisContext() as (...args: unknown[]) => void).call(loaded.exports, loaded.exports, nodeModule.createRequire(file), loaded, file, path.dirname(file));
    loaded.loaded = true;
    require.cache[file] = loaded;
    if (!cachedData || script.cachedDataRejected) state.pending = { script, file: cacheFile };
    else state.used = true;
  } catch {
    // ignore: the require below loads TypeScript the usual way
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined; // no code cache yet: compile as usual and write one afterwards
  }
}

state.loaded = true;
if (state.directory !== undefined) preloadWithCodeCache(state.directory);

import ts = require('typescript');

export = ts;
