import path from 'node:path';
import type { Command } from './commander.js';
import { escapeTerminalLines as safeLines, escapeTerminalText as safe } from '../../reporters/terminal-text.js';
import { BASELINE_FILE, entriesOf, renderBaseline } from '../baseline/baseline.js';
import type { ScanOptions } from '../scan.js';
import { scan } from '../scan.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { exitingOnSignals } from './signals.js';
import { writeOutput, type OutputStreams } from './write-output.js';
import { loadRules } from './load-rules.js';

export interface BaselineFlags {
  output?: string;
  update?: boolean;
  addNew?: boolean;
  config?: string;
  root?: string;
  preset?: 'recommended' | 'strict';
  cache: boolean;
  workers?: string;
  quiet?: boolean;
}

interface BaselineIo extends OutputStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
}

/**
 * `debt-scan baseline`: writes the findings of a scan as the baseline that later scans compare
 * with (src/baseline/baseline.ts). `--update` drops what was fixed and adds nothing unless asked.
 */
export function registerBaselineCommand(
  program: Command,
  io: BaselineIo,
  scanOptionsFor: (paths: string[], flags: BaselineFlags) => ScanOptions,
  done: (code: ExitCode) => void,
): void {
  program
    .command('baseline')
    .description('write the findings of this scan as the baseline: later scans mark them unchanged, and the gate judges only new ones')
    .argument('[paths...]', 'what to scan, as for a scan')
    .option('-o, --output <file>', `the baseline file (default: ${BASELINE_FILE} at the scan root, where scans look for it)`)
    .option('--update', 'drop the findings that were fixed from the existing baseline; add no new ones')
    .option('--add-new', 'with --update, add the new findings too')
    .option('-c, --config <file>', 'configuration file, as for a scan')
    .option('--root <dir>', 'scan root, as for a scan')
    .option('--preset <preset>', 'rule set, as for a scan')
    .option('--no-cache', 'analyse every file again')
    .option('--workers <n>', 'worker threads, as for a scan')
    .option('-q, --quiet', 'print nothing but errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(safeLines(s)) })
    .action(async (paths: string[], flags: BaselineFlags) => done(await writeBaseline(paths, flags, io, scanOptionsFor)));
}

async function writeBaseline(paths: string[], flags: BaselineFlags, io: BaselineIo, scanOptionsFor: (paths: string[], flags: BaselineFlags) => ScanOptions): Promise<ExitCode> {
  const options = scanOptionsFor(paths, flags);
  const root = options.root ?? io.cwd;
  const file = flags.output ? path.resolve(io.cwd, flags.output) : path.join(root, BASELINE_FILE);
  const shown = flags.output ?? path.relative(io.cwd, file);
  // With --update, the scan compares with the existing baseline itself (reading it first, so that a
  // damaged one stops the run before any work), exactly as a later scan will.
  const model = await exitingOnSignals(() => scan({ ...options, loadRules, baseline: flags.update ? file : false }));
  const all = entriesOf(model.findings);
  let entries = all;
  let note = `${model.findings.length} findings`;
  if (flags.update) {
    const fresh = model.findings.filter((f) => f.baselineState === 'new').length;
    entries = flags.addNew ? all : all.filter((_, i) => model.findings[i].baselineState === 'unchanged');
    const fixed = model.baseline?.fixed ?? 0;
    note = `${entries.length} findings: ${fixed} fixed since and dropped${flags.addNew && fresh > 0 ? `, ${fresh} new added` : ''}${!flags.addNew && fresh > 0 ? `, ${fresh} new not added (--add-new adds them)` : ''}`;
  }
  await writeOutput(file, renderBaseline(entries), io);
  if (!flags.quiet) io.stderr.write(`debt-scan: wrote the baseline of ${safe(note)} to ${safe(shown)}\n`);
  return EXIT.success;
}
