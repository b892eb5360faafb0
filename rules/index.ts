import type { AnyRuleDefinition } from '../src/rule/types.js';
import noComplexFunction from './no-complex-function.js';

/**
 * Every rule of debt-scan, by name. A rule file is `rules/<name>.ts`, its doc `docs/rules/<name>.md`
 * and its test `test/rules/<name>.test.ts`. Keep the list sorted by name.
 */
export const ruleDefinitions: readonly AnyRuleDefinition[] = [
  noComplexFunction,
].sort((a, b) => a.name.localeCompare(b.name));

export const rulesByName: ReadonlyMap<string, AnyRuleDefinition> = new Map(ruleDefinitions.map((r) => [r.name, r]));
