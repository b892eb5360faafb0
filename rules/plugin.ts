import type { ESLint, Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { ruleDefinitions } from './index.js';
import { createEslintRule } from '../src/eslint/create-eslint-rule.js';
import { TOOL_NAME, TOOL_VERSION } from '../src/version.js';

/** The files debt-scan analyses; the configs apply to these only. */
export const SOURCE_FILE_GLOBS = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

const rules = Object.fromEntries(ruleDefinitions.map((d) => [d.name, createEslintRule(d)]));

interface DebtScanPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  configs: { recommended: Linter.Config[]; strict: Linter.Config[] };
}

const plugin: DebtScanPlugin = {
  meta: { name: TOOL_NAME, version: TOOL_VERSION, namespace: TOOL_NAME },
  // typescript-eslint types `create(context)` with its own, richer RuleContext than ESLint's RuleDefinition.
  // eslint-disable-next-line debt-scan/no-blind-cast -- the same rule objects under two libraries' types; ESLint calls them as its own rules
  rules: rules as unknown as ESLint.Plugin['rules'],
  configs: { recommended: [], strict: [] },
};

/**
 * A flat config array: the plugin, typescript-eslint's parser for every source file, and the
 * rules whose `meta.docs.recommended` places them in this config (strict holds every rule, as errors).
 */
function buildConfig(level: 'recommended' | 'strict'): Linter.Config[] {
  const ruleEntries = ruleDefinitions
    .filter((d) => level === 'strict' || d.meta.docs.recommended === 'recommended')
    .map((d): [string, Linter.RuleSeverity] => [`${TOOL_NAME}/${d.name}`, level === 'strict' ? 'error' : d.meta.severity]);
  return [
    {
      name: `${TOOL_NAME}/${level}`,
      files: SOURCE_FILE_GLOBS,
      plugins: { [TOOL_NAME]: plugin },
      languageOptions: { parser: tsParser as Linter.Parser },
      rules: Object.fromEntries(ruleEntries),
    },
  ];
}

plugin.configs.recommended = buildConfig('recommended');
plugin.configs.strict = buildConfig('strict');

export const configs = plugin.configs;
export { rules };
export default plugin;
