import { ESLint } from 'eslint';
import { expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/fixtures.js';

/** The project holds itself to its own bar: its gate with every rule (which fails on warnings here) and its ESLint config with every rule, recommended included. */
it('passes its own debt-scan gate', async () => {
  const result = await runCli(['.', '--no-cache', '--quiet', '-f', 'json', '-o', 'node_modules/.cache/debt-scan-self.json'], REPO_ROOT);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}, 240_000);

it('passes its own ESLint configuration (strict, which holds recommended)', async () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const results = await eslint.lintFiles(['src', 'rules', 'reporters', 'test', 'bench', 'scripts']);
  const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(REPO_ROOT.length + 1)}:${m.line} ${m.ruleId ?? ''} ${m.message}`));
  expect(problems).toEqual([]);
}, 240_000);
