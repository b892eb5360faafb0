/** A mistake in how debt-scan was called: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A configuration file that cannot be read or does not match the schema: exit code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
  }
}

/** The `code` of a Node.js system error (`ENOENT`, `EACCES`, …), or the error's text for anything else. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return errorMessage(error);
}

/** The message of an Error, or the text of whatever else was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What the run was given to work with fails it: an output that cannot be written, a temporary
 * directory that does not exist. Exit code 2, like a usage error, said in one line.
 */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}
