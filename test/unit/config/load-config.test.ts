import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, resolveConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/errors.js';
import { removeDirectory } from '../../helpers/fixtures.js';

let dir: string | undefined;
afterEach(() => dir && removeDirectory(dir));

function problemsOf(raw: unknown): string[] {
  try {
    resolveConfig(raw, 'debt-scan.config.json');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('fills every default', () => {
    const config = resolveConfig({}, 'defaults');
    expect(config.gate).toEqual({ failOn: 'error' });
    expect(config.files).toEqual({ maxFileSize: 1048576, maxLineLength: 1000, product: [], nonProduct: [] });
    expect(config.modules.depth).toBe(2);
    expect(config.preset).toBe('recommended');
    expect(config.rules.find((r) => r.name === 'no-complex-function')).toBeUndefined();
    expect(resolveConfig({}, 'defaults', 'strict').rules.find((r) => r.name === 'no-complex-function')).toEqual({
      name: 'no-complex-function',
      severity: 'warn',
      options: [{ maxComplexity: 15 }],
      effortMinutes: 20,
      fileRoles: ['product'],
    });
  });

  it('starts from the preset given on the command line over the configuration\'s', async () => {
    const { ruleDefinitions } = await import('../../../rules/index.js');
    const names = (config: { rules: readonly { name: string }[] }) => config.rules.map((r) => r.name).sort();
    const every = ruleDefinitions.map((d) => d.name).sort();
    const recommended = ruleDefinitions.filter((d) => d.meta.docs.recommended === 'recommended').map((d) => d.name).sort();
    expect(recommended.length).toBeLessThan(every.length);
    expect(names(resolveConfig({}, 'defaults'))).toEqual(recommended);
    expect(names(resolveConfig({ preset: 'recommended' }, 'debt-scan.config.json', 'strict'))).toEqual(every);
    expect(names(resolveConfig({ preset: 'strict' }, 'debt-scan.config.json', 'recommended'))).toEqual(recommended);
    dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-preset-'));
    writeFileSync(path.join(dir, 'debt-scan.config.json'), JSON.stringify({ preset: 'recommended', rules: { 'no-complex-function': 'off' } }));
    const loaded = loadConfig(dir, undefined, 'strict').config;
    expect(loaded.preset).toBe('strict');
    expect(names(loaded)).toEqual(every.filter((n) => n !== 'no-complex-function'));
  });

  it('names the field, what was expected and what was found', () => {
    expect(problemsOf({ gate: { failOn: 'eror' } })).toEqual(['`gate.failOn` must be one of "error", "warning", "warn", "never" (found "eror")']);
    expect(problemsOf({ files: { maxFileSize: 'big' } })).toEqual(['`files.maxFileSize` must be an integer (found "big")']);
    expect(problemsOf({ colour: true })).toEqual(['`colour` is not a known field']);
    expect(problemsOf({ rules: { 'no-complex-function': 'eror' } })).toEqual([
      '`rules.no-complex-function` must be "error", "warn", "off" or [severity, options] (found "eror")',
    ]);
  });

  it('rejects unknown rules with a suggestion, and bad rule options', () => {
    expect(problemsOf({ rules: { 'no-complex-functon': 'warn' } })).toEqual([
      '`rules.no-complex-functon` names no debt-scan rule (found "no-complex-functon"); did you mean "no-complex-function"?',
    ]);
    expect(problemsOf({ rules: { 'no-complex-function': ['warn', { maxComplexity: 0 }] } })).toEqual([
      '`rules.no-complex-function[1].maxComplexity` must be >= 1 (found 0)',
    ]);
    expect(problemsOf({ rules: { 'no-complex-function': ['warn', { max: 3 }] } })).toEqual([
      '`rules.no-complex-function[1].max` is not a known field',
    ]);
  });

  it('bounds every number that is summed or divided, so that totals and ratios stay finite', () => {
    expect(problemsOf({ effort: { 'no-complex-function': 1e308 }, scoring: { minutesPerLine: 1e-308 }, churn: { days: 1e308 }, files: { maxFileSize: 1e308 } })).toEqual([
      '`effort.no-complex-function` must be <= 10000 (found 1e+308)',
      '`files.maxFileSize` must be <= 1073741824 (found 1e+308)',
      '`scoring.minutesPerLine` must be >= 0.01 (found 1e-308)',
      '`churn.days` must be <= 36500 (found 1e+308)',
    ]);
  });

  it('prints every problem of a file at once, rule names among them', () => {
    expect(problemsOf({ modules: { depth: 'deep' }, churn: { days: -1 }, rules: { 'no-such-rule': 'error', 'no-complex-function': 'warn' } })).toEqual([
      '`modules.depth` must be an integer (found "deep")',
      '`churn.days` must be >= 1 (found -1)',
      '`rules.no-such-rule` names no debt-scan rule (found "no-such-rule")',
    ]);
  });

  it('accepts "warn" for the gate level as rule severities spell it, meaning "warning"', () => {
    expect(resolveConfig({ gate: { failOn: 'warn' } }, 'test').gate.failOn).toBe('warning');
    expect(resolveConfig({ gate: { failOn: 'never' } }, 'test').gate.failOn).toBe('never');
    expect(resolveConfig({}, 'test').gate.failOn).toBe('error');
  });

  it('turns rules off, merges options and overrides effort', () => {
    const config = resolveConfig({ rules: { 'debt-scan/no-complex-function': ['error', { maxComplexity: 4 }] }, effort: { 'no-complex-function': 7 } }, 'x');
    expect(config.rules.find((r) => r.name === 'no-complex-function')).toEqual({ name: 'no-complex-function', severity: 'error', options: [{ maxComplexity: 4 }], effortMinutes: 7, fileRoles: ['product'] });
    expect(resolveConfig({ rules: { 'no-complex-function': 'off' } }, 'x').rules.some((r) => r.name === 'no-complex-function')).toBe(false);
  });

  it('reads debt-scan.config.json, then package.json#debtScan, and never executes JavaScript config', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-config-'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', debtScan: { modules: { depth: 3 } } }));
    writeFileSync(path.join(dir, 'debt-scan.config.js'), 'throw new Error("executed")');
    const fromPackage = loadConfig(dir);
    expect(fromPackage.config.source).toBe('package.json#debtScan');
    expect(fromPackage.config.modules.depth).toBe(3);
    expect(fromPackage.warnings).toEqual(['debt-scan.config.js is not read: debt-scan never executes configuration; use debt-scan.config.json.']);
    writeFileSync(path.join(dir, 'debt-scan.config.json'), '{ "modules": { "depth": 4 } }');
    expect(loadConfig(dir).config.modules.depth).toBe(4);
  });

  it('reports a file that is not JSON', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-config-'));
    writeFileSync(path.join(dir, 'debt-scan.config.json'), '{ "gate": ');
    expect(() => loadConfig(dir!)).toThrow(/debt-scan\.config\.json: is not valid JSON/u);
  });
});

