import { describe, expect, it } from 'vitest';
import { carryResolutions, type ResolutionContext, type ResolutionSnapshot } from '../../../src/module-graph/carry-resolutions.js';
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

function snapshot(tree: readonly string[] = TREE, entries = ENTRIES): ResolutionSnapshot {
  return { tree: new Set(tree), scanned: new Set(tree.filter((f) => f.endsWith('.ts'))), configuration: 'config-1', declared: ['package.json\0zod', 'package.json\0react'], entries };
}

function context(changes: { tree?: readonly string[]; scanned?: readonly string[]; configuration?: string; declared?: string[]; texts?: string[] } = {}): ResolutionContext {
  const tree = changes.tree ?? TREE;
  return {
    tree: new Set(tree),
    scanned: new Set(changes.scanned ?? tree.filter((f) => f.endsWith('.ts'))),
    configuration: changes.configuration ?? 'config-1',
    declared: changes.declared ?? ['package.json\0zod', 'package.json\0react'],
    configurationTexts: changes.texts ?? [TSCONFIG],
    packages: [{ name: '@ws/core', dir: 'packages/core' }],
  };
}

const carriedKeys = (result: [string, ModuleResolution][] | undefined) => result?.map(([key]) => key.split('\0').slice(0, 2).join(' '));

describe('carryResolutions', () => {
  it('keeps every resolution when the trees agree', () => {
    expect(carryResolutions(snapshot(), context())).toEqual(ENTRIES);
  });

  it('keeps nothing when a configuration file differs', () => {
    expect(carryResolutions(snapshot(), context({ configuration: 'config-2' }))).toBeUndefined();
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

  it('resolves again what a paths alias may lead into the tree, and everything under rootDirs or a catch-all alias', () => {
    const aliased = JSON.stringify({ compilerOptions: { paths: { 'zo*': ['./src/shims/*'] } } });
    expect(carriedKeys(carryResolutions(snapshot(), context({ texts: [aliased] })))).not.toContain('src/app.ts zod');
    // Comments and trailing commas are allowed, as TypeScript allows them.
    const catchAll = '{ // any package may be a local file\n "compilerOptions": { "paths": { "*": ["./types/*"], }, } }';
    expect(carryResolutions(snapshot(), context({ texts: [catchAll] }))).toBeUndefined();
    expect(carryResolutions(snapshot(), context({ texts: ['{ "compilerOptions": { "rootDirs": ["src", "generated"] } }'] }))).toBeUndefined();
  });
});
