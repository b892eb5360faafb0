import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-floating-async.js';
import type { FileFacts } from '../../src/facts/types.js';
import type { ProjectFile } from '../../src/rule/types.js';
import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-floating-async', eslintRule('no-floating-async'), {
  valid: [
    `async function save() {}\nasync function main() { await save(); }`,
    `async function save() {}\nfunction main() { return save(); }`,
    `async function save() {}\nvoid save();`,
    `async function save() {}\nsave().catch((e) => report(e));`,
    `async function save() {}\nsave().then(done, fail);`,
    `async function save() {}\nsave().then(done).catch(fail);`,
    `async function save() {}\nconst pending = save();`,
    // a synchronous function of the same file
    `function render() {}\nrender();`,
    // imported functions are checked by the scanner's cross-file phase, not per file
    `import { charge } from './payments';\ncharge(order);`,
    { code: `const send = async () => {};\nexport const onClick = () => send();`, filename: 'file.js' },
    { code: `(async () => { await main(); })();`, options: [{ ignoreIIFE: true, checkForEach: true }] },
    { code: `items.forEach(async (item) => { await save(item); });`, options: [{ ignoreIIFE: false, checkForEach: false }] },
    `for (const item of items) { await save(item); }\nasync function save(item: unknown) {}`,
    // an async function whose whole body is a try/catch that does not rethrow cannot reject
    `const safeBeat = async () => {\n  try { await beat(); } catch (e) { logger.error(e); }\n};\nsafeBeat();`,
    { code: `(async () => {\n  try { await main(); } catch (e) { console.error(e); process.exitCode = 1; }\n})();`, filename: 'cli.mjs' },
    `class Repo {\n  async save() {}\n  sync() { this.flush(); }\n  flush() {}\n}`,
    {
      code: `async function track() {}\nexport function Button() {\n  return <button onClick={() => void track()}>Go</button>;\n}`,
      filename: 'button.tsx',
    },
  ],
  invalid: [
    {
      code: `async function save() {}\nsave();`,
      errors: [
        {
          messageId: 'floatingPromise',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 7,
          data: { name: 'save' },
          suggestions: [{ messageId: 'addVoid', output: `async function save() {}\nvoid save();` }],
        },
      ],
    },
    {
      code: `function handler(req) {\n  audit(req);\n  return { ok: true };\n}\nconst audit = async (req) => {};`,
      filename: 'handler.js',
      errors: [
        {
          messageId: 'floatingPromise',
          line: 2,
          column: 3,
          suggestions: [{ messageId: 'addVoid', output: `function handler(req) {\n  void audit(req);\n  return { ok: true };\n}\nconst audit = async (req) => {};` }],
        },
      ],
    },
    {
      code: `function load(): Promise<string> { return fetchText(); }\nload().then((text) => show(text));`,
      errors: [
        {
          messageId: 'floatingPromise',
          line: 2,
          column: 1,
          data: { name: 'load' },
          suggestions: [{ messageId: 'addVoid', output: `function load(): Promise<string> { return fetchText(); }\nvoid load().then((text) => show(text));` }],
        },
      ],
    },
    {
      code: `async function save() {}\nsave().finally(() => done());`,
      errors: [
        { messageId: 'floatingPromise', line: 2, column: 1, suggestions: [{ messageId: 'addVoid', output: `async function save() {}\nvoid save().finally(() => done());` }] },
      ],
    },
    {
      code: `async function notify() {}\nready && notify();`,
      errors: [
        { messageId: 'floatingPromise', line: 2, column: 10, suggestions: [{ messageId: 'addVoid', output: `async function notify() {}\nready && void notify();` }] },
      ],
    },
    {
      code: `class OrderService {\n  async persist() {}\n  create() {\n    this.persist();\n  }\n}`,
      errors: [
        {
          messageId: 'floatingPromise',
          line: 4,
          column: 5,
          data: { name: 'this.persist' },
          suggestions: [{ messageId: 'addVoid', output: `class OrderService {\n  async persist() {}\n  create() {\n    void this.persist();\n  }\n}` }],
        },
      ],
    },
    {
      code: `(async () => {\n  await main();\n})();`,
      filename: 'cli.mjs',
      errors: [
        {
          messageId: 'floatingPromise',
          line: 1,
          column: 1,
          data: { name: 'this async function' },
          suggestions: [{ messageId: 'addVoid', output: `void (async () => {\n  await main();\n})();` }],
        },
      ],
    },
    {
      code: `async function sync() {\n  try { await pull(); } catch (e) { throw new Error('sync failed', { cause: e }); }\n}\nsync();`,
      errors: [{ messageId: 'floatingPromise', line: 4, column: 1, suggestions: [{ messageId: 'addVoid', output: `async function sync() {\n  try { await pull(); } catch (e) { throw new Error('sync failed', { cause: e }); }\n}\nvoid sync();` }] }],
    },
    {
      code: `orders.forEach(async (order) => {\n  await ship(order);\n});`,
      errors: [{ messageId: 'asyncForEach', line: 1, column: 16, endLine: 1, endColumn: 33 }],
    },
    {
      code: `orders.forEach(async function (order) { await ship(order); });`,
      filename: 'ship.js',
      errors: [{ messageId: 'asyncForEach', line: 1, column: 16 }],
    },
    {
      code: `const data = new Promise(async (resolve, reject) => {\n  resolve(await read());\n});`,
      errors: [{ messageId: 'asyncExecutor', line: 1, column: 26, endLine: 1, endColumn: 53 }],
    },
    {
      code: `async function track(event: string) {}\nexport function Button() {\n  const onClick = () => {\n    track('click');\n  };\n  return <button onClick={onClick}>Go</button>;\n}`,
      filename: 'button.tsx',
      errors: [
        {
          messageId: 'floatingPromise',
          line: 4,
          column: 5,
          suggestions: [
            {
              messageId: 'addVoid',
              output: `async function track(event: string) {}\nexport function Button() {\n  const onClick = () => {\n    void track('click');\n  };\n  return <button onClick={onClick}>Go</button>;\n}`,
            },
          ],
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

typedTester.run('no-floating-async with type information', eslintRule('no-floating-async'), {
  valid: [
    { code: `declare const api: { get(): Promise<number> };\nasync function f() { await api.get(); }`, filename: 'valid-typed.ts' },
    { code: `declare const api: { get(): number };\napi.get();`, filename: 'valid-typed.ts' },
  ],
  invalid: [
    {
      code: `declare const api: { get(): Promise<number> };\napi.get();`,
      filename: 'typed.ts',
      errors: [{ messageId: 'floatingPromise', line: 2, column: 1, data: { name: 'api.get' }, suggestions: [{ messageId: 'addVoid', output: `declare const api: { get(): Promise<number> };\nvoid api.get();` }] }],
    },
    {
      code: `declare const pending: Promise<void>;\npending;`,
      filename: 'typed.ts',
      errors: [{ messageId: 'floatingPromise', line: 2, column: 1, data: { name: 'pending' }, suggestions: [{ messageId: 'addVoid', output: `declare const pending: Promise<void>;\nvoid pending;` }] }],
    },
  ],
});

describe('no-floating-async across files (the scanner phase)', () => {
  const facts = (exports: FileFacts['exports'], imports: FileFacts['imports'] = []): FileFacts => ({ lines: 1, codeLines: 1, imports, exports, functions: [] });
  const at = (line: number) => ({ line, column: 1, endLine: line, endColumn: 15 });
  const files: ProjectFile[] = [
    {
      file: 'src/checkout.ts',
      facts: facts([]),
      data: {
        calls: [
          { name: 'charge', ...at(3), specifier: './payments', imported: 'charge' },
          { name: 'format', ...at(4), specifier: './payments', imported: 'format' },
          { name: 'api.refund', ...at(5), specifier: './index', imported: 'refund' },
          { name: 'lodash', ...at(6), specifier: 'lodash', imported: 'default' },
        ],
      },
    },
    {
      file: 'src/payments.ts',
      facts: facts([
        { name: 'charge', line: 1, isAsync: true, kind: 'function' },
        { name: 'format', line: 2, isAsync: false, kind: 'function' },
      ]),
      data: undefined,
    },
    {
      file: 'src/index.ts',
      facts: facts([], [{ specifier: './refunds', kind: 'reexport', typeOnly: false, names: ['*'], line: 1, column: 1 }]),
      data: undefined,
    },
    { file: 'src/refunds.ts', facts: facts([{ name: 'refund', line: 1, isAsync: true, kind: 'function' }]), data: undefined },
  ];
  const resolveImport = (from: string, specifier: string): string | undefined =>
    specifier.startsWith('./') ? path.posix.join(path.posix.dirname(from), `${specifier.slice(2)}.ts`) : undefined;

  it('reports statement calls of imported async functions, following re-exports', () => {
    const reports = rule.project!({ files, options: rule.defaultOptions, resolveImport, analyses: {}, root: '/' });
    expect(reports).toEqual([
      { file: 'src/checkout.ts', line: 3, column: 1, endLine: 3, endColumn: 15, messageId: 'floatingPromise', data: { name: 'charge' } },
      { file: 'src/checkout.ts', line: 5, column: 1, endLine: 5, endColumn: 15, messageId: 'floatingPromise', data: { name: 'api.refund' } },
    ]);
  });
});
