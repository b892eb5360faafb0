import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-blind-cast', eslintRule('no-blind-cast'), {
  valid: [
    `const user = input as User;`,
    `const anything = input as unknown;`,
    `const record = input as unknown as Record<string, unknown>;`,
    `const keys = Object.keys(config) as string[];`,
    `const names = Object.keys(config).filter((k): k is keyof Config => k in defaults);`,
    `const settings = SettingsSchema.parse(JSON.parse(raw));`,
    `const raw = JSON.parse(text) as unknown;`,
    `const tuple = [1, 2] as const;`,
    // writing through a cast reads nothing unchecked
    `;(server.state as unknown as State) = createState();`,
    // a cast that initialises a variable is followed by no-unvalidated-external-data instead
    `const settings = JSON.parse(raw) as Settings;`,
    // test files build partial fakes on purpose
    { code: `const repo = { find: vi.fn() } as unknown as OrderRepository;`, filename: 'src/orders.test.ts' },
    { code: `const user = /** @type {User} */ (JSON.parse(raw));`, filename: 'user.js' },
    { code: `export const View = ({ data }: Props) => <pre>{JSON.stringify(data as Order)}</pre>;`, filename: 'view.tsx' },
  ],
  invalid: [
    {
      code: `const user = input as unknown as User;`,
      errors: [{ messageId: 'doubleCast', line: 1, column: 14, endLine: 1, endColumn: 38, data: { via: 'unknown', type: 'User' } }],
    },
    {
      code: `const handler = (callback as any) as Handler<Order>;`,
      errors: [{ messageId: 'doubleCast', line: 1, column: 17, data: { via: 'any', type: 'Handler<Order>' } }],
    },
    {
      code: `const user = <User><unknown>input;`,
      filename: 'legacy.ts',
      errors: [{ messageId: 'doubleCast', line: 1, column: 14, endColumn: 34, data: { via: 'unknown', type: 'User' } }],
    },
    {
      code: `save(row as unknown as Order);`,
      errors: [{ messageId: 'doubleCast', line: 1, column: 6 }],
    },
    {
      code: `for (const key of Object.keys(config) as (keyof Config)[]) apply(key, config[key]);`,
      errors: [{ messageId: 'keysCast', line: 1, column: 19, endColumn: 58, data: { method: 'keys' } }],
    },
    {
      code: `const pairs = Object.entries(prices) as [keyof Prices, number][];`,
      errors: [{ messageId: 'keysCast', line: 1, column: 15, data: { method: 'entries' } }],
    },
    {
      code: `const fields = Object.keys(form) as Array<keyof typeof form>;`,
      errors: [{ messageId: 'keysCast', line: 1, column: 16, data: { method: 'keys' } }],
    },
    {
      code: `async function load(url: string) {\n  const res = await fetch(url);\n  return (await res.json()) as Order[];\n}`,
      errors: [{ messageId: 'externalCast', line: 3, column: 10, endColumn: 39, data: { source: 'A response body', type: 'Order[]' } }],
    },
    {
      code: `applyTheme((JSON.parse(raw) as Settings).theme);`,
      errors: [{ messageId: 'externalCast', line: 1, column: 13, data: { source: 'The result of JSON.parse()', type: 'Settings' } }],
    },
    {
      code: `self.addEventListener('message', (e) => handle(e.data as Job));`,
      errors: [{ messageId: 'externalCast', line: 1, column: 48, data: { source: "A message event's data", type: 'Job' } }],
    },
    {
      code: `export function Prefs() {\n  const [prefs, setPrefs] = useState(JSON.parse(localStorage.getItem('prefs') ?? '{}') as Prefs);\n  return <PrefsForm value={prefs} onChange={setPrefs} />;\n}`,
      filename: 'prefs.tsx',
      errors: [{ messageId: 'externalCast', line: 2, column: 38 }],
    },
  ],
});
