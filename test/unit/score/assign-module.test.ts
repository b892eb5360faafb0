import { describe, expect, it } from 'vitest';
import { assignModule, createModuleAssigner } from '../../../src/score/assign-module.js';

const packages = [
  { dir: 'apps/web', name: 'web' },
  { dir: 'packages/ui', name: '@acme/ui' },
  { dir: 'packages/ui/plugins/chart', name: '@acme/chart' },
];

describe('assignModule', () => {
  it.each([
    // Directories below the scan root, `depth` of them.
    ['src/driver/postgres/PostgresDriver.ts', 2, 'src/driver'],
    ['src/index.ts', 2, 'src'],
    ['index.ts', 2, '.'],
    ['src/driver/postgres/PostgresDriver.ts', 3, 'src/driver/postgres'],
    // Inside a workspace package, counted from the package, named by the package.
    ['apps/web/lib/api/links.ts', 2, 'web/lib'],
    ['apps/web/app/(ee)/page.tsx', 2, 'web/app'],
    ['apps/web/middleware.ts', 2, 'web'],
    ['apps/web/lib/api/links.ts', 1, 'web'],
    ['apps/web/lib/api/links.ts', 3, 'web/lib/api'],
    // A package's src folder is skipped.
    ['packages/ui/src/icons/arrow.tsx', 2, '@acme/ui/icons'],
    ['packages/ui/src/index.ts', 2, '@acme/ui'],
    // The innermost package wins.
    ['packages/ui/plugins/chart/src/bar.ts', 2, '@acme/chart'],
  ])('%s at depth %i is module %s', (file, depth, module) => {
    expect(assignModule(file, packages, depth)).toBe(module);
  });
});

describe('createModuleAssigner', () => {
  it('gives every file the module assignModule gives it, whatever the order of the files', () => {
    const files = [
      'apps/web/lib/api/links.ts',
      'apps/web/lib/api/domains.ts',
      'apps/web/middleware.ts',
      'packages/ui/src/index.ts',
      'packages/ui/plugins/chart/src/bar.ts',
      'packages/ui/plugins/chart/src/line.ts',
      'src/driver/postgres/PostgresDriver.ts',
      'index.ts',
      'apps/web/lib/api/links.ts',
    ];
    for (const depth of [1, 2, 3]) {
      const assign = createModuleAssigner(packages, depth);
      for (const file of [...files, ...files.toReversed()]) expect(assign(file)).toBe(assignModule(file, packages, depth));
    }
  });
});
