import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from './commander.js';
import { escapeTerminalLines as safeLines, escapeTerminalText as safe } from '../../reporters/terminal-text.js';
import { loadTrendRenderer, TREND_FORMATS, type TrendFormat } from '../../reporters/load-renderer.js';
import { UsageError } from '../errors.js';
import { branchAt } from '../git/working-tree.js';
import type { ReportModel } from '../model/types.js';
import type { GitPointProgress } from '../trend/trend-from-git.js';
import type { TrendInterval, TrendModel } from '../trend/types.js';
import { appendLine, codeOf } from './append-history.js';
import { checkTempDirectory } from './check-temp-directory.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { exitingOnSignals } from './signals.js';
import { planOutputs, type OutputFormats } from './output-plan.js';
import type { CliIo } from './cli-io.js';
import { writeOutput } from './write-output.js';
import { loadRules } from './load-rules.js';
import { limitHeapGrowthFromNow } from './heap.js';

interface TrendFlags {
  months: string;
  interval: TrendInterval;
  branch?: string;
  format?: string;
  output?: string;
  history?: string;
  root?: string;
  config?: string;
  until?: string;
  workers?: string;
  quiet?: boolean;
  memory: boolean;
}

const EXAMPLES = `
Examples:
  $ debt-scan trend                             twelve months of the current branch, as Markdown
  $ debt-scan trend --format html --output trend.html
  $ debt-scan trend --interval week --months 3 --branch main
  $ debt-scan --history debt-history.jsonl      (in CI) record this run's summary
  $ debt-scan trend --history debt-history.jsonl
                                                the trend of the recorded runs, without git

Each point is the last commit of the branch (first-parent line) at or before the end of its
interval, read from git without a checkout and scanned with the current configuration.
Exit codes: 0 success, 2 not a git repository, shallow clone, unknown branch or other usage error.`;

/** Adds `debt-scan trend` to the program; `done` receives the command's exit code. */
export function registerTrendCommand(program: Command, io: CliIo, argv: readonly string[], done: (code: ExitCode) => void): void {
  program.enablePositionalOptions(); // the program's own --format, --output, … stay before `trend`
  program
    .command('trend')
    .description('report how debt changed over time, from git history or from runs stored with --history')
    .option('--months <n>', 'how many months back the trend reaches', '12')
    .addOption(new Option('--interval <interval>', 'one point per month or per week').choices(['month', 'week']).default('month'))
    .option('--branch <ref>', 'branch (or any revision) whose history to follow (default: the checked-out branch)')
    .addOption(new Option('-f, --format <format>', `output format: ${TREND_FORMATS.join(', ')} (default: by the --output extension, else markdown; repeatable)`))
    .option('-o, --output <file>', 'write the --format before it to this file instead of stdout (repeatable)')
    .option('--history <file>', 'draw the trend from a file written by debt-scan --history, without git')
    .option('--root <dir>', 'scan root inside the git working tree (default: the current directory)')
    .option('-c, --config <file>', 'configuration file (default: the one at the root, as for a scan)')
    .option('--until <date>', 'end of the trend, an ISO date or date-time in UTC (default: the last commit of the branch, or the last run recorded; a date includes its whole day)')
    .option('--workers <n>', 'worker threads that analyse the file versions of all points (default: by size, up to one fewer than the cores, as the main thread runs the cross-file phases meanwhile)')
    .option('--no-memory', 'leave out the memory of fixes: which rules this team fixes, a past fix for each open finding, the fix a recurring finding undid')
    .option('-q, --quiet', 'print nothing but errors and warnings')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(safeLines(s)) })
    // The command's own arguments, after its name: the outputs are read from them in order.
    .action(async (flags: TrendFlags) => done(await runTrend(flags, io, argv.slice(argv.indexOf('trend') + 1))));
}

/** The trend's outputs: Markdown on stdout unless --format or --output say otherwise. */
const TREND_OUTPUTS: OutputFormats<TrendFormat> = {
  formats: TREND_FORMATS,
  byExtension: { '.md': 'markdown', '.html': 'html', '.htm': 'html', '.json': 'json' },
  byDefault: 'markdown',
  unknownExtension: 'markdown',
  noun: 'trend format',
};

