/**
 * The `typescript` module for every part of debt-scan. Importing TypeScript's 9 MB CommonJS file
 * straight from ESM makes Node scan all of it for named exports (0.2 to 0.4 s per process);
 * through this CommonJS file Node finds nothing to scan and just loads it. Types are unchanged.
 *
 * When a scan has set up the code cache (src/parse/compile-cache.ts, which finds and verifies it in the
 * per-user directory), TypeScript's code is compiled with V8's code cache: a process that has one
 * skips most of the compiling, about 0.1 to 0.15 s per process and per worker. Any problem with
 * the cache falls back to a plain `require`.
 */
import fs = require('node:fs');
import nodeModule = require('node:module');
import path = require('node:path');
import vm = require('node:vm');

/** Shared with src/parse/compile-cache.ts through a global symbol, since this CommonJS file cannot import an ES module. */
interface CompileCacheState {
  /** Finds the verified code cache for TypeScript's exact source; set before TypeScript is first loaded. */
  open?: (source: Buffer, stamp?: { file: string; size: number; mtimeMs: number; ctimeMs: number; ino: number; dev: number }) => { cachedData?: Buffer; rejected: boolean; save(data: Buffer): void };
  loaded?: boolean;
  /** Present when TypeScript was compiled here and its code cache is missing or was rejected. */
  pending?: { script: vm.Script; save(data: Buffer): void };
  /** True when V8 accepted the code cache. */
  used?: boolean;
  /** True when a code cache was found that failed verification (or V8 rejected). */
  rejected?: boolean;
}

const STATE = Symbol.for('debt-scan.typescript-compile-cache');
const state: CompileCacheState = (Reflect.get(globalThis, STATE) as CompileCacheState | undefined) ?? {};
Reflect.set(globalThis, STATE, state);

/**
 * Compiles TypeScript with the code cache and places the module in `require.cache` (which Node
 * documents as open to additions), so that the `require` below finds it loaded.
 */
function preloadWithCodeCache(open: NonNullable<CompileCacheState['open']>): void {
  try {
    const file = require.resolve('typescript');
    if (require.cache[file]) return;
    // Stamped before it is read: a change in between moves the stamps past those its digest is kept under.
    const stats = fs.statSync(file);
    const source = fs.readFileSync(file);
    const entry = open(source, { file, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino, dev: stats.dev });
    const cachedData = entry.cachedData;
    const script = new vm.Script(nodeModule.wrap(source.toString('utf8')), { filename: file, ...(cachedData ? { cachedData } : {}) });
    const loaded = new nodeModule.Module(file, module);
    loaded.filename = file;
    (script.runInThisContext() as (...args: unknown[]) => void).call(loaded.exports, loaded.exports, nodeModule.createRequire(file), loaded, file, path.dirname(file));
    loaded.loaded = true;
    require.cache[file] = loaded;
    if (!cachedData || script.cachedDataRejected) state.pending = { script, save: entry.save };
    else state.used = true;
    state.rejected = entry.rejected || script.cachedDataRejected === true;
  } catch {
    // ignore: the require below loads TypeScript the usual way
  }
}

state.loaded = true;
if (state.open !== undefined) preloadWithCodeCache(state.open);

import ts = require('typescript');

export = ts;
