import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/index.js';
import type { UserConfig } from '../../src/config/types.js';
import { temporaryDirectories } from '../helpers/fixtures.js';

/**
 * The cross-file outcome kept in the cache by what the stage reads of each file: with rules whose
 * cross-file work reads only linkage (imports and exports), an edit that keeps a file's linkage
 * keeps the outcome; any other change builds it again. Every run's report must equal a scan
 * without the cache.
 */

const directories = temporaryDirectories();

/** A small project: one unresolved import with a comment on its line, and a cycle. */
function project(): string {
  const root = directories.make('debt-scan-cross-file-outcome-');
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'outcome', type: 'module' }),
    'src/a.ts': "import { b } from './b';\nimport { gone } from './missing'; // first note\n\nexport function a(): number {\n  return b() + gone;\n}\n",
    'src/b.ts': "import { a } from './a';\n\nexport function b(): number {\n  return 1;\n}\n\nexport const later = () => a();\n",
    'src/c.ts': 'export const c = 1;\n',
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const edit = (root: string, file: string, change: (text: string) => string) => {
  const target = path.join(root, file);
  writeFileSync(target, change(readFileSync(target, 'utf8')));
};

type Report = Awaited<ReturnType<typeof scan>>;
const withoutRun = (r: Report) => ({ ...r, timings: undefined, cache: undefined });
const factsFiles = (root: string) => readdirSync(path.join(root, 'node_modules/.cache/debt-scan')).filter((name) => name.startsWith('facts-'));

/** The linkage-only stage: the recommended rules and the two rules that read only the import graph. */
const LINKAGE: UserConfig = { preset: 'recommended', rules: { 'no-unresolved-import': 'warn', 'no-import-cycle': 'warn' } };

