import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, copyFixture, removeDirectory } from '../helpers/fixtures.js';

const execFileAsync = promisify(execFile);
/** Loads the TypeScript that DEBT_SCAN_TEST_TYPESCRIPT names in place of `typescript`, for the parser and the rules alike. */
const ALIAS = path.join(REPO_ROOT, 'test/helpers/typescript-alias.cjs');
const VERSIONS = ['typescript-oldest', 'typescript-newest'];

interface LintOutcome {
  version: string;
  problems: string[];
}

/**
 * Lints a directory with the built plugin's strict config in a child process, under the given
 * TypeScript; with `typed`, the config gives typescript-eslint's project service, as a user's would.
 * The TypeScript files only: the fixture's tsconfig includes them, not its JavaScript files.
 */
async function lintWith(typescript: string | undefined, dir: string, typed: boolean): Promise<LintOutcome> {
  const script = `
    const { createRequire } = await import('node:module');
    const { pathToFileURL } = await import('node:url');
    const require = createRequire(${JSON.stringify(path.join(REPO_ROOT, 'package.json'))});
    const { ESLint } = await import(pathToFileURL(require.resolve('eslint')).href);
    const { default: plugin } = await import(${JSON.stringify(path.join(REPO_ROOT, 'dist/rules/plugin.js'))});
    const version = require('typescript').version;
    const dir = ${JSON.stringify(dir)};
    const types = ${typed} ? [{ languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: dir } } }] : [];
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [...plugin.configs.strict, ...types] });
    const results = await eslint.lintFiles(['src/**/*.ts', 'src/**/*.tsx']);
    const problems = results.flatMap((r) => r.messages.map((m) => r.filePath.slice(dir.length + 1) + ':' + m.line + ':' + m.column + ' ' + (m.ruleId ?? 'fatal') + ' ' + m.message));
    process.stdout.write(JSON.stringify({ version, problems: problems.sort() }));`;
  const env = { ...process.env, ...(typescript ? { DEBT_SCAN_TEST_TYPESCRIPT: typescript } : {}) };
  const { stdout } = await execFileAsync(process.execPath, ['--require', ALIAS, '--input-type=module', '-e', script], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as LintOutcome;
}

describe('the ESLint plugin under the oldest and newest TypeScript of the peer range', () => {
  const dir = copyFixture('ai-app');
  afterAll(() => removeDirectory(dir));
  // Each lint runs once; the tests compare its outcome in more than one way.
  const outcomes = new Map<string, Promise<LintOutcome>>();
  const lint = (typescript: string | undefined, typed: boolean): Promise<LintOutcome> => {
    const key = `${typescript ?? 'default'} ${typed}`;
    if (!outcomes.has(key)) outcomes.set(key, lintWith(typescript, dir, typed));
    return outcomes.get(key)!;
  };

  it.each([false, true])('reports the same findings as under the default TypeScript (typed: %s)', async (typed) => {
    const usual = await lint(undefined, typed);
    expect(usual.problems.filter((p) => p.includes(' fatal '))).toEqual([]);
    expect(usual.problems.length).toBeGreaterThan(30);
    for (const typescript of VERSIONS) {
      const other = await lint(typescript, typed);
      expect(other.version).not.toBe(usual.version);
      expect(other.problems).toEqual(usual.problems);
    }
  }, 180_000);

  it('uses the program of a typed config under every version: types settle what names cannot', async () => {
    for (const typescript of [undefined, ...VERSIONS]) {
      const untyped = await lint(typescript, false);
      const typed = await lint(typescript, true);
      // The two catch variables the fixture marks `expect-untyped:` are settled by its strict tsconfig.
      const onlyUntyped = untyped.problems.filter((p) => !typed.problems.includes(p));
      expect(onlyUntyped.filter((p) => p.includes('no-unnarrowed-catch-variable')).map((p) => p.split(' ')[0])).toEqual([
        'src/components/CheckoutForm.tsx:19:16',
        'src/services/payment-service.ts:39:37',
      ]);
    }
  }, 240_000);
});
