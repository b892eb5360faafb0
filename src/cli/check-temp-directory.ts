import { accessSync, constants, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { EnvironmentError, errorCode } from '../errors.js';

/**
 * Stops a run before any work when the temporary directory cannot be used (jscpd and the trend
 * write files there): a TMPDIR that names no directory is an error of the environment, said in one
 * line, rather than a failure deep inside a scan.
 */
export function checkTempDirectory(): void {
  const directory = tmpdir();
  const problem = problemWith(directory);
  if (problem === undefined) return;
  const variable = ['TMPDIR', 'TMP', 'TEMP'].find((name) => process.env[name]);
  const named = variable ? ` (from ${variable})` : '';
  throw new EnvironmentError(`the temporary directory ${directory}${named} ${problem}; create it, or set ${variable ?? 'TMPDIR'} to a directory that exists`);
}

function problemWith(directory: string): string | undefined {
  try {
    if (!statSync(directory).isDirectory()) return 'is not a directory';
    accessSync(directory, constants.W_OK | constants.X_OK);
    return undefined;
  } catch (error) {
    const code = errorCode(error);
    return code === 'ENOENT' ? 'does not exist' : `cannot be used (${code})`;
  }
}