describe('the cross-file outcome, kept by what the stage reads', () => {
  it('is kept across an edit that leaves imports and exports alone, with the edited lines in its findings, and matches an uncached scan', async () => {
    const root = project();
    const run = () => scan({ root, workers: 0, config: LINKAGE });
    const uncached = () => scan({ root, workers: 0, config: LINKAGE, cache: false });
    const cold = await run();
    expect(cold.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort()).toEqual(['src/a.ts:1 debt-scan/no-import-cycle', 'src/a.ts:2 debt-scan/no-unresolved-import']);
    const facts = factsFiles(root);

    // A comment on the unresolved import's line and a function added below the exports.
    edit(root, 'src/a.ts', (text) => `${text.replace('// first note', '// second note')}\nfunction helper(): number {\n  return 2;\n}\n`);
    const edited = await run();
    expect([edited.timings?.filesAnalysed, edited.timings?.crossFileFromCache]).toEqual([1, 1]);
    expect(edited.findings.find((f) => f.ruleId === 'debt-scan/no-unresolved-import')?.snippet).toContain('second note');
    expect(withoutRun(edited)).toEqual(withoutRun(await uncached()));
    // The edited file's facts went into the cache file: the facts file was neither read nor written.
    expect(factsFiles(root)).toEqual(facts);
    // And the next run serves the renewed lines from the cache.
    const warm = await run();
    expect([warm.timings?.filesAnalysed, warm.timings?.crossFileFromCache]).toEqual([0, 1]);
    expect(withoutRun(warm)).toEqual(withoutRun(edited));
  });

  it('is built again when an import, an export or a skipped declaration file changes, from facts kept in both cache files', async () => {
    const root = project();
    const run = () => scan({ root, workers: 0, config: LINKAGE });
    const uncached = () => scan({ root, workers: 0, config: LINKAGE, cache: false });
    await run();

    // a.ts imports c.ts too: its new facts stay in the cache file, beside the facts file.
    edit(root, 'src/a.ts', (text) => `import { c } from './c';\n${text.replace('b() + gone', 'b() + gone + c')}`);
    const imported = await run();
    expect([imported.timings?.filesAnalysed, imported.timings?.crossFileFromCache]).toEqual([1, 0]);
    expect(withoutRun(imported)).toEqual(withoutRun(await uncached()));

    // An export added to c.ts: the graph is built again from a.ts's recent facts and the others' in the facts file.
    edit(root, 'src/c.ts', (text) => `${text}export type Unit = 'c';\n`);
    const exported = await run();
    expect([exported.timings?.filesAnalysed, exported.timings?.crossFileFromCache]).toEqual([1, 0]);
    expect(withoutRun(exported)).toEqual(withoutRun(await uncached()));
    expect(exported.analyses?.graph).toEqual((await uncached()).analyses?.graph);

    // A declaration file the scan skips now answers the unresolved import.
    writeFileSync(path.join(root, 'src/missing.d.ts'), 'export declare const gone: number;\n');
    const declared = await run();
    expect([declared.timings?.filesAnalysed, declared.timings?.crossFileFromCache]).toEqual([0, 0]);
    expect(declared.findings.map((f) => f.ruleId)).not.toContain('debt-scan/no-unresolved-import');
    expect(withoutRun(declared)).toEqual(withoutRun(await uncached()));
  });

  it('is built again from the kept graph metrics when an import keeps every edge, and equals an uncached scan after each edit', async () => {
    const root = project();
    const run = () => scan({ root, workers: 0, config: LINKAGE });
    const uncached = () => scan({ root, workers: 0, config: LINKAGE, cache: false });
    await run();
    // A built-in module and a second import of b.ts: the linkage changes, the edges between files do not.
    edit(root, 'src/a.ts', (text) => `import { readFileSync } from 'node:fs';\nimport { later } from './b';\n${text.replace('b() + gone', 'b() + gone + later() + readFileSync.length')}`);
    const sameEdges = await run();
    expect([sameEdges.timings?.filesAnalysed, sameEdges.timings?.crossFileFromCache]).toEqual([1, 0]);
    expect(withoutRun(sameEdges)).toEqual(withoutRun(await uncached()));
    expect(sameEdges.findings.find((f) => f.ruleId === 'debt-scan/no-unresolved-import')?.line).toBe(4);
    // Then an edge added (c.ts imports b.ts, joining the cycle), and one taken away again.
    edit(root, 'src/c.ts', (text) => `import { b } from './b';\n${text}export const d = b;\n`);
    const joined = await run();
    expect(withoutRun(joined)).toEqual(withoutRun(await uncached()));
    expect(joined.analyses?.graph).toEqual((await uncached()).analyses?.graph);
    edit(root, 'src/c.ts', () => 'export const c = 1;\n');
    const left = await run();
    expect(withoutRun(left)).toEqual(withoutRun(await uncached()));
  });

  it('is built again when something now lies where an import led nowhere, or no longer lies where it led, and equals an uncached scan', async () => {
    const root = project();
    writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } }));
    edit(root, 'src/c.ts', (text) => `import './theme.css';\nimport '@/routes/table';\n${text}`);
    const run = () => scan({ root, workers: 0, config: LINKAGE });
    const uncached = () => scan({ root, workers: 0, config: LINKAGE, cache: false });
    const unresolved = (report: Report) => report.findings.filter((f) => f.ruleId === 'debt-scan/no-unresolved-import').map((f) => `${f.file}:${f.line}`);
    expect(unresolved(await run())).toEqual(['src/a.ts:2', 'src/c.ts:1', 'src/c.ts:2']);
    expect((await run()).timings?.crossFileFromCache).toBe(1);

    // An asset appears where a relative import led nowhere, and a directory of data where an alias did.
    writeFileSync(path.join(root, 'src/theme.css'), 'body {}\n');
    mkdirSync(path.join(root, 'src/routes/table'), { recursive: true });
    writeFileSync(path.join(root, 'src/routes/table/data.json'), '{}\n');
    const appeared = await run();
    expect([appeared.timings?.filesAnalysed, appeared.timings?.crossFileFromCache]).toEqual([0, 0]);
    expect(unresolved(appeared)).toEqual(['src/a.ts:2']);
    expect(withoutRun(appeared)).toEqual(withoutRun(await uncached()));
    expect((await run()).timings?.crossFileFromCache).toBe(1);

    // The directory the alias found goes again, no source file changed: the import is reported again.
    rmSync(path.join(root, 'src/routes'), { recursive: true });
    const aliasGone = await run();
    expect([aliasGone.timings?.filesAnalysed, aliasGone.timings?.crossFileFromCache]).toEqual([0, 0]);
    expect(unresolved(aliasGone)).toEqual(['src/a.ts:2', 'src/c.ts:2']);
    expect(withoutRun(aliasGone)).toEqual(withoutRun(await uncached()));

    // The asset goes again, while another file's imports change: the graph is built from kept edges, and the import is reported again.
    rmSync(path.join(root, 'src/theme.css'));
    edit(root, 'src/b.ts', (text) => `import { c } from './c';\n${text}export const d = c;\n`);
    const gone = await run();
    expect([gone.timings?.filesAnalysed, gone.timings?.crossFileFromCache]).toEqual([1, 0]);
    expect(unresolved(gone)).toEqual(['src/a.ts:2', 'src/c.ts:1', 'src/c.ts:2']);
    expect(withoutRun(gone)).toEqual(withoutRun(await uncached()));
  });

  it('is kept when a value export joins others, and built again when a module of types gains a value', async () => {
    const root = project();
    // A cycle that closes only through a module of types: erased by TypeScript, so not counted.
    writeFileSync(path.join(root, 'src/shapes.ts'), "import { c } from './c';\n\nexport interface Shape {\n  size: number;\n}\n\nexport type Sized = Shape & { c: typeof c };\n");
    edit(root, 'src/c.ts', (text) => `import * as shapes from './shapes';\n\n${text}export const area = (s: shapes.Shape) => s.size;\n`);
    const run = () => scan({ root, workers: 0, config: LINKAGE });
    const uncached = () => scan({ root, workers: 0, config: LINKAGE, cache: false });
    const before = await run();
    expect(before.findings.filter((f) => f.ruleId === 'debt-scan/no-import-cycle').map((f) => f.file)).toEqual(['src/a.ts']);

    edit(root, 'src/b.ts', (text) => `${text}\nexport const extra = 2;\n`);
    const valueAdded = await run();
    expect([valueAdded.timings?.filesAnalysed, valueAdded.timings?.crossFileFromCache]).toEqual([1, 1]);
    expect(withoutRun(valueAdded)).toEqual(withoutRun(await uncached()));

    // shapes.ts exports a value now: c.ts's namespace import of it is no longer erased, and the cycle c -> shapes -> c counts.
    edit(root, 'src/shapes.ts', (text) => `${text}\nexport const unit: Shape = { size: 1 };\n`);
    const typesGainValue = await run();
    expect([typesGainValue.timings?.filesAnalysed, typesGainValue.timings?.crossFileFromCache]).toEqual([1, 0]);
    expect(typesGainValue.findings.filter((f) => f.ruleId === 'debt-scan/no-import-cycle').map((f) => f.file).sort()).toEqual(['src/a.ts', 'src/c.ts']);
    expect(withoutRun(typesGainValue)).toEqual(withoutRun(await uncached()));
  });

  it('is built again after any edit when a rule’s cross-file phase reads the files', async () => {
    const root = project();
    const config: UserConfig = { ...LINKAGE, rules: { ...LINKAGE.rules, 'no-floating-async': 'warn' } };
    const run = () => scan({ root, workers: 0, config });
    await run();
    edit(root, 'src/a.ts', (text) => `${text}\nfunction helper(): number {\n  return 2;\n}\n`);
    const edited = await run();
    expect([edited.timings?.filesAnalysed, edited.timings?.crossFileFromCache]).toEqual([1, 0]);
    expect(withoutRun(edited)).toEqual(withoutRun(await scan({ root, workers: 0, config, cache: false })));
  });

  it('analyses every file again when the graph must be built and the facts file cannot be read, with the uncached report', async () => {
    const root = project();
    const run = () => scan({ root, workers: 0, config: LINKAGE });
    await run();
    const [facts] = factsFiles(root);
    const file = path.join(root, 'node_modules/.cache/debt-scan', facts);
    const damaged = readFileSync(file);
    damaged[damaged.length - 3] ^= 8;
    writeFileSync(file, damaged);
    // An edit that keeps the linkage needs no facts of other files: the damage goes unnoticed.
    edit(root, 'src/b.ts', (text) => `${text}\nfunction helper(): number {\n  return 2;\n}\n`);
    const kept = await run();
    expect([kept.timings?.filesAnalysed, kept.timings?.crossFileFromCache, kept.cache?.state]).toEqual([1, 1, 'used']);
    // An import added: the graph needs every file's facts, which cannot be read.
    edit(root, 'src/c.ts', (text) => `import { b } from './b';\n${text}export const d = b;\n`);
    const rebuilt = await run();
    expect([rebuilt.timings?.filesAnalysed, rebuilt.timings?.crossFileFromCache, rebuilt.cache?.state]).toEqual([rebuilt.files.scanned, 0, 'ignored']);
    expect(withoutRun(rebuilt)).toEqual(withoutRun(await scan({ root, workers: 0, config: LINKAGE, cache: false })));
    expect((await run()).timings?.filesAnalysed).toBe(0);
  });

  it('moves the recent facts into a new facts file once they outgrow their share', async () => {
    const root = project();
    const run = () => scan({ root, workers: 0, config: LINKAGE });
    await run();
    const before = factsFiles(root);
    // Large enough facts (a megabyte of imports) to outgrow the share the cache file may hold.
    const many = Array.from({ length: 8000 }, (_, i) => `import { a${i}, b${i}, c${i}, d${i} } from './generated/module-with-a-long-name-${i}';`).join('\n');
    edit(root, 'src/c.ts', (text) => `${many}\n${text}`);
    const grown = await run();
    expect(grown.timings?.filesAnalysed).toBe(1);
    const after = factsFiles(root);
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    expect(statSync(path.join(root, 'node_modules/.cache/debt-scan', after[0])).size).toBeGreaterThan(1 << 20);
    expect(withoutRun(await run())).toEqual(withoutRun(grown));
    expect(withoutRun(grown)).toEqual(withoutRun(await scan({ root, workers: 0, config: LINKAGE, cache: false })));
  });
});
