import { describe, expect, it } from 'vitest';
import { carryResolutions, type Configuration, type ResolutionContext, type ResolutionSnapshot } from '../../../src/module-graph/carry-resolutions.js';
import type { ModuleResolution } from '../../../src/module-graph/create-module-resolver.js';

const TREE = [
  'package.json',
  'tsconfig.json',
  'src/app.ts',
  'src/util.ts',
  'src/other.ts',
  'src/widgets/index.ts',
  'src/logo.svg',
  'packages/core/package.json',
  'packages/core/src/index.ts',
];

const ENTRIES: [string, ModuleResolution][] = [
  ['src/app.ts\0./util.js\0', { kind: 'file', file: 'src/util.ts' }],
  ['src/app.ts\0./widgets\0', { kind: 'file', file: 'src/widgets/index.ts' }],
  ['src/app.ts\0./logo.svg\0', { kind: 'external' }],
  ['src/app.ts\0./gone\0', { kind: 'missing' }],
  ['src/app.ts\0@ws/core\0', { kind: 'file', file: 'packages/core/src/index.ts' }],
  ['src/app.ts\0zod\0', { kind: 'package', packageName: 'zod' }],
  ['src/app.ts\0react\0t', { kind: 'external' }],
  ['src/app.ts\0node:fs\0', { kind: 'builtin' }],
  ['src/other.ts\0./util\0', { kind: 'file', file: 'src/util.ts' }],
];

const TSCONFIG = '{ "compilerOptions": { "strict": true } }';
const VERSIONS: [string, string][] = [
  ['package.json', 'root-entry-points'],
  ['tsconfig.json', 'tsconfig-1'],
  ['packages/core/package.json', 'core-entry-points'],
];

function snapshot(tree: readonly string[] = TREE, entries = ENTRIES, configuration: Configuration = configurationOf()): ResolutionSnapshot {
  return { tree: new Set(tree), scanned: new Set(tree.filter((f) => f.endsWith('.ts'))), configuration, declared: ['package.json\0zod', 'package.json\0react'], entries };
}

/** The tree's configuration: VERSIONS with the given files' versions changed (undefined removes one), and the tsconfig texts. */
function configurationOf(versions: Record<string, string | undefined> = {}, compilers: { file: string; text: string }[] = [{ file: 'tsconfig.json', text: TSCONFIG }]): Configuration {
  const all = new Map(VERSIONS);
  for (const [file, version] of Object.entries(versions)) {
    if (version === undefined) all.delete(file);
    else all.set(file, version);
  }
  return { versions: all, compilers };
}

function context(changes: { tree?: readonly string[]; scanned?: readonly string[]; configuration?: Configuration; declared?: string[]; texts?: string[] } = {}): ResolutionContext {
  const tree = changes.tree ?? TREE;
  return {
    tree: new Set(tree),
    scanned: new Set(changes.scanned ?? tree.filter((f) => f.endsWith('.ts'))),
    configuration: changes.configuration ?? configurationOf({}, (changes.texts ?? [TSCONFIG]).map((text) => ({ file: 'tsconfig.json', text }))),
    declared: changes.declared ?? ['package.json\0zod', 'package.json\0react'],
    packages: [{ name: '@ws/core', dir: 'packages/core' }],
  };
}

const carriedKeys = (result: [string, ModuleResolution][] | undefined) => result?.map(([key]) => key.split('\0').slice(0, 2).join(' '));

