import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

const RESPONSE = 'a response body';
const PARSED = 'the result of JSON.parse()';

ruleTester.run('no-unvalidated-external-data', eslintRule('no-unvalidated-external-data'), {
  valid: [
    // a type guard or a schema validates the value before it is used
    `const order: Order = JSON.parse(raw);\nif (!isOrder(order)) throw new Error('not an order');\nship(order.id);`,
    `const data = JSON.parse(raw) as Order;\nconst result = OrderSchema.safeParse(data);\nif (!result.success) throw result.error;\nship(data.id);`,
    `async function load(res: Response) {\n  const body = (await res.json()) as Page;\n  assertPage(body);\n  return body.items;\n}`,
    `const validate = ajv.compile(schema);\nconst config = JSON.parse(text) as Config;\nif (!validate(config)) throw new Error('bad config');\nstart(config.port);`,
    // the fields used are checked one by one
    `const body = (await req.json()) as { name: string };\nif (typeof body.name !== 'string') throw new Error('name required');\nsave(body.name);`,
    `const event = JSON.parse(line) as Event;\nif (!('kind' in event)) return;\nroute(event.kind);`,
    `const jwks = (await response.json()) as { keys?: JsonWebKey[] };\nif (!jwks.keys) throw new Error('no keys');\nimportKeys(jwks.keys);`,
    // nothing claims a type: the value stays unknown
    `const body: unknown = await res.json();\nif (!isUser(body)) throw new Error('bad body');\nreturn body;`,
    `const raw = JSON.parse(text) as Record<string, unknown>;\nuse(raw.port);`,
    `async function load(url: string): Promise<unknown> {\n  const res = await fetch(url);\n  return res.json();\n}`,
    // validated at the source
    `const order = OrderSchema.parse(JSON.parse(raw));\nship(order.id);`,
    `async function load(): Promise<Order> {\n  const res = await fetch('/order');\n  return OrderSchema.parse(await res.json());\n}`,
    // never used
    `const ignored = JSON.parse(raw) as Order;`,
    // not external data
    `const order = makeOrder() as Order;\nship(order.id);`,
    { code: `const order = JSON.parse(raw);\nship(order.id);`, filename: 'ship.js' },
    { code: `const order = JSON.parse(raw) as Order;\nexpect(order.id).toBe('1');`, filename: 'src/order.test.ts' },
    {
      code: `export function Cart() {\n  const [items] = useState<unknown>(() => JSON.parse(localStorage.getItem('cart') ?? '[]'));\n  return <CartView items={items} />;\n}`,
      filename: 'cart.tsx',
    },
  ],
  invalid: [
    {
      code: `const order = JSON.parse(raw) as Order;\nship(order.id);`,
      filename: 'file.ts',
      errors: [
        {
          messageId: 'unvalidatedVariable',
          line: 1,
          column: 15,
          endLine: 1,
          endColumn: 39,
          data: { name: 'order', source: PARSED, type: 'Order', line: 2 },
        },
      ],
    },
    {
      code: `async function list(res: Response) {\n  const orders: Order[] = await res.json();\n  return orders.map((o) => o.id);\n}`,
      errors: [{ messageId: 'unvalidatedVariable', line: 2, column: 9, endColumn: 43, data: { name: 'orders', source: RESPONSE, type: 'Order[]', line: 3 } }],
    },
    {
      code: `async function load(url: string): Promise<Order[]> {\n  const res = await fetch(url);\n  return res.json();\n}`,
      errors: [{ messageId: 'unvalidatedReturn', line: 3, column: 10, endColumn: 20, data: { source: RESPONSE, type: 'Order[]' } }],
    },
    {
      code: `const loadUser = async (id: string): Promise<User> => fetch(\`/users/\${id}\`).then((r) => r.json());`,
      errors: [{ messageId: 'unvalidatedReturn', line: 1, column: 55, data: { source: RESPONSE, type: 'User' } }],
    },
    {
      code: `function readSettings(text: string): Settings {\n  return JSON.parse(text);\n}`,
      errors: [{ messageId: 'unvalidatedReturn', line: 2, column: 10, data: { source: PARSED, type: 'Settings' } }],
    },
    {
      code: `export async function POST(req: Request) {\n  const { email, plan }: Signup = await req.json();\n  return subscribe(email, plan);\n}`,
      errors: [{ messageId: 'unvalidatedDestructuring', line: 2, column: 9, data: { source: RESPONSE, type: 'Signup' } }],
    },
    {
      code: `window.addEventListener('message', (event) => {\n  const command = event.data as WidgetCommand;\n  run(command.type);\n});`,
      errors: [
        {
          messageId: 'unvalidatedVariable',
          line: 2,
          column: 19,
          data: { name: 'command', source: "a message event's data", type: 'WidgetCommand', line: 3 },
        },
      ],
    },
    {
      code: `worker.onmessage = (e) => {\n  const result: JobResult = e.data;\n  show(result.value);\n};`,
      errors: [{ messageId: 'unvalidatedVariable', line: 2, column: 9 }],
    },
    {
      // a check of one field does not cover another
      code: `const body = (await req.json()) as { name: string; age: number };\nif (typeof body.name !== 'string') throw new Error('name required');\nsave(body.age);`,
      errors: [{ messageId: 'unvalidatedVariable', line: 1, column: 14, data: { name: 'body', source: RESPONSE, type: '{ name: string; age: number }', line: 3 } }],
    },
    {
      // validating after the first use is too late
      code: `const data = JSON.parse(raw) as Order;\nlog(data.id);\nassertOrder(data);`,
      errors: [{ messageId: 'unvalidatedVariable', line: 1, column: 14 }],
    },
    {
      // passing the typed value on is a use
      code: `const cfg = JSON.parse(text) as Config;\nstartServer(cfg);`,
      errors: [{ messageId: 'unvalidatedVariable', line: 1, column: 13, data: { name: 'cfg', source: PARSED, type: 'Config', line: 2 } }],
    },
    {
      code: `export function Cart() {\n  const saved = JSON.parse(localStorage.getItem('cart') ?? '[]') as CartItem[];\n  return <CartView items={saved} />;\n}`,
      filename: 'cart.tsx',
      errors: [{ messageId: 'unvalidatedVariable', line: 2, column: 17, data: { name: 'saved', source: PARSED, type: 'CartItem[]', line: 3 } }],
    },
    {
      // with a custom list of validators, other names no longer count
      code: `const order = JSON.parse(raw) as Order;\nif (!checkOrder(order)) throw new Error('bad');\nship(order.id);`,
      options: [{ validators: ['^is[A-Z]'] }],
      errors: [{ messageId: 'unvalidatedVariable', line: 1, column: 15, data: { name: 'order', source: PARSED, type: 'Order', line: 2 } }],
    },
  ],
});
