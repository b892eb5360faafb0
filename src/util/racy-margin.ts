/**
 * How long before a run began a file or directory must have been changed for its stamps (size,
 * modification and change time) to vouch for its content or its entries: a change within the same
 * timestamp tick as a read, or just after it, may leave them as they were (git's "racy" entries).
 * Shared by the result cache (src/cache/file-cache.ts), the remembered walk of the tree
 * (src/discover/discovery-memo.ts) and TypeScript's source digest (src/parse/compile-cache.ts).
 */
export const RACY_MARGIN_MS = 2000;
