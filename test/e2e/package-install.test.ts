import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, REPO_ROOT, failedRunResult, removeDirectory } from '../helpers/fixtures.js';

/**
 * Installs the packed tarball into a new project as a user would, from npm's cache only
 * (`npm ci` of this repository filled it), and runs both entry points there.
 */
describe('the packed package installed into a new project', () => {
  let project: string;
  const npm = (args: string[], cwd: string) =>
    execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });

  beforeAll(() => {
    project = mkdtempSync(path.join(tmpdir(), 'debt-scan-install-'));
    const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', project], REPO_ROOT)) as { filename: string }[];
    const tarball = path.join(project, packed[0].filename);
    cpSync(path.join(FIXTURES, 'ai-app', 'src'), path.join(project, 'src'), { recursive: true });
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
    writeFileSync(
      path.join(project, 'eslint.config.js'),
      "import debtScan from 'debt-scan/eslint-plugin';\n\nexport default [...debtScan.configs.recommended];\n",
    );
    const eslintVersion = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules/eslint/package.json'), 'utf8')) as { version: string }).version;
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '-D', tarball, `eslint@${eslintVersion}`], project);
  }, 300_000);

  afterAll(() => removeDirectory(project));

  it('runs `npx debt-scan` and writes SARIF', () => {
    const output = execFileSync('npx', ['--no-install', 'debt-scan', '--format', 'text', '--format', 'sarif', '--output', 'debt.sarif', '--fail-on', 'never'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    });
    expect(output).toMatch(/Files +\d+ files? scanned/u);
    expect(output).toContain('debt-scan/require-error-cause');
    const sarif = JSON.parse(readFileSync(path.join(project, 'debt.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
  });

  it('prints a rule\'s documentation shipped in the package with `npx debt-scan explain`', () => {
    const output = execFileSync('npx', ['--no-install', 'debt-scan', 'explain', 'debt-scan/require-error-cause'], { cwd: project, encoding: 'utf8' });
    expect(output).toBe(readFileSync(path.join(REPO_ROOT, 'docs/rules/require-error-cause.md'), 'utf8'));
  });

  it('runs `npx eslint` with the plugin from the package', () => {
    let output = '';
    try {
      output = execFileSync('npx', ['--no-install', 'eslint', '--format', 'json', 'src'], { cwd: project, encoding: 'utf8' });
    } catch (error) {
      output = failedRunResult(error).stdout; // eslint exits 1 when it reports errors
    }
    const results = JSON.parse(output) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    const payment = results.find((r) => r.filePath.endsWith(path.join('services', 'payment-service.ts')));
    expect(payment?.messages.filter((m) => m.ruleId === 'debt-scan/require-error-cause').map((m) => m.line)).toEqual([40]);
  });
});
