import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

const branches = (n: number) => Array.from({ length: n }, (_, i) => `  if (x === ${i}) return ${i};`).join('\n');

ruleTester.run('no-complex-function', eslintRule('no-complex-function'), {
  valid: [
    `function simple(x: number) {\n${branches(14)}\n  return -1;\n}`,
    { code: `const f = (x) => {\n${branches(3)}\n};`, filename: 'file.js' },
    { code: `function f(x) {\n${branches(5)}\n}`, options: [{ maxComplexity: 6 }] },
    `function outer(x: number) {\n  const inner = (y: number) => {\n${branches(10)}\n  };\n${branches(10)}\n  return inner;\n}`,
    { code: `export const View = ({ a }: { a: number }) => <div>{a > 1 ? 'x' : 'y'}</div>;`, filename: 'view.tsx' },
  ],
  invalid: [
    {
      code: `function tooMany(x: number) {\n${branches(15)}\n  return -1;\n}`,
      errors: [{ messageId: 'tooComplex', line: 1, column: 1, endLine: 1, endColumn: 29, data: { name: "Function 'tooMany'", complexity: 16, max: 15 } }],
    },
    {
      code: `const f = (x) => {\n${branches(3)}\n};`,
      filename: 'file.js',
      options: [{ maxComplexity: 3 }],
      errors: [{ messageId: 'tooComplex', line: 1, column: 11 }],
    },
    {
      code: `class A {\n  m(x: number) {\n    return x && x > 1 && x < 5 ? 1 : 2;\n  }\n}`,
      options: [{ maxComplexity: 3 }],
      errors: [{ messageId: 'tooComplex', line: 2, column: 3 }],
    },
    {
      code: `export const View = ({ a }: { a: number }) => <div>{a > 1 ? 'x' : a > 2 ? 'y' : 'z'}</div>;`,
      filename: 'view.tsx',
      options: [{ maxComplexity: 2 }],
      errors: [{ messageId: 'tooComplex', line: 1, column: 21 }],
    },
  ],
});
