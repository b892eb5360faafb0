import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createModuleResolver, type ModuleResolution, type ModuleResolver } from '../../../src/module-graph/create-module-resolver.js';
import { copyFixture, removeDirectory } from '../../helpers/fixtures.js';

const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDirectory));

/** Writes a small project into a fresh temporary directory (outside any git repository). */
function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'debt-scan-resolve-'));
  temporary.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** The files discovery would scan: sources outside node_modules and build output, no declarations. */
const sourcesOf = (files: Record<string, string>) =>
  Object.keys(files).filter((f) => /\.[cm]?[jt]sx?$/u.test(f) && !f.endsWith('.d.ts') && !/(?:^|\/)(?:node_modules|dist)\//u.test(f));

describe('createModuleResolver on fixtures/workspace', () => {
  const root = copyFixture('workspace');
  temporary.push(root);
  const resolver = createModuleResolver({
    root,
    files: [
      'packages/app/src/checkout.ts',
      'packages/app/src/main.ts',
      'packages/core/src/format.ts',
      'packages/core/src/index.ts',
      'packages/legacy/src/index.ts',
      'packages/ui/src/index.ts',
      'packages/ui/src/widgets/button.ts',
      'packages/ui/src/widgets/price-tag.ts',
      'packages/ui/src/widgets/spinner.ts',
    ],
    packages: [
      { dir: 'packages/app', name: '@ws/app' },
      { dir: 'packages/core', name: '@ws/core' },
      { dir: 'packages/legacy', name: '@ws/legacy' },
      { dir: 'packages/ui', name: '@ws/ui' },
    ],
  });

  it.each([
    ['packages/app/src/main.ts', '@ws/core', 'packages/core/src/index.ts'],
    ['packages/app/src/main.ts', '@ws/core/format', 'packages/core/src/format.ts'],
    ['packages/app/src/checkout.ts', '@ws/ui', 'packages/ui/src/index.ts'],
    ['packages/app/src/checkout.ts', '@ws/ui/widgets/spinner', 'packages/ui/src/widgets/spinner.ts'],
    ['packages/core/src/index.ts', './format.js', 'packages/core/src/format.ts'],
    ['packages/ui/src/index.ts', './widgets/button.js', 'packages/ui/src/widgets/button.ts'],
    ['packages/ui/src/widgets/price-tag.ts', '@ws/legacy', 'packages/legacy/src/index.ts'],
  ])('resolves %s: %s to %s', (from, specifier, file) => {
    expect(resolver.resolve(from, specifier)).toEqual({ kind: 'file', file });
    expect(resolver.resolveImport(from, specifier)).toBe(file);
  });

  it('reports a package that no package.json declares, naming the nearest manifest', () => {
    expect(resolver.resolve('packages/ui/src/widgets/spinner.ts', 'spinner-frames-kit')).toEqual({
      kind: 'undeclared',
      packageName: 'spinner-frames-kit',
      manifest: 'packages/ui',
    });
  });
});

describe('createModuleResolver on fixtures/ai-app', () => {
  const root = copyFixture('ai-app');
  temporary.push(root);
  const from = 'src/imports/resolved-imports.ts';
  const resolver = createModuleResolver({
    root,
    files: [from, 'src/imports/money.ts', 'src/imports/labels/index.ts', 'src/imports/unresolved-imports.ts'],
    packages: [],
  });
  const resolve = (specifier: string, typeOnly = false) => resolver.resolve(from, specifier, { typeOnly });

  it('resolves tsconfig paths aliases, index files and .js written for .ts', () => {
    expect(resolve('@app/imports/money')).toEqual({ kind: 'file', file: 'src/imports/money.ts' });
    expect(resolve('@app/imports/money.js')).toEqual({ kind: 'file', file: 'src/imports/money.ts' });
    expect(resolve('./labels')).toEqual({ kind: 'file', file: 'src/imports/labels/index.ts' });
    expect(resolve('./labels/index.js')).toEqual({ kind: 'file', file: 'src/imports/labels/index.ts' });
    expect(resolve('../imports/money.js')).toEqual({ kind: 'file', file: 'src/imports/money.ts' });
  });

  it('accepts assets, JSON, built-ins and declared packages', () => {
    expect(resolve('./catalog.json')).toEqual({ kind: 'external', target: 'src/imports/catalog.json' });
    expect(resolve('./theme.css')).toEqual({ kind: 'external', target: 'src/imports/theme.css' });
    expect(resolve('./theme.css?inline')).toEqual({ kind: 'external', target: 'src/imports/theme.css' });
    expect(resolve('node:fs/promises')).toEqual({ kind: 'builtin' });
    expect(resolve('path')).toEqual({ kind: 'builtin' });
    expect(resolve('node:not-yet-a-module')).toEqual({ kind: 'builtin' });
    expect(resolve('zod')).toEqual({ kind: 'package', packageName: 'zod' });
    expect(resolve('zod/v4')).toEqual({ kind: 'package', packageName: 'zod' });
  });

  it('accepts a type-only import of a package whose @types package is declared, and only that', () => {
    expect(resolve('express', true)).toEqual({ kind: 'package', packageName: 'express' });
    expect(resolve('express')).toEqual({ kind: 'undeclared', packageName: 'express', manifest: '.' });
  });

  it('reports paths and aliases to nothing, and undeclared packages', () => {
    expect(resolve('./helpers/format-date.js')).toEqual({ kind: 'missing', probed: ['src/imports/helpers/format-date.js'] });
    expect(resolve('@app/imports/legacy-totals')).toEqual({ kind: 'missing', probed: ['src/imports/legacy-totals'] });
    expect(resolve('left-pad-strings-ai')).toEqual({ kind: 'undeclared', packageName: 'left-pad-strings-ai', manifest: '.' });
    expect(resolve('@acme-ai/slug-tools/deep')).toEqual({ kind: 'undeclared', packageName: '@acme-ai/slug-tools', manifest: '.' });
  });

  it('does not judge specifiers only a bundler or runtime understands', () => {
    for (const specifier of ['virtual:pwa-register', 'https://esm.sh/preact', 'raw-loader!./text.txt', '#internal/config', '~/components/x', '$lib/db', '@/x', '']) {
      expect(resolve(specifier), specifier).toEqual({ kind: 'unknown' });
    }
  });
});

describe('createModuleResolver on generated projects', () => {
  const resolverFor = (files: Record<string, string>, packages: { dir: string; name: string }[] = []): ModuleResolver =>
    createModuleResolver({ root: writeTree(files), files: sourcesOf(files), packages });

  it('maps a referenced project\'s built declarations back to its sources', () => {
    const resolver = resolverFor(
      {
        'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './packages/lib' }, { path: './packages/web' }] }),
        'packages/lib/package.json': JSON.stringify({ name: '@p/lib', main: 'dist/index.js', types: 'dist/index.d.ts' }),
        'packages/lib/tsconfig.json': JSON.stringify({ compilerOptions: { composite: true, rootDir: 'source', outDir: 'dist' } }),
        'packages/lib/dist/index.d.ts': 'export declare const x: number;\n',
        'packages/lib/dist/index.js': 'export const x = 1;\n',
        'packages/lib/source/index.ts': 'export const x = 1;\n',
        'packages/web/package.json': JSON.stringify({ name: '@p/web', dependencies: { '@p/lib': '*' } }),
        'packages/web/src/main.ts': "import { x } from '@p/lib';\n",
      },
      [
        { dir: 'packages/lib', name: '@p/lib' },
        { dir: 'packages/web', name: '@p/web' },
      ],
    );
    expect(resolver.resolve('packages/web/src/main.ts', '@p/lib')).toEqual({ kind: 'file', file: 'packages/lib/source/index.ts' });
  });

  it('uses the paths of the referenced configuration that includes the file (Vite\'s solution layout)', () => {
    const resolver = resolverFor({
      'package.json': JSON.stringify({ name: 'web', type: 'module' }),
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.node.json' }, { path: './tsconfig.app.json' }] }),
      'tsconfig.node.json': JSON.stringify({ include: ['vite.config.ts'] }),
      'tsconfig.app.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./src/*'] } }, include: ['src'] }),
      'src/main.ts': "import { App } from '@/app';\n",
      'src/app.tsx': 'export const App = 1;\n',
      'vite.config.ts': 'export default {};\n',
    });
    expect(resolver.resolve('src/main.ts', '@/app')).toEqual({ kind: 'file', file: 'src/app.tsx' });
    expect(resolver.resolve('src/main.ts', '@/gone')).toEqual({ kind: 'missing', probed: ['src/gone'] });
  });

  it('resolves baseUrl imports and extensionless imports in a NodeNext ES module package', () => {
    const resolver = resolverFor({
      'package.json': JSON.stringify({ name: 'svc', type: 'module' }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', baseUrl: 'src' } }),
      'src/index.ts': '',
      'src/utils/clock.ts': '',
    });
    expect(resolver.resolve('src/index.ts', 'utils/clock')).toEqual({ kind: 'file', file: 'src/utils/clock.ts' });
    expect(resolver.resolve('src/index.ts', './utils/clock')).toEqual({ kind: 'file', file: 'src/utils/clock.ts' });
  });

  it('follows the import or require condition of package exports', () => {
    const resolver = resolverFor(
      {
        'package.json': JSON.stringify({ name: 'root', dependencies: { dual: '*' } }),
        'packages/dual/package.json': JSON.stringify({ name: 'dual', exports: { '.': { import: './esm/index.js', require: './cjs/index.cjs' } } }),
        'packages/dual/esm/index.js': 'export const a = 1;\n',
        'packages/dual/cjs/index.cjs': 'exports.a = 1;\n',
        'src/esm.ts': '',
        'src/legacy.cjs': '',
      },
      [{ dir: 'packages/dual', name: 'dual' }],
    );
    expect(resolver.resolve('src/esm.ts', 'dual', { kind: 'static' })).toEqual({ kind: 'file', file: 'packages/dual/esm/index.js' });
    expect(resolver.resolve('src/legacy.cjs', 'dual', { kind: 'require' })).toEqual({ kind: 'file', file: 'packages/dual/cjs/index.cjs' });
  });

  it('reports an installed package that is not declared (a phantom dependency), not a declared one', () => {
    const resolver = resolverFor({
      'package.json': JSON.stringify({ name: 'app', dependencies: { declared: '*' } }),
      'node_modules/declared/package.json': JSON.stringify({ name: 'declared', main: 'index.js' }),
      'node_modules/declared/index.js': '',
      'node_modules/phantom/package.json': JSON.stringify({ name: 'phantom', main: 'index.js' }),
      'node_modules/phantom/index.js': '',
      'src/a.ts': '',
    });
    expect(resolver.resolve('src/a.ts', 'declared')).toEqual({ kind: 'external' });
    expect(resolver.resolve('src/a.ts', 'phantom')).toEqual({ kind: 'undeclared', packageName: 'phantom', manifest: '.' });
  });

  it('reads the dependencies of every package.json up to the root', () => {
    const resolver = resolverFor({
      'package.json': JSON.stringify({ name: 'mono', devDependencies: { vitest: '*' } }),
      'apps/api/package.json': JSON.stringify({ name: 'api', dependencies: { fastify: '*' } }),
      'apps/api/src/server.ts': '',
    });
    expect(resolver.resolve('apps/api/src/server.ts', 'fastify')).toEqual({ kind: 'package', packageName: 'fastify' });
    expect(resolver.resolve('apps/api/src/server.ts', 'vitest')).toEqual({ kind: 'package', packageName: 'vitest' });
    expect(resolver.resolve('apps/api/src/server.ts', 'api')).toEqual({ kind: 'package', packageName: 'api' });
    expect(resolver.resolve('apps/api/src/server.ts', 'express')).toEqual({ kind: 'undeclared', packageName: 'express', manifest: 'apps/api' });
  });

  it('accepts the module aliases of a declared framework (Docusaurus), and only where it is declared', () => {
    const resolver = resolverFor({
      'package.json': JSON.stringify({ name: 'mono', private: true }),
      'website/package.json': JSON.stringify({ name: 'website', dependencies: { '@docusaurus/core': '3' } }),
      'website/tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@site/*': ['./*'] } } }),
      'website/src/pages/index.tsx': '',
      'app/package.json': JSON.stringify({ name: 'app' }),
      'app/src/index.ts': '',
    });
    for (const specifier of ['@theme/Layout', '@docusaurus/Link', '@site/data/posts.json', '@generated/docusaurus.config']) {
      expect(resolver.resolve('website/src/pages/index.tsx', specifier), specifier).toEqual({ kind: 'external' });
    }
    expect(resolver.resolve('website/src/pages/index.tsx', 'left-pad')).toEqual({ kind: 'undeclared', packageName: 'left-pad', manifest: 'website' });
    expect(resolver.resolve('app/src/index.ts', '@theme/Layout')).toEqual({ kind: 'undeclared', packageName: '@theme/Layout', manifest: 'app' });
  });

  it('does not report paths into build output or dependencies that appear only after a build or an install', () => {
    const resolver = resolverFor({
      'tsconfig.json': JSON.stringify({
        compilerOptions: { paths: { '@babel/types': ['./node_modules/@babel/types'], 'content/generated': ['./.content/generated'] } },
      }),
      'bin/cli.js': '',
    });
    expect(resolver.resolve('bin/cli.js', '../dist/index.js')).toEqual({ kind: 'external', unbuilt: true, probed: ['dist/index.js'] });
    expect(resolver.resolve('bin/cli.js', '../src/generated/schema')).toEqual({ kind: 'external', unbuilt: true, probed: ['src/generated/schema'] });
    expect(resolver.resolve('bin/cli.js', '@babel/types')).toEqual({ kind: 'external', unbuilt: true, probed: ['node_modules/@babel/types'] });
    expect(resolver.resolve('bin/cli.js', 'content/generated')).toEqual({ kind: 'external', unbuilt: true, probed: ['.content/generated'] });
    expect(resolver.resolve('bin/cli.js', '../src/index.js')).toEqual({ kind: 'missing', probed: ['src/index.js'] });
  });

  it('does not report packages where no package.json exists at all', () => {
    const resolver = resolverFor({ 'scripts/tool.js': '' });
    expect(resolver.resolve('scripts/tool.js', 'anything')).toEqual({ kind: 'package', packageName: 'anything' });
    expect(resolver.resolve('scripts/tool.js', './missing.js')).toEqual({ kind: 'missing', probed: ['scripts/missing.js'] });
  });

  it('prefers the scanned JavaScript file over a declaration file beside it', () => {
    const resolver = resolverFor({
      'src/legacy.js': 'module.exports = {};\n',
      'src/legacy.d.ts': 'export {};\n',
      'src/main.ts': '',
    });
    expect(resolver.resolve('src/main.ts', './legacy')).toEqual({ kind: 'file', file: 'src/legacy.js' });
  });
});

