import type { ResolvedConfig } from '../config/types.js';
import { BLOCK_RULE, FUNCTION_RULE } from '../clones/rule-names.js';

/**
 * What a part of the cross-file stage reads of each file, from least to most: `nothing`,
 * `linkage` (imports, and what the import graph needs of exports: src/facts/linkage.ts) or
 * `files` (facts and the rules' data, so that any change of a file's content counts). The cache keys the stage's outcome by the most
 * any part reads (src/cache/cross-file-key.ts); each part is given only what it reads.
 */
export type FileReads = 'nothing' | 'linkage' | 'files';

/** From least to most. */
export const READS_ORDER: readonly FileReads[] = ['nothing', 'linkage', 'files'];

const enabled = (config: ResolvedConfig, rule: string) => config.rules.some((r) => r.name === rule);

/**
 * What each cross-file analysis (src/cross-file/analyses.ts) reads under a configuration. Kept
 * apart from the analyses, which load graphology and TypeScript, so that a run the cache serves
 * keys the outcome without loading them; every analysis's name must be a key here.
 */
export const ANALYSIS_READS = {
  /** The import graph reads linkage only (its input's type says so). */
  graph: (): FileReads => 'linkage',
  /** The clone analysis compares functions' fingerprints and runs jscpd on the texts: when a duplication rule is on. */
  clones: (config: ResolvedConfig): FileReads => (enabled(config, FUNCTION_RULE) || enabled(config, BLOCK_RULE) ? 'files' : 'nothing'),
} as const satisfies Record<string, (config: ResolvedConfig) => FileReads>;

export type AnalysisName = keyof typeof ANALYSIS_READS;
