import path from 'node:path';
import type { Command } from './commander.js';
import { escapeTerminalText as safe } from '../../reporters/terminal-text.js';
import { UsageError } from '../errors.js';
import { scanShard, type ScanOptions } from '../scan.js';
import { combineParts, parseShard, readPartial, writePartial } from '../shard/partial.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { exitingOnSignals } from './signals.js';
import { loadRules } from './load-rules.js';

interface ShardIo {
  cwd: string;
  stderr: { write(text: string): unknown };
}

/** The flags a shard reads beside the scan's own. */
export interface ShardFlags {
  shard?: string;
  format: string[];
  output: string[];
  changedSince?: string | false;
  newOnly?: boolean;
  quiet?: boolean;
}

/**
 * `debt-scan --shard K/N --output FILE`: analyses share K of N of the files and writes their
 * per-file results for `debt-scan merge`; no report and no gate (those are the merge's).
 */
export async function runShard(shardValue: string, flags: ShardFlags, options: ScanOptions, io: ShardIo): Promise<ExitCode> {
  const shard = parseShard(shardValue);
  if (flags.format.length > 0 || flags.output.length !== 1 || flags.output[0] === '-') {
    throw new UsageError('--shard writes its partial result to one --output FILE, and no --format: the reports are written by debt-scan merge');
  }
  if (typeof flags.changedSince === 'string' || flags.newOnly) throw new UsageError('--changed-since and --new-only go with debt-scan merge, not with --shard');
  const file = path.resolve(io.cwd, flags.output[0]);
  const partial = await exitingOnSignals(() => scanShard({ ...options, loadRules, shard }));
  writePartial(file, partial);
  if (!flags.quiet) {
    const { header } = partial;
    io.stderr.write(`debt-scan: shard ${header.shard}: analysed ${header.analysed} of ${header.files} files; wrote ${safe(flags.output[0])}\n`);
  }
  return EXIT.success;
}

/** The merge's scan options: every per-file result from the parts, checked to be the shards of one scan. */
export function mergeOptions(parts: readonly string[], io: ShardIo): Pick<ScanOptions, 'merge'> {
  const read = parts.map((part) => ({ shown: part, partial: readPartial(path.resolve(io.cwd, part), part) }));
  return { merge: combineParts(read) };
}

/**
 * `debt-scan merge PARTS... [scan options]`: the scan of a checkout with every per-file result
 * taken from the shards' parts; cross-file phases, scores, gate, baseline and reports as a single
 * run makes them. `withScanOptions` gives it the scan's options, `run` runs it.
 */
export function registerMergeCommand(program: Command, withScanOptions: (command: Command) => Command, run: (parts: string[], flags: unknown) => Promise<void>): void {
  withScanOptions(program.command('merge'))
    .description("merge the partial results of debt-scan --shard K/N runs into the reports a single scan writes (run it in a checkout of the same commit, with the same options)")
    .argument('<parts...>', 'the partial results of every shard, in any order')
    .exitOverride()
    .action(async (parts: string[], flags: unknown) => run(parts, flags));
}
