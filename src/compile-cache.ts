import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Script } from 'node:vm';

/** The state src/typescript.cts reads, shared through a global symbol (it is CommonJS and loads first). */
interface CompileCacheState {
  directory?: string;
  loaded?: boolean;
  pending?: { script: Script; file: string };
  used?: boolean;
}

const STATE = Symbol.for('debt-scan.typescript-compile-cache');

function state(): CompileCacheState {
  const current = Reflect.get(globalThis, STATE) as CompileCacheState | undefined;
  if (current) return current;
  const fresh: CompileCacheState = {};
  Reflect.set(globalThis, STATE, fresh);
  return fresh;
}

/**
 * Names the directory where TypeScript's compiled code is kept between runs (the scan's cache
 * directory). Has an effect only before TypeScript is first loaded in this thread.
 */
export function useCompileCache(directory: string): void {
  const current = state();
  if (!current.loaded) current.directory = directory;
}

/** Whether this thread has loaded TypeScript (through src/typescript.cts), and whether from the code cache. */
export function typeScriptLoad(): { loaded: boolean; fromCodeCache: boolean } {
  const current = state();
  return { loaded: current.loaded === true, fromCodeCache: current.used === true };
}

/**
 * Writes TypeScript's code cache when this thread compiled TypeScript without one. Called at the
 * end of a scan, so that the cache also holds the functions the scan compiled lazily. Written
 * atomically; a failure only costs the next run its head start.
 */
export function saveCompileCache(): void {
  const current = state();
  const pending = current.pending;
  if (!pending) return;
  current.pending = undefined;
  const temporary = `${pending.file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(pending.file), { recursive: true });
    writeFileSync(temporary, pending.script.createCachedData());
    renameSync(temporary, pending.file);
  } catch {
    rmSync(temporary, { force: true });
  }
}
