import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-unchecked-index-access', eslintRule('no-unchecked-index-access'), {
  valid: [
    // a length check dominates the access
    `function firstId(rows: Row[]) {\n  if (rows.length === 0) return null;\n  return rows[0].id;\n}`,
    `if (rows.length > 0) { show(rows[0].title); }`,
    `const parts = line.split(',');\nif (parts.length < 2) throw new Error('expected two fields');\nconst price = parts[1].trim();`,
    `const newest = events.length ? events[events.length - 1].at : undefined;`,
    // the element itself is checked, or read optionally
    `const label = options[0] && options[0].label;`,
    `const label = options[0]?.label ?? 'none';`,
    // not dereferenced: undefined flows on and is handled by the caller
    `const first = rows[0];`,
    // a split always has a first and a last element
    `const scheme = url.split(':')[0].toLowerCase();`,
    `const ext = file.split('.')[file.split('.').length - 1].toLowerCase();`,
    `if (header.includes(' ')) { token = header.split(' ')[1].trim(); }`,
    // a literal has its own length
    `const pair = [left, right];\npair[1].render();`,
    // a checked regex match, and the groups of a match that exists
    `const match = /^(\\w+)=(.*)$/.exec(line);\nif (!match) return;\nconst key = match[1].trim();`,
    `for (const m of text.matchAll(/#(\\w+)/g)) tags.add(m[1].toLowerCase());`,
    // positions fixed by a signature: callback parameters (entries, matches), rest parameters, tuples
    `const sorted = Object.entries(deps).sort((a, b) => a[0].localeCompare(b[0]));`,
    `const names = [...text.matchAll(/^## (.+)$/gm)].flatMap((m) => m[1].split(','));`,
    `resolve = (...args) => (args[1].startsWith('file://') ? load(args[1]) : next());`,
    `function replace(buffer: [string]) {\n  buffer[0] = buffer[0].trim();\n}`,
    `const imports = parseImports(code)[0].filter((i) => i.d > -1);`,
    // a position past the first is a record's field, not a list element
    `const handler = matcher[2].handle;`,
    `const path = routes[key][0].path;`,
    // a match assigned in the loop condition exists inside the loop
    `let match: RegExpExecArray | null;\nwhile ((match = re.exec(code))) {\n  out.push(match[0].length);\n}`,
    `let m;\nwhile ((m = re.exec(code)) !== null) total += m[0].length;`,
    // a plugin context's error() throws
    `const m = re.exec(code);\nif (!m) {\n  this.error('injection point not found');\n}\nconst at = m.index + m[0].length;`,
    // computed indices are out of scope
    `for (let i = 0; i < rows.length; i++) total += rows[i].amount;`,
    { code: `const first = rows[0].id;`, filename: 'src/__tests__/rows.ts' },
    { code: `export const Title = ({ items }: Props) => (items.length > 0 ? <h1>{items[0].name}</h1> : null);`, filename: 'title.tsx' },
    { code: `const m = text.match(/(\\d+)/);\nconst n = m ? m[1] : '0';`, filename: 'parse.js' },
  ],
  invalid: [
    {
      code: `const first = rows[0].id;`,
      errors: [
        {
          messageId: 'uncheckedIndex',
          line: 1,
          column: 15,
          endLine: 1,
          endColumn: 22,
          data: { access: 'rows[0]', collection: '`rows`', use: 'reading `.id` of' },
        },
      ],
    },
    {
      code: `const total = items[items.length - 1].price * qty;`,
      errors: [{ messageId: 'uncheckedIndex', line: 1, column: 15, endColumn: 38 }],
    },
    {
      code: `const amount = line.split(',')[1].trim();`,
      errors: [
        { messageId: 'uncheckedIndex', line: 1, column: 16, data: { access: "line.split(',')[1]", collection: 'the split', use: 'reading `.trim` of' } },
      ],
    },
    {
      code: `const fields = row.split(';');\nconst city = fields[2].toUpperCase();`,
      errors: [{ messageId: 'uncheckedIndex', line: 2, column: 14 }],
    },
    {
      code: `const m = text.match(/(\\d+)/);\nconst n = Number(m[1]);`,
      filename: 'parse.js',
      errors: [{ messageId: 'uncheckedMatch', line: 2, column: 18, endColumn: 22, data: { access: 'm[1]' } }],
    },
    {
      code: `const version = /v(\\d+)/.exec(tag)[1];`,
      filename: 'version.js',
      errors: [{ messageId: 'uncheckedMatch', line: 1, column: 17 }],
    },
    {
      code: `const { id, email } = users[0];`,
      errors: [{ messageId: 'uncheckedIndex', line: 1, column: 23, data: { access: 'users[0]', collection: '`users`', use: 'destructuring' } }],
    },
    {
      code: `const text = document.querySelectorAll('.row')[0].textContent;`,
      errors: [{ messageId: 'uncheckedIndex', line: 1, column: 14 }],
    },
    {
      code: `const initial = name[0].toUpperCase();`,
      errors: [{ messageId: 'uncheckedIndex', line: 1, column: 17 }],
    },
    {
      code: `handlers[0]();`,
      errors: [{ messageId: 'uncheckedIndex', line: 1, column: 1, data: { access: 'handlers[0]', collection: '`handlers`', use: 'calling' } }],
    },
    {
      // a check of another array proves nothing
      code: `if (orders.length > 0) {\n  notify(customers[0].email);\n}`,
      errors: [{ messageId: 'uncheckedIndex', line: 2, column: 10 }],
    },
    {
      // an asserted element is still unchecked
      code: `const top = scores[0]!.value;`,
      errors: [{ messageId: 'uncheckedIndex', line: 1, column: 13 }],
    },
    {
      code: `export function Latest({ posts }: { posts: Post[] }) {\n  return <h2>{posts[0].title}</h2>;\n}`,
      filename: 'latest.tsx',
      errors: [{ messageId: 'uncheckedIndex', line: 2, column: 15 }],
    },
    {
      code: `const title = head.find((e) => e[1].property === 'og:title')[1].content;`,
      errors: [{ messageId: 'uncheckedSearch', line: 1, column: 15, data: { access: "head.find((e) => e[1].property === 'og:…" } }],
    },
    {
      // one finding per access and function
      code: `function handler(event: Event) {\n  const request = event.Records[0].cf.request;\n  const config = event.Records[0].cf.config;\n  return [request, config];\n}`,
      errors: [{ messageId: 'uncheckedIndex', line: 2, column: 19, data: { access: 'event.Records[0]', collection: '`event.Records`', use: 'reading `.cf` of' } }],
    },
    {
      code: `const script = process.argv[2].trim();`,
      filename: 'cli.js',
      errors: [{ messageId: 'uncheckedIndex', line: 1, column: 16, data: { access: 'process.argv[2]', collection: '`process.argv`', use: 'reading `.trim` of' } }],
    },
  ],
});
