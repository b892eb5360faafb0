/**
 * The version of the clone fingerprints' format (src/clones/clone-fingerprints.ts): part of the
 * cache key, so that a new format analyses every file again (3: node kinds coded by name, the same
 * for every TypeScript version). Kept apart so that the cache key needs no TypeScript.
 */
export const CLONE_FINGERPRINT_VERSION = 3;
