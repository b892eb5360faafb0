import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../../src/cli/main.js';
import type { Snapshot } from '../../../src/trend/types.js';
import { removeDirectory } from '../../helpers/fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-trend-cli-'));
afterAll(() => removeDirectory(dir));

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: { CI: 'true', DEBT_SCAN_USER_CACHE: process.env.DEBT_SCAN_USER_CACHE }, cwd: dir };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const RUN: Snapshot = {
  kind: 'debt-scan-run',
  version: 1,
  date: '2025-02-03T04:05:06.000Z',
  commit: 'abcdef0123456789',
  totals: { findings: 1, debtMinutes: 20, files: 1, codeLines: 10 },
  categories: { complexity: { findings: 1, debtMinutes: 20 } },
  modules: { src: { findings: 1, debtMinutes: 20 } },
  rules: { 'debt-scan/no-complex-function': { category: 'complexity', findings: 1, debtMinutes: 20 } },
  findings: [['0123456789abcdef:1', 'debt-scan/no-complex-function', 'src/a.ts', 1]],
};

describe('debt-scan trend (in process)', () => {
  it('is listed in the help of the program', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\n {2}trend \[options\] +report how debt changed over time/u);
  });

  it.each([
    [['trend', '--months', '0'], 'debt-scan: --months takes a whole number from 1 to 240 (found "0")'],
    [['trend', '--until', 'soon'], 'debt-scan: --until takes an ISO date such as 2025-06-30 or 2025-06-30T12:00:00Z (found "soon")'],
    [['trend', '--format', 'pdf'], 'debt-scan: unknown trend format "pdf"; choose one of markdown, html, json'],
    [['trend', '--history', 'missing.jsonl'], 'debt-scan: cannot read the history file missing.jsonl (ENOENT)'],
    [['trend', '--root', 'nope'], `debt-scan: the scan root ${path.join(dir, 'nope')} does not exist or is not a directory`],
  ])('refuses %j with exit code 2', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(message);
  });

  it('draws the trend of a history file, picks the format from the output extension and writes it', async () => {
    writeFileSync(path.join(dir, 'history.jsonl'), `${JSON.stringify(RUN)}\n`);
    const { code, stderr } = await run(['trend', '--history', 'history.jsonl', '--months', '2', '--until', '2025-02-28', '--output', 'out/trend.html']);
    expect(code).toBe(0);
    expect(stderr).toBe('debt-scan: wrote the trend of 2 points to out/trend.html\n');
    const html = readFileSync(path.join(dir, 'out/trend.html'), 'utf8');
    expect(html).toContain('<td>2025-01</td><td></td><td colspan="6">no run recorded yet</td>');
    expect(html).toContain('<td>2025-02</td><td><code>abcdef0</code></td><td class="n">1</td><td class="n">20 min</td>');
  });

  it('takes its own --format after the subcommand, not the scan option of the same name', async () => {
    const { code, stdout } = await run(['trend', '--history', 'history.jsonl', '--months', '1', '--until', '2025-02-28', '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ kind: 'debt-scan-trend', source: 'history', points: [{ label: '2025-02', findings: 1, debtMinutes: 20 }] });
  });
});
