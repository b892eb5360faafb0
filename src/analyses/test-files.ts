const TEST_NAME = /(?:^|\/)(?:__tests__|__mocks__|__fixtures__)\/|\.(?:test|spec|e2e|stories)\.[cm]?[jt]sx?$/u;
const TEST_DIRECTORY = /(?:^|\/)(?:tests?|specs?|e2e)\//u;

/**
 * True for test, spec, mock and story files, whose repeated arrange blocks are not reported by
 * default. `test/`, `tests/`, `spec/` and `e2e/` directories count only in a path relative to
 * the scan root (an absolute path may pass through such a directory above the project).
 */
export function isTestFile(file: string, relativeToRoot = true): boolean {
  return TEST_NAME.test(file) || (relativeToRoot && TEST_DIRECTORY.test(file));
}
