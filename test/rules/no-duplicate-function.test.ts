import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

/** A six-statement helper in the style generated code repeats. */
const helper = (name: string, a = 'items', b = 'rate', literal = '100') => `function ${name}(${a}: Item[], ${b}: number): number {
  let sum = 0;
  for (const item of ${a}) {
    sum += item.price * item.quantity;
  }
  const taxed = sum * (1 + ${b});
  return Math.round(taxed * ${literal}) / ${literal};
}`;

const jsHelper = (name: string) => `function ${name}(list, key) {
  const seen = new Set();
  const out = [];
  for (const entry of list) {
    if (seen.has(entry[key])) continue;
    seen.add(entry[key]);
    out.push(entry);
  }
  return out;
}`;

ruleTester.run('no-duplicate-function', eslintRule('no-duplicate-function'), {
  valid: [
    helper('total'),
    // Different property names: not a renamed copy (a near-miss copy, not asked for here).
    { code: `${helper('total')}\n${helper('weight').replace('item.price', 'item.weight').replace('item.quantity', 'item.count')}`, options: [{ similarity: 1 }] },
    // Getters and one-line wrappers are below the size thresholds.
    `class A {\n  get total() { return this.items.reduce((s, i) => s + i.price, 0); }\n  get count() { return this.items.reduce((s) => s + 1, 0); }\n}`,
    `export const getUser = (id: string) => api.get(\`/users/\${id}\`);\nexport const getOrder = (id: string) => api.get(\`/orders/\${id}\`);`,
    // Overload signatures have no body.
    `export function parse(a: string): number;\nexport function parse(a: number): number;\nexport function parse(a: string | number): number { return Number(a); }`,
    // Test files are not compared unless asked.
    { code: `${helper('a')}\n${helper('b')}`, filename: 'pricing.test.ts' },
    { code: `${jsHelper('uniqueBy')}\n${jsHelper('dedupe')}`, filename: 'src/__tests__/unique.js' },
    // Near-miss copies below the threshold, and near-miss copies when only exact ones are asked for.
    { code: `${helper('a')}\n${helper('b').replace('const taxed = sum * (1 + rate);', 'const taxed = sum * (1 + rate); log(taxed); audit(taxed, rate); notify(sum);')}`, options: [{ similarity: 0.95 }] },
    { code: `${helper('a')}\n${helper('b').replace('const taxed', 'log(sum);\n  const taxed')}`, options: [{ similarity: 1 }] },
    // Larger size thresholds.
    { code: `${helper('a')}\n${helper('b', 'xs', 'r')}`, options: [{ minTokens: 200, minStatements: 20 }] },
    // A TSX component and a different one.
    { code: `export function Row({ a }: P) {\n  const x = a * 2;\n  const y = x + 1;\n  return <td className="row">{x} {y}</td>;\n}\nexport function Cell({ a }: P) {\n  return <span>{a}</span>;\n}`, filename: 'row.tsx' },
  ],
  invalid: [
    {
      code: `${helper('total')}\n${helper('total')}`,
      errors: [
        {
          messageId: 'duplicateFunction',
          line: 9,
          column: 1,
          endLine: 9,
          endColumn: 53,
          data: {
            name: "Function 'total'",
            copy: 'an exact copy',
            keep: "'total'",
            keepAt: 'line 1',
            count: 2,
            members: 'line 1, line 9',
            advice: "Keep 'total', call it instead.",
          },
        },
      ],
    },
    {
      code: `${helper('total')}\n${helper('computeTotal', 'lines', 'vat', '1000')}`,
      errors: [{ messageId: 'duplicateFunction', line: 9, column: 1, data: { name: "Function 'computeTotal'", copy: 'a renamed copy', keep: "'total'", keepAt: 'line 1', count: 2, members: 'line 1, line 9', advice: "Keep 'total', call it instead." } }],
    },
    {
      // The exported member is the one to keep, wherever it is.
      code: `${helper('local')}\nexport ${helper('shared', 'xs', 'r')}`,
      errors: [{ messageId: 'duplicateFunction', line: 1, column: 1, data: { name: "Function 'local'", copy: 'a renamed copy', keep: "'shared'", keepAt: 'line 9', count: 2, members: 'line 1, line 9', advice: "Keep 'shared', call it instead." } }],
    },
    {
      code: `${helper('a')}\n${helper('b').replace('const taxed', 'log(sum);\n  const taxed')}`,
      errors: [{ messageId: 'duplicateFunction', line: 9, column: 1, data: { name: "Function 'b'", copy: 'a near-miss copy (similarity 0.91)', keep: "'a'", keepAt: 'line 1', count: 2, members: 'line 1, line 9', advice: "Keep 'a', make the differences parameters of it and call it instead." } }],
    },
    {
      // Three copies: one finding on each member but the one to keep.
      code: `${helper('a')}\n${helper('b', 'xs')}\n${helper('c', 'ys', 'z')}`,
      errors: [
        { messageId: 'duplicateFunction', line: 9, column: 1, data: { name: "Function 'b'", copy: 'a renamed copy', keep: "'a'", keepAt: 'line 1', count: 3, members: 'line 1, line 9, line 17', advice: "Keep 'a', call it instead." } },
        { messageId: 'duplicateFunction', line: 17, column: 1 },
      ],
    },
    {
      code: `${jsHelper('uniqueBy')}\n\nconst dedupe = ${jsHelper('').replace('function (', 'function(')};`,
      filename: 'lists.js',
      errors: [{ messageId: 'duplicateFunction', line: 12, column: 16, data: { name: "Function 'dedupe'", copy: 'an exact copy', keep: "'uniqueBy'", keepAt: 'line 1', count: 2, members: 'line 1, line 12', advice: "Keep 'uniqueBy', call it instead." } }],
    },
    {
      code: `${jsHelper('uniqueBy')}\nconst dedupe = (items, field) => {\n  const seen = new Set();\n  const out = [];\n  for (const entry of items) {\n    if (seen.has(entry[field])) continue;\n    seen.add(entry[field]);\n    out.push(entry);\n  }\n  return out;\n};`,
      filename: 'lists.mjs',
      errors: [{ messageId: 'duplicateFunction', line: 11, column: 16, endLine: 11, endColumn: 34 }],
    },
    {
      code: `class Prices {\n  ${helper('net').replace('function ', '').replace(/\n/g, '\n  ')}\n\n  ${helper('gross', 'xs', 'r').replace('function ', '').replace(/\n/g, '\n  ')}\n}`,
      errors: [{ messageId: 'duplicateFunction', line: 11, column: 3, data: { name: "Function 'gross'", copy: 'a renamed copy', keep: "'net'", keepAt: 'line 2', count: 2, members: 'line 2, line 11', advice: "Keep 'net', call it instead." } }],
    },
    {
      code: `export function Row({ a, b }: P) {\n  const x = a * 2;\n  const y = b + x;\n  const label = y > 10 ? 'many' : 'few';\n  return <td className="row">{label} {x} {y}</td>;\n}\nexport function Line({ c, d }: P) {\n  const x = c * 3;\n  const y = d + x;\n  const label = y > 20 ? 'lots' : 'some';\n  return <td className="row">{label} {x} {y}</td>;\n}`,
      filename: 'rows.tsx',
      errors: [{ messageId: 'duplicateFunction', line: 7, column: 1, data: { name: "Function 'Line'", copy: 'a renamed copy', keep: "'Row'", keepAt: 'line 1', count: 2, members: 'line 1, line 7', advice: "Keep 'Row', call it instead." } }],
    },
    {
      // Anonymous callbacks are members too.
      code: `items.forEach(${helper('').replace('function (', 'function(')});\nrows.forEach(${helper('').replace('function (', 'function(')});`,
      errors: [{ messageId: 'duplicateFunction', line: 9, column: 14, data: { name: 'This function', copy: 'an exact copy', keep: 'the anonymous function', keepAt: 'line 1', count: 2, members: 'line 1, line 9', advice: 'Keep the anonymous function, call it instead.' } }],
    },
  ],
});
