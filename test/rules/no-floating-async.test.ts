import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-floating-async.js';
import type { FileFacts } from '../../src/facts/types.js';
import type { ScannedFile } from '../../src/rule/types.js';
import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

const NODE = 'Node ends the process on an unhandled rejection';
const UNKNOWN = 'Node ends the process on an unhandled rejection; a browser only logs it';
const BROWSER = 'the browser only logs it, and the user gets no feedback';
const awaitable = (outcome: string) => ({
  consequence: `if it rejects, nothing catches the error (${outcome}), and the code after it runs before the work is done.`,
  advice: 'Await or return it, or handle the rejection with `.catch(...)`.',
});
const returnable = (outcome: string) => ({
  consequence: `if it rejects, nothing catches the error (${outcome}), and the code after it runs before the work is done.`,
  advice: 'Return it to the caller, or handle the rejection with `.catch(...)`.',
});
const detached = (outcome: string, callee: string) => ({
  consequence: `if it rejects, nothing catches the error (${outcome}).`,
  advice: `Nothing awaits this callback, so \`await\` would not help here: add \`.catch(...)\` to the call, or catch the failure inside '${callee}' (with \`finally\` to reset any state it set).`,
});

/** An async function of the file that can reject: it awaits outside any try. */
const SAVE = `async function save() { await db.write(); }`;