describe('configuration files a scanned tree may plant', () => {
  const onPosix = process.platform !== 'win32';
  const problemsLoading = (root: string): string[] => {
    try {
      loadConfig(root);
    } catch (error) {
      if (error instanceof ConfigError) return error.message.split('\n');
      throw error;
    }
    return [];
  };

  it.skipIf(!onPosix)('refuses a debt-scan.config.json that is a FIFO or a link to a device, without waiting on it', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-config-'));
    execFileSync('mkfifo', [path.join(dir, 'debt-scan.config.json')]);
    expect(problemsLoading(dir)).toEqual(['debt-scan.config.json: is not a regular file (a FIFO)']);
    removeDirectory(dir);
    dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-config-'));
    symlinkSync('/dev/zero', path.join(dir, 'debt-scan.config.json'));
    expect(problemsLoading(dir)).toEqual(['debt-scan.config.json: is not a regular file (a character device)']);
  });

  it('refuses a debt-scan.config.json over 4 MiB', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-config-'));
    writeFileSync(path.join(dir, 'debt-scan.config.json'), `{ "include": [${'"src/**", '.repeat(500_000)}"x"] }`);
    expect(problemsLoading(dir)).toEqual(['debt-scan.config.json: is too large (5000020 bytes, limit 4194304)']);
  });

  it.skipIf(!onPosix)('refuses a debt-scan.config.json that links out of the scan root, and reads one that links inside it', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-config-'));
    mkdirSync(path.join(dir, 'root/configs'), { recursive: true });
    writeFileSync(path.join(dir, 'outside.json'), '{ "modules": { "depth": 5 } }');
    symlinkSync(path.join(dir, 'outside.json'), path.join(dir, 'root/debt-scan.config.json'));
    expect(problemsLoading(path.join(dir, 'root'))).toEqual([
      'debt-scan.config.json: is a link to a file outside the scan root (not read); give that file with --config to use it',
    ]);
    writeFileSync(path.join(dir, 'root/configs/base.json'), '{ "modules": { "depth": 6 } }');
    removeDirectory(path.join(dir, 'root/debt-scan.config.json'));
    symlinkSync('configs/base.json', path.join(dir, 'root/debt-scan.config.json'));
    expect(loadConfig(path.join(dir, 'root')).config.modules.depth).toBe(6);
    expect(loadConfig(path.join(dir, 'root'), path.join(dir, 'outside.json')).config.modules.depth).toBe(5);
  });

  it.skipIf(!onPosix)('leaves out a package.json that is a FIFO or links out of the root, with a warning', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-config-'));
    execFileSync('mkfifo', [path.join(dir, 'package.json')]);
    expect(loadConfig(dir).warnings).toEqual(['package.json is not a regular file (a FIFO): not read for a debtScan configuration']);
    removeDirectory(path.join(dir, 'package.json'));
    mkdirSync(path.join(dir, 'root'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ debtScan: { modules: { depth: 5 } } }));
    symlinkSync(path.join(dir, 'package.json'), path.join(dir, 'root/package.json'));
    const loaded = loadConfig(path.join(dir, 'root'));
    expect(loaded.config.source).toBe('defaults');
    expect(loaded.warnings).toEqual(['package.json is a link to a file outside the scan root: not read for a debtScan configuration']);
  });

  it('rejects include and exclude globs that reach outside the scan root, where they can match nothing', () => {
    const because = 'can match no file: globs match paths relative to the scan root, which never start with "/" or "../" or hold a ".." segment';
    expect(problemsOf({ include: ['src/**', '../**'], exclude: ['/abs/**', 'a/../b/*.ts', './src/**'] })).toEqual([
      `\`include[1]\` ${because} (found "../**")`,
      `\`exclude[0]\` ${because} (found "/abs/**")`,
      `\`exclude[1]\` ${because} (found "a/../b/*.ts")`,
    ]);
  });
});
