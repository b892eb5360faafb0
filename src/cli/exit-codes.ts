import { ConfigError, EnvironmentError, UsageError } from '../errors.js';

/** The exit codes, documented in the README. */
export const EXIT = {
  success: 0,
  gateFailed: 1,
  usage: 2,
  internal: 3,
  /** A trend stopped by Ctrl-C or `kill`: 128 + the signal's number, as shells report it. */
  interrupted: 130,
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The one place that turns an outcome into an exit code. */
export function exitCodeFor(outcome: { gatePassed: boolean } | { error: unknown }): ExitCode {
  if ('error' in outcome) {
    const { error } = outcome;
    return error instanceof UsageError || error instanceof ConfigError || error instanceof EnvironmentError ? EXIT.usage : EXIT.internal;
  }
  return outcome.gatePassed ? EXIT.success : EXIT.gateFailed;
}
