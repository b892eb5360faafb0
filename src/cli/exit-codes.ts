import { ConfigError, EnvironmentError, UsageError, errorCode } from '../errors.js';

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

/**
 * The exit code once stdout has been written or failed to be: a reader that closed the pipe early
 * (EPIPE) leaves the code as it was; stdout that cannot be written (a full disk, a closed
 * descriptor) is an output that cannot be written, 2, unless the run already ended in an internal error.
 */
export function exitCodeAfterStdout(code: ExitCode, stdoutError: unknown): ExitCode {
  if (stdoutError === undefined || errorCode(stdoutError) === 'EPIPE') return code;
  return code === EXIT.internal ? code : EXIT.usage;
}
