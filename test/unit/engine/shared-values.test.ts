import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../src/engine/analyze-file.js';
import { defineRule, type DetectContext, type RuleListener } from '../../../src/rule/types.js';
import { testRuleMeta } from '../../helpers/test-rule.js';

/** A shared list of the identifiers entered so far, kept by the listener of the first rule to ask. */
function sharedNames(context: DetectContext<string>, log: string[], failOn?: string): string[] {
  return context.shared('names', () => {
    const names: string[] = [];
    const listener: RuleListener = {
      enter: {
        [ts.SyntaxKind.Identifier]: (node) => {
          const name = (node as ts.Identifier).text;
          if (name === failOn) throw new Error(`no ${name}`);
          log.push(`shared ${name}`);
          names.push(name);
        },
      },
    };
    return { value: names, listener };
  });
}

/** A rule that reads the shared names at each identifier and reports how many it saw there. */
function readingRule(name: string, log: string[], made: string[][], failOn?: string) {
  return defineRule<[], 'seen'>({
    name,
    meta: testRuleMeta({ seen: '{{ count }}' }),
    defaultOptions: [],
    detect(context) {
      const names = sharedNames(context, log, failOn);
      made.push(names);
      return {
        enter: {
          [ts.SyntaxKind.Identifier]: (node) => {
            log.push(`${name} ${(node as ts.Identifier).text}`);
            context.report({ node, messageId: 'seen', data: { count: names.length } });
          },
        },
      };
    },
  });
}

describe('values the detectors of a file share', () => {
  it('are made once, and their listener runs at each node before every detector', () => {
    const log: string[] = [];
    const made: string[][] = [];
    const result = analyzeFile('src/a.ts', 'const a = b;\n', 'h', [
      { definition: readingRule('first', log, made), options: [] },
      { definition: readingRule('second', log, made), options: [] },
    ]);
    expect(made).toHaveLength(2);
    expect(made[0]).toBe(made[1]);
    expect(log).toEqual(['shared a', 'first a', 'second a', 'shared b', 'first b', 'second b']);
    expect(result.findings.map((f) => `${f.rule} ${f.message}`)).toEqual(['first 1', 'second 1', 'first 2', 'second 2']);
  });

  it('fail every rule that asked for them when their listener throws, and no other', () => {
    const log: string[] = [];
    const bystander = defineRule<[], 'call'>({
      name: 'bystander',
      meta: testRuleMeta({ call: 'call' }),
      defaultOptions: [],
      detect: (context) => ({ enter: { [ts.SyntaxKind.CallExpression]: (node) => context.report({ node, messageId: 'call' }) } }),
    });
    const result = analyzeFile('src/a.ts', 'const a = b();\n', 'h', [
      { definition: readingRule('first', log, [], 'b'), options: [] },
      { definition: bystander, options: [] },
      { definition: readingRule('second', log, [], 'b'), options: [] },
    ]);
    expect(result.findings.map((f) => f.rule)).toEqual(['bystander']);
    expect(result.notifications.map((n) => n.ruleId)).toEqual(['debt-scan/first', 'debt-scan/second']);
  });
});
