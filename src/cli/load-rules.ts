import type { RuleLoader } from '../rule/types.js';

/** debt-scan's own rules, for the commands' scans: loaded only when a file or a cross-file phase needs them. */
export const loadRules: RuleLoader = async (names) => (await import('../../rules/load.js')).loadRuleDefinitions(names);
