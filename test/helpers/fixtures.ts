import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(REPO_ROOT, 'fixtures');
export const CLI = path.join(REPO_ROOT, 'dist/src/cli/bin.js');

const execFileAsync = promisify(execFile);

/** Copies a fixture into a fresh temporary directory and returns its path. */
export function copyFixture(name: string): string {
  const target = mkdtempSync(path.join(tmpdir(), `debt-scan-${name}-`));
  cpSync(path.join(FIXTURES, name), target, { recursive: true, filter: (source) => !source.includes(`${path.sep}node_modules`) });
  return target;
}

export function removeDirectory(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Temporary directories of one test file, all removed after its tests (call it at the top of the
 * file): `make(prefix)` creates one, `keep(dir)` adds one created elsewhere.
 */
export function temporaryDirectories(): { make(prefix: string): string; keep(dir: string): void } {
  const made: string[] = [];
  afterAll(() => made.forEach(removeDirectory));
  return {
    make: (prefix) => {
      const dir = mkdtempSync(path.join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    keep: (dir) => void made.push(dir),
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, with CI set so that no progress bar is drawn. */
export async function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...outsidePullRequestJobs(process.env), CI: 'true', NO_COLOR: '1', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return failedRunResult(error);
  }
}

/** The environment without what would make the CLI think it runs in a pull-request job (when the suite itself does). */
function outsidePullRequestJobs(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { GITHUB_EVENT_NAME: _event, GITHUB_BASE_REF: _base, CI_MERGE_REQUEST_DIFF_BASE_SHA: _sha, CI_MERGE_REQUEST_TARGET_BRANCH_NAME: _target, ...rest } = env;
  return rest;
}

/**
 * What a child process that failed left on the error `execFile`/`execFileSync` throw: the exit
 * code when there is one as `code` (-1 otherwise), and its output ('' when there is none).
 */
export function failedRunResult(error: unknown): CliResult {
  const read = (key: keyof CliResult): unknown => (typeof error === 'object' && error !== null ? Reflect.get(error, key) : undefined);
  const [code, stdout, stderr] = [read('code'), read('stdout'), read('stderr')];
  return { code: typeof code === 'number' ? code : -1, stdout: typeof stdout === 'string' ? stdout : '', stderr: typeof stderr === 'string' ? stderr : '' };
}

const MARKER = /\bexpect(?:-(typed|untyped))?:\s*([a-z][a-z0-9-]*(?:\s*,\s*[a-z][a-z0-9-]*)*)/gu;
const SOURCE = /\.(?:[cm]?[jt]sx?)$/u;

/**
 * The findings a fixture declares: every `expect: rule-a, rule-b` comment names rules that must
 * report a finding starting on its line. Returns sorted `file:line rule` strings: `expect: rule` in every scan,
 * `expect-untyped: rule` only without types and `expect-typed: rule` only in a typed scan
 * (`--typed`), where types show the untyped finding is not one, or find one the names cannot.
 */
export function expectedFindings(fixtureDir: string, mode: 'untyped' | 'typed' = 'untyped'): string[] {
  const expected: string[] = [];
  for (const file of listFiles(fixtureDir)) {
    if (!SOURCE.test(file)) continue;
    const lines = readFileSync(path.join(fixtureDir, file), 'utf8').split(/\r?\n/u);
    lines.forEach((line, index) => {
      for (const match of line.matchAll(MARKER)) {
        if (match[1] !== undefined && match[1] !== mode) continue;
        for (const rule of match[2].split(',')) expected.push(`${file}:${index + 1} debt-scan/${rule.trim()}`);
      }
    });
  }
  return expected.sort();
}

/** `file:line rule` strings of a report's findings, sorted, for comparison with the markers. */
export function actualFindings(findings: readonly { file: string; line: number; ruleId: string }[]): string[] {
  return findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort();
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix)).sort()) {
    if (entry === 'node_modules' || entry === '.git') continue;
    const relative = prefix ? `${prefix}/${entry}` : entry;
    if (statSync(path.join(dir, relative)).isDirectory()) out.push(...listFiles(dir, relative));
    else out.push(relative);
  }
  return out;
}
