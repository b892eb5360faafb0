import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('require-response-ok-check', eslintRule('require-response-ok-check'), {
  valid: [
    `async function load(url: string) {\n  const res = await fetch(url);\n  if (!res.ok) throw new Error(\`GET \${url} failed: \${res.status}\`);\n  return res.json();\n}`,
    `async function load(url: string) {\n  const res = await fetch(url);\n  if (res.ok) return res.json();\n  return null;\n}`,
    // a branch on the status counts as a check
    `async function find(id: string) {\n  const res = await fetch(\`/api/users/\${id}\`);\n  if (res.status === 404) return null;\n  return res.json();\n}`,
    `async function load(url: string) {\n  const res = await fetch(url);\n  switch (res.status) {\n    case 200: return res.json();\n    default: return null;\n  }\n}`,
    // reading the body of the error response inside the failed branch
    `async function load(url: string) {\n  const res = await fetch(url);\n  if (!res.ok) {\n    const detail = await res.text();\n    throw new Error(detail);\n  }\n  return res.json();\n}`,
    // a helper that checks the response
    `async function load(url: string) {\n  const response = await fetch(url);\n  await assertOk(response);\n  return response.json();\n}`,
    `fetch(url).then((r) => (r.ok ? r.json() : null));`,
    `fetch(url).then((r) => {\n  if (!r.ok) throw new Error(r.statusText);\n  return r.json();\n});`,
    // a chain that goes through a checking step first
    `fetch(url).then(checkStatus).then((r) => r.json());`,
    // not a fetch response
    `async function load() {\n  const res = await api.get('/orders');\n  return res.json();\n}`,
    `app.get('/health', (req, res) => res.json({ ok: true }));`,
    { code: `async function load(url) {\n  const res = await fetch(url);\n  if (!res.ok) return [];\n  return res.json();\n}`, filename: 'load.js' },
    { code: `const res = await fetch(url);\nexport const data = await res.json();`, filename: 'src/load.spec.ts' },
    {
      code: `export function Orders() {\n  useEffect(() => {\n    fetch('/api/orders').then((r) => (r.ok ? r.json() : [])).then(setOrders);\n  }, []);\n  return <OrderList />;\n}`,
      filename: 'orders.tsx',
    },
  ],
  invalid: [
    {
      code: `async function load(url: string) {\n  const res = await fetch(url);\n  return res.json();\n}`,
      errors: [{ messageId: 'bodyWithoutStatusCheck', line: 3, column: 10, endLine: 3, endColumn: 20, data: { read: 'res.json()', response: 'res' } }],
    },
    {
      code: `async function load(url: string) {\n  return (await fetch(url)).json();\n}`,
      errors: [{ messageId: 'bodyWithoutStatusCheck', line: 2, column: 10, data: { read: '(await fetch(url)).json()', response: 'response' } }],
    },
    {
      code: `fetch('/api/orders').then((r) => r.json()).then(render);`,
      errors: [{ messageId: 'bodyWithoutStatusCheck', line: 1, column: 34, endColumn: 42 }],
    },
    {
      code: `async function load(url: string) {\n  const res = await window.fetch(url);\n  const html = await res.text();\n  return html;\n}`,
      errors: [{ messageId: 'bodyWithoutStatusCheck', line: 3, column: 22, data: { read: 'res.text()', response: 'res' } }],
    },
    {
      code: `async function download(url: string) {\n  const res = await fetch(url);\n  return res.blob();\n}`,
      errors: [{ messageId: 'bodyWithoutStatusCheck', line: 3, column: 10 }],
    },
    {
      code: `async function bytes(url: string) {\n  const res = await fetch(url);\n  return new Uint8Array(await res.arrayBuffer());\n}`,
      errors: [{ messageId: 'bodyWithoutStatusCheck', line: 3, column: 31 }],
    },
    {
      // a try/catch handles a parse error, not an error status
      code: `async function load(url: string) {\n  const res = await fetch(url);\n  try {\n    return await res.json();\n  } catch {\n    return null;\n  }\n}`,
      errors: [{ messageId: 'bodyWithoutStatusCheck', line: 4, column: 18 }],
    },
    {
      // the check is on another response
      code: `async function both(a: string, b: string) {\n  const first = await fetch(a);\n  const second = await fetch(b);\n  if (!first.ok) throw new Error('a failed');\n  return [await first.json(), await second.json()];\n}`,
      errors: [{ messageId: 'bodyWithoutStatusCheck', line: 5, column: 37, data: { read: 'second.json()', response: 'second' } }],
    },
    {
      // logging the response is not a check
      code: `async function load(url: string) {\n  const res = await fetch(url);\n  console.log(res);\n  return res.json();\n}`,
      errors: [{ messageId: 'bodyWithoutStatusCheck', line: 4, column: 10 }],
    },
    {
      code: `async function load(url) {\n  const res = await fetch(url, { headers: { accept: 'application/json' } });\n  const { items } = await res.json();\n  return items;\n}`,
      filename: 'load.js',
      errors: [{ messageId: 'bodyWithoutStatusCheck', line: 3, column: 27 }],
    },
    {
      code: `export function Orders() {\n  useEffect(() => {\n    fetch('/api/orders').then((r) => r.json()).then(setOrders);\n  }, []);\n  return <OrderList />;\n}`,
      filename: 'orders.tsx',
      errors: [{ messageId: 'bodyWithoutStatusCheck', line: 3, column: 38 }],
    },
    {
      code: `async function load(url: string) {\n  const res = await http.fetchWithRetry(url);\n  return res.json();\n}`,
      options: [{ fetchFunctions: ['fetch', 'fetchWithRetry'] }],
      errors: [{ messageId: 'bodyWithoutStatusCheck', line: 3, column: 10 }],
    },
  ],
});
