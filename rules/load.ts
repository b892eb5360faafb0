import type { AnyRuleDefinition, RuleRegistry } from '../src/rule/index.js';

/**
 * Each rule's module, loaded only when a scan enables the rule: the recommended preset enables one
 * rule of seventeen, and loading all of them (with the detectors only they use) cost a process
 * about 25 ms of CPU more than loading that one. rules/index.ts keeps the full registry (the ESLint
 * plugin, the catalog); a test holds the two to the same definitions.
 */
const LOADERS: Readonly<Record<string, () => Promise<{ default: AnyRuleDefinition }>>> = {
  'consistent-failure-convention': () => import('./consistent-failure-convention.js'),
  'no-blind-cast': () => import('./no-blind-cast.js'),
  'no-complex-function': () => import('./no-complex-function.js'),
  'no-duplicate-block': () => import('./no-duplicate-block.js'),
  'no-duplicate-function': () => import('./no-duplicate-function.js'),
  'no-floating-async': () => import('./no-floating-async.js'),
  'no-import-cycle': () => import('./no-import-cycle.js'),
  'no-swallowed-error': () => import('./no-swallowed-error.js'),
  'no-throw-non-error': () => import('./no-throw-non-error.js'),
  'no-unchecked-index-access': () => import('./no-unchecked-index-access.js'),
  'no-unchecked-number-parse': () => import('./no-unchecked-number-parse.js'),
  'no-unnarrowed-catch-variable': () => import('./no-unnarrowed-catch-variable.js'),
  'no-unresolved-import': () => import('./no-unresolved-import.js'),
  'no-unsafe-non-null-assertion': () => import('./no-unsafe-non-null-assertion.js'),
  'no-unvalidated-external-data': () => import('./no-unvalidated-external-data.js'),
  'require-error-cause': () => import('./require-error-cause.js'),
  'require-response-ok-check': () => import('./require-response-ok-check.js'),
};

/** The names of every rule a scan can load. */
export const LOADABLE_RULES: readonly string[] = Object.keys(LOADERS);

/** The definitions of these rules (names of no rule are left out), by name. */
export async function loadRuleDefinitions(names: readonly string[]): Promise<RuleRegistry> {
  const wanted = [...new Set(names)].filter((name) => Object.hasOwn(LOADERS, name));
  const definitions = await Promise.all(wanted.map(async (name) => (await LOADERS[name]()).default));
  return new Map(definitions.map((definition) => [definition.name, definition]));
}
