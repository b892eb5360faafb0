import { picomatch } from '../util/require-cjs.js';

/**
 * What a file is for. Only `product` code ships; tests, migrations and seeds, scripts, examples
 * and documentation, and tool configuration are code too, but most rules' concerns do not apply
 * to them (a crash in a test is a failing test; a migration runs once; an example is meant to be
 * copied), so rules report there only when their meta says they matter everywhere.
 */
export type FileRole = 'product' | 'test' | 'migration' | 'script' | 'example' | 'config';

export const NON_PRODUCT_ROLES: readonly Exclude<FileRole, 'product'>[] = ['test', 'migration', 'script', 'example', 'config'];

/** File names that say what a file is wherever it lies. */
const ROLE_BY_NAME: readonly [RegExp, FileRole][] = [
  [/\.(?:test|spec|e2e|e2e-spec|cy|bench|test-d)\.[cm]?[jt]sx?$/u, 'test'],
  [/\.(?:fixtures?|mocks?)\.[cm]?[jt]sx?$/u, 'test'],
  [/^(?:setup-?tests|test-?(?:utils|helpers|setup)|(?:vitest|jest|playwright|cypress)\.setup|global-?(?:setup|teardown))\.[cm]?[jt]sx?$/iu, 'test'],
  [/^(?:vitest|jest)[-.]?setup\w*\.[cm]?[jt]sx?$/iu, 'test'],
  [/(?:^|\.)(?:stories|story)\.[cm]?[jt]sx?$/u, 'example'],
  [/^\d{8,}[-_.].*\.[cm]?[jt]s$/u, 'migration'],
  [/^(?:seed|seeds)\.[cm]?[jt]s$/u, 'migration'],
  [/^[\w.-]+\.config\.[cm]?[jt]s$|^\.[\w-]+rc\.[cm]?js$|^(?:gulpfile|gruntfile|jakefile)\.[cm]?[jt]s$/iu, 'config'],
];

/** Directory names that mark everything below them, wherever they appear. */
const ROLE_BY_DIRECTORY: ReadonlyMap<string, FileRole> = new Map([
  ['__tests__', 'test'],
  ['__test__', 'test'],
  ['__mocks__', 'test'],
  ['__mock__', 'test'],
  ['__fixtures__', 'test'],
  ['__snapshots__', 'test'],
  ['e2e', 'test'],
  ['cypress', 'test'],
  ['playwright', 'test'],
  ['migrations', 'migration'],
  ['seeds', 'migration'],
  ['seeders', 'migration'],
  ['seed', 'migration'],
  ['scripts', 'script'],
  ['.storybook', 'example'],
  ['storybook', 'example'],
  ['examples', 'example'],
  ['benchmarks', 'example'],
]);

/**
 * Directory names that mark everything below them only outside a source tree: `src/…/test/` or
 * `app/…/docs/` is more often a feature of the product (a route, a command) than its tests.
 */
const ROLE_BY_TOP_DIRECTORY: ReadonlyMap<string, FileRole> = new Map([
  ['test', 'test'],
  ['tests', 'test'],
  ['spec', 'test'],
  ['specs', 'test'],
  ['fixtures', 'test'],
  ['mocks', 'test'],
  ['example', 'example'],
  ['demo', 'example'],
  ['demos', 'example'],
  ['docs', 'example'],
  ['doc', 'example'],
  ['dev-docs', 'example'],
  ['bench', 'example'],
  ['benchmark', 'example'],
  ['script', 'script'],
  ['tools', 'script'],
]);

const SOURCE_TREE = new Set(['src', 'app', 'lib', 'pages', 'components', 'modules', 'routes', 'server', 'client', 'source']);
/** A workspace package or folder of end-to-end or integration tests: `e2e-tests`, `api-e2e`, `playwright-tests`. */
const TEST_PACKAGE = /^(?:e2e-.+|.+-e2e|.+-tests|.+-e2e-tests)$/u;
/** A migration's own folder, as Prisma and other tools name them: a timestamp first. */
const TIMESTAMPED = /^\d{8,}[-_]/u;

/**
 * The role of a file from its path relative to the scan root (POSIX separators): its name first
 * (`*.test.ts`), then the directories above it, the nearest deciding. A path that names nothing
 * is product code.
 */
export function fileRoleOf(relative: string): FileRole {
  const slash = relative.lastIndexOf('/');
  return roleByName(relative.slice(slash + 1)) ?? (slash < 0 ? undefined : directoryRole(relative.slice(0, slash))) ?? 'product';
}

function roleByName(name: string): FileRole | undefined {
  for (const [pattern, role] of ROLE_BY_NAME) if (pattern.test(name)) return role;
  return undefined;
}

/** The role the directories of a path (`a/b/c`) give the files below them, if any. */
function directoryRole(path: string): FileRole | undefined {
  const directories = path.split('/');
  let inSourceTree = false;
  let found: FileRole | undefined;
  for (const [index, directory] of directories.entries()) {
    const lower = directory.toLowerCase();
    const role =
      ROLE_BY_DIRECTORY.get(lower) ??
      (!inSourceTree ? ROLE_BY_TOP_DIRECTORY.get(lower) : undefined) ??
      (TEST_PACKAGE.test(lower) ? 'test' : undefined) ??
      (TIMESTAMPED.test(directory) && index > 0 && /^migrations?$/iu.test(directories[index - 1]) ? 'migration' : undefined);
    if (role) found = role;
    if (SOURCE_TREE.has(lower)) inSourceTree = true;
  }
  return found;
}

/** The user's corrections of the detection: globs relative to the scan root. */
export interface RoleSettings {
  /** Files that are product code whatever their path says. */
  product: readonly string[];
  /** Files that are not product code (counted as `script`) whatever their path says. */
  nonProduct: readonly string[];
}

/** `fileRoleOf` with the configuration's globs applied first. */
export function createRoleResolver(settings: RoleSettings): (relative: string) => FileRole {
  const product = settings.product.length > 0 ? picomatch([...settings.product], { dot: true }) : undefined;
  const nonProduct = settings.nonProduct.length > 0 ? picomatch([...settings.nonProduct], { dot: true }) : undefined;
  // The files of a directory share what its path says: asked once per directory.
  const byDirectory = new Map<string, FileRole | undefined>();
  return (relative) => {
    if (product?.(relative)) return 'product';
    if (nonProduct?.(relative)) return 'script';
    const slash = relative.lastIndexOf('/');
    const byName = roleByName(relative.slice(slash + 1));
    if (byName || slash < 0) return byName ?? 'product';
    const directory = relative.slice(0, slash);
    let role = byDirectory.get(directory);
    if (role === undefined && !byDirectory.has(directory)) byDirectory.set(directory, (role = directoryRole(directory)));
    return role ?? 'product';
  };
}

/** Whether a rule reports in a file, by the rule's roles and the configuration's globs (clone rules compare only these files). */
export function coveredByRule(
  config: { rules: readonly { name: string; fileRoles: readonly FileRole[] }[]; files: RoleSettings },
  rule: string,
): (file: string) => boolean {
  const roles = config.rules.find((r) => r.name === rule)?.fileRoles ?? ['product'];
  const roleOf = createRoleResolver(config.files);
  return (file) => roles.includes(roleOf(file));
}
