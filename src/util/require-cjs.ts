import { createRequire } from 'node:module';

type Picomatch = typeof import('picomatch');

/**
 * Loads a CommonJS package with `require`. Importing one from an ES module makes Node lex its
 * source for named exports first: for `ignore` alone that cost 70 ms of CPU, and every run, even
 * one the cache serves whole, pays it for the packages it starts with (commander, ajv, ignore,
 * picomatch). Measured with `/usr/bin/time` over ten runs of an import against a require.
 */
export const requireCjs = createRequire(import.meta.url);

/**
 * `ignore`'s factory of gitignore rule sets. The package is loaded by the first call, as is
 * `picomatch` below: a run the cache serves whole reads no .gitignore and matches no glob, and
 * loading the two took about 6 ms of its 0.3 s.
 */
export function ignore(): import('ignore').Ignore {
  return (requireCjs('ignore') as typeof import('ignore'))();
}

/** `picomatch`'s glob matcher, loaded by the first call. */
export function picomatch(...args: Parameters<Picomatch>): ReturnType<Picomatch> {
  return loadPicomatch()(...args);
}

/** The `picomatch` package itself, for its other calls. */
export function loadPicomatch(): Picomatch {
  return requireCjs('picomatch') as Picomatch;
}
