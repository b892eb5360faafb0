import { createRuleTester, eslintRule } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-swallowed-error', eslintRule('no-swallowed-error'), {
  valid: [
    // rethrows, returns or records the error
    `try { run(); } catch (e) { console.error(e); throw e; }`,
    `function load() { try { return read(); } catch (e) { logger.warn('read failed', e); return null; } }`,
    `try { run(); } catch (e) { errors.push(e); }`,
    `try { run(); } catch (error) { console.error(error); process.exit(1); }`,
    // deliberate, commented forms
    `try { fs.unlinkSync(tmp); } catch { /* ignore: best-effort cleanup */ }`,
    `try {\n  fs.unlinkSync(tmp);\n} catch {\n  // the file may already be gone\n}`,
    `// Best-effort: a missing cache is fine\ntry { cache.clear(); } catch {}`,
    `try { run(); } catch (e) {} // ignored on purpose: telemetry is optional`,
    `try { run(); } catch (e) {\n  // expected when offline\n  console.debug(e);\n}`,
    {
      code: `try { run(); } catch (e) { /* WONTFIX */ }`,
      options: [{ allowedCommentPattern: 'wontfix', reportLoggingOnly: true }],
    },
    { code: `try { run(); } catch (e) { console.error(e); }`, options: [{ allowedCommentPattern: 'ignore', reportLoggingOnly: false }] },
    // promise handlers whose result is not used
    `cleanup().catch(() => {});`,
    `void flush().catch(console.error);`,
    `const data = await load().catch((e) => { throw new Error('load failed', { cause: e }); });`,
    `const data = await load().catch(() => fallback);`,
    `const data = await load().catch(() => { /* ignore: the default is fine */ });`,
    { code: `const user = await fetchUser(id).catch((e) => { report(e); return null; });`, filename: 'user.js' },
    {
      code: `export function Save() {\n  return <button onClick={() => save().catch(() => undefined)}>Save</button>;\n}`,
      filename: 'save.tsx',
    },
  ],
  invalid: [
    {
      code: `try { run(); } catch (e) {}`,
      errors: [{ messageId: 'emptyCatch', line: 1, column: 16, endLine: 1, endColumn: 28 }],
    },
    {
      code: `try {\n  run();\n} catch {\n}`,
      filename: 'file.js',
      errors: [{ messageId: 'emptyCatch', line: 3, column: 3, endLine: 4, endColumn: 2 }],
    },
    {
      code: `try { run(); } catch (e) { // TODO: handle error\n}`,
      errors: [{ messageId: 'emptyCatch', line: 1, column: 16 }],
    },
    {
      code: `async function pay(order: Order) {\n  try {\n    await charge(order);\n  } catch (error) {\n    console.error('Payment failed', error);\n  }\n  await markPaid(order);\n}`,
      errors: [{ messageId: 'loggingOnlyCatch', line: 4, column: 5, endLine: 4, endColumn: 20 }],
    },
    {
      code: `try { run(); } catch (err) { this.logger.error({ err }, 'run failed'); logger.info('continuing'); }`,
      errors: [{ messageId: 'loggingOnlyCatch', line: 1, column: 16 }],
    },
    {
      code: `try { run(); } catch (err) { await log.warn(err); }`,
      filename: 'file.mjs',
      errors: [{ messageId: 'loggingOnlyCatch', line: 1, column: 16 }],
    },
    {
      code: `const config = await loadConfig().catch(() => {});\nconsole.log(config.port);`,
      errors: [{ messageId: 'swallowingHandler', line: 1, column: 41, endLine: 1, endColumn: 49 }],
    },
    {
      code: `const user = await fetchUser(id).catch(() => undefined);`,
      filename: 'user.js',
      errors: [{ messageId: 'swallowingHandler', line: 1, column: 40 }],
    },
    {
      code: `const rows = await db.query(sql).catch(console.error);`,
      errors: [{ messageId: 'swallowingHandler', line: 1, column: 40, endLine: 1, endColumn: 53 }],
    },
    {
      code: `function load() {\n  return fetch(url).then((r) => r.json(), (e) => console.warn(e));\n}`,
      errors: [{ messageId: 'swallowingHandler', line: 2, column: 43 }],
    },
    {
      code: `fetchItems().catch(() => {}).then((items) => render(items));`,
      errors: [{ messageId: 'swallowingHandler', line: 1, column: 20 }],
    },
    {
      code: `export function Cart({ id }: { id: string }) {\n  useEffect(() => {\n    try {\n      track(id);\n    } catch (e) {}\n  }, [id]);\n  return <div>{id}</div>;\n}`,
      filename: 'cart.tsx',
      errors: [{ messageId: 'emptyCatch', line: 5, column: 7 }],
    },
    {
      code: `try { run(); } catch (e) { /* ignore */ }`,
      options: [{ allowedCommentPattern: 'reason:', reportLoggingOnly: true }],
      errors: [{ messageId: 'emptyCatch', line: 1, column: 16 }],
    },
  ],
});