ruleTester.run('no-floating-async', eslintRule('no-floating-async'), {
  valid: [
    `${SAVE}\nasync function main() { await save(); }`,
    `${SAVE}\nfunction main() { return save(); }`,
    `${SAVE}\nfunction main() { void save(); }`,
    `${SAVE}\nfunction main() { save().catch((e) => report(e)); }`,
    `${SAVE}\nfunction main() { save().then(done, fail); }`,
    `${SAVE}\nfunction main() { save().then(done).catch(fail); }`,
    `${SAVE}\nfunction main() { const pending = save(); }`,
    // a synchronous function of the same file
    `function render() {}\nfunction main() { render(); }`,
    // imported functions are checked by the scanner's cross-file phase, not per file
    `import { charge } from './payments';\nexport function pay(order) { charge(order); }`,
    { code: `const send = async () => { await post(); };\nexport const onClick = () => send();`, filename: 'file.js' },
    // the top level of a script or entry point: an unhandled rejection ends the process with the error
    { code: `async function main() { await migrate(); }\nmain();`, filename: 'seed.mjs' },
    `async function bootstrap() { await app.listen(3000); }\nif (process.env.START) bootstrap();`,
    { code: `(async () => {\n  await build();\n})();`, filename: 'build.js' },
    { code: `export function start() {\n  (async () => { await main(); })();\n}`, options: [{ ignoreIIFE: true, checkForEach: true, checkTopLevel: false }] },
    { code: `items.forEach(async (item) => { await save(item); });`, options: [{ ignoreIIFE: false, checkForEach: false, checkTopLevel: false }] },
    `async function save(item: unknown) { await store(item); }\nexport async function saveAll(items: unknown[]) { for (const item of items) { await save(item); } }`,
    // an async function without await settles at once: only a synchronous throw could reject it
    `async function registerCases(name: string) {\n  test(name, () => expect(run(name)).toBe(true));\n}\ndescribe('run', () => {\n  registerCases('a');\n});`,
    // an async function whose awaits are all inside a try with a catch that does not rethrow cannot reject
    `const safeBeat = async () => {\n  try { await beat(); } catch (e) { logger.error(e); }\n};\nexport function tick() { safeBeat(); }`,
    {
      code: [
        `async function refresh() {`,
        `  setLoading(true);`,
        `  try {`,
        `    setRows(await fetchRows());`,
        `  } catch (error) {`,
        `    toast.error('Could not load the rows');`,
        `  } finally {`,
        `    setLoading(false);`,
        `  }`,
        `}`,
        `export function Table() {`,
        `  useEffect(() => {`,
        `    refresh();`,
        `  }, []);`,
        `  return <table />;`,
        `}`,
      ].join('\n'),
      filename: 'table.tsx',
    },
    // inside the try, a returned call that computes a value does not escape the catch
    `async function highlight(code: string) {\n  try {\n    const html = (await loadHighlighter()).render(code);\n    return html.slice(html.indexOf('>') + 1);\n  } catch {\n    return null;\n  }\n}\nexport function Preview({ code }: { code: string }) {\n  useEffect(() => {\n    highlight(code).then(setHtml);\n  }, [code]);\n  return <pre />;\n}`,
    // a thin wrapper around a helper that cannot reject cannot reject either
    `async function request(url: string) {\n  try { return await fetchJson(url); } catch (error) { notify(error); return null; }\n}\nconst duplicate = async () => {\n  await request('/copy');\n};\nexport function onMenu() { duplicate(); }`,
    // an async executor whose body is a try that hands every failure to reject always settles
    `export const blob = (canvas: Canvas) => new Promise(async (resolve, reject) => {\n  try {\n    resolve(await encode(canvas));\n  } catch (error) {\n    reject(error);\n  }\n});`,
    // a callee whose awaited calls report failures as values (an Either or Result it examines)
    `async function loadSettings() {\n  const res = await fetchSettings();\n  if (E.isLeft(res)) {\n    notify(res.left);\n    return;\n  }\n  apply(res.right);\n}\nexport function onLogin() { loadSettings(); }`,
    `async function persist(state: State) {\n  const saved = await store.set('state', state);\n  if (saved.isErr()) console.error(saved.error);\n}\nexport function update(state: State) { persist(state); }`,
    // a callee that returns its failure as a value, from its catch block too
    `async function touch(id: string) {\n  try {\n    await db.update(id);\n    return E.right(true);\n  } catch (e) {\n    return E.left('not found');\n  }\n}\nexport function onRequest(id: string) { touch(id); }`,
    // an async generator runs nothing until it is iterated
    `async function* pages() { yield await next(); }\nexport function open() { pages(); }`,
    `class Repo {\n  async save() { await this.db.write(); }\n  sync() { this.flush(); }\n  flush() {}\n}`,
    {
      code: `${SAVE}\nexport function Button() {\n  return <button onClick={() => void save()}>Go</button>;\n}`,
      filename: 'button.tsx',
    },
  ],
  invalid: [
    {
      code: `${SAVE}\nexport function handler() {\n  save();\n}`,
      errors: [{ messageId: 'floatingPromise', line: 3, column: 3, endLine: 3, endColumn: 9, data: { name: 'save', also: '', ...returnable(UNKNOWN) } }],
    },
    {
      code: `function handler(req) {\n  audit(req);\n  return { ok: true };\n}\nconst audit = async (req) => { await log.write(req); };`,
      filename: 'handler.js',
      errors: [{ messageId: 'floatingPromise', line: 2, column: 3 }],
    },
    {
      code: `function load(): Promise<string> { return fetchText(); }\nexport function show() {\n  load().then((text) => render(text));\n}`,
      errors: [{ messageId: 'floatingPromise', line: 3, column: 3, data: { name: 'load', also: '', ...returnable(UNKNOWN) } }],
    },
    {
      code: `${SAVE}\nexport async function close() {\n  save().finally(() => done());\n}`,
      errors: [{ messageId: 'floatingPromise', line: 3, column: 3, data: { name: 'save', also: '', ...awaitable(UNKNOWN) } }],
    },
    {
      code: `async function notify() { await mailer.send(); }\nexport function finish(ready: boolean) {\n  ready && notify();\n}`,
      errors: [{ messageId: 'floatingPromise', line: 3, column: 12 }],
    },
    {
      code: `class OrderService {\n  async persist() { await this.db.insert(); }\n  create() {\n    this.persist();\n  }\n}`,
      errors: [{ messageId: 'floatingPromise', line: 4, column: 5, data: { name: 'this.persist', also: '', ...returnable(UNKNOWN) } }],
    },
    {
      code: `export function start(stream) {\n  (async () => {\n    stream.write(await generate());\n    stream.end();\n  })();\n  return stream;\n}`,
      filename: 'stream.mjs',
      errors: [{ messageId: 'floatingPromise', line: 2, column: 3, data: { name: 'this async function', also: '', ...returnable(UNKNOWN) } }],
    },
    {
      code: `async function main() { await migrate(); }\nmain();`,
      options: [{ ignoreIIFE: false, checkForEach: true, checkTopLevel: true }],
      errors: [{ messageId: 'floatingPromise', line: 2, column: 1, data: { name: 'main', also: '', ...awaitable(UNKNOWN) } }],
    },
    {
      code: `async function sync() {\n  try { await pull(); } catch (e) { throw new Error('sync failed', { cause: e }); }\n}\nexport function start() { sync(); }`,
      errors: [{ messageId: 'floatingPromise', line: 4, column: 27 }],
    },
    {
      // the await before the try is not protected by it
      code: `async function load() {\n  const token = await authenticate();\n  try { await fetchWith(token); } catch (e) { console.error(e); }\n}\nexport function init() { load(); }`,
      errors: [{ messageId: 'floatingPromise', line: 5, column: 26 }],
    },
    {
      // a returned promise escapes the try: only `return await` would be caught
      code: `async function get() {\n  try { return fetch('/a'); } catch { return null; }\n}\nexport function init() { get(); }`,
      errors: [{ messageId: 'floatingPromise', line: 4, column: 26 }],
    },
    {
      code: `import { readFile } from 'node:fs/promises';\nasync function loadConfig() { return JSON.parse(await readFile('c.json', 'utf8')); }\nexport function start() {\n  loadConfig();\n}`,
      errors: [{ messageId: 'floatingPromise', line: 4, column: 3, data: { name: 'loadConfig', also: '', ...returnable(NODE) } }],
    },
    {
      code: [
        `async function search(query: string) {`,
        `  setSearching(true);`,
        `  const response = await fetch('/api/search?q=' + query);`,
        `  setResults(await response.json());`,
        `  setSearching(false);`,
        `}`,
        `export function SearchBox({ query }: { query: string }) {`,
        `  useEffect(() => {`,
        `    search(query);`,
        `  }, [query]);`,
        `  return <input value={query} />;`,
        `}`,
      ].join('\n'),
      filename: 'search-box.tsx',
      errors: [{ messageId: 'floatingPromise', line: 9, column: 5, data: { name: 'search', also: '', ...detached(BROWSER, 'search') } }],
    },
    {
      code: `async function submit() { await api.post('/folders'); }\nexport function Form() {\n  return <button onClick={() => { submit(); }}>Create</button>;\n}`,
      filename: 'form.jsx',
      errors: [{ messageId: 'floatingPromise', line: 3, column: 35, data: { name: 'submit', also: '', ...detached(BROWSER, 'submit') } }],
    },
    {
      code: `'use client';\nasync function upload(file: File) { await storage.put(file); }\nexport const handleDrop = (files: File[]) => {\n  upload(files[0]);\n};`,
      errors: [{ messageId: 'floatingPromise', line: 4, column: 3, data: { name: 'upload', also: '', ...detached(BROWSER, 'upload') } }],
    },
    {
      code: `class Poller {\n  async fetchList() { this.list = await query(); }\n  start() {\n    const tick = async () => {\n      await this.fetchList();\n      setTimeout(() => tick(), 1000);\n    };\n    tick();\n  }\n}`,
      errors: [{ messageId: 'floatingPromise', line: 8, column: 5 }],
    },
    {
      // one problem, one finding: the same callee floated twice in one function
      code: `${SAVE}\nexport function both() {\n  save();\n  log('saving');\n  save();\n}`,
      errors: [{ messageId: 'floatingPromise', line: 3, column: 3, data: { name: 'save', also: ' (here and on line 5 of this function)', ...returnable(UNKNOWN) } }],
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
      // the await before the try rejects the executor's own promise
      code: `const begin = () => new Promise(async (ok, fail) => {\n  const connection = await pool.acquire();\n  try { ok(await connection.query('BEGIN')); } catch (error) { fail(error); }\n});`,
      errors: [{ messageId: 'asyncExecutor', line: 1, column: 33 }],
    },
    {
      // a catch that neither resolves nor rejects leaves the outer promise pending
      code: `const read = new Promise(async (resolve) => {\n  try { resolve(await load()); } catch (error) { console.error(error); }\n});`,
      filename: 'read.js',
      errors: [{ messageId: 'asyncExecutor', line: 1, column: 26 }],
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
    { code: `declare const api: { get(): number };\nexport function f() { api.get(); }`, filename: 'valid-typed.ts' },
    { code: `declare const api: { get(): Promise<number> };\napi.get();`, filename: 'valid-typed.ts' },
    // A library's promise (declared in an installed package's types) is left alone, as without types: node:test's it() returns one.
    { code: `import { it } from 'node:test';\nexport function f() {\n  it('adds', () => {});\n}`, filename: 'valid-typed.ts' },
    {
      code: `declare function beat(): Promise<void>;\nasync function safeBeat() {\n  try { await beat(); } catch (e) { console.error(e); }\n}\nexport function tick() {\n  safeBeat();\n}`,
      filename: 'valid-typed.ts',
    },
    // A method of the enclosing class declared in another file whose promise cannot reject (it catches what it awaits), as the checker resolves it.
    { code: `import { Users } from './helpers.js';\nexport class Admin extends Users {\n  open(id: string) {\n    this.touch(id);\n  }\n}`, filename: 'valid-typed.ts' },
    // Methods of other objects are left alone, with types as without (events, logs and hooks are mostly fire-and-forget by design).
    { code: `import type { Users } from './helpers.js';\nexport function f(users: Users) {\n  users.save('a');\n}`, filename: 'valid-typed.ts' },
    { code: `declare const api: { get(): Promise<number> };\nexport function f() {\n  api.get();\n}`, filename: 'valid-typed.ts' },
  ],
  invalid: [
    {
      // A method of the enclosing class whose promise can reject, decided from its declaration in another file.
      code: `import { Users } from './helpers.js';\nexport class Admin extends Users {\n  create(id: string) {\n    this.save(id);\n  }\n}`,
      filename: 'typed.ts',
      errors: [{ messageId: 'floatingPromise', line: 4, column: 5, data: { name: 'this.save', also: '', ...returnable(UNKNOWN) } }],
    },
    {
      // In ESLint, which has no cross-file phase, types decide a call of an imported function too.
      code: `import { persist } from './helpers.js';\nexport function f() {\n  persist('a');\n}`,
      filename: 'typed.ts',
      errors: [{ messageId: 'floatingPromise', line: 3, column: 3, data: { name: 'persist', also: '', ...returnable(UNKNOWN) } }],
    },
    {
      code: `declare const pending: Promise<void>;\nexport async function f() {\n  pending;\n}`,
      filename: 'typed.ts',
      errors: [{ messageId: 'floatingPromise', line: 3, column: 3, data: { name: 'pending', also: '', ...awaitable(UNKNOWN) } }],
    },
  ],
});

describe('no-floating-async across files (the scanner phase)', () => {
  const facts = (exports: FileFacts['exports'], imports: FileFacts['imports'] = []): FileFacts => ({ lines: 1, codeLines: 1, imports, exports, functions: [] });
  const at = (line: number) => ({ line, column: 1, endLine: line, endColumn: 15 });
  const files: ScannedFile[] = [
    {
      file: 'src/checkout.ts',
      facts: facts([]),
      data: {
        calls: [
          { name: 'charge', ...at(3), specifier: './payments', imported: 'charge', place: 'sync', environment: 'node', scope: 40 },
          { name: 'format', ...at(4), specifier: './payments', imported: 'format', place: 'sync', environment: 'node', scope: 40 },
          { name: 'api.refund', ...at(5), specifier: './index', imported: 'refund', place: 'detached', environment: 'browser', scope: 40 },
          { name: 'lodash', ...at(6), specifier: 'lodash', imported: 'default', place: 'sync', environment: 'node', scope: 40 },
          { name: 'audit', ...at(7), specifier: './payments', imported: 'audit', place: 'sync', environment: 'node', scope: 40 },
          { name: 'charge', ...at(9), specifier: './payments', imported: 'charge', place: 'sync', environment: 'node', scope: 40 },
        ],
      },
    },
    {
      file: 'src/payments.ts',
      facts: facts([
        { name: 'charge', line: 1, isAsync: true, kind: 'function' },
        { name: 'format', line: 2, isAsync: false, kind: 'function' },
        { name: 'audit', line: 3, isAsync: true, kind: 'function' },
      ]),
      // audit catches everything it awaits: its promise cannot reject
      data: { calls: [], safeExports: ['audit'] },
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

  it('reports statement calls of imported async functions that can reject, following re-exports, one finding per callee and function', () => {
    const reports = rule.crossFile!({ files, options: rule.defaultOptions, resolveImport, analyses: {}, root: '/' });
    expect(reports.map(({ line, data }) => ({ line, name: data?.name, also: data?.also }))).toEqual([
      { line: 3, name: 'charge', also: ' (here and on line 9 of this function)' },
      { line: 5, name: 'api.refund', also: '' },
    ]);
    expect(reports[0].data).toMatchObject(returnable(NODE));
    expect(reports[1].data).toMatchObject(detached(BROWSER, 'api.refund'));
  });

  it('fingerprints cross-file findings by a fixed text, whatever the message says', () => {
    const [first] = rule.crossFile!({ files, options: rule.defaultOptions, resolveImport, analyses: {}, root: '/' });
    expect(first.fingerprintText).toBe(
      "The promise returned by 'charge' is neither awaited, returned nor handled: if it rejects, nothing catches the error (Node ends the process on an unhandled rejection), and the code after it runs before the work is done. Await or return it, or add `.catch(...)`; write `void` before it if fire-and-forget is really meant.",
    );
  });
});
