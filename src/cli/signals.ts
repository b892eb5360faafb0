import { EXIT } from './exit-codes.js';

/**
 * Runs `work` with SIGINT and SIGTERM turned into a normal exit with the shell's code for the
 * signal (130, 143), so that the exit handlers remove scratch directories and stop child
 * processes (src/util/scratch.ts) instead of the process vanishing with them in place.
 */
export async function exitingOnSignals<T>(work: () => Promise<T>): Promise<T> {
  const onInterrupt = (): void => process.exit(EXIT.interrupted);
  const onTerminate = (): void => process.exit(EXIT.terminated);
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onTerminate);
  try {
    return await work();
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onTerminate);
  }
}
