import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/load-config.js';
import { crossFileAnalyses } from '../../../src/cross-file/analyses.js';
import { ANALYSIS_READS } from '../../../src/cross-file/reads.js';
import { stageReads } from '../../../src/cross-file/stage-reads.js';
import { ruleDefinitions } from '../../../rules/index.js';

const config = (rules: Record<string, string>, preset: 'recommended' | 'strict' = 'recommended') => resolveConfig({ preset, rules }, 'test');

describe('what the cross-file stage reads of each file', () => {
  it('is linkage with the default rules and with the rules that read only the import graph, and the files with any other cross-file rule', () => {
    expect(stageReads(config({}))).toBe('linkage');
    expect(stageReads(config({ 'no-import-cycle': 'warn', 'no-unresolved-import': 'warn' }))).toBe('linkage');
    for (const rule of ['no-floating-async', 'consistent-failure-convention', 'no-duplicate-function', 'no-duplicate-block']) {
      expect([rule, stageReads(config({ [rule]: 'warn' }))]).toEqual([rule, 'files']);
    }
    expect(stageReads(config({}, 'strict'))).toBe('files');
  });

  it('is declared for every analysis, and two rules say their phase reads only the analyses', () => {
    expect(crossFileAnalyses.map((analysis) => analysis.name).sort()).toEqual(Object.keys(ANALYSIS_READS).sort());
    const onlyAnalyses = ruleDefinitions.filter((rule) => rule.crossFileReads === 'analyses').map((rule) => rule.name);
    expect(onlyAnalyses.sort()).toEqual(['no-import-cycle', 'no-unresolved-import']);
  });
});
