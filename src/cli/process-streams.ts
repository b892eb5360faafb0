import { errorCode } from '../errors.js';
import { EXIT, exitCodeAfterStdout, type ExitCode } from './exit-codes.js';
import { describeError } from './main.js';

/** One of the process's output streams, with the first error a write to it met. */
export interface WatchedStream {
  readonly error: unknown;
  /** Resolves once everything written so far has reached the stream's descriptor, or failed to. */
  settled(): Promise<void>;
}

/**
 * Keeps the errors of a process stream (a pipe whose reader left, a full disk) from ending the
 * process with Node's stack trace: the first one is kept for the exit code, later ones ignored.
 */
export function watchStream(stream: NodeJS.WriteStream): WatchedStream {
  let first: unknown;
  stream.on('error', (error) => {
    first ??= error;
  });
  return {
    get error() {
      return first;
    },
    settled: () => new Promise<void>((resolve) => stream.write('', () => resolve())),
  };
}

/**
 * The exit code of a run once its stdout has been written: a reader that closed the pipe early
 * (`debt-scan | head`) changes nothing; any other failure is said on stderr, in one line.
 */
export async function settleStdout(code: ExitCode, stdout: WatchedStream, stderr: NodeJS.WriteStream): Promise<ExitCode> {
  await stdout.settled();
  if (stdout.error !== undefined && errorCode(stdout.error) !== 'EPIPE') stderr.write(`debt-scan: cannot write to stdout (${errorCode(stdout.error)})\n`);
  return exitCodeAfterStdout(code, stdout.error);
}

/** An error that nothing caught (a rejected promise nobody awaited) ends the run as an internal error, in a few lines. */
export function exitOnUncaughtErrors(argv: readonly string[], stderr: NodeJS.WriteStream): void {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  const crash = (error: unknown): void => {
    stderr.write(describeError(error, verbose));
    process.exit(EXIT.internal);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}
