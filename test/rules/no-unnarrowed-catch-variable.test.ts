import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-unnarrowed-catch-variable', eslintRule('no-unnarrowed-catch-variable'), {
  valid: [
    `try { run(); } catch (e) { if (e instanceof Error) log(e.message); }`,
    `try { run(); } catch (e) { log(e instanceof Error ? e.message : String(e)); }`,
    `try { run(); } catch (e) {\n  if (!(e instanceof Error)) throw e;\n  log(e.message);\n}`,
    { code: `try { run(); } catch (err) { if (axios.isAxiosError(err)) show(err.response?.status); }`, filename: 'api.js' },
    `try { run(); } catch (e) { if (typeof e === 'object' && e !== null && 'code' in e) log(e.code); }`,
    `try { run(); } catch (e: unknown) { log(String(e)); }`,
    // the compiler already demands a check for an unknown catch variable
    `try { run(); } catch (e: unknown) { log(e); }`,
    `try { run(); } catch (e) { log(e?.message); }`,
    `try { run(); } catch (e) { log(\`failed: \${e}\`, e.toString()); }`,
    // a callback parameter with the same name is another variable
    `try { run(); } catch (e) { throw new AggregateError(errors.map((e) => e.message)); }`,
    { code: `try { run(); } catch (e) { log((e as Error).message); }`, options: [{ allowTypeAssertions: true, ignoredProperties: [] }] },
    // an assertion that only feeds a logger reads nothing
    `try { run(); } catch (error) { Logger.error('Failed to apply the update', error as Error); }`,
    { code: `try { run(); } catch (err) { if (err.code === 'ENOENT') return; throw err; }`, filename: 'fs.js', options: [{ allowTypeAssertions: false, ignoredProperties: ['code'] }] },
    {
      code: `export function Status() {\n  try { load(); } catch (e) { return <p>{e instanceof Error ? e.message : 'failed'}</p>; }\n  return null;\n}`,
      filename: 'status.tsx',
    },
  ],
  invalid: [
    {
      code: `try { run(); } catch (e) { log(e.message); }`,
      errors: [
        {
          messageId: 'unnarrowedUse',
          line: 1,
          column: 32,
          endLine: 1,
          endColumn: 41,
          data: { name: 'e', property: 'message' },
          suggestions: [{ messageId: 'useGuardedMessage', output: `try { run(); } catch (e) { log((e instanceof Error ? e.message : String(e))); }` }],
        },
      ],
    },
    {
      code: `app.post('/pay', async (req, res) => {\n  try {\n    await pay(req.body);\n  } catch (error) {\n    res.status(500).json({ error: error.message });\n  }\n});`,
      filename: 'routes.js',
      errors: [
        {
          messageId: 'unnarrowedUse',
          line: 5,
          column: 35,
          suggestions: [
            {
              messageId: 'useGuardedMessage',
              output: `app.post('/pay', async (req, res) => {\n  try {\n    await pay(req.body);\n  } catch (error) {\n    res.status(500).json({ error: (error instanceof Error ? error.message : String(error)) });\n  }\n});`,
            },
          ],
        },
      ],
    },
    {
      code: `try { run(); } catch (err: any) { show(err.response.data); }`,
      errors: [{ messageId: 'unnarrowedUse', line: 1, column: 40, data: { name: 'err', property: 'response' }, suggestions: [] }],
    },
    {
      code: `try { run(); } catch (e) { log(e['stack']); }`,
      errors: [{ messageId: 'unnarrowedUse', line: 1, column: 32, data: { name: 'e', property: 'stack' }, suggestions: [] }],
    },
    {
      code: `try { run(); } catch (e) { log((e as Error).message); }`,
      errors: [{ messageId: 'assertedAsError', line: 1, column: 33, endLine: 1, endColumn: 43, data: { name: 'e', type: '`Error`' } }],
    },
    {
      code: `try { run(); } catch (e: unknown) { log((<any>e).code); }`,
      filename: 'file.ts',
      errors: [{ messageId: 'assertedAsError', line: 1, column: 42, data: { name: 'e', type: '`any`' } }],
    },
    {
      code: `try { run(); } catch (err) { onError(err as Error); }`,
      errors: [{ messageId: 'assertedAsError', line: 1, column: 38, data: { name: 'err', type: '`Error`' } }],
    },
    {
      code: `try { run(); } catch ({ message }) { log(message); }`,
      filename: 'file.js',
      errors: [{ messageId: 'destructuredCatch', line: 1, column: 23 }],
    },
    {
      code: `try { run(); } catch (e) { const { code, message } = e; log(code, message); }`,
      errors: [{ messageId: 'destructuredCatch', line: 1, column: 34 }],
    },
    {
      code: `try { run(); } catch (e) {\n  log(e.code);\n  if (e instanceof Error) log(e.message);\n}`,
      errors: [{ messageId: 'unnarrowedUse', line: 2, column: 7, data: { name: 'e', property: 'code' }, suggestions: [] }],
    },
    {
      code: `try { a(); } catch (outer) {\n  try { b(); } catch (inner) { if (inner instanceof Error) log(inner.message); }\n  log(outer.stack);\n}`,
      errors: [{ messageId: 'unnarrowedUse', line: 3, column: 7, data: { name: 'outer', property: 'stack' }, suggestions: [] }],
    },
    {
      code: `try { run(); } catch (e) { setTimeout(() => log(e.message)); }`,
      filename: 'file.mjs',
      errors: [{ messageId: 'unnarrowedUse', line: 1, column: 49, suggestions: [{ messageId: 'useGuardedMessage', output: `try { run(); } catch (e) { setTimeout(() => log((e instanceof Error ? e.message : String(e)))); }` }] }],
    },
    {
      code: `export function Status() {\n  try { load(); } catch (e) { return <p>{e.message}</p>; }\n  return null;\n}`,
      filename: 'status.tsx',
      errors: [
        {
          messageId: 'unnarrowedUse',
          line: 2,
          column: 42,
          suggestions: [{ messageId: 'useGuardedMessage', output: `export function Status() {\n  try { load(); } catch (e) { return <p>{(e instanceof Error ? e.message : String(e))}</p>; }\n  return null;\n}` }],
        },
      ],
    },
  ],
});

const typedTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: ['*.ts'] },
      tsconfigRootDir: path.join(import.meta.dirname, 'typed'),
    },
  },
});

typedTester.run('no-unnarrowed-catch-variable with type information', eslintRule('no-unnarrowed-catch-variable'), {
  valid: [{ code: `try { JSON.parse('1'); } catch (e) { if (e instanceof Error) console.log(e.message); }`, filename: 'typed.ts' }],
  invalid: [
    {
      code: `try { JSON.parse('1'); } catch (e) { console.log(e.message); }`,
      filename: 'typed.ts',
      errors: [{ messageId: 'unnarrowedUse', line: 1, column: 50, suggestions: [{ messageId: 'useGuardedMessage', output: `try { JSON.parse('1'); } catch (e) { console.log((e instanceof Error ? e.message : String(e))); }` }] }],
    },
  ],
});
