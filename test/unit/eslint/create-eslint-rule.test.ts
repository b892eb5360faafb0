import { ESLint, Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import { createEslintRule } from '../../../src/eslint/create-eslint-rule.js';
import { defineRule, ts, type PlacedReport } from '../../../src/rule/index.js';
import { testRuleMeta } from '../../helpers/test-rule.js';

/**
 * Two rules of one file, each with a cached step that answers for texts marked `// indexed`, and
 * a detector that reports every identifier `x`. Counts what runs.
 */
function countingRules() {
  const counts = { detect: 0, lookups: 0 };
  const make = (name: string) =>
    defineRule<[], 'found'>({
      name,
      meta: { ...testRuleMeta({ found: `${name} {{how}}` }), category: 'duplication' },
      defaultOptions: [],
      detect(context) {
        counts.detect += 1;
        return {
          enter: {
            [ts.SyntaxKind.Identifier]: (node) => {
              if ((node as ts.Identifier).text === 'x') context.report({ node, messageId: 'found', data: { how: 'detected' } });
            },
          },
        };
      },
      eslintCached({ text, memo }): PlacedReport[] | undefined {
        if (!memo.has('lookup')) {
          counts.lookups += 1;
          memo.set('lookup', text.includes('// indexed'));
        }
        return memo.get('lookup') ? [{ line: 1, column: 1, endLine: 1, endColumn: 2, messageId: 'found', data: { how: 'from the cache' } }] : undefined;
      },
    });
  const plugin = { rules: { first: createEslintRule(make('first')), second: createEslintRule(make('second')) } };
  return { counts, plugin };
}

function lint(text: string) {
  const { counts, plugin } = countingRules();
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(text, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { t: plugin as never }, rules: { 't/first': 'warn', 't/second': 'warn' } }], 'file.ts');
  return { counts, messages: messages.map((m) => `${m.line}:${m.column} ${m.message}`) };
}

describe('the ESLint adapter', () => {
  it('takes the findings a cached step gives for this text, runs no detector, and looks the cache up once for the rules of a file', () => {
    expect(lint('const x = 1; // indexed\n')).toEqual({ counts: { detect: 0, lookups: 1 }, messages: ['1:1 first from the cache', '1:1 second from the cache'] });
  });

  it('runs the detectors in one walk when the cache does not cover the text', () => {
    expect(lint('const x = 1;\n')).toEqual({ counts: { detect: 2, lookups: 1 }, messages: ['1:7 first detected', '1:7 second detected'] });
  });
});

describe('what the ESLint adapter keeps between files', () => {
  /** A rule that records the options its detector gets and the session its cached step gets. */
  function recordingRule() {
    const seen = { options: [] as unknown[], sessions: [] as Map<string, unknown>[] };
    const rule = defineRule<[{ limit: number; names: string[] }], 'found'>({
      name: 'recording',
      meta: {
        ...testRuleMeta({ found: 'found' }, [{ type: 'object', properties: { limit: { type: 'number' }, names: { type: 'array', items: { type: 'string' } } }, additionalProperties: false }]),
        category: 'duplication',
      },
      defaultOptions: [{ limit: 3, names: ['a'] }],
      detect(_context, options) {
        seen.options.push(options[0]);
        return {};
      },
      eslintCached({ session }) {
        seen.sessions.push(session);
        return undefined;
      },
    });
    return { seen, plugin: { rules: { recording: createEslintRule(rule) } } };
  }

  it('gives each file the defaults merged with its options, and one session to the files of an ESLint instance', async () => {
    const { seen, plugin } = recordingRule();
    const eslint = (options: unknown[]) =>
      new ESLint({
        cwd: process.cwd(),
        overrideConfigFile: true,
        overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { t: plugin as never }, rules: { 't/recording': ['warn', ...options] as never } }],
      });
    const plain = eslint([]);
    await plain.lintText('const a = 1;\n', { filePath: 'one.ts' });
    await plain.lintText('const b = 1;\n', { filePath: 'two.ts' });
    await eslint([{ limit: 5 }]).lintText('const c = 1;\n', { filePath: 'three.ts' });
    await eslint([{ names: ['b'] }]).lintText('const d = 1;\n', { filePath: 'four.ts' });
    await plain.lintText('const e = 1;\n', { filePath: 'five.ts' });
    expect(seen.options).toEqual([{ limit: 3, names: ['a'] }, { limit: 3, names: ['a'] }, { limit: 5, names: ['a'] }, { limit: 3, names: ['b'] }, { limit: 3, names: ['a'] }]);
    expect([seen.sessions[1], seen.sessions[4]]).toEqual([seen.sessions[0], seen.sessions[0]]);
    expect(seen.sessions[1]).toBe(seen.sessions[0]);
    expect(new Set(seen.sessions).size).toBe(3);
  });
});
