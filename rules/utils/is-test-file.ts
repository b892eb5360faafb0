import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';

const TEST_FILE = /(?:^|[/\\])(?:__tests__|__mocks__)[/\\]|\.(?:test|spec)\.[cm]?[jt]sx?$/u;

/**
 * Whether a path names a test file: `*.test.ts`, `*.spec.tsx`, or a file under `__tests__/` or
 * `__mocks__/`. Only markers that mean "test" wherever they appear count, so that ESLint (which
 * sees absolute paths) and the scanner (relative paths) agree; a `test/` folder is not one.
 */
export function isTestFile(fileName: string): boolean {
  return TEST_FILE.test(fileName);
}

/**
 * The schema of a rule's `allowInTests` option, which skips the files `isTestFile` matches;
 * `reason` ends its description (why the rule's finding matters less in a test).
 */
export function allowInTestsSchema(reason?: string): JSONSchema4 {
  return { type: 'boolean', description: `Skip test files (\`*.test.*\`, \`*.spec.*\`, \`__tests__/\`)${reason ? `, ${reason}` : ''}.` };
}
