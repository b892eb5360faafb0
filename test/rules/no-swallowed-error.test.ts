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
    // best effort: browser storage, analytics and notifications, clean-up after the main work
    `export function rememberName(name: string) {\n  try {\n    localStorage.setItem('name', name);\n  } catch (error) {\n    console.error(error);\n  }\n}`,
    { code: `export function loadName() {\n  try {\n    const data = sessionStorage.getItem('name');\n    if (data) return JSON.parse(data).name;\n  } catch (error) {\n    console.error(error);\n  }\n}`, filename: 'name.js' },
    `export async function onConnected(userId: string, workspaceId: string) {\n  await saveConnection(workspaceId);\n  try {\n    const organizationId = await findOrganization(workspaceId);\n    captureEvent(userId, 'connected', { organizationId });\n  } catch (err) {\n    logger.error({ err }, 'capture failed');\n  }\n}`,
    `export const trackAction = (action: Action) => {\n  if (action.tracked) {\n    try {\n      if (window.sa) window.sa(action.name);\n    } catch (error) {\n      console.error(error);\n    }\n  }\n};`,
    `export async function mergeAccounts(source: Account, target: Account) {\n  await db.accounts.merge(source.id, target.id);\n  try {\n    await storage.delete(source.avatar);\n  } catch (error) {\n    logger.error(error);\n  }\n}`,
    // a dropped rollback failure inside a catch that rethrows the original error
    `export async function execute(runner: Runner, ownTransaction: boolean) {\n  try {\n    return await runner.query(sql);\n  } catch (error) {\n    if (ownTransaction) {\n      try {\n        await runner.rollback();\n      } catch (rollbackError) {}\n    }\n    throw error;\n  }\n}`,
    // a default set before the try, or checked (or set) right after it
    `export async function removeTeam(id: string) {\n  let oldTeam = UNKNOWN_DATA;\n  try {\n    oldTeam = await getTeam(id);\n  } catch (error) {\n    logger.error(error);\n  }\n  await audit('remove', oldTeam);\n}`,
    `export function checkToken(raw: string) {\n  let token;\n  try {\n    token = decode(raw);\n  } catch (error) {\n    console.error(error);\n  }\n  if (!token) return badRequest();\n  return token;\n}`,
    `export async function storePath() {\n  if (desktop) {\n    try {\n      cachedPath = await join(await storeDir(), FILE);\n      return cachedPath;\n    } catch (error) {\n      console.error(error);\n    }\n  }\n  cachedPath = FILE;\n  return cachedPath;\n}`,
    `export async function clickId(key: string) {\n  return (await cache.get(key).catch(() => undefined)) || createId();\n}`,
    `export async function cached(key: string) {\n  const hit = await cache.get(key).catch(() => null);\n  if (!hit) return compute(key);\n  return hit;\n}`,
    // one bad item must not stop the others: synchronous per-item isolation
    `export function drawAll(elements: Element[]) {\n  for (const element of elements) {\n    try {\n      draw(element);\n    } catch (error) {\n      console.error(error, element.id);\n    }\n  }\n}`,
    { code: `export const renderAll = (items) => items.map((item) => {\n  try {\n    return render(item);\n  } catch (error) {\n    console.error(error);\n  }\n});`, filename: 'render.js' },
    // the tail of a callback nobody awaits: there is nobody to rethrow to
    `setImmediate(async () => {\n  try {\n    await writeAudit(event);\n  } catch (error) {\n    logger.error(error);\n  }\n});`,
    `waitUntil(\n  (async () => {\n    try {\n      await touchToken(token);\n    } catch (error) {\n      console.error(error);\n    }\n  })(),\n);`,
    // reasons in free wording, in a comment or in the log line itself
    `export async function join(room: Room) {\n  try {\n    await room.sync();\n  } catch (error) {\n    // log the error and move on, the other peers will send us the scene\n    console.error(error);\n  }\n}`,
    `export async function hit(id: string) {\n  try {\n    await counters.increment(id);\n  } catch (error) {\n    // Don't throw: a counter shouldn't break the request\n    console.error(error);\n  }\n}`,
    `export async function examples(survey: Survey) {\n  try {\n    answers = await generate(survey);\n  } catch (error) {\n    logger.error(error, 'generation failed, using fallback answers');\n  }\n}`,
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
      code: `export function Cart({ id }: { id: string }) {\n  useEffect(() => {\n    try {\n      addToCart(id);\n    } catch (e) {}\n  }, [id]);\n  return <div>{id}</div>;\n}`,
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
    {
      // awaited work per item: a failed send is dropped and the loop reports success
      code: `export async function confirmPayouts(payouts: Payout[]) {\n  for (const payout of payouts) {\n    try {\n      await sendWebhook(payout);\n    } catch (error) {\n      console.error(error);\n    }\n  }\n  await emailPartners(payouts);\n}`,
      errors: [{ messageId: 'loggingOnlyCatch', line: 5, column: 7 }],
    },
    {
      // a delete that is the function's main work is not clean-up
      code: `export async function removeUser(id: string) {\n  try {\n    await db.users.delete(id);\n  } catch (error) {\n    console.error(error);\n  }\n  return { ok: true };\n}`,
      errors: [{ messageId: 'loggingOnlyCatch', line: 4, column: 5 }],
    },
    {
      code: `export const cli = async (args: string[]) => {\n  try {\n    await program.parseAsync(args);\n  } catch (e) {}\n};`,
      errors: [{ messageId: 'emptyCatch', line: 4, column: 5 }],
    },
    {
      code: `export const migration = {\n  run: async ({ tx }) => {\n    try {\n      await tx.execute(UPDATE_KEYS);\n    } catch (error) {\n      console.error('Error updating the keys', error);\n    }\n  },\n};`,
      filename: 'migration.js',
      errors: [{ messageId: 'loggingOnlyCatch', line: 5, column: 7 }],
    },
    {
      // an empty catch ends a timer callback: logging would be the least
      code: `setTimeout(async () => {\n  try {\n    await flush();\n  } catch (e) {}\n}, 100);`,
      errors: [{ messageId: 'emptyCatch', line: 4, column: 5 }],
    },
    {
      code: `export async function show(id: string) {\n  let user;\n  try {\n    user = await load(id);\n  } catch (error) {\n    console.error(error);\n  }\n  render(user);\n}`,
      errors: [{ messageId: 'loggingOnlyCatch', line: 5, column: 5 }],
    },
    {
      code: `export function rememberName(name: string) {\n  try {\n    localStorage.setItem('name', name);\n  } catch (error) {\n    console.error(error);\n  }\n}`,
      options: [{ allowBestEffort: false }],
      errors: [{ messageId: 'loggingOnlyCatch', line: 4, column: 5 }],
    },
    {
      // a rollback failure swallowed in a catch that does not rethrow
      code: `export async function execute(runner: Runner) {\n  try {\n    await runner.query(sql);\n  } catch (error) {\n    try {\n      await runner.rollback();\n    } catch (rollbackError) {}\n    return null;\n  }\n}`,
      errors: [{ messageId: 'emptyCatch', line: 7, column: 7 }],
    },
  ],
});