describe('createModuleResolver with the resolutions of an earlier run', () => {
  const files = { 'package.json': '{"name":"app"}', 'src/a.ts': "import './b';\nimport './logo.svg';\n", 'src/b.ts': 'export {};\n' };

  it('reuses what it is given, and resolves again a path that led nowhere where a file now lies', () => {
    const root = writeTree(files);
    const first = createModuleResolver({ root, files: sourcesOf(files), packages: [] });
    expect(first.resolve('src/a.ts', './b')).toEqual({ kind: 'file', file: 'src/b.ts' });
    expect(first.resolve('src/a.ts', './logo.svg')).toEqual({ kind: 'missing', probed: ['src/logo.svg'] });
    // What the earlier run recorded wins over the disk for settled kinds: the point is not to resolve again.
    const recorded = first.entries().map(([key, value]): [string, typeof value] => [key, value.kind === 'file' ? { kind: 'file', file: 'src/recorded.ts' } : value]);
    writeFileSync(path.join(root, 'src/logo.svg'), '<svg/>');
    const next = createModuleResolver({ root, files: sourcesOf(files), packages: [], known: recorded });
    expect(next.resolve('src/a.ts', './b')).toEqual({ kind: 'file', file: 'src/recorded.ts' });
    expect(next.resolve('src/a.ts', './logo.svg')).toEqual({ kind: 'external', target: 'src/logo.svg' });
    expect(next.entries()).toHaveLength(2);
    // A path that led nowhere and still names nothing on disk is not resolved again either.
    const stillMissing = createModuleResolver({ root, files: sourcesOf(files), packages: [], known: [['src/a.ts\0./gone.js\0', { kind: 'missing' }], ['src/a.ts\0./b\0', { kind: 'missing' }]] });
    expect(stillMissing.resolve('src/a.ts', './b')).toEqual({ kind: 'missing' });
    // A path that led to an asset is resolved again once the asset is gone.
    rmSync(path.join(root, 'src/logo.svg'));
    const gone = createModuleResolver({ root, files: sourcesOf(files), packages: [], known: next.entries() });
    expect(gone.resolve('src/a.ts', './logo.svg')).toEqual({ kind: 'missing', probed: ['src/logo.svg'] });
  });

  it('keeps an import of a file outside the scan while that file exists, whatever path the import wrote', () => {
    // A generated source is skipped, so the import TypeScript resolves to it leads outside the scan.
    const tree = { ...files, 'src/a.ts': "import './types';\nimport '../dist/out.js';\n", 'src/types.d.ts': 'export {};\n' };
    const root = writeTree(tree);
    const first = createModuleResolver({ root, files: sourcesOf(tree), packages: [] });
    expect(first.resolve('src/a.ts', './types')).toEqual({ kind: 'external', target: 'src/types.d.ts' });
    expect(first.resolve('src/a.ts', '../dist/out.js')).toEqual({ kind: 'external', unbuilt: true, probed: ['dist/out.js'] });
    // Recorded as something else, to tell a reused resolution from a new one.
    const recorded = first.entries().map(([key, value]): [string, ModuleResolution] => [key, { ...value, recorded: true } as unknown as ModuleResolution]);
    const next = createModuleResolver({ root, files: sourcesOf(tree), packages: [], known: recorded });
    expect(next.resolve('src/a.ts', './types')).toMatchObject({ recorded: true });
    expect(next.resolve('src/a.ts', '../dist/out.js')).toMatchObject({ recorded: true });
    // Once the declaration is gone, or the build output exists, the import is resolved again.
    rmSync(path.join(root, 'src/types.d.ts'));
    mkdirSync(path.join(root, 'dist'));
    writeFileSync(path.join(root, 'dist/out.js'), '');
    const after = createModuleResolver({ root, files: sourcesOf(tree), packages: [], known: recorded });
    expect(after.resolve('src/a.ts', './types')).toEqual({ kind: 'missing', probed: ['src/types'] });
    expect(after.resolve('src/a.ts', '../dist/out.js')).toEqual({ kind: 'external', target: 'dist/out.js' });
  });
});
