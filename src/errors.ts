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
