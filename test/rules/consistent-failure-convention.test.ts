import { describe, expect, it } from 'vitest';
import rule, { type ClassifiedFunction, type FailureConventionData } from '../../rules/consistent-failure-convention.js';
import type { ScannedFile } from '../../src/rule/types.js';
import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

const throwing = (name: string) => `export function ${name}(id: string) {\n  if (!id) throw new Error('${name}: no id');\n  return db.get(id);\n}\n`;

const message = (name: string, own: string, dominant: string, count: number, total: number) => ({
  messageId: 'deviatingFunction' as const,
  data: { name, own, dominant, count, total },
});

ruleTester.run('consistent-failure-convention', eslintRule('consistent-failure-convention'), {
  valid: [
    // every function throws
    throwing('getOrder') + throwing('getUser') + throwing('getCart'),
    // fewer than three classified functions
    throwing('getOrder') + `export function findUser(id: string) {\n  try { return db.get(id); } catch { return null; }\n}`,
    // no majority: two families, two functions each
    throwing('a') + throwing('b') +
      `export function c(id) { try { return db.get(id); } catch { return null; } }\nexport function d(id) { try { return db.get(id); } catch { return undefined; } }`,
    // an early null for an empty answer is not a failure convention
    throwing('a') + throwing('b') + `export const c = (id: string) => (id ? db.get(id) : null);\nexport function first(xs: string[]) { if (xs.length === 0) return undefined; return xs[0]; }`,
    // functions without a failure path do not count
    throwing('a') + throwing('b') + `export function format(x: number) { return x.toFixed(2); }\nexport function log(x: unknown) { console.log(x); }\nexport function first(xs: number[]) { if (xs.length === 0) return; console.log(xs[0]); }`,
    // a throw inside a try that catches it does not leave the function
    throwing('a') + throwing('b') + throwing('c') + `export function d(x: string) {\n  try { if (!x) throw new Error('empty'); return parse(x); } catch (e) { throw new Error('bad', { cause: e }); }\n}`,
    // async functions that throw and functions that reject are the same family
    throwing('a') + throwing('b') + `export function c() { return Promise.reject(new Error('no')); }\nexport async function d() { throw new Error('no'); }`,
    // non-exported functions are the module's own business
    throwing('a') + throwing('b') + throwing('c') + `function helper(id) { try { return db.get(id); } catch { return null; } }`,
    {
      code: `exports.a = function (id, cb) { db.get(id, (err, row) => { if (err) return cb(err); cb(null, row); }); };\nexports.b = function (id, callback) { callback(new Error('nope')); };\nexports.c = function (id, done) { done(null, id); };`,
      filename: 'legacy.js',
    },
    {
      code: `export async function load(id: string) {\n  const { data, error } = await client.get(id);\n  if (error) return { data: null, error };\n  return { data, error: null };\n}\nexport async function save(x: Order) { const { error } = await client.put(x); return { data: x, error }; }\nexport async function remove(id: string) { try { await client.del(id); return { data: id, error: null }; } catch (e) { return { data: null, error: e }; } }`,
      filename: 'store.ts',
    },
    { code: throwing('a') + throwing('b') + `export function c(id) { try { return db.get(id); } catch { return null; } }`, options: [{ minFunctions: 4, minModules: 3 }] },
    {
      code: `export function A() { if (!ctx) throw new Error('no ctx'); return <div />; }\nexport function B() { if (!ctx) throw new Error('no ctx'); return <div />; }\nexport function C() { return <div />; }`,
      filename: 'views.tsx',
    },
  ],
  invalid: [
    {
      code: throwing('getOrder') + throwing('getUser') + `export function findCart(id: string) {\n  try { return db.get(id); } catch { return null; }\n}`,
      errors: [{ ...message('findCart', 'returns null or undefined', 'throw an error (or reject their promise)', 2, 3), line: 9, column: 17, endLine: 9, endColumn: 25 }],
    },
    {
      code: throwing('a') + throwing('b') + throwing('c') + `export const d = async (id: string) => {\n  const res = await fetch(id);\n  if (!res.ok) return { ok: false, error: res.statusText };\n  return { ok: true, value: await res.json() };\n};`,
      errors: [{ ...message('d', 'returns a result object', 'throw an error (or reject their promise)', 3, 4), line: 13, column: 14 }],
    },
    {
      code: `export class OrderService {\n  create(x) { if (!x) throw new Error('no order'); return x; }\n  update(x) { if (!x) throw new Error('no order'); return x; }\n  cancel(x) { try { return db.cancel(x); } catch { return null; } }\n  private check(x) { try { return db.check(x); } catch { return null; } }\n}`,
      errors: [{ ...message('cancel', 'returns null or undefined', 'throw an error (or reject their promise)', 2, 3), line: 4, column: 3 }],
    },
    {
      code: `function a(x) { if (!x) throw new Error('a'); return x; }\nfunction b(x) { if (!x) throw new Error('b'); return x; }\nfunction c(x, cb) { if (!x) return cb(new Error('c')); cb(null, x); }\nexport { a, b, c as load };`,
      errors: [{ ...message('load', 'passes the error to a callback', 'throw an error (or reject their promise)', 2, 3), line: 3, column: 10 }],
    },
    {
      code: `function a(x) { if (!x) throw new Error('a'); return x; }\nfunction b(x) { if (!x) throw new Error('b'); return x; }\nfunction c(x) { return new Promise((resolve, reject) => { if (!x) reject(new Error('c')); resolve(x); }); }\nfunction d(x) { if (!x) return { success: false, error: 'd' }; return { success: true }; }\nmodule.exports = { a, b, c, d };`,
      filename: 'service.js',
      errors: [{ ...message('d', 'returns a result object', 'throw an error (or reject their promise)', 3, 4), line: 4, column: 10 }],
    },
    {
      code: `module.exports = {\n  find(id) { try { return db.get(id); } catch (e) { return null; } },\n  list() { try { return db.all(); } catch (e) { return null; } },\n  create(x) { if (!x) throw new Error('empty'); return db.put(x); },\n};`,
      filename: 'repo.cjs',
      errors: [{ ...message('create', 'throws an error', 'return null or undefined', 2, 3), line: 4, column: 3 }],
    },
    {
      code: `export async function a() { try { return await get(); } catch { return null; } }\nexport async function b() { try { return await get(); } catch (e) { log(e); return undefined; } }\nexport async function c() { try { return await get(); } catch { return; } }\nexport async function d() { const r = await get(); if (!r) throw new Error('none'); return r; }\nexport default async function e() { const r = await get(); if (!r) throw new Error('none'); return r; }`,
      errors: [
        { ...message('d', 'throws an error', 'return null or undefined', 3, 5), line: 4, column: 23 },
        { ...message('default', 'throws an error', 'return null or undefined', 3, 5), line: 5, column: 31 },
      ],
    },
    {
      code: throwing('a') + throwing('b') + `export const c = (id: string) => {\n  try { return db.get(id); } catch { return id ? null : undefined; }\n};`,
      errors: [{ ...message('c', 'returns null or undefined', 'throw an error (or reject their promise)', 2, 3), line: 9, column: 14 }],
    },
    {
      code: throwing('a') + throwing('b') + `export function c(id: string) { return id ? Promise.resolve(id) : Promise.reject(new Error('no id')); }\nexport function d(id: string) { try { return db.get(id); } catch { return null; } }`,
      errors: [{ ...message('d', 'returns null or undefined', 'throw an error (or reject their promise)', 3, 4), line: 10, column: 17 }],
    },
    {
      code: throwing('a') + throwing('b') + throwing('c') + `export function d(id: string) { try { return db.get(id); } catch { return null; } }`,
      options: [{ minFunctions: 4, minModules: 0 }],
      errors: [{ ...message('d', 'returns null or undefined', 'throw an error (or reject their promise)', 3, 4), line: 13, column: 17 }],
    },
    {
      code: `export function A() { if (!ctx) throw new Error('no ctx'); return <div />; }\nexport function B() { if (!ctx) throw new Error('no ctx'); return <div />; }\nexport function C() { try { return <div>{render()}</div>; } catch { return null; } }`,
      filename: 'views.tsx',
      errors: [{ ...message('C', 'returns null or undefined', 'throw an error (or reject their promise)', 2, 3), line: 3, column: 17 }],
    },
  ],
});

