import { ESLint, type Linter } from 'eslint';
import plugin from '../../rules/plugin.js';
import type { ResolvedConfig } from '../../src/config/types.js';

/**
 * An ESLint instance with the debt-scan plugin and exactly the rules and options of a scanner
 * configuration, so that the two hosts can be compared.
 */
export function eslintFor(cwd: string, config: ResolvedConfig): ESLint {
  const rules: Linter.RulesRecord = Object.fromEntries(
    config.rules.map((r) => [`debt-scan/${r.name}`, [r.severity, ...r.options]] as [string, Linter.RuleEntry]),
  );
  const base = plugin.configs.strict[0];
  return new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      { ...base, rules } as Linter.Config,
      { linterOptions: { reportUnusedDisableDirectives: 'off' } },
    ],
  });
}
