import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

const STANDARD_CHECK = (name: string) => `Check \`${name} instanceof Error\` (or another guard) first, or use \`String(${name})\`.`;
const LIBRARY_CHECK = (name: string, property: string) =>
  `Check it with the class the failing call throws first (\`${name} instanceof\` that library's error class, or its \`is…Error\` guard): \`instanceof Error\` alone does not promise a '${property}'.`;

ruleTester.run('no-unnarrowed-catch-variable', eslintRule('no-unnarrowed-catch-variable'), {
  valid: [
    `try { run(); } catch (e) { if (e instanceof Error && e.message.includes('busy')) retry(); }`,
    `try { run(); } catch (e) { log(e instanceof Error ? e.message : String(e)); }`,
    `try { run(); } catch (e) {\n  if (!(e instanceof Error)) throw e;\n  if (e.message.startsWith('E')) log(e.code);\n}`,
    { code: `try { run(); } catch (err) { if (axios.isAxiosError(err)) show(err.response?.status); }`, filename: 'api.js' },
    `try { run(); } catch (e) { if (typeof e === 'object' && e !== null && 'code' in e) log(e.code); }`,
    `try { run(); } catch (e: unknown) { log(String(e)); }`,
    // the compiler already demands a check for an unknown catch variable
    `try { run(); } catch (e: unknown) { log(e); }`,
    `try { run(); } catch (e) { if (e?.code === 'busy') retry(); }`,
    `try { run(); } catch (e) { log(\`failed: \${e}\`, e.toString()); }`,
    // a callback parameter with the same name is another variable
    `try { run(); } catch (e) { if (errors.some((e) => e.code === 'busy')) retry(); }`,
    { code: `try { run(); } catch (e) { if ((e as Error).message === 'gone') return; }`, options: [{ allowTypeAssertions: true, ignoredProperties: [] }] },
    // an assertion that only feeds a logger reads nothing
    `try { run(); } catch (error) { Logger.error('Failed to apply the update', error as Error); }`,
    { code: `try { run(); } catch (err) { if (err.status === 404) return; throw err; }`, filename: 'fs.js', options: [{ allowTypeAssertions: false, ignoredProperties: ['status'] }] },
    // properties every Error has, read as a value: a log line, a message for the user, the text of a new error
    `try { run(); } catch (e) { log(e.message); }`,
    { code: `app.post('/pay', async (req, res) => {\n  try {\n    await pay(req.body);\n  } catch (error) {\n    res.status(500).json({ error: error.message });\n  }\n});`, filename: 'routes.js' },
    `try { run(); } catch (e) { console.error(e.stack); }`,
    `try { run(); } catch (e) { setError((e as Error).message || 'Something went wrong'); }`,
    `try { run(); } catch (e) { throw new Error(\`load failed: \${e.message}\`, { cause: e }); }`,
    `try { run(); } catch (error) { report(\`\${error as string}\`); }`,
    {
      code: `export function Status() {\n  try { load(); } catch (e) { return <p>{e.message}</p>; }\n  return null;\n}`,
      filename: 'status.tsx',
    },
    // the standard tests of a DOMException's name and of Node's error codes
    `try { await stream.read(); } catch (error) { if (error.name === 'AbortError') return; throw error; }`,
    { code: `try { fs.accessSync(file); } catch (err) { if (err.code === 'ENOENT') return false; throw err; }`, filename: 'exists.cjs' },
    `try { decrypt(data); } catch (error) { if (error.code !== 'ERR_OSSL_BAD_DECRYPT') throw error; return null; }`,
    // an optional-chain comparison proves the value is an object
    `try { upload(file); } catch (err) { if (err?.name === TOO_LARGE) toast(err.message.toUpperCase()); }`,
    // a test assertion that already fails for anything but the class
    `try { run(); } catch (error) {\n  expect(error).toBeInstanceOf(QueryError);\n  expect(error.query.includes('WHERE')).toBe(true);\n}`,
    `try { run(); } catch (error) {\n  expect(error).to.be.instanceOf(QueryError);\n  expect(error.query).to.equal('x');\n}`,
  ],
  invalid: [
    {
      code: `try { run(); } catch (e) { if (e.message.includes('busy')) retry(); }`,
      errors: [
        {
          messageId: 'unnarrowedUse',
          line: 1,
          column: 32,
          endLine: 1,
          endColumn: 41,
          data: { name: 'e', property: 'message', shape: 'an Error', check: STANDARD_CHECK('e') },
          suggestions: [{ messageId: 'useGuardedMessage', output: `try { run(); } catch (e) { if ((e instanceof Error ? e.message : String(e)).includes('busy')) retry(); }` }],
        },
      ],
    },
    {
      code: `try { run(); } catch (err: any) { show(err.response.data); }`,
      errors: [
        {
          messageId: 'unnarrowedUse',
          line: 1,
          column: 40,
          data: { name: 'err', property: 'response', shape: "an error object with a 'response'", check: LIBRARY_CHECK('err', 'response') },
          suggestions: [],
        },
      ],
    },
    {
      code: `try { run(); } catch (e) { switch (e['name']) { case 'Busy': retry(); } }`,
      errors: [{ messageId: 'unnarrowedUse', line: 1, column: 36, data: { name: 'e', property: 'name', shape: 'an Error', check: STANDARD_CHECK('e') }, suggestions: [] }],
    },
    {
      code: `try { await db.insert(row); } catch (error) {\n  if (error.code === 'P2002') return conflict();\n  throw error;\n}`,
      errors: [{ messageId: 'unnarrowedUse', line: 2, column: 7, data: { name: 'error', property: 'code', shape: "an error object with a 'code'", check: LIBRARY_CHECK('error', 'code') }, suggestions: [] }],
    },
    {
      code: `try { run(); } catch (e) { if ((e as Error).message === 'gone') return; }`,
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
      errors: [{ messageId: 'unnarrowedUse', line: 2, column: 7, data: { name: 'e', property: 'code', shape: "an error object with a 'code'", check: LIBRARY_CHECK('e', 'code') }, suggestions: [] }],
    },
    {
      code: `try { a(); } catch (outer) {\n  try { b(); } catch (inner) { if (inner instanceof Error) log(inner.message); }\n  if (outer.stack) log(outer.stack);\n}`,
      errors: [{ messageId: 'unnarrowedUse', line: 3, column: 7, data: { name: 'outer', property: 'stack', shape: 'an Error', check: STANDARD_CHECK('outer') }, suggestions: [] }],
    },
    {
      code: `try { run(); } catch (e) { setTimeout(() => log(e.cause.message)); }`,
      filename: 'file.mjs',
      errors: [{ messageId: 'unnarrowedUse', line: 1, column: 49, data: { name: 'e', property: 'cause', shape: "an error object with a 'cause'", check: LIBRARY_CHECK('e', 'cause') }, suggestions: [] }],
    },
    {
      // a value thrown by user code: `e.constructor` reads a property that only objects have
      code: `export function runUserTest(test) {\n  try {\n    test();\n  } catch (e) {\n    return { failed: true, kind: e.constructor.name };\n  }\n}`,
      filename: 'sandbox.js',
      errors: [{ messageId: 'unnarrowedUse', line: 5, column: 34, data: { name: 'e', property: 'constructor', shape: "an error object with a 'constructor'", check: LIBRARY_CHECK('e', 'constructor') }, suggestions: [] }],
    },
    {
      // the name compared with something other than a string decides a branch
      code: `try { run(); } catch (e) { if (e.name === expected) retry(); }`,
      errors: [{ messageId: 'unnarrowedUse', line: 1, column: 32, data: { name: 'e', property: 'name', shape: 'an Error', check: STANDARD_CHECK('e') }, suggestions: [] }],
    },
    {
      // a non-Node error code is no proof of the value's shape
      code: `export function Upload() {\n  try { send(); } catch (e) { if (e.code === 'too_large') return <p>Too large</p>; }\n  return null;\n}`,
      filename: 'upload.tsx',
      errors: [{ messageId: 'unnarrowedUse', line: 2, column: 35, data: { name: 'e', property: 'code', shape: "an error object with a 'code'", check: LIBRARY_CHECK('e', 'code') }, suggestions: [] }],
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
  valid: [
    { code: `try { JSON.parse('1'); } catch (e) { if (e instanceof Error && e.message.length > 0) console.log(e.message); }`, filename: 'typed.ts' },
    { code: `try { JSON.parse('1'); } catch (e) { console.log(e.message); }`, filename: 'typed.ts' },
  ],
  invalid: [
    {
      code: `try { JSON.parse('1'); } catch (e) { if (e.message.length > 0) console.log('bad'); }`,
      filename: 'typed.ts',
      errors: [{ messageId: 'unnarrowedUse', line: 1, column: 42, suggestions: [{ messageId: 'useGuardedMessage', output: `try { JSON.parse('1'); } catch (e) { if ((e instanceof Error ? e.message : String(e)).length > 0) console.log('bad'); }` }] }],
    },
  ],
});
