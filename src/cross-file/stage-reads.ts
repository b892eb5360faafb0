import type { ResolvedConfig } from '../config/types.js';
import { catalogByName } from '../../rules/catalog-index.js';
import { ANALYSIS_READS, READS_ORDER, type FileReads } from './reads.js';

/**
 * The most the cross-file stage reads of each file under a configuration: what its analyses read,
 * and `files` when an enabled rule's cross-file phase reads the files (the rule catalog says
 * which; one that reads only the analyses' data adds nothing).
 */
export function stageReads(config: ResolvedConfig): FileReads {
  let most = 0;
  for (const reads of Object.values(ANALYSIS_READS)) most = Math.max(most, READS_ORDER.indexOf(reads(config)));
  for (const rule of config.rules) {
    const phase = catalogByName.get(rule.name)?.phases.crossFile ?? 'files';
    if (phase === 'files') most = READS_ORDER.indexOf('files');
  }
  return READS_ORDER[most];
}
