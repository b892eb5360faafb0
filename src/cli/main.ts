import { statSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from './commander.js';
import { describeCacheUse, failedConditions } from '../../reporters/format.js';
import { loadRenderer, REPORT_FORMATS } from '../../reporters/load-renderer.js';
import type { RenderOptions, ReportFormat } from '../../reporters/types.js';
import { userCacheDirectory } from '../cache/user-cache.js';
import { escapeTerminalLines as safeLines, escapeTerminalText as safe } from '../../reporters/terminal-text.js';
import { ConfigError, EnvironmentError, UsageError } from '../errors.js';
import type { ReportModel } from '../model/types.js';
import { scan, type ScanOptions, type ScanProgress } from '../scan.js';
import type { MemoryOptions } from '../memory/attach-precedents.js';
import { BASELINE_FILE } from '../baseline/baseline.js';
import { TOOL_VERSION } from '../version.js';
import { repositoryContext } from './ci-context.js';
import { checkTempDirectory } from './check-temp-directory.js';
import { EXIT, exitCodeFor, type ExitCode } from './exit-codes.js';
import { createProgressBar } from './progress-bar.js';
import { exitingOnSignals } from './signals.js';
import { planOutputs, type OutputFormats } from './output-plan.js';
import type { CliIo } from './cli-io.js';
import { registerExplainCommand } from './explain-command.js';
import { registerInitCommand } from './init-command.js';
import { registerBaselineCommand } from './baseline-command.js';
import { addGateOptions, gateOverrides, type GateFlags } from './gate-options.js';
import { addChangeOptions, changeChoice, comparingFormats, type ChangeChoice, type ChangeFlags } from './change-options.js';
import { recordRun, registerTrendCommand } from './trend-command.js';
import { mergeOptions, registerMergeCommand, runShard } from './shard-command.js';
import { writeOutput, writeText } from './write-output.js';
import { loadRules } from './load-rules.js';
import { collectGarbage, heapCheckpoint } from './heap.js';

export type { CliIo } from './cli-io.js';

interface ScanFlags extends GateFlags, ChangeFlags {
  shard?: string;
  format: string[];
  output: string[];
  config?: string;
  root?: string;
  cache: boolean;
  cacheLocation?: string;
  workers?: string;
  followLinksOutside?: boolean;
  failOn?: 'error' | 'warning' | 'warn' | 'never';
  baseline?: string | false;
  preset?: 'recommended' | 'strict';
  typed?: boolean;
  sarifCategory?: string;
  includeSuppressed?: boolean;
  timings?: boolean;
  history?: string;
  memory?: boolean;
  memoryMonths?: string;
  quiet?: boolean;
  verbose?: boolean;
  color: boolean;
}

const EXAMPLES = `
Examples:
  $ debt-scan                                   scan the current directory, print a summary
  $ debt-scan packages/api src                  scan some paths of the current directory
  $ debt-scan --format sarif --output debt.sarif
                                                write SARIF for code scanning
  $ debt-scan -f text -f json -o report.json -f html -o report.html
                                                print the summary, write JSON and HTML
  $ debt-scan --fail-on warning                 fail the gate on warnings too
  $ debt-scan --fail-on-category error-handling --max-module-debt 240
                                                gate on error handling and a debt budget per module
  $ debt-scan --preset strict                   every rule, clones and complexity too
  $ debt-scan --typed                           detectors ask the type checker where types settle it
  $ debt-scan --no-cache --verbose              analyse every file again, list skipped files
  $ debt-scan init --ci github                  a starting configuration and a GitHub Actions workflow
  $ debt-scan baseline                          accept today's findings: later scans gate on new ones
  $ debt-scan --shard 2/3 -o part-2.bin         analyse a third of the files (one CI job of three)
  $ debt-scan merge part-*.bin -f sarif -o debt.sarif
                                                the reports of all shards, as one scan writes them
  $ debt-scan explain require-error-cause       print a rule's documentation
  $ debt-scan trend --months 6 -o trend.md      debt month by month from git history

Each --output goes with the --format before it; a format without one prints to stdout.
Exit codes: 0 success, 1 quality gate failed, 2 usage or configuration error, 3 internal error.`;

/** Runs the CLI with the given arguments (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let verbose = argv.includes('--verbose') || argv.includes('-v');
  try {
    let code: ExitCode = EXIT.success;
    const program = buildProgram(io, async (paths, flags) => {
      verbose = Boolean(flags.verbose);
      code = await runScan(paths, flags, io, argv);
    });
    registerTrendCommand(program, io, argv, (trendCode) => {
      code = trendCode;
    });
    registerExplainCommand(program, io, (explainCode) => {
      code = explainCode;
    });
    registerInitCommand(program, io, (initCode) => {
      code = initCode;
    });
    registerMergeCommand(program, withScanOptions, async (parts, flags) => {
      verbose = Boolean((flags as ScanFlags).verbose);
      code = await runScan([], flags as ScanFlags, io, argv, parts);
    });
    registerBaselineCommand(program, io, (paths, flags) => scanOptionsOf(paths, { ...flags, format: [], output: [], color: false }, io), (baselineCode) => {
      code = baselineCode;
    });
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.success : EXIT.usage;
    }
    io.stderr.write(describeError(error, verbose));
    return exitCodeFor({ error });
  }
}

function buildProgram(
  io: CliIo,
  action: (paths: string[], flags: ScanFlags) => Promise<void>,
): Command {
  return withScanOptions(new Command('debt-scan'))
    .description('Find and score the complexity debt in a TypeScript or JavaScript repository:\nduplicated functions, unchecked assumptions and inconsistent error handling.')
    .version(TOOL_VERSION, '-V, --version')
    .argument('[paths...]', 'files or directories to scan; a single directory becomes the scan root (default: the current directory)')
    .option('--shard <K/N>', 'analyse share K of N of the files (balanced by size) and write the partial result to --output, for debt-scan merge')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(safeLines(s)) })
    .showHelpAfterError('(run debt-scan --help for usage)')
    .action(async (paths: string[], flags: ScanFlags) => action(paths, flags));
}

/** The options of a scan, which `debt-scan merge` takes too. */
function withScanOptions(command: Command): Command {
  return addChangeOptions(addGateOptions(command))
    .addOption(new Option('-f, --format <format>', `output format: ${REPORT_FORMATS.join(', ')} (repeatable)`).argParser(collect).default([]))
    .addOption(new Option('-o, --output <file>', 'write the preceding --format to this file, - for stdout (repeatable)').argParser(collect).default([]))
    .option('-c, --config <file>', 'configuration file (default: debt-scan.config.json or package.json#debtScan at the root)')
    .addOption(new Option('--preset <preset>', "rule set, replacing the configuration's preset: recommended (measured precision of 70 % and more) or strict (every rule)").choices(['recommended', 'strict']))
    .option('--typed', "a typed scan: the files a tsconfig includes are analysed with the type checker, one tsconfig's program at a time (slower; see README)")
    .option('--no-typed', "no typed scan, even if the configuration asks for one")
    .option('--root <dir>', 'scan root, where configuration and .gitignore are read (default: the current directory)')
    .option('--no-cache', 'analyse every file again instead of using the cache')
    .option('--cache-location <dir>', 'cache directory (default: node_modules/.cache/debt-scan of the root, or of the repository for a folder without node_modules)')
    .option('--workers <n>', 'worker threads beside the main thread (0: the main thread alone; default: by size of the scan and a trial of whether they pay on this machine; at most the cores beside the main thread)')
    .option('--follow-links-outside', 'read files and directories that links in the tree lead to outside the scan root (default: skip them)')
    .option('--baseline <file>', `compare with this baseline: its findings are unchanged, the gate judges new ones (default: ${BASELINE_FILE} at the root, if there is one)`)
    .option('--no-baseline', 'use no baseline, even if the root has one')
    .addOption(new Option('--fail-on <level>', 'fail the quality gate on findings of this level or above').choices(['error', 'warning', 'warn', 'never']))
    .option('--sarif-category <category>', 'SARIF automationDetails.id, to tell several uploads apart')
    .option('--include-suppressed', 'include findings silenced by eslint-disable comments in SARIF and reports')
    .option('--timings', 'include phase timings in the JSON report')
    .option('--history <file>', "append this run's summary (one JSON line) to a history file, for debt-scan trend --history")
    .option('--memory', 'read the git history (as debt-scan trend does) for how this team fixed each rule, and show beside each finding the most similar past fix in this repository')
    .option('--memory-months <n>', 'months of history --memory reads (default: 12)')
    .option('--no-color', 'no colours in the console summary')
    .option('-q, --quiet', 'print nothing but errors')
    .option('-v, --verbose', 'list skipped files and every notification; stack traces for internal errors');
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The scan's outputs: a text summary on stdout unless --format or --output say otherwise. */
const SCAN_OUTPUTS: OutputFormats<ReportFormat> = {
  formats: REPORT_FORMATS,
  byExtension: { '.sarif': 'sarif', '.json': 'json', '.md': 'markdown', '.html': 'html', '.htm': 'html', '.txt': 'text' },
  byDefault: 'text',
  noun: 'format',
};

/** A scan, or with `parts` a merge of shards' results, or with --shard one shard. */
async function runScan(paths: string[], flags: ScanFlags, io: CliIo, argv: readonly string[], parts?: string[]): Promise<ExitCode> {
  if (flags.shard !== undefined) return runShard(flags.shard, flags, scanOptionsOf(paths, flags, io), io);
  const targets = planOutputs(argv, SCAN_OUTPUTS);
  checkTempDirectory();
  const showProgress = !flags.quiet && Boolean(io.stderr.isTTY) && !io.env.CI;
  const bar = showProgress ? createProgressBar(io.stderr) : undefined;
  const change = changeChoice(flags, io.env, targets.map((t) => t.format));
  announceChange(change, targets.map((t) => t.format), flags, io);
  const onProgress = bar
    ? (p: ScanProgress) => {
        heapCheckpoint();
        bar.update(p);
      }
    : heapCheckpoint;
  const options = { ...scanOptionsOf(paths, flags, io), ...(parts ? mergeOptions(parts, io) : {}), onProgress };
  const memory = flags.memory ? memoryOptionsOf(options, flags, io) : undefined;
  let model: ReportModel;
  try {
    model = await exitingOnSignals(() => scanChange(options, change, io));
    if (memory) {
      const { withFixMemory } = await import('../memory/attach-precedents.js');
      model = await exitingOnSignals(() => withFixMemory(model, { ...memory, loadRules }));
    }
  } finally {
    bar?.stop();
  }
  // The scan's garbage goes before the reports are rendered on top of it.
  collectGarbage();
  await writeReports(model, targets, flags, io, argv);
  if (flags.history) await recordRun(model, flags.history, io, new Date());
  return exitCodeFor({ gatePassed: model.gate.passed });
}

/** The options of the memory of fixes: the scan's root, configuration and workers, and the months to read. */
function memoryOptionsOf(options: ScanOptions, flags: ScanFlags, io: CliIo): Omit<MemoryOptions, 'loadRules'> {
  const months = flags.memoryMonths === undefined ? 12 : Number(flags.memoryMonths);
  if (!Number.isInteger(months) || months < 2 || months > 120) throw new UsageError(`--memory-months takes a whole number from 2 to 120 (found "${flags.memoryMonths}")`);
  return {
    root: options.root ?? io.cwd,
    months,
    ...(options.configPath ? { configPath: options.configPath } : {}),
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    onWarning: flags.quiet ? undefined : (message) => io.stderr.write(`debt-scan: warning: ${safe(message)}\n`),
  };
}

/** Renders and writes every report; when all went to files, says so on stderr, and why the gate failed. */
async function writeReports(model: ReportModel, targets: ReturnType<typeof planOutputs<ReportFormat>>, flags: ScanFlags, io: CliIo, argv: readonly string[]): Promise<void> {
  const renderOptions = renderOptionsOf(model, flags, io, argv);
  // One report at a time: a large repository's JSON or SARIF text is tens of megabytes.
  for (const output of targets) {
    const { render, chunks } = await loadRenderer(output.format);
    const text = chunks?.(model, renderOptions) ?? render(model, renderOptions);
    if (output.file) await writeOutput(path.resolve(io.cwd, output.file), text, io);
    else if (!flags.quiet || output.format !== 'text') writeText(io.stdout, text);
  }
  if (flags.quiet || !targets.every((o) => o.file)) return;
  const cacheNote = renderOptions.showCache && model.cache ? `; cache: ${safe(describeCacheUse(model.cache))}` : '';
  io.stderr.write(`debt-scan: ${model.summary.findings} findings; wrote ${targets.map((o) => safe(o.file ?? '')).join(', ')}${cacheNote}\n`);
  // Every report went to a file: the log must still say why the job fails.
  if (!model.gate.passed) io.stderr.write(gateFailure(model));
}

/**
 * Scans, limited to the change when there is one. A change the CI job implied but git cannot
 * tell (a shallow clone, a target branch not fetched) falls back to every file, with a warning.
 */
async function scanChange(options: ScanOptions, change: ChangeChoice, io: CliIo): Promise<ReportModel> {
  if (!change) return scan({ ...options, loadRules });
  try {
    return await scan({ ...options, loadRules, changedSince: change.changedSince, newOnly: change.newOnly });
  } catch (error) {
    if (!change.automatic || !(error instanceof UsageError) || !error.message.startsWith('--changed-since:')) throw error;
    io.stderr.write(`debt-scan: warning: ${safe(error.message.slice('--changed-since: '.length))}; reporting every file\n`);
    return scan({ ...options, loadRules });
  }
}

/** Says on stderr which change a pull-request scan reports on, and what a comparing output will make of it. */
function announceChange(change: ChangeChoice, formats: readonly string[], flags: ScanFlags, io: CliIo): void {
  if (!change || flags.quiet) return;
  if (change.automatic) io.stderr.write(`debt-scan: pull-request job: reporting findings in files changed since ${safe(change.changedSince)} (--no-changed-since reports every file)\n`);
  const comparing = comparingFormats(formats);
  if (comparing.length > 0) {
    io.stderr.write(`debt-scan: warning: ${comparing.join(' and ')} output compares with the target branch itself and may count findings outside the change as fixed; scan every file for it\n`);
  }
}

/** The gate's failed conditions and the worst findings behind each (new ones, with a baseline), for a CI log. */
function gateFailure(model: ReportModel): string {
  const lines = [`debt-scan: quality gate FAILED: ${model.gate.failures.map(safe).join('; ')}\n`];
  const failed = failedConditions(model);
  for (const condition of failed) {
    if (condition.findings.length === 0) continue;
    if (failed.length > 1) lines.push(`  behind "${safe(condition.message)}":\n`);
    for (const f of condition.findings) lines.push(`  ${safe(f.file)}:${f.line}:${f.column}  ${f.level}  ${safe(f.ruleId)}\n`);
  }
  return lines.join('');
}

/** The terminal's width for the text summary: its columns, else `COLUMNS`, else the reporter's default. */
function textWidth(io: CliIo): { width?: number } {
  const columns = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : Number(io.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? { width: columns } : {};
}

/** The library options of a scan from the command line's paths and flags. */
function scanOptionsOf(paths: string[], flags: ScanFlags, io: CliIo): ScanOptions {
  const { root, scanPaths } = chooseRoot(paths, flags.root, io.cwd);
  const workers = parseWorkers(flags.workers);
  return {
    root,
    paths: scanPaths,
    ...(flags.config ? { configPath: path.resolve(io.cwd, flags.config) } : {}),
    ...(flags.preset ? { preset: flags.preset } : {}),
    ...(flags.typed === undefined ? {} : { typed: flags.typed }),
    ...(flags.baseline === undefined ? {} : { baseline: flags.baseline === false ? false : path.resolve(io.cwd, flags.baseline) }),
    ...(flags.failOn ? { failOn: flags.failOn === 'warn' ? 'warning' : flags.failOn } : {}),
    gate: gateOverrides(flags),
    cache: flags.cache ? undefined : false,
    ...(flags.cacheLocation ? { cacheLocation: path.resolve(io.cwd, flags.cacheLocation) } : {}),
    userCacheLocation: userCacheDirectory(io.env),
    ...(workers === undefined ? {} : { workers }),
    ...(flags.followLinksOutside ? { followLinksOutside: true } : {}),
    onWarning: (message) => io.stderr.write(`debt-scan: warning: ${safe(message)}\n`),
    onProgress: heapCheckpoint,
  };
}

function renderOptionsOf(model: ReportModel, flags: ScanFlags, io: CliIo, argv: readonly string[]): RenderOptions {
  return {
    color: flags.color && Boolean(io.stdout.isTTY) && !io.env.NO_COLOR,
    ...textWidth(io),
    verbose: Boolean(flags.verbose),
    commandLine: commandLineOf(argv),
    sarifCategory: flags.sarifCategory,
    includeSuppressed: Boolean(flags.includeSuppressed),
    includeTimings: Boolean(flags.timings),
    // CI logs say whether a cache was used, so that a restored cache that was not trusted shows.
    showCache: Boolean(io.env.CI) || Boolean(flags.verbose),
    ...repositoryContext(model.root, io.env, model.commit),
    onWarning: (message) => io.stderr.write(`debt-scan: warning: ${safe(message)}\n`),
  };
}

/** The command line as a shell would take it back, for SARIF's invocation record. */
function commandLineOf(argv: readonly string[]): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/u.test(arg) ? arg : `'${arg.replace(/'/gu, `'\\''`)}'`);
  return ['debt-scan', ...argv.map(quote)].join(' ');
}

function chooseRoot(paths: string[], rootFlag: string | undefined, cwd: string): { root: string; scanPaths: string[] } {
  if (rootFlag) {
    const root = path.resolve(cwd, rootFlag);
    return { root, scanPaths: paths.map((p) => path.relative(root, path.resolve(cwd, p))) };
  }
  for (const p of paths) {
    try {
      statSync(path.resolve(cwd, p));
    } catch {
      throw new UsageError(`the path ${p} does not exist`);
    }
  }
  if (paths.length === 1 && statSync(path.resolve(cwd, paths[0])).isDirectory()) {
    return { root: path.resolve(cwd, paths[0]), scanPaths: [] };
  }
  return { root: cwd, scanPaths: paths.map((p) => path.relative(cwd, path.resolve(cwd, p)) || '.') };
}

function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new UsageError(`--workers takes a whole number from 0 to 64 (found "${value}")`);
  return n;
}

/** What the user reads about an error that ended the run; what it quotes (paths, configuration values) is made safe for a terminal or CI log. */
export function describeError(error: unknown, verbose: boolean): string {
  if (error instanceof ConfigError) return `debt-scan: configuration error\n${error.problems.map((p) => safe(`${error.file}: ${p}`)).join('\n')}\n`;
  if (error instanceof UsageError) return `debt-scan: ${safe(error.message)}\n(run debt-scan --help for usage)\n`;
  if (error instanceof EnvironmentError) return `debt-scan: ${safe(error.message)}\n`;
  const message = error instanceof Error ? error.message : String(error);
  const stack = verbose && error instanceof Error && error.stack ? `\n${safeLines(error.stack)}` : '\n(run with --verbose for the stack trace)';
  return `debt-scan: internal error: ${safe(message)}${stack}\nPlease report this at https://github.com/debt-scan/debt-scan/issues\n`;
}
