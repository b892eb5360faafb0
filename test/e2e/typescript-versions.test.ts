import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, copyFixture, removeDirectory } from '../helpers/fixtures.js';

const execFileAsync = promisify(execFile);
/** Loads the TypeScript that DEBT_SCAN_TEST_TYPESCRIPT names in place of `typescript`, in workers too. */
const ALIAS = path.join(REPO_ROOT, 'test/helpers/typescript-alias.cjs');

/** The oldest and newest TypeScript of the peer range, installed under aliases (package.json). */
const VERSIONS = ['typescript-oldest', 'typescript-newest'];

async function scanWith(typescript: string | undefined, dir: string, output: string): Promise<string> {
  const env = { ...process.env, CI: 'true', NO_COLOR: '1', ...(typescript ? { DEBT_SCAN_TEST_TYPESCRIPT: typescript } : {}) };
  await execFileAsync(process.execPath, ['--require', ALIAS, CLI, '.', '--no-cache', '--preset', 'strict', '--fail-on', 'never', '-f', 'json', '-o', output, '-f', 'sarif', '-o', `${output}.sarif`], { cwd: dir, env });
  return `${readFileSync(path.join(dir, output), 'utf8')}${readFileSync(path.join(dir, `${output}.sarif`), 'utf8')}`;
}

/** The clone fingerprints of every function of a fixture's files, as the engine computes them under that TypeScript. */
async function fingerprintsWith(typescript: string | undefined): Promise<string> {
  const script = `
    const { readdirSync, readFileSync } = await import('node:fs');
    const { analyzeFile } = await import(${JSON.stringify(path.join(REPO_ROOT, 'dist/src/engine/analyze-file.js'))});
    const { default: definition } = await import(${JSON.stringify(path.join(REPO_ROOT, 'dist/rules/no-duplicate-function.js'))});
    const rules = [{ definition, options: definition.defaultOptions }];
    const dir = ${JSON.stringify(path.join(REPO_ROOT, 'fixtures/ai-app/src'))};
    const out = [];
    for (const file of readdirSync(dir, { recursive: true }).filter((f) => /\\.[jt]sx?$/.test(f)).sort()) {
      const result = analyzeFile(file, readFileSync(dir + '/' + file, 'utf8'), 'x', rules);
      for (const fn of result.facts?.functions ?? []) out.push(file + ' ' + JSON.stringify(fn.clone ?? fn.fingerprint ?? null));
    }
    process.stdout.write(out.join('\\n'));`;
  const env = { ...process.env, ...(typescript ? { DEBT_SCAN_TEST_TYPESCRIPT: typescript } : {}) };
  return (await execFileAsync(process.execPath, ['--require', ALIAS, '--input-type=module', '-e', script], { env, maxBuffer: 64 * 1024 * 1024 })).stdout;
}

describe('the supported TypeScript versions', () => {
  const dir = copyFixture('ai-app');
  afterAll(() => removeDirectory(dir));
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string>; devDependencies: Record<string, string> };

  it('are the ends of the peer range', () => {
    const [, lowest, below] = /^>=(\S+) <(\S+)$/u.exec(pkg.peerDependencies.typescript) ?? [];
    expect(pkg.devDependencies['typescript-oldest']).toBe(`npm:typescript@${lowest}`);
    const newest = pkg.devDependencies['typescript-newest'].replace('npm:typescript@', '');
    expect(newest < below).toBe(true);
  });

  it('give byte-identical reports (clone fingerprints included) with the oldest and the newest', async () => {
    const usual = await scanWith(undefined, dir, 'report.json');
    expect(JSON.parse(usual.slice(0, usual.indexOf('\n}\n') + 2)).findings.length).toBeGreaterThan(50);
    for (const typescript of VERSIONS) {
      // The alias takes effect: the version loaded is the alias's.
      const { stdout } = await execFileAsync(process.execPath, ['--require', ALIAS, '-e', "process.stdout.write(require('typescript').version)"], { env: { ...process.env, DEBT_SCAN_TEST_TYPESCRIPT: typescript } });
      expect(stdout).toBe(pkg.devDependencies[typescript].replace('npm:typescript@', ''));
      expect(await scanWith(typescript, dir, 'report.json')).toBe(usual);
    }
  }, 120_000);

  it('give the same clone fingerprints, which code node kinds by name, not by their numbers (which differ between versions)', async () => {
    const usual = await fingerprintsWith(undefined);
    expect(usual.split('\n').length).toBeGreaterThan(20);
    expect(usual.split('\n').filter((line) => !line.endsWith(' null')).length).toBeGreaterThan(10);
    for (const typescript of VERSIONS) expect(await fingerprintsWith(typescript)).toBe(usual);
  }, 60_000);
});
