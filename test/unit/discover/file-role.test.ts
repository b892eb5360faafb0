import { describe, expect, it } from 'vitest';
import { createRoleResolver, fileRoleOf } from '../../../src/discover/file-role.js';

describe('fileRoleOf', () => {
  it.each([
    ['src/a.test.ts', 'test'],
    ['src/b.spec.tsx', 'test'],
    ['apps/web/cypress/login.cy.ts', 'test'],
    ['src/__tests__/c.ts', 'test'],
    ['src/__mocks__/fs.ts', 'test'],
    ['test/helpers/d.ts', 'test'],
    ['packages/core/tests/fixtures/user.ts', 'test'],
    ['e2e/checkout.ts', 'test'],
    ['packages/api-e2e/src/orders.ts', 'test'],
    ['apps/playwright-api-tests/src/links.ts', 'test'],
    ['packages/app/vitestSetup.ts', 'test'],
    ['src/test-utils.tsx', 'test'],
    ['packages/db/migrations/add-users.ts', 'migration'],
    ['packages/db/migration/20241209110456_add_segment/migration.ts', 'migration'],
    ['src/migrations/1680000000000-AddUser.ts', 'migration'],
    ['packages/db/src/seed/index.ts', 'migration'],
    ['apps/web/scripts/backfill.ts', 'script'],
    ['tools/release.mjs', 'script'],
    ['examples/with-nextjs/src/app/page.tsx', 'example'],
    ['docs/components/Hero.tsx', 'example'],
    ['src/components/button/stories.tsx', 'example'],
    ['src/button.stories.tsx', 'example'],
    ['apps/web/tailwind.config.ts', 'config'],
    ['.lintstagedrc.js', 'config'],
  ] as const)('%s is %s', (file, role) => {
    expect(fileRoleOf(file)).toBe(role);
  });

  it.each([
    'src/orders.ts',
    'src/testing.ts',
    'src/contest/a.ts',
    'src/latest.ts',
    // A folder named like tests inside a source tree is a feature: a route, a command, a screen.
    'apps/web/app/api/webhook/test/route.ts',
    'packages/cli/src/options/test/delay.ts',
    'src/components/http/example/Body.vue.ts',
    'apps/web/app/api/docs/route.ts',
    // The migration engine of an ORM is its product; only a migration's own files or folder are not.
    'src/migration/MigrationExecutor.ts',
    'apps/web/ui/modals/ab-testing-modal.tsx',
    'apps/web/app/api/og/avatar/[[...seed]]/route.tsx',
  ])('%s is product code', (file) => {
    expect(fileRoleOf(file)).toBe('product');
  });
});

describe('createRoleResolver', () => {
  it('lets the configuration make files product code or not, whatever their path says', () => {
    const roleOf = createRoleResolver({ product: ['test/harness/**'], nonProduct: ['src/generated/**'] });
    expect(roleOf('test/harness/runner.ts')).toBe('product');
    expect(roleOf('test/unit/a.ts')).toBe('test');
    expect(roleOf('src/generated/client.ts')).toBe('script');
    expect(roleOf('src/orders.ts')).toBe('product');
  });

  it('gives every file the role fileRoleOf gives it, asking each directory once', () => {
    const paths = [
      'src/a.ts', 'src/a.test.ts', 'src/b.ts', 'test/a.ts', 'test/b.spec.ts', 'a.ts', 'vite.config.ts', 'src/test/route.ts', 'src/test/x.ts',
      'db/migrations/20240101000000_init/migration.ts', 'db/migrations/20240101000000_init/other.ts', 'packages/api-e2e/src/x.ts', 'docs/guide.ts', 'docs/guide.ts',
    ];
    const roleOf = createRoleResolver({ product: [], nonProduct: [] });
    expect(paths.map(roleOf)).toEqual(paths.map(fileRoleOf));
    expect(paths.map(roleOf)).toEqual(paths.map(fileRoleOf));
  });
});
