import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-throw-non-error', eslintRule('no-throw-non-error'), {
  valid: [
    `throw new Error('failed');`,
    `throw new ValidationError(\`bad field \${field}\`);`,
    `try { run(); } catch (e) { throw e; }`,
    { code: `throw createError(404, 'not found');`, filename: 'file.js' },
    `const p = Promise.reject(new Error('no'));`,
    `const p = Promise.reject();`,
    `new Promise((resolve, reject) => { setTimeout(() => reject(new Error('timeout')), 10); });`,
    // a callback parameter that rebinds the name is not the executor's reject
    `new Promise((resolve, reject) => { check((reject) => reject('no')); });`,
    `function reject(reason: string) { log(reason); }\nreject('not a promise');`,
    { code: `throw { status: 404, message: 'not found' };`, options: [{ allowObjectLiterals: true }] },
    {
      code: `export function Guard({ ok }: { ok: boolean }) {\n  if (!ok) throw new Error('not allowed');\n  return <div />;\n}`,
      filename: 'guard.tsx',
    },
    // a sentinel of a module-private function whose callers catch it without reading it
    `const validate = (doc: unknown): Promise<Doc> =>\n  new Promise((resolve, reject) => {\n    worker.onmessage = (event) => (event.data.ok ? resolve(event.data.doc) : reject('COULD_NOT_VALIDATE'));\n  });\nexport async function importDoc(doc: unknown) {\n  try {\n    return await validate(doc);\n  } catch (_error) {\n    return fallback(doc);\n  }\n}`,
    `function run(script: string): Promise<Result> {\n  return new Promise((resolve, reject) => {\n    if (!script) return reject('empty script');\n    resolve(execute(script));\n  });\n}\nexport const runScript = (script: string) => tryCatch(() => run(script), (reason) => \`Script failed: \${reason}\`);`,
  ],
  invalid: [
    {
      code: `throw 'payment failed';`,
      errors: [
        {
          messageId: 'throwNonError',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 24,
          data: { kind: 'a string' },
          suggestions: [{ messageId: 'wrapInError', output: `throw new Error('payment failed');` }],
        },
      ],
    },
    {
      code: `function charge(amount) {\n  if (amount <= 0) throw \`invalid amount \${amount}\`;\n}`,
      filename: 'charge.js',
      errors: [
        {
          messageId: 'throwNonError',
          line: 2,
          column: 20,
          data: { kind: 'a template string' },
          suggestions: [{ messageId: 'wrapInError', output: `function charge(amount) {\n  if (amount <= 0) throw new Error(\`invalid amount \${amount}\`);\n}` }],
        },
      ],
    },
    {
      code: `throw 'order ' + id + ' not found';`,
      errors: [
        {
          messageId: 'throwNonError',
          line: 1,
          column: 1,
          data: { kind: 'a string' },
          suggestions: [{ messageId: 'wrapInError', output: `throw new Error('order ' + id + ' not found');` }],
        },
      ],
    },
    {
      code: `throw 404;`,
      errors: [{ messageId: 'throwNonError', line: 1, column: 1, data: { kind: 'a number' }, suggestions: [] }],
    },
    {
      code: `throw { code: 'E_CARD', message: 'card declined' };`,
      errors: [{ messageId: 'throwNonError', line: 1, column: 1, data: { kind: 'an object literal' }, suggestions: [] }],
    },
    {
      code: `throw null;`,
      filename: 'file.cjs',
      errors: [{ messageId: 'throwNonError', line: 1, column: 1, data: { kind: '`null`' }, suggestions: [] }],
    },
    {
      code: `async function load() {\n  return Promise.reject('not found');\n}`,
      errors: [
        {
          messageId: 'rejectNonError',
          line: 2,
          column: 10,
          endLine: 2,
          endColumn: 37,
          suggestions: [{ messageId: 'wrapInError', output: `async function load() {\n  return Promise.reject(new Error('not found'));\n}` }],
        },
      ],
    },
    {
      code: `const wait = new Promise((resolve, reject) => {\n  req.on('error', () => reject(\`request to \${url} failed\`));\n});`,
      filename: 'wait.js',
      errors: [
        {
          messageId: 'rejectNonError',
          line: 2,
          column: 25,
          data: { kind: 'a template string' },
          suggestions: [{ messageId: 'wrapInError', output: `const wait = new Promise((resolve, reject) => {\n  req.on('error', () => reject(new Error(\`request to \${url} failed\`)));\n});` }],
        },
      ],
    },
    {
      code: `new Promise(function (ok, fail) { fail({ reason: 'timeout' }); });`,
      errors: [{ messageId: 'rejectNonError', line: 1, column: 35, data: { kind: 'an object literal' }, suggestions: [] }],
    },
    {
      code: `new Promise((resolve, reject) => {\n  new Promise((res, rej) => rej(1));\n  reject('outer');\n});`,
      errors: [
        { messageId: 'rejectNonError', line: 2, column: 29, data: { kind: 'a number' }, suggestions: [] },
        { messageId: 'rejectNonError', line: 3, column: 3, suggestions: [{ messageId: 'wrapInError', output: `new Promise((resolve, reject) => {\n  new Promise((res, rej) => rej(1));\n  reject(new Error('outer'));\n});` }] },
      ],
    },
    {
      code: `export function Checkout({ total }: { total: number }) {\n  if (total < 0) throw 'negative total';\n  return <p>{total}</p>;\n}`,
      filename: 'checkout.tsx',
      errors: [
        {
          messageId: 'throwNonError',
          line: 2,
          column: 18,
          suggestions: [{ messageId: 'wrapInError', output: `export function Checkout({ total }: { total: number }) {\n  if (total < 0) throw new Error('negative total');\n  return <p>{total}</p>;\n}` }],
        },
      ],
    },
    {
      code: `throw ['a', 'b'];`,
      options: [{ allowObjectLiterals: true }],
      errors: [{ messageId: 'throwNonError', line: 1, column: 1, data: { kind: 'an array' }, suggestions: [] }],
    },
    {
      // exported: the value reaches callers this file does not know
      code: `export const validate = (doc: unknown): Promise<Doc> =>\n  new Promise((resolve, reject) => {\n    if (!doc) reject('COULD_NOT_VALIDATE');\n    resolve(doc as Doc);\n  });`,
      errors: [{ messageId: 'rejectNonError', line: 3, column: 15, suggestions: [{ messageId: 'wrapInError', output: `export const validate = (doc: unknown): Promise<Doc> =>\n  new Promise((resolve, reject) => {\n    if (!doc) reject(new Error('COULD_NOT_VALIDATE'));\n    resolve(doc as Doc);\n  });` }] }],
    },
    {
      // a caller reads the rejection as an Error
      code: `const validate = (doc: unknown): Promise<Doc> =>\n  new Promise((resolve, reject) => {\n    if (!doc) reject('COULD_NOT_VALIDATE');\n    resolve(doc as Doc);\n  });\nexport async function importDoc(doc: unknown) {\n  try {\n    return await validate(doc);\n  } catch (error) {\n    toast(error.message);\n  }\n}`,
      errors: [{ messageId: 'rejectNonError', line: 3, column: 15, suggestions: [{ messageId: 'wrapInError', output: `const validate = (doc: unknown): Promise<Doc> =>\n  new Promise((resolve, reject) => {\n    if (!doc) reject(new Error('COULD_NOT_VALIDATE'));\n    resolve(doc as Doc);\n  });\nexport async function importDoc(doc: unknown) {\n  try {\n    return await validate(doc);\n  } catch (error) {\n    toast(error.message);\n  }\n}` }] }],
    },
  ],
});