describe('carryResolutions', () => {
  it('keeps every resolution when the trees agree', () => {
    expect(carryResolutions(snapshot(), context())).toEqual(ENTRIES);
  });

  it('keeps nothing when the root tsconfig.json or package.json differs: they govern every file', () => {
    const moved = [{ file: 'tsconfig.json', text: '{ "compilerOptions": { "baseUrl": "src" } }' }];
    expect(carryResolutions(snapshot(), context({ configuration: configurationOf({ 'tsconfig.json': 'tsconfig-2' }, moved) }))).toEqual([]);
    expect(carryResolutions(snapshot(), context({ configuration: configurationOf({ 'package.json': 'other-entry-points' }) }))).toEqual([]);
  });

  it('resolves a relative import again when a file it could name comes or goes, and keeps the others', () => {
    const added = carryResolutions(snapshot(), context({ tree: [...TREE, 'src/util.tsx', 'src/gone/index.ts', 'src/unrelated.ts'] }));
    expect(carriedKeys(added)).toEqual([
      'src/app.ts ./widgets',
      'src/app.ts ./logo.svg',
      'src/app.ts @ws/core',
      'src/app.ts zod',
      'src/app.ts react',
      'src/app.ts node:fs',
    ]);
    const removed = carryResolutions(snapshot(), context({ tree: TREE.filter((f) => f !== 'src/widgets/index.ts' && f !== 'src/logo.svg') }));
    expect(carriedKeys(removed)).not.toContain('src/app.ts ./widgets');
    expect(carriedKeys(removed)).not.toContain('src/app.ts ./logo.svg');
    expect(carriedKeys(removed)).toContain('src/app.ts ./util.js');
  });

  it('counts a file that stopped being scanned as changed, and drops the imports of files no longer scanned', () => {
    const scanned = TREE.filter((f) => f.endsWith('.ts') && f !== 'src/util.ts' && f !== 'src/other.ts');
    const keys = carriedKeys(carryResolutions(snapshot(), context({ scanned })));
    expect(keys).not.toContain('src/app.ts ./util.js');
    expect(keys?.some((k) => k.startsWith('src/other.ts'))).toBe(false);
    expect(keys).toContain('src/app.ts ./widgets');
  });

  it('does not keep a relative import that led outside the path it wrote (a package.json main, for example)', () => {
    const entries: [string, ModuleResolution][] = [['src/app.ts\0./widgets\0', { kind: 'file', file: 'src/other.ts' }]];
    expect(carryResolutions(snapshot(TREE, entries), context())).toEqual([]);
  });

  it('resolves a workspace package again only when something in its directory changed', () => {
    expect(carriedKeys(carryResolutions(snapshot(), context({ tree: [...TREE, 'src/new.ts'] })))).toContain('src/app.ts @ws/core');
    expect(carriedKeys(carryResolutions(snapshot(), context({ tree: [...TREE, 'packages/core/src/new.ts'] })))).not.toContain('src/app.ts @ws/core');
  });

  it('resolves a package again when a package.json declares it, or its @types package, anew or no more', () => {
    const keys = carriedKeys(carryResolutions(snapshot(), context({ declared: ['package.json\0zod', 'packages/core/package.json\0@types/react'] })));
    expect(keys).toContain('src/app.ts zod');
    expect(keys).not.toContain('src/app.ts react');
  });

  it('resolves a package again only in the files below the package.json that declares it anew or no more', () => {
    const previous = snapshot(TREE, [...ENTRIES, ['packages/core/src/index.ts\0zod\0', { kind: 'package', packageName: 'zod' }]]);
    const declaredInCore = carriedKeys(carryResolutions(previous, context({ declared: ['package.json\0zod', 'package.json\0react', 'packages/core/package.json\0zod'] })));
    expect(declaredInCore).toContain('src/app.ts zod');
    expect(declaredInCore).not.toContain('packages/core/src/index.ts zod');
    const undeclaredAtRoot = carriedKeys(carryResolutions(previous, context({ declared: ['package.json\0react', 'packages/core/package.json\0zod'] })));
    expect(undeclaredAtRoot).not.toContain('src/app.ts zod');
    expect(undeclaredAtRoot).not.toContain('packages/core/src/index.ts zod');
    // A directory whose name only begins like the package.json's is not below it.
    const elsewhere = carriedKeys(carryResolutions(previous, context({ declared: ['package.json\0zod', 'package.json\0react', 'packages/co/package.json\0zod'] })));
    expect(elsewhere).toContain('packages/core/src/index.ts zod');
  });

  it('resolves again what a paths alias may lead into the tree, and everything under rootDirs or a catch-all alias', () => {
    const aliased = JSON.stringify({ compilerOptions: { paths: { 'zo*': ['./src/shims/*'] } } });
    expect(carriedKeys(carryResolutions(snapshot(), context({ texts: [aliased] })))).not.toContain('src/app.ts zod');
    // Comments and trailing commas are allowed, as TypeScript allows them.
    const catchAll = '{ // any package may be a local file\n "compilerOptions": { "paths": { "*": ["./types/*"], }, } }';
    expect(carryResolutions(snapshot(), context({ texts: [catchAll] }))).toBeUndefined();
    expect(carryResolutions(snapshot(), context({ texts: ['{ "compilerOptions": { "rootDirs": ["src", "generated"] } }'] }))).toBeUndefined();
  });
});

