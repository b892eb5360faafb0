import { graphAnalysis } from '../module-graph/graph-analysis.js';
import { clonesAnalysis } from '../clones/clones.js';
import type { CrossFileAnalysis } from './types.js';

/** The cross-file analyses, in the order they run; later ones may read earlier ones' data. */
export const crossFileAnalyses: readonly CrossFileAnalysis[] = [
  graphAnalysis,
  clonesAnalysis,
];