describe('consistent-failure-convention across sibling modules (the scanner phase)', () => {
  const fn = (name: string, convention: ClassifiedFunction['convention'], line = 1): ClassifiedFunction => ({ name, convention, line, column: 17, endLine: line, endColumn: 20 });
  const file = (name: string, functions: ClassifiedFunction[]): ScannedFile => ({
    file: name,
    facts: { lines: 1, codeLines: 1, imports: [], exports: [], functions: [] },
    data: { functions } satisfies FailureConventionData,
  });
  const files = [
    file('src/services/orders.ts', [fn('create', 'throws'), fn('cancel', 'rejects')]),
    file('src/services/payments.ts', [fn('charge', 'throws'), fn('refund', 'throws')]),
    file('src/services/mail.ts', [fn('send', 'result', 4), fn('queue', 'result', 9)]),
    // not a clear module convention: ignored
    file('src/services/mixed.ts', [fn('a', 'result'), fn('b', 'throws'), fn('c', 'nullish')]),
    // a single classified function is not enough to call it a convention
    file('src/services/one.ts', [fn('a', 'nullish')]),
    file('src/other/a.ts', [fn('a', 'nullish'), fn('b', 'nullish')]),
  ];
  const run = (minModules: number) =>
    rule.crossFile!({ files, options: [{ minFunctions: 3, minModules }], resolveImport: () => undefined, analyses: {}, root: '/' });

  it('reports a module whose convention differs from most of its siblings', () => {
    expect(run(3)).toEqual([
      {
        file: 'src/services/mail.ts',
        line: 4,
        column: 17,
        endLine: 4,
        endColumn: 20,
        messageId: 'deviatingModule',
        data: {
          own: 'return a result object such as `{ ok, error }`',
          directory: 'src/services/',
          dominant: 'throw an error (or reject their promise)',
          count: 2,
          total: 3,
        },
      },
    ]);
  });

  it('needs as many sibling modules as minModules, and does nothing when it is 0', () => {
    expect(run(4)).toEqual([]);
    expect(run(0)).toEqual([]);
  });
});
