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
      options: [{ allowedCommentPattern: 'wontfix', allowCommentedEmptyCatch: false }],
    },
    { code: `try { run(); } catch (e) { console.error(e); }`, options: [{ loggingMethods: [] }] },
    // a deliberately named parameter, and logging at warning level or below
    `try { fs.rmSync(tmp); } catch (_) {}`,
    { code: `try { fs.rmSync(tmp); } catch (ignored) {}`, filename: 'file.cjs' },
    `try { prefetch(); } catch (e) { console.warn('prefetch failed', e); }`,
    `try { checkCertificate(socket); } catch (e) { log.debug('tls', e); logger.info('no certificate'); }`,
    `for (const line of lines) {\n  try { rows.push(JSON.parse(line)); } catch {\n    // skip unparseable lines\n  }\n}`,
    // any comment inside an empty catch block explains it, unless it is a placeholder
    `try { limit = await lookup(token); } catch {\n  // Fall through to IP-based rate limiting\n}`,
    { code: `function parse(text) {\n  try { return JSON.parse(text); } catch {\n    /* Return undefined if parsing fails */\n  }\n}`, filename: 'parse.js' },
    // promise handlers whose result is not used
    `queue = result.then(() => undefined, () => undefined);`,
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
      code: `try {\n  await save(order);\n} catch (error) {\n  /* handle the error */\n}`,
      errors: [{ messageId: 'emptyCatch', line: 3, column: 3 }],
    },
    {
      code: `// Save the order\ntry { save(order); } catch {} // order saved`,
      errors: [{ messageId: 'emptyCatch', line: 2, column: 22 }],
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
      code: `try { run(); } catch (err) { await log.error(err); }`,
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
      code: `function load() {\n  return fetch(url).then((r) => r.json(), (e) => console.error(e));\n}`,
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
      options: [{ allowedCommentPattern: 'reason:', allowCommentedEmptyCatch: false }],
      errors: [{ messageId: 'emptyCatch', line: 1, column: 16 }],
    },
    {
      code: `try { prefetch(); } catch (e) { console.warn('prefetch failed', e); }`,
      options: [{ loggingMethods: ['warn'] }],
      errors: [{ messageId: 'loggingOnlyCatch', line: 1, column: 21 }],
    },
    {
      code: `try { fs.rmSync(tmp); } catch (_) {}`,
      options: [{ allowedParameterPattern: '^ignored$' }],
      errors: [{ messageId: 'emptyCatch', line: 1, column: 25 }],
    },
    {
      code: `try { run(); } catch (e) { log.debug('details', e); console.error('run failed'); }`,
      errors: [{ messageId: 'loggingOnlyCatch', line: 1, column: 16 }],
    },
  ],
});
