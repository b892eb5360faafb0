import { createRequire } from 'node:module';

/**
 * Loads a CommonJS package with `require`. Importing one from an ES module makes Node lex its
 * source for named exports first: for `ignore` alone that cost 70 ms of CPU, and every run, even
 * one the cache serves whole, pays it for the packages it starts with (commander, ajv, ignore,
 * picomatch). Measured with `/usr/bin/time` over ten runs of an import against a require.
 */
export const requireCjs = createRequire(import.meta.url);

/** `ignore`'s factory of gitignore rule sets. */
export const ignore = requireCjs('ignore') as typeof import('ignore');

/** `picomatch`'s glob matcher. */
export const picomatch = requireCjs('picomatch') as typeof import('picomatch');
