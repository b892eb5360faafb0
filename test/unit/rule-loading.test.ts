import { describe, expect, it } from 'vitest';
import { ruleDefinitions } from '../../rules/index.js';
import { LOADABLE_RULES, loadRuleDefinitions } from '../../rules/load.js';

describe('the rules a scan loads by name', () => {
  it('are every rule of the registry, each the same definition', async () => {
    expect([...LOADABLE_RULES].sort()).toEqual(ruleDefinitions.map((r) => r.name).sort());
    const loaded = await loadRuleDefinitions(LOADABLE_RULES);
    for (const definition of ruleDefinitions) expect(loaded.get(definition.name)).toBe(definition);
  });

  it('are only those asked for, once each, and no name of no rule', async () => {
    const loaded = await loadRuleDefinitions(['require-error-cause', 'require-error-cause', 'no-such-rule', 'toString']);
    expect([...loaded.keys()]).toEqual(['require-error-cause']);
  });
});
