import path from 'node:path';
import { ESLint as ESLint10 } from 'eslint';
import { ESLint as ESLint9 } from 'eslint-v9';
import { describe, expect, it } from 'vitest';
import plugin from '../../rules/plugin.js';
import { FIXTURES } from '../helpers/fixtures.js';

const ESLINTS = [
  ['ESLint 10', ESLint10],
  ['ESLint 9', ESLint9],
] as const;

describe.each(ESLINTS)('%s with the plugin\'s configs spread into a flat config', (_name, ESLint) => {
  it('reports the seeded lost cause with configs.recommended, and nothing of the rules outside it', async () => {
    const cwd = path.join(FIXTURES, 'ai-app');
    const eslint = new (ESLint as typeof ESLint10)({ cwd, overrideConfigFile: true, overrideConfig: [...plugin.configs.recommended] });
    const [payment, pricing] = await eslint.lintFiles(['src/services/payment-service.ts', 'src/services/pricing.ts']);
    expect(payment.messages.map((m) => [m.ruleId, m.line, m.column, m.severity])).toEqual([['debt-scan/require-error-cause', 40, 11, 1]]);
    expect(pricing.messages).toEqual([]);
  });

  it('lints the fixture app with configs.strict and reports the seeded complexity finding', async () => {
    const cwd = path.join(FIXTURES, 'ai-app');
    const eslint = new (ESLint as typeof ESLint10)({
      cwd,
      overrideConfigFile: true,
      overrideConfig: [...plugin.configs.strict],
    });
    const [result] = await eslint.lintFiles(['src/services/pricing.ts']);
    const complexity = result.messages.filter((m) => m.ruleId === 'debt-scan/no-complex-function');
    expect(complexity.map((m) => [m.line, m.column, m.severity])).toEqual([[7, 1, 2]]);
    expect(complexity[0].message).toContain("Function 'priceFor' has a cyclomatic complexity of 16");
  });

  it('lints the clean fixture without a finding', async () => {
    const cwd = path.join(FIXTURES, 'clean');
    const eslint = new (ESLint as typeof ESLint10)({ cwd, overrideConfigFile: true, overrideConfig: [...plugin.configs.strict] });
    const results = await eslint.lintFiles(['src/**/*.ts']);
    expect(results.length).toBeGreaterThan(0);
    expect(results.flatMap((r) => r.messages)).toEqual([]);
  });
});

describe('the plugin object', () => {
  it('carries meta and flat configs derived from the rules metadata', () => {
    expect(plugin.meta.name).toBe('debt-scan');
    expect(plugin.meta.version).toMatch(/^\d+\.\d+\.\d+/u);
    const recommended = plugin.configs.recommended[0];
    const strict = plugin.configs.strict[0];
    expect(recommended.name).toBe('debt-scan/recommended');
    expect(strict.name).toBe('debt-scan/strict');
    const recommendedRules = Object.keys(recommended.rules ?? {});
    const strictRules = Object.keys(strict.rules ?? {});
    expect(strictRules).toEqual(Object.keys(plugin.rules ?? {}).map((n) => `debt-scan/${n}`));
    expect(recommendedRules.every((r) => strictRules.includes(r))).toBe(true);
  });
});
