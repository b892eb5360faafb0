import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();
const FIX = (name: string) => `Pass \`{ cause: ${name} }\` as the error's options (or hand '${name}' to the error's constructor).`;

ruleTester.run('require-error-cause', eslintRule('require-error-cause'), {
  valid: [
    `try { run(); } catch (e) { throw new Error('run failed', { cause: e }); }`,
    `try { run(); } catch (error) { throw error; }`,
    `try { run(); } catch (e) { throw new HttpError(502, 'upstream failed', e); }`,
    `try { run(); } catch (e) { throw new Error(\`run failed: \${(e as Error).message}\`); }`,
    { code: `try { run(); } catch (e) { throw new Error('run failed: ' + String(e)); }`, filename: 'file.js' },
    `try { run(); } catch (e) { const cause = e; throw new Error('run failed', { cause }); }`,
    // a variable derived from the caught error carries it into the message
    `try { connect(); } catch (error) {\n  const message = error instanceof Error ? error.message : 'unknown error';\n  if (retryable) {\n    const detail = \`TLS: \${message}\`;\n    throw new Error(detail);\n  }\n}`,
    // a name that says the error is deliberately left out
    `try { return JSON.parse(text); } catch (_err) { throw new Error('settings must be JSON'); }`,
    // a translation after examining the caught error
    { code: `try { await docker.ping(); } catch (e) {\n  if (e.code === 'ECONNABORTED') {\n    throw new Error('Connection to Docker timed out.');\n  }\n  throw e;\n}`, filename: 'docker.js' },
    `try { await load(); } catch (error) { if (axios.isCancel(error)) throw new TimeoutError('Request timed out'); throw error; }`,
    // a throw in a callback inside the catch belongs to the callback
    `try { run(); } catch (e) { queue.push(() => { throw new Error('later'); }); }`,
    // a catch without a binding has no caught error to keep
    `try { JSON.parse(text); } catch { throw new SyntaxError('settings.json is not valid JSON'); }`,
    // not inside a catch
    `function check(x: number) { if (x < 0) throw new RangeError('negative'); }`,
    // not an error construction
    `try { run(); } catch (e) { throw wrap(e, 'run failed'); }`,
    {
      code: `try { run(); } catch (e) { throw new ApiError(e); }`,
      options: [{ allowUseInMessage: false }],
    },
    // the caught error itself is logged or reported just before the translation
    { code: `async function charge(order) {\n  try {\n    await stripe.charge(order);\n  } catch (err) {\n    console.error(err);\n    throw new Error('Payment failed');\n  }\n}`, filename: 'payments.js' },
    `try { await upload(file); } catch (error) {\n  logger.error({ error, fileId }, 'upload failed');\n  throw new Error('Upload failed, please try again');\n}`,
    `try { await upload(file); } catch (error) {\n  getAuditLogger('upload').error({ error }, 'upload failed');\n  throw new Error('Upload failed');\n}`,
    `try { await convert(rows); } catch (err) {\n  logger.error(toErrorFields(err), 'conversion failed');\n  throw new ConversionError('Could not convert the file');\n}`,
    `try { await sync(); } catch (e) {\n  captureException(e);\n  throw new Error('Sync failed');\n}`,
    // a branch on a variable computed from the caught error, or a message built from one assigned from it
    `try { await createCode(code); } catch (error) {\n  const isDuplicate = error instanceof DbError && error.code === '23505';\n  if (isDuplicate) throw new ConflictError('This code is taken');\n  throw error;\n}`,
    `for (let attempt = 0; attempt < 3; attempt++) {\n  try {\n    return await fetchOnce(url);\n  } catch (error) {\n    lastError = error instanceof Error ? error.message : String(error);\n    if (attempt === 2) throw new Error(\`gave up: \${lastError}\`);\n  }\n}`,
    // a try that only parses input: the new message says what failed
    `try { settings = JSON.parse(text); } catch (e) { throw new ConfigError('settings.json is not valid JSON'); }`,
    `try {\n  const url = new URL(input);\n  host = url.hostname;\n} catch (e) {\n  throw new ValidationError('Please enter a valid URL');\n}`,
    // decoding text is parsing it, and an error of its own thrown in the try is not a call that fails
    `function decodeCursor(encoded: string) {\n  try {\n    const text = Buffer.from(encoded, 'base64url').toString('utf8');\n    const cursor = CursorSchema.parse(JSON.parse(text));\n    if (cursor.sortBy !== sortBy) throw new InvalidInputError('wrong order');\n    return cursor;\n  } catch (error) {\n    if (error instanceof InvalidInputError) throw error;\n    throw new InvalidInputError('The cursor is invalid.');\n  }\n}`,
    `export async function generate(response: Response) {\n  try {\n    const json = await response.json();\n    if (!json.html) throw new Error('no html');\n    return json.html;\n  } catch (error) {\n    throw new Error('Generation failed (invalid response)');\n  }\n}`,
    {
      code: `export function Form() {\n  const submit = async () => {\n    try { await send(); } catch (e) { throw new Error('send failed', { cause: e }); }\n  };\n  return <form onSubmit={submit} />;\n}`,
      filename: 'form.tsx',
    },
  ],
  invalid: [
    {
      // reading a file is not decoding: its failure (ENOENT, EACCES) is not about the text
      code: `try { const text = Buffer.from(readFileSync(file)).toString('utf8'); return JSON.parse(text); } catch (e) { throw new Error('bad settings'); }`,
      errors: [
        {
          messageId: 'missingCause',
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'e' },
              output: `try { const text = Buffer.from(readFileSync(file)).toString('utf8'); return JSON.parse(text); } catch (e) { throw new Error('bad settings', { cause: e }); }`,
            },
          ],
        },
      ],
    },
    {
      code: `try { run(); } catch (e) { throw new Error('run failed'); }`,
      errors: [
        {
          messageId: 'missingCause',
          line: 1,
          column: 34,
          endLine: 1,
          endColumn: 57,
          data: { name: 'e', error: 'new error', also: '', fix: FIX('e') },
          suggestions: [{ messageId: 'addCause', data: { name: 'e' }, output: `try { run(); } catch (e) { throw new Error('run failed', { cause: e }); }` }],
        },
      ],
    },
    {
      // logging only the message loses the stack: the cause is still needed
      code: `async function charge(order) {\n  try {\n    await stripe.charge(order);\n  } catch (err) {\n    console.error(\`charge failed: \${err.message}\`);\n    throw new Error('Payment failed');\n  }\n}`,
      filename: 'payments.js',
      errors: [
        {
          messageId: 'missingCause',
          line: 6,
          column: 11,
          suggestions: [
            {
              messageId: 'addCause',
              output: `async function charge(order) {\n  try {\n    await stripe.charge(order);\n  } catch (err) {\n    console.error(\`charge failed: \${err.message}\`);\n    throw new Error('Payment failed', { cause: err });\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `try { run(); } catch (e) { throw new TypeError(); }`,
      errors: [
        {
          messageId: 'missingCause',
          line: 1,
          column: 34,
          data: { name: 'e', error: 'new TypeError', also: '', fix: FIX('e') },
          suggestions: [{ messageId: 'addCause', output: `try { run(); } catch (e) { throw new TypeError(undefined, { cause: e }); }` }],
        },
      ],
    },
    {
      code: `try { run(); } catch (e) { throw new Error; }`,
      errors: [
        {
          messageId: 'missingCause',
          line: 1,
          column: 34,
          suggestions: [{ messageId: 'addCause', output: `try { run(); } catch (e) { throw new Error(undefined, { cause: e }); }` }],
        },
      ],
    },
    {
      code: `try { run(); } catch (e) { throw Error('run failed'); }`,
      errors: [
        {
          messageId: 'missingCause',
          line: 1,
          column: 34,
          suggestions: [{ messageId: 'addCause', output: `try { run(); } catch (e) { throw Error('run failed', { cause: e }); }` }],
        },
      ],
    },
    {
      code: `try { run(); } catch (e) { throw new Error('run failed', { code: 'E_RUN' }); }`,
      errors: [
        {
          messageId: 'missingCause',
          line: 1,
          column: 34,
          suggestions: [{ messageId: 'addCause', output: `try { run(); } catch (e) { throw new Error('run failed', { code: 'E_RUN', cause: e }); }` }],
        },
      ],
    },
    {
      code: `try { run(); } catch (e) { throw new AggregateError(errors, 'several failed'); }`,
      errors: [
        {
          messageId: 'missingCause',
          line: 1,
          column: 34,
          data: { name: 'e', error: 'new AggregateError', also: '', fix: FIX('e') },
          suggestions: [{ messageId: 'addCause', output: `try { run(); } catch (e) { throw new AggregateError(errors, 'several failed', { cause: e }); }` }],
        },
      ],
    },
    {
      code: `try { run(); } catch (e) { throw new PaymentError('card declined'); }`,
      errors: [{ messageId: 'missingCause', line: 1, column: 34, data: { name: 'e', error: 'new PaymentError', also: '', fix: FIX('e') }, suggestions: [] }],
    },
    {
      code: `try { run(); } catch (e) {\n  if (isRetryable(e)) return retry();\n  throw new ValidationException('bad input');\n}`,
      filename: 'file.mjs',
      errors: [{ messageId: 'missingCause', line: 3, column: 9, suggestions: [] }],
    },
    {
      code: `try { outer(); } catch (a) {\n  try { inner(); } catch (b) { throw new Error('inner failed: ' + a); }\n}`,
      errors: [
        {
          messageId: 'missingCause',
          line: 2,
          column: 38,
          data: { name: 'b', error: 'new error', also: '', fix: FIX('b') },
          suggestions: [{ messageId: 'addCause', output: `try { outer(); } catch (a) {\n  try { inner(); } catch (b) { throw new Error('inner failed: ' + a, { cause: b }); }\n}` }],
        },
      ],
    },
    {
      code: `try { run(); } catch (e) { throw new Error(\`run failed: \${(e as Error).message}\`); }`,
      options: [{ allowUseInMessage: false }],
      errors: [
        {
          messageId: 'missingCause',
          line: 1,
          column: 34,
          suggestions: [{ messageId: 'addCause', output: `try { run(); } catch (e) { throw new Error(\`run failed: \${(e as Error).message}\`, { cause: e }); }` }],
        },
      ],
    },
    {
      code: `try { connect(); } catch (error) {\n  const message = String(error);\n  throw new Error(message);\n}`,
      options: [{ allowUseInMessage: false }],
      errors: [
        {
          messageId: 'missingCause',
          line: 3,
          column: 9,
          suggestions: [{ messageId: 'addCause', output: `try { connect(); } catch (error) {\n  const message = String(error);\n  throw new Error(message, { cause: error });\n}` }],
        },
      ],
    },
    {
      code: `try { connect(); } catch (error) {\n  const fallback = 'unknown error';\n  throw new Error(fallback);\n}`,
      errors: [
        {
          messageId: 'missingCause',
          line: 3,
          column: 9,
          suggestions: [{ messageId: 'addCause', output: `try { connect(); } catch (error) {\n  const fallback = 'unknown error';\n  throw new Error(fallback, { cause: error });\n}` }],
        },
      ],
    },
    {
      code: `try { return loadSettings(text); } catch (_err) { throw new Error('settings must be JSON'); }`,
      options: [{ allowUseInMessage: true, ignoredNamePattern: '^ignored' }],
      errors: [
        {
          messageId: 'missingCause',
          line: 1,
          column: 57,
          suggestions: [{ messageId: 'addCause', output: `try { return loadSettings(text); } catch (_err) { throw new Error('settings must be JSON', { cause: _err }); }` }],
        },
      ],
    },
    {
      code: `export function Upload() {\n  const onDrop = async (file: File) => {\n    try { await upload(file); } catch (uploadError) { throw new Error('Upload failed'); }\n  };\n  return <div onDrop={onDrop} />;\n}`,
      filename: 'upload.tsx',
      errors: [
        {
          messageId: 'missingCause',
          line: 3,
          column: 61,
          suggestions: [
            {
              messageId: 'addCause',
              output: `export function Upload() {\n  const onDrop = async (file: File) => {\n    try { await upload(file); } catch (uploadError) { throw new Error('Upload failed', { cause: uploadError }); }\n  };\n  return <div onDrop={onDrop} />;\n}`,
            },
          ],
        },
      ],
    },
    {
      // a log line in another branch does not cover this throw
      code: `try { await db.find(id); } catch (error) {\n  if (error instanceof DbError) {\n    logger.error(error);\n    throw new DatabaseError(error.message);\n  }\n  throw new UnknownError('Could not fetch the workspace');\n}`,
      errors: [{ messageId: 'missingCause', line: 6, column: 9, suggestions: [] }],
    },
    {
      // loading a package can fail for many reasons besides its absence
      code: `class DriverNotInstalledError extends Error {\n  constructor(name: string) {\n    super(\`\${name} is not installed\`);\n  }\n}\nexport function load() {\n  try {\n    return requireModule('pg');\n  } catch (e) {\n    throw new DriverNotInstalledError('pg');\n  }\n}`,
      errors: [
        {
          messageId: 'missingCause',
          line: 10,
          column: 11,
          data: {
            name: 'e',
            error: 'new DriverNotInstalledError',
            also: '',
            fix: "DriverNotInstalledError's constructor takes no options argument: give it one that it forwards to `super(message, options)`, then pass `{ cause: e }`.",
          },
          suggestions: [],
        },
      ],
    },
    {
      // one problem, one finding: every throw of the catch block drops the same error
      code: `try { await save(row); } catch (e) {\n  if (row.draft) throw new Error('Could not save the draft');\n  throw new Error('Could not save');\n}`,
      errors: [
        {
          messageId: 'missingCause',
          line: 2,
          column: 24,
          data: { name: 'e', error: 'new error', also: ' (as does the throw on line 3 of this catch block)', fix: FIX('e') },
          suggestions: [{ messageId: 'addCause', output: `try { await save(row); } catch (e) {\n  if (row.draft) throw new Error('Could not save the draft', { cause: e });\n  throw new Error('Could not save');\n}` }],
        },
      ],
    },
  ],
});
