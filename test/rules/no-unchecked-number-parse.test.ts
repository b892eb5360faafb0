import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-unchecked-number-parse', eslintRule('no-unchecked-number-parse'), {
  valid: [
    // checked before the use
    `const port = Number(process.env.PORT);\nif (Number.isNaN(port)) throw new Error('PORT must be a number');\napp.listen(port);`,
    `const limit = Number.parseInt(query.limit, 10);\nif (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit');\nrows.slice(0, limit);`,
    `const ratio = parseFloat(text);\nif (!Number.isFinite(ratio)) return;\nscale(ratio * 2);`,
    `const qty = parseInt(input.value, 10);\nif (isNaN(qty)) return;\ntotal += qty * price;`,
    // NaN is falsy: a truthiness test or an `||` fallback rules it out
    `const page = parseInt(req.query.page, 10) || 1;\nconst offset = (page - 1) * 20;`,
    `const count = parseInt(raw, 10);\nif (!count) return;\nrender(count * 2);`,
    // text that a pattern accepted is a number (and needs no radix note)
    `function prefixOf(rule: string, prefix: string) {\n  if (!/^[0-9]{1,3}$/.test(prefix)) throw new TypeError(rule);\n  const bits = parseInt(prefix);\n  return bits > 32 ? 32 : bits;\n}`,
    // not used where NaN breaks anything
    `const id = parseInt(raw, 10);\nconsole.log('parsed', id === 3);`,
    `label.textContent = String(parseFloat(text));`,
    // not parsing text
    `const when = Number(new Date());\nconst age = Date.now() - when;`,
    `const n = Number(flag) + 1;`,
    `const answer = parseInt('42', 10) * 2;`,
    { code: `const parsed = parseInt(raw);\nlog(parsed);`, options: [{ requireRadix: false }] },
    { code: `const port = parseInt(process.env.PORT, 10);\nserver.listen(port);`, filename: 'src/__tests__/server.ts' },
    { code: `const retries = Number(process.env.RETRIES) || 3;\nfor (let i = 0; i < retries; i++) attempt();`, filename: 'retry.js' },
    {
      code: `export function Pager({ value }: { value: string }) {\n  const page = Number(value);\n  return Number.isInteger(page) ? <Page n={page * 1} /> : null;\n}`,
      filename: 'pager.tsx',
    },
  ],
  invalid: [
    {
      code: `const port = parseInt(process.env.PORT);\napp.listen(port);`,
      errors: [
        {
          messageId: 'uncheckedParse',
          line: 1,
          column: 14,
          endLine: 1,
          endColumn: 40,
          data: { call: 'parseInt(process.env.PORT)', sink: 'as an argument of `listen()`' },
          suggestions: [{ messageId: 'addNaNCheck', data: { name: 'port' }, output: `const port = parseInt(process.env.PORT);\nif (Number.isNaN(port)) throw new TypeError('port is not a number');\napp.listen(port);` }],
        },
      ],
    },
    {
      code: `const limit = Number(searchParams.get('limit'));\nconst page = rows.slice(0, limit);`,
      errors: [
        {
          messageId: 'uncheckedParse',
          line: 1,
          column: 15,
          data: { call: "Number(searchParams.get('limit'))", sink: 'as an argument of `slice()`' },
          suggestions: [{ messageId: 'addNaNCheck', output: `const limit = Number(searchParams.get('limit'));\nif (Number.isNaN(limit)) throw new TypeError('limit is not a number');\nconst page = rows.slice(0, limit);` }],
        },
      ],
    },
    {
      code: `const qty = parseInt(input.value, 10);\ntotal += qty * price;`,
      errors: [
        {
          messageId: 'uncheckedParse',
          line: 1,
          column: 13,
          data: { call: 'parseInt(input.value, 10)', sink: 'in arithmetic' },
          suggestions: [{ messageId: 'addNaNCheck', output: `const qty = parseInt(input.value, 10);\nif (Number.isNaN(qty)) throw new TypeError('qty is not a number');\ntotal += qty * price;` }],
        },
      ],
    },
    {
      code: `const amount = parseFloat(text);\nif (amount > 1000) requireApproval();`,
      errors: [
        {
          messageId: 'uncheckedParse',
          line: 1,
          column: 16,
          endColumn: 32,
          data: { call: 'parseFloat(text)', sink: 'in a comparison' },
          suggestions: [{ messageId: 'addNaNCheck', output: `const amount = parseFloat(text);\nif (Number.isNaN(amount)) throw new TypeError('amount is not a number');\nif (amount > 1000) requireApproval();` }],
        },
      ],
    },
    {
      code: `const index = parseInt(selected, 10);\nconst item = items[index];`,
      errors: [
        {
          messageId: 'uncheckedParse',
          line: 1,
          column: 15,
          data: { call: 'parseInt(selected, 10)', sink: 'as an index' },
          suggestions: [{ messageId: 'addNaNCheck', output: `const index = parseInt(selected, 10);\nif (Number.isNaN(index)) throw new TypeError('index is not a number');\nconst item = items[index];` }],
        },
      ],
    },
    {
      code: `const userId = Number(req.params.id);\nawait db.user.findUnique({ where: { id: userId } });`,
      errors: [
        {
          messageId: 'uncheckedParse',
          line: 1,
          column: 16,
          data: { call: 'Number(req.params.id)', sink: 'as `id`' },
          suggestions: [{ messageId: 'addNaNCheck', output: `const userId = Number(req.params.id);\nif (Number.isNaN(userId)) throw new TypeError('userId is not a number');\nawait db.user.findUnique({ where: { id: userId } });` }],
        },
      ],
    },
    {
      code: `export const config = { port: Number(process.env.PORT), host: process.env.HOST };`,
      errors: [{ messageId: 'uncheckedParse', line: 1, column: 31, data: { call: 'Number(process.env.PORT)', sink: 'as `port`' } }],
    },
    {
      // NaN goes through Math.max and `??` unchanged
      code: `const size = Math.max(1, Number.parseInt(raw, 10) ?? 10);\nconst pages = total / size;`,
      errors: [{ messageId: 'uncheckedParse', line: 1, column: 26, data: { call: 'Number.parseInt(raw, 10)', sink: 'in arithmetic' } }],
    },
    {
      code: `function double(raw: string) {\n  const n = Number(raw);\n  return n * 2;\n}`,
      errors: [
        {
          messageId: 'uncheckedParse',
          line: 2,
          column: 13,
          suggestions: [{ messageId: 'addNaNCheck', output: `function double(raw: string) {\n  const n = Number(raw);\n  if (Number.isNaN(n)) throw new TypeError('n is not a number');\n  return n * 2;\n}` }],
        },
      ],
    },
    {
      // a check after the use is too late
      code: `const n = parseFloat(text);\nconst half = n / 2;\nif (Number.isNaN(n)) throw new Error('not a number');`,
      errors: [
        {
          messageId: 'uncheckedParse',
          line: 1,
          column: 11,
          suggestions: [{ messageId: 'addNaNCheck', output: `const n = parseFloat(text);\nif (Number.isNaN(n)) throw new TypeError('n is not a number');\nconst half = n / 2;\nif (Number.isNaN(n)) throw new Error('not a number');` }],
        },
      ],
    },
    {
      code: `const timeout = parseInt(process.argv[2]);\nsetTimeout(stop, timeout);`,
      filename: 'cli.js',
      errors: [
        {
          messageId: 'uncheckedParse',
          line: 1,
          column: 17,
          suggestions: [{ messageId: 'addNaNCheck', output: `const timeout = parseInt(process.argv[2]);\nif (Number.isNaN(timeout)) throw new TypeError('timeout is not a number');\nsetTimeout(stop, timeout);` }],
        },
      ],
    },
    {
      code: `const parsed = parseInt(raw);\nlog(parsed);`,
      errors: [
        {
          messageId: 'missingRadix',
          line: 1,
          column: 16,
          endColumn: 29,
          data: { call: 'parseInt(raw)' },
          suggestions: [{ messageId: 'addRadix', output: `const parsed = parseInt(raw, 10);\nlog(parsed);` }],
        },
      ],
    },
    {
      code: `export function Quantity({ value }: { value: string }) {\n  const qty = parseInt(value, 10);\n  return <span>{qty * 2}</span>;\n}`,
      filename: 'quantity.tsx',
      errors: [
        {
          messageId: 'uncheckedParse',
          line: 2,
          column: 15,
          suggestions: [
            {
              messageId: 'addNaNCheck',
              output: `export function Quantity({ value }: { value: string }) {\n  const qty = parseInt(value, 10);\n  if (Number.isNaN(qty)) throw new TypeError('qty is not a number');\n  return <span>{qty * 2}</span>;\n}`,
            },
          ],
        },
      ],
    },
  ],
});
