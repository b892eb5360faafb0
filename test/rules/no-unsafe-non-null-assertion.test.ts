import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

const RANGE = { absent: 'is undefined for an empty array or an index out of range', check: 'check the length first' };
const REGEX = { absent: 'is null when the pattern does not match', check: 'test the match (`if (!match) …`) before using it' };
const ELEMENT = { absent: 'is null when no element matches', check: 'handle the missing element (`if (!el) throw …`)' };

ruleTester.run('no-unsafe-non-null-assertion', eslintRule('no-unsafe-non-null-assertion'), {
  valid: [
    // a guard on the same map and key
    `if (cache.has(id)) { cache.get(id)!.hits += 1; }`,
    `const hits = cache.has(id) ? cache.get(id)! : 0;`,
    `function read(id: string) {\n  if (!cache.has(id)) return undefined;\n  return cache.get(id)!.value;\n}`,
    // the entry is created just before
    `if (!groups.has(key)) groups.set(key, []);\ngroups.get(key)!.push(item);`,
    `byUser.set(user.id, []);\nbyUser.get(user.id)!.push(order);`,
    // a length check dominates
    `while (stack.length > 0) {\n  const next = stack.pop()!;\n  visit(next);\n}`,
    `function last(xs: number[]) {\n  if (xs.length === 0) throw new Error('empty');\n  return xs.at(-1)!;\n}`,
    `if (queue.length) { const job = queue.shift()!; run(job); }`,
    // an earlier presence check of the same value
    `if (!process.env.API_URL) throw new Error('API_URL is not set');\nexport const apiUrl = process.env.API_URL!;`,
    `const root = document.getElementById('root');\nif (!root) throw new Error('no #root');\nrender(root!);`,
    `if (/^(\\d+)x$/.test(size)) { const [, width] = size.match(/^(\\d+)x$/)!; use(width); }`,
    `const found = users.some((u) => u.id === id) && users.find((u) => u.id === id)!.name;`,
    // a split always has a first and a last element
    `const mime = contentType.split(';').shift()!.trim();`,
    `const ext = file.split('.').pop()!;`,
    // lookups attached to the program's own lifecycle: own DOM, a WeakMap of the file, a lifecycle object as key
    `class Overlay extends HTMLElement {\n  show() {\n    this.root.querySelector('.window')!.classList.add('open');\n  }\n}`,
    `const outputs = new WeakMap<Config, Output>();\nexport function outputOf(config: Config) {\n  return outputs.get(config)!;\n}`,
    `const urls = publicAssetUrlCache.get(config)!;`,
    `const hot = hotMap.get(this.environment)!;`,
    `const cache = workerCaches.get(config.mainConfig || config)!;`,
    // a `!` on something that is not absent by contract
    `const name = props.user!.name;`,
    `const total = order.lines!.length;`,
    `const lookup = cache.get(a, b)!;`,
    // test files are skipped by default
    { code: `const value = cache.get('k')!;`, filename: 'src/cache.test.ts' },
    {
      code: `export function Counter() {\n  const ref = useRef<HTMLButtonElement>(null);\n  return <button onClick={() => ref.current!.blur()}>{count}</button>;\n}`,
      filename: 'counter.tsx',
    },
    { code: `const root = document.getElementById('root');\nif (root) root.textContent = 'ready';`, filename: 'main.js' },
  ],
  invalid: [
    {
      code: `const price = prices.get(sku)!;`,
      errors: [
        {
          messageId: 'absentByContract',
          line: 1,
          column: 15,
          endLine: 1,
          endColumn: 31,
          data: { expression: 'prices.get(sku)', absent: 'is undefined when the key is missing', check: 'test `has(key)` first or handle the missing key' },
        },
      ],
    },
    {
      code: `const owner = users.find((u) => u.id === order.userId)!.name;`,
      errors: [{ messageId: 'absentByContract', line: 1, column: 15, endColumn: 56 }],
    },
    {
      code: `const newest = events.at(-1)!;`,
      errors: [{ messageId: 'absentByContract', line: 1, column: 16, data: { expression: 'events.at(-1)', ...RANGE } }],
    },
    {
      code: `const [, id] = path.match(/\\/orders\\/(\\w+)/)!;`,
      errors: [{ messageId: 'absentByContract', line: 1, column: 16, data: { expression: 'path.match(/\\/orders\\/(\\w+)/)', ...REGEX } }],
    },
    {
      code: `const groups = /(\\d+)-(\\d+)/.exec(range)!;`,
      errors: [{ messageId: 'absentByContract', line: 1, column: 16 }],
    },
    {
      code: `document.querySelector<HTMLFormElement>('#checkout')!.reset();`,
      filename: 'file.ts',
      errors: [{ messageId: 'absentByContract', line: 1, column: 1, endColumn: 54, data: { expression: 'document.querySelector<HTMLFormElement>…', ...ELEMENT } }],
    },
    {
      code: `createRoot(document.getElementById('root')!).render(<App />);`,
      filename: 'main.tsx',
      errors: [{ messageId: 'absentByContract', line: 1, column: 12, endColumn: 44, data: { expression: "document.getElementById('root')", ...ELEMENT } }],
    },
    {
      code: `const client = new Client(process.env.DATABASE_URL!);`,
      errors: [
        {
          messageId: 'absentByContract',
          line: 1,
          column: 27,
          data: {
            expression: 'process.env.DATABASE_URL',
            absent: 'is undefined when the variable is not set',
            check: 'read it once at start-up and fail with a clear message when it is missing',
          },
        },
      ],
    },
    {
      code: `const token = localStorage.getItem('token')!;`,
      errors: [{ messageId: 'absentByContract', line: 1, column: 15, data: { expression: "localStorage.getItem('token')", absent: 'is null when nothing is stored under the key', check: 'handle the missing entry' } }],
    },
    {
      code: `function drain(stack: Job[]) {\n  const top = stack.pop()!;\n  return top.id;\n}`,
      errors: [{ messageId: 'absentByContract', line: 2, column: 15 }],
    },
    {
      // the guard tests another key
      code: `if (cache.has(a)) {\n  use(cache.get(b)!);\n}`,
      errors: [{ messageId: 'absentByContract', line: 2, column: 7 }],
    },
    {
      // an earlier `if` that does not leave proves nothing
      code: `if (!cache.has(id)) console.warn('miss');\nconst entry = cache.get(id)!;`,
      errors: [{ messageId: 'absentByContract', line: 2, column: 15 }],
    },
    {
      code: `const input = document.querySelector('input');\ninput!.focus();`,
      errors: [{ messageId: 'absentByContract', line: 2, column: 1, endColumn: 7, data: { expression: 'input', ...ELEMENT } }],
    },
    {
      // one finding per lookup and function: the repetition makes the same assumption
      code: `function label(id: string) {\n  const name = names.get(id)!.first;\n  return name + names.get(id)!.last;\n}`,
      errors: [{ messageId: 'absentByContract', line: 2, column: 16 }],
    },
    {
      // each pop takes a new element
      code: `function pair(stack: number[]) {\n  return [stack.pop()!, stack.pop()!];\n}`,
      errors: [
        { messageId: 'absentByContract', line: 2, column: 11 },
        { messageId: 'absentByContract', line: 2, column: 25 },
      ],
    },
  ],
});