describe('carryResolutions when configuration files change', () => {
  const tree = [
    'package.json',
    'tsconfig.json',
    'apps/web/tsconfig.json',
    'apps/web/tsconfig.typecheck.json',
    'apps/web/page.ts',
    'apps/web/lib/format.ts',
    'packages/core/package.json',
    'packages/core/tsconfig.json',
    'packages/core/tsconfig.build.json',
    'packages/core/src/index.ts',
    'packages/core/src/util.ts',
    'packages/types/env.d.ts',
  ];
  const entries: [string, ModuleResolution][] = [
    ['apps/web/page.ts\0./lib/format\0', { kind: 'file', file: 'apps/web/lib/format.ts' }],
    ['apps/web/page.ts\0@/lib/format\0', { kind: 'file', file: 'apps/web/lib/format.ts' }],
    ['apps/web/page.ts\0@ws/core\0', { kind: 'file', file: 'packages/core/src/index.ts' }],
    ['apps/web/page.ts\0zod\0', { kind: 'package', packageName: 'zod' }],
    ['packages/core/src/index.ts\0./util\0', { kind: 'file', file: 'packages/core/src/util.ts' }],
    ['packages/core/src/index.ts\0zod\0', { kind: 'package', packageName: 'zod' }],
    ['packages/types/env.d.ts\0zod\0', { kind: 'package', packageName: 'zod' }],
  ];
  const WEB = { compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] }, strict: true }, include: ['**/*.ts', '../../packages/types/*.d.ts'] };
  const texts: Record<string, string> = {
    'tsconfig.json': TSCONFIG,
    'apps/web/tsconfig.json': JSON.stringify(WEB),
    'apps/web/tsconfig.typecheck.json': '{ "extends": "./tsconfig.json" }',
    'packages/core/tsconfig.json': '{ "extends": "./tsconfig.build.json" }',
    'packages/core/tsconfig.build.json': TSCONFIG,
  };
  /** A tree's configuration: `texts` with the given ones changed (undefined removes one); a file's version is its text. */
  const configured = (changed: Record<string, string | undefined> = {}): Configuration => {
    const all = Object.entries({ ...texts, ...changed }).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const versions = Object.fromEntries(all.map(([file, text]) => [file, text]));
    const removed = Object.fromEntries(Object.entries(changed).filter(([, text]) => text === undefined).map(([file]) => [file, undefined]));
    return configurationOf({ ...versions, ...removed }, all.map(([file, text]) => ({ file, text })));
  };
  const before = (changed: Record<string, string | undefined> = {}): ResolutionSnapshot => snapshot(tree, entries, configured(changed));
  const after = (changed: Record<string, string | undefined> = {}, files = tree): ResolutionContext => context({ tree: files, configuration: configured(changed) });
  const keys = (result: [string, ModuleResolution][] | undefined) => carriedKeys(result)?.map((key) => key.replace(' ', ' → '));
  const web = (change: object) => ({ 'apps/web/tsconfig.json': JSON.stringify({ ...WEB, ...change }) });
  const OUTSIDE_WEB = ['packages/core/src/index.ts → ./util', 'packages/core/src/index.ts → zod', 'packages/types/env.d.ts → zod'];

  it('resolves again only the imports of files a changed tsconfig.json governs', () => {
    expect(keys(carryResolutions(before(), after(web({ compilerOptions: { ...WEB.compilerOptions, moduleResolution: 'node16' } }))))).toEqual(OUTSIDE_WEB);
    expect(keys(carryResolutions(before(), after({ 'tsconfig.json': '{ "compilerOptions": { "baseUrl": "." } }' })))).toEqual([]);
  });

  it('keeps what a change module resolution does not read leaves as it was: type checking options, and what a configuration nothing references includes', () => {
    expect(carryResolutions(before(), after(web({ compilerOptions: { ...WEB.compilerOptions, strict: false, noUnusedLocals: true } })))).toHaveLength(entries.length);
    expect(carryResolutions(before(), after(web({ include: ['**/*.tsx'], exclude: ['integration'] })))).toHaveLength(entries.length);
  });

  it('treats a configuration a changed file extends as changed, and ignores one that nothing extends or references', () => {
    const build = { 'packages/core/tsconfig.build.json': '{ "compilerOptions": { "moduleResolution": "bundler" } }' };
    expect(keys(carryResolutions(before(), after(build)))).toEqual([
      'apps/web/page.ts → ./lib/format',
      'apps/web/page.ts → @/lib/format',
      'apps/web/page.ts → zod',
      'packages/types/env.d.ts → zod',
    ]);
    expect(carryResolutions(before(), after({ 'apps/web/tsconfig.typecheck.json': '{ "extends": "./tsconfig.json", "compilerOptions": { "baseUrl": "src" } }' }))).toHaveLength(entries.length);
  });

  it('resolves again the imports of files a changed configuration may take by reference, even when only what it includes changed', () => {
    // The root's solution governs nothing itself: its references take the files they include.
    const solution = JSON.stringify({ files: [], references: [{ path: './packages/core/tsconfig.build.json' }] });
    const layout = { 'tsconfig.json': solution, 'packages/core/tsconfig.json': undefined };
    const files = tree.filter((f) => f !== 'packages/core/tsconfig.json');
    const carried = (build: string) => carryResolutions(snapshot(files, entries, configured(layout)), context({ tree: files, configuration: configured({ ...layout, 'packages/core/tsconfig.build.json': build }) }));
    expect(carried('{ "include": ["src"] }')).toEqual([]);
    expect(carried(TSCONFIG)).toHaveLength(entries.length);
  });

  it('resolves a workspace package again when its package.json changed, wherever it is imported', () => {
    const result = keys(carryResolutions(before(), context({ tree, configuration: configurationOf({ ...Object.fromEntries(Object.entries(texts)), 'packages/core/package.json': 'other-entry-points' }, Object.entries(texts).map(([file, text]) => ({ file, text }))) })));
    expect(result).not.toContain('apps/web/page.ts → @ws/core');
    expect(result).toContain('apps/web/page.ts → ./lib/format');
    expect(result?.some((key) => key.startsWith('packages/core/'))).toBe(false);
  });

  it('keeps a paths alias while nothing its targets name changed, and resolves it again when something did', () => {
    expect(keys(carryResolutions(before(), after()))).toContain('apps/web/page.ts → @/lib/format');
    const added = keys(carryResolutions(before(), after({}, [...tree, 'apps/web/lib/format/index.ts'])));
    expect(added).not.toContain('apps/web/page.ts → @/lib/format');
    expect(added).not.toContain('apps/web/page.ts → ./lib/format');
    expect(added).toContain('apps/web/page.ts → zod');
  });

  it('resolves an alias again when the base of its targets is not known: a baseUrl a package configuration may set', () => {
    const inherited = { 'apps/web/tsconfig.json': JSON.stringify({ extends: '@acme/tsconfig/next.json', compilerOptions: { paths: { '@/*': ['./*'] } } }) };
    const result = keys(carryResolutions(before(inherited), after(inherited)));
    expect(result).not.toContain('apps/web/page.ts → @/lib/format');
    expect(result).toContain('apps/web/page.ts → ./lib/format');
  });
});