async function runTrend(flags: TrendFlags, io: CliIo, argv: readonly string[]): Promise<ExitCode> {
  const months = parseMonths(flags.months);
  const until = flags.until === undefined ? undefined : parseUntil(flags.until);
  const targets = planOutputs(argv, TREND_OUTPUTS);
  const window = { interval: flags.interval, months, ...(until ? { until } : {}), ...(flags.branch ? { branch: flags.branch } : {}) };
  const warn = onceEach((message) => io.stderr.write(`debt-scan: warning: ${safe(message)}\n`));
  let trend: TrendModel;
  if (flags.history) {
    const file = path.resolve(io.cwd, flags.history);
    const { parseHistory, trendFromSnapshots } = await import('../trend/trend-from-history.js');
    const { snapshots, warnings } = parseHistory(readHistory(file, flags.history), flags.history);
    warnings.forEach(warn);
    trend = trendFromSnapshots(snapshots, window);
  } else {
    checkTempDirectory();
    // Every point of a trend analyses files: no run of it is small enough to spare the limit.
    limitHeapGrowthFromNow();
    const { trendFromGit } = await import('../trend/trend-from-git.js');
    trend = await exitingOnSignals(() =>
      trendFromGit({
        ...window,
        root: path.resolve(io.cwd, flags.root ?? '.'),
        ...(flags.config ? { configPath: path.resolve(io.cwd, flags.config) } : {}),
        ...(flags.workers === undefined ? {} : { workers: parseWorkers(flags.workers) }),
        memory: flags.memory,
        loadRules,
        onWarning: warn,
        onPoint: flags.quiet ? undefined : (p) => io.stderr.write(describePoint(p)),
      }),
    );
  }
  const written: string[] = [];
  for (const target of targets) {
    const text = (await loadTrendRenderer(target.format))(trend);
    if (target.file === undefined) {
      io.stdout.write(text);
      continue;
    }
    await writeOutput(path.resolve(io.cwd, target.file), text, io);
    written.push(target.file);
  }
  if (!flags.quiet && written.length > 0) io.stderr.write(`debt-scan: wrote the trend of ${trend.points.length} points to ${written.map(safe).join(', ')}\n`);
  return EXIT.success;
}

/**
 * Appends the summary of a scan to a history file as one line of JSON (date, commit, branch,
 * totals, debt by category, module and rule, fingerprints), safely alongside other writers.
 */
export async function recordRun(model: ReportModel, file: string, io: CliIo, now: Date): Promise<void> {
  const branch = (await branchAt(model.root)) ?? io.env.GITHUB_REF_NAME ?? io.env.CI_COMMIT_REF_NAME;
  const { snapshotOf } = await import('../trend/snapshot.js');
  const snapshot = snapshotOf(model, { date: now.toISOString(), ...(branch ? { branch } : {}) });
  await appendLine(path.resolve(io.cwd, file), JSON.stringify(snapshot));
}

function describePoint(p: GitPointProgress): string {
  const head = `debt-scan: ${safe(p.label)} (${p.index + 1}/${p.total})${p.commit ? ` ${safe(p.commit.slice(0, 7))}` : ''}`;
  switch (p.outcome) {
    case 'analysed':
      return `${head}: ${p.filesAnalysed ?? 0} files analysed, ${p.filesFromCache ?? 0} unchanged (${((p.milliseconds ?? 0) / 1000).toFixed(1)} s)\n`;
    case 'reused':
      return `${head}: same tree as an earlier point\n`;
    case 'empty':
      return `${head}: nothing to scan yet\n`;
    case 'failed':
      return `${head}: ${safe(p.message ?? 'failed')}\n`;
  }
}

function readHistory(file: string, shown: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the history file ${shown} (${codeOf(error)})`, { cause: error });
  }
}

function parseMonths(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 240) throw new UsageError(`--months takes a whole number from 1 to 240 (found "${value}")`);
  return n;
}

function parseUntil(value: string): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/u.test(value);
  const withoutZone = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/u.test(value);
  const time = Date.parse(dateOnly ? `${value}T23:59:59Z` : withoutZone ? `${value}Z` : value);
  if (Number.isNaN(time)) throw new UsageError(`--until takes an ISO date such as 2025-06-30 or 2025-06-30T12:00:00Z (found "${value}")`);
  return new Date(time);
}

function parseWorkers(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new UsageError(`--workers takes a whole number from 0 to 64 (found "${value}")`);
  return n;
}

function onceEach(write: (message: string) => void): (message: string) => void {
  const seen = new Set<string>();
  return (message) => {
    if (seen.has(message)) return;
    seen.add(message);
    write(message);
  };
}
