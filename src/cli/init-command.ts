import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from './commander.js';
import { escapeTerminalLines as safeLines, escapeTerminalText as safe } from '../../reporters/terminal-text.js';
import { CONFIG_FILE_NAME } from '../config/load-config.js';
import { errorCode, UsageError } from '../errors.js';
import { detectLayout, type LayoutProposal } from '../init/detect-layout.js';
import { GITHUB_WORKFLOW, GITHUB_WORKFLOW_FILE, GITLAB_CI, GITLAB_CI_FILE } from '../init/templates.js';
import { BASELINE_FILE } from '../baseline/baseline.js';
import { EXIT, type ExitCode } from './exit-codes.js';

interface InitIo {
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

interface InitFlags {
  ci?: 'github' | 'gitlab';
  force?: boolean;
  dryRun?: boolean;
}

/** A file `init` writes: where, what, and what each setting in it is for. */
interface Planned {
  file: string;
  text: string;
  notes: string[];
}

/** `debt-scan init [path]`: a starting configuration from what the tree holds, and on request a CI workflow. */
export function registerInitCommand(program: Command, io: InitIo, done: (code: ExitCode) => void): void {
  program
    .command('init')
    .description('write a starting debt-scan.config.json from what the tree holds (test and generated folders), and with --ci a CI workflow')
    .argument('[path]', 'the scan root (default: the current directory)')
    .addOption(new Option('--ci <system>', 'also write a CI workflow: github (.github/workflows/debt-scan.yml) or gitlab (debt-scan.gitlab-ci.yml)').choices(['github', 'gitlab']))
    .option('--force', 'replace files that exist')
    .option('--dry-run', 'print what would be written, and write nothing')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(safeLines(s)) })
    .action((target: string | undefined, flags: InitFlags) => {
      done(runInit(path.resolve(io.cwd, target ?? '.'), flags, io));
    });
}

function runInit(root: string, flags: InitFlags, io: InitIo): ExitCode {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`the path ${root} does not exist or is not a directory`);
  const planned = [configFile(detectLayout(root)), ...ciFiles(flags.ci)];
  if (!flags.force) {
    const present = planned.filter((p) => existsSync(path.join(root, p.file)));
    if (present.length > 0) throw new UsageError(`${present.map((p) => p.file).join(' and ')} exist${present.length === 1 ? 's' : ''} already in ${root}; --force replaces ${present.length === 1 ? 'it' : 'them'}`);
    if (hasPackageConfig(root)) throw new UsageError(`package.json in ${root} holds a debtScan configuration already; --force writes ${CONFIG_FILE_NAME}, which then takes precedence`);
  }
  for (const file of planned) {
    if (flags.dryRun) io.stdout.write(`--- ${file.file}\n${file.text}`);
    else writeWhole(path.join(root, file.file), file.text);
  }
  const verb = flags.dryRun ? 'would write' : 'wrote';
  io.stdout.write(planned.map((p) => `debt-scan: ${verb} ${p.file}\n${p.notes.map((n) => `  ${safe(n)}\n`).join('')}`).join(''));
  io.stdout.write(
    `Next: run debt-scan. If it reports findings you accept for now, debt-scan baseline records them in ${BASELINE_FILE} (commit it), and the gate judges only new ones.\n`,
  );
  return EXIT.success;
}

/** The configuration: the schema for editors, the preset, the gate, and only the folders the tree showed. */
function configFile(layout: LayoutProposal): Planned {
  const notes = [
    `$schema: completion and checks in editors (the schema ships with the package)`,
    `preset "recommended": the rules judged worth a change at least 70 % of the time on real code; "strict" runs every rule`,
    `gate.failOn "error": findings at level error fail the scan (exit 1)`,
  ];
  for (const p of layout.nonProduct) notes.push(`files.nonProduct "${p.folder}/**": ${p.evidence} (rules that concern shipped code leave them alone)`);
  for (const p of layout.generated) notes.push(`exclude "${p.folder}/**": ${p.evidence}`);
  if (layout.nonProduct.length === 0 && layout.generated.length === 0) {
    notes.push(`no folder needed settings: debt-scan's own detection of tests, scripts, examples and generated files covers the ${layout.files} source files found`);
  }
  const config = {
    $schema: './node_modules/debt-scan/schema/config.schema.json',
    preset: 'recommended',
    ...(layout.generated.length > 0 ? { exclude: layout.generated.map((p) => `${p.folder}/**`) } : {}),
    ...(layout.nonProduct.length > 0 ? { files: { nonProduct: layout.nonProduct.map((p) => `${p.folder}/**`) } } : {}),
    gate: { failOn: 'error' },
  };
  return { file: CONFIG_FILE_NAME, text: `${JSON.stringify(config, null, 2)}\n`, notes };
}

function ciFiles(ci: InitFlags['ci']): Planned[] {
  if (ci === 'github') return [{ file: GITHUB_WORKFLOW_FILE, text: GITHUB_WORKFLOW, notes: ['on pushes to main and on pull requests: code scanning alerts, a job summary and the HTML report'] }];
  if (ci === 'gitlab') {
    return [{ file: GITLAB_CI_FILE, text: GITLAB_CI, notes: [`include it from .gitlab-ci.yml (include: - local: ${GITLAB_CI_FILE}): Code Quality in merge requests and the HTML report`] }];
  }
  return [];
}

function hasPackageConfig(root: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as unknown;
    return typeof pkg === 'object' && pkg !== null && 'debtScan' in pkg;
  } catch {
    return false; // no package.json, or not one a scan could read either
  }
}

/** Writes a file whole or not at all: a temporary name beside it, then a rename. */
function writeWhole(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    throw new UsageError(`cannot write ${file} (${errorCode(error)})`, { cause: error });
  }
}
