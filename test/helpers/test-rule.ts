import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import type { RuleMeta } from '../../src/rule/types.js';

/** The meta of a rule made for a test: its messages and options' schema, and the least of the rest a rule needs. */
export function testRuleMeta<MessageId extends string>(messages: Record<MessageId, string>, schema: JSONSchema4[] = []): RuleMeta<MessageId> {
  return {
    type: 'problem',
    docs: { description: 'Disallow what the test says', recommended: 'strict' },
    category: 'complexity',
    effortMinutes: 1,
    severity: 'warn',
    precision: 'low',
    messages,
    schema,
  };
}
