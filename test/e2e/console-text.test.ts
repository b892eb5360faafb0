import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/model/types.js';
import { DatedGitRepo } from '../helpers/dated-git-repo.js';
import { copyFixture, removeDirectory, runCli } from '../helpers/fixtures.js';

const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDirectory));

function privateDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-console-'));
  temporary.push(dir);
  return dir;
}

function fixture(name: string): string {
  const dir = copyFixture(name);
  temporary.push(dir);
  return dir;
}

/** A file named to start a line with a workflow command and to send escape sequences, and an import of the same kind. */
const COMPLEX = `export function f(a: number) {\n${Array.from({ length: 16 }, (_, i) => `  if (a === ${i}) return ${i};`).join('\n')}\n  return -1;\n}\n`;
const HOSTILE_FILE = 'src/a\n::error file=x.ts::from a file name\u001b]0;title\u0007\u001b[2J\u202e.ts';
const ROOT_FILE = '::error::at the start of a line ##[error]legacy ##vso[task.complete]x.ts';
const HOSTILE_IMPORT = "import x from './gone\\n::error::from a specifier\\u001b[31m\\r##[warning]';\nexport const y = x;\n";

function hostileTree(): string {
  const dir = privateDir();
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "hostile" }\n');
  writeFileSync(path.join(dir, 'debt-scan.config.json'), STRICT); // the complexity and import rules that quote these names
  writeFileSync(path.join(dir, HOSTILE_FILE), COMPLEX);
  writeFileSync(path.join(dir, ROOT_FILE), COMPLEX);
  writeFileSync(path.join(dir, 'src/b.ts'), HOSTILE_IMPORT);
  return dir;
}

const STRICT = '{ "preset": "strict" }\n';

/** What a terminal or a CI runner would act on: escape and other control characters, bidi overrides, a line that starts a workflow command, a legacy command anywhere. */
function expectInert(text: string): void {
  expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
  expect(text.split('\n').filter((line) => /^\s*::/u.test(line))).toEqual([]);
  expect(text).not.toMatch(/##(vso)?\[/u);
}

describe('text from the scanned tree on the console', () => {
  it('escapes control characters and breaks workflow commands in file names and import specifiers', async () => {
    const dir = hostileTree();
    const result = await runCli(['--no-cache', '--fail-on', 'never', '--verbose'], dir);
    expect(result.code).toBe(0);
    expectInert(result.stdout);
    expectInert(result.stderr);
    expect(result.stdout).toContain('  src/a\\n::error file=x.ts::from a file name\\x1b]0;title\\x07\\x1b[2J\\u202e.ts:1:1  warning  ');
    expect(result.stdout).toContain('  \\x3a:error::at the start of a line ##\\x5berror]legacy ##vso\\x5btask.complete]x.ts:1:1  warning  ');
    expect(result.stdout).toContain("  src/b.ts:1:1  error    debt-scan/no-unresolved-import\n      './gone\\n::error::from a specifier\\x1b[31m\\r##\\x5bwarning]' leads to no file");
  });

  it('keeps machine formats on stdout inert and their data exact', async () => {
    const dir = hostileTree();
    for (const format of ['json', 'sarif', 'gitlab', 'markdown']) {
      const result = await runCli(['--no-cache', '--fail-on', 'never', '-f', format], dir);
      expect(result.code).toBe(0);
      expectInert(result.stdout);
    }
    const json = await runCli(['--no-cache', '--fail-on', 'never', '-f', 'json'], dir);
    const report = JSON.parse(json.stdout) as ReportModel;
    expect(report.findings.map((f) => f.file)).toEqual(expect.arrayContaining([HOSTILE_FILE, ROOT_FILE, 'src/b.ts']));
  });

  it('neutralises an output name on the "wrote" line and in an error', async () => {
    const dir = fixture('clean');
    const name = 'x\n::error::y\u001b[2J.json';
    const wrote = await runCli(['--no-cache', '-f', 'json', '-o', name], dir);
    expect(wrote).toMatchObject({ code: 0, stderr: 'debt-scan: 0 findings; wrote x\\n::error::y\\x1b[2J.json; cache: off\n' });
    const refused = await runCli(['--no-cache', '-f', 'json', '-o', `${name}/inside`], dir);
    expect(refused.code).toBe(2);
    expectInert(refused.stderr);
  });

  it('escapes file names in the trend printed to the console', async () => {
    const repo = new DatedGitRepo();
    temporary.push(repo.dir);
    repo.commit({ date: '2025-01-05T12:00:00+0000', message: 'start', change: { 'src/ok.ts': 'export const a = 1;\n', 'debt-scan.config.json': STRICT } });
    mkdirSync(path.join(repo.dir, 'src'), { recursive: true });
    writeFileSync(path.join(repo.dir, HOSTILE_FILE), COMPLEX);
    writeFileSync(path.join(repo.dir, ROOT_FILE), COMPLEX);
    repo.git(['add', '--', HOSTILE_FILE, ROOT_FILE], { GIT_LITERAL_PATHSPECS: '1' }); // a leading colon is pathspec magic otherwise
    repo.commit({ date: '2025-02-05T12:00:00+0000', message: 'hostile', change: {} });
    const result = await runCli(['trend', '--months', '2', '--until', '2025-02-28'], repo.dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('\\x3a:error::at the start of a line');
    expectInert(result.stdout);
    expectInert(result.stderr);
  });
});

describe('the text summary in a terminal of a given width', () => {
  it('fits 80 columns (COLUMNS), wrapping messages under their location and keeping every number on its line', async () => {
    const dir = copyFixture('ai-app');
    try {
      const result = await runCli(['.', '--no-cache', '--preset', 'strict', '--verbose', '--fail-on', 'never'], dir, { COLUMNS: '80' });
      expect(result.code).toBe(0);
      const lines = result.stdout.split('\n');
      expect(lines.filter((line) => [...line].length > 80)).toEqual([]);
      expect(lines).toContain('  src/api/webhooks.js:27:7  error    debt-scan/no-floating-async');
      expect(lines.filter((line) => /^ {2}debt-scan\/no-floating-async +\d+ +[\d h]+min$|^ {2}debt-scan\/no-floating-async +\d+ +\d+ h$/u.test(line))).toHaveLength(1);
      const wide = await runCli(['.', '--no-cache', '--preset', 'strict', '--fail-on', 'never'], dir, { COLUMNS: '200' });
      expect(wide.stdout.split('\n').some((line) => [...line].length > 100)).toBe(true);
    } finally {
      removeDirectory(dir);
    }
  });
});
