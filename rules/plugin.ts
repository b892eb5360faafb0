import type { TSESLint } from '@typescript-eslint/utils';
import tsParser from '@typescript-eslint/parser';
import { ruleDefinitions } from './index.js';
import { createEslintRule } from './utils/create-eslint-rule.js';
import { TOOL_NAME, TOOL_VERSION } from '../src/version.js';

type FlatConfig = TSESLint.FlatConfig.Config;

/** The files debt-scan analyses; the configs apply to these only. */
export const SOURCE_FILE_GLOBS = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

const rules = Object.fromEntries(ruleDefinitions.map((d) => [d.name, createEslintRule(d)]));

const plugin = {
  meta: { name: TOOL_NAME, version: TOOL_VERSION, namespace: TOOL_NAME },
  rules,
  configs: {} as { recommended: FlatConfig[]; strict: FlatConfig[] },
};

function buildConfig(level: 'recommended' | 'strict'): FlatConfig[] {
  const ruleEntries = ruleDefinitions
    .filter((d) => level === 'strict' || d.meta.docs.recommended === 'recommended')
    .map((d) => [`${TOOL_NAME}/${d.name}`, level === 'strict' ? 'error' : d.meta.severity] as const);
  return [
    {
      name: `${TOOL_NAME}/${level}`,
      files: SOURCE_FILE_GLOBS,
      plugins: { [TOOL_NAME]: plugin as unknown as FlatConfig['plugins'] extends Record<string, infer P> | undefined ? P : never },
      languageOptions: { parser: tsParser as FlatConfig['languageOptions'] extends { parser?: infer P } | undefined ? P : never },
      rules: Object.fromEntries(ruleEntries),
    },
  ];
}

plugin.configs.recommended = buildConfig('recommended');
plugin.configs.strict = buildConfig('strict');

export const configs = plugin.configs;
export { rules };
export default plugin;
