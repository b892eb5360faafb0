// Shared by the scripts that generate checked-in files from the compiled sources.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes `text` to `file` when it differs; with --check on the command line, writes nothing and
 * sets exit code 1 when the file is stale, naming the npm script that regenerates it.
 */
export function writeOrCheck(file, text, script) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // ignore: the file does not exist yet
  }
  const shown = path.relative(process.cwd(), file) || file;
  if (current === text) return;
  if (process.argv.includes('--check')) {
    console.error(`${shown} is out of date; run \`npm run ${script}\`.`);
    process.exitCode = 1;
  } else {
    writeFileSync(file, text);
    console.log(`${shown} updated.`);
  }
}
