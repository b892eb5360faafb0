import { RuleTester } from '@typescript-eslint/rule-tester';
import { rules } from '../../rules/plugin.js';

/** A RuleTester on typescript-eslint's parser without type information, as most users run. */
export function createRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
  });
}

/** The ESLint rule of a debt-scan rule name, as the plugin exports it. */
export function eslintRule(name: string) {
  const rule = rules[name];
  if (!rule) throw new Error(`no rule ${name}`);
  return rule;
}
