import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesByName } from '../../rules/index.js';
import { loadConfig } from '../../src/config/load-config.js';
import { scan } from '../../src/index.js';
import { eslintFor } from '../helpers/eslint.js';
import { FIXTURES } from '../helpers/fixtures.js';

const FIXTURE_NAMES = ['ai-app', 'clean', 'odd-files', 'workspace'];

/** Rules whose findings come from a detector alone: ESLint and the scanner must agree on them exactly. */
function isDetectorOnly(ruleId: string): boolean {
  const definition = rulesByName.get(ruleId.replace(/^debt-scan\//u, ''));
  return definition !== undefined && definition.crossFile === undefined;
}

describe.each(FIXTURE_NAMES)('ESLint and the scanner on fixtures/%s', (fixture) => {
  it('report identical findings for every detector rule', async () => {
    const root = path.join(FIXTURES, fixture);
    const report = await scan({ root, cache: false, workers: 0 });
    const { config } = loadConfig(root);
    const skipped = new Set(report.files.skippedFiles.map((s) => s.file));
    const scannedFiles = [...new Set([...report.findings, ...report.suppressed].map((f) => f.file))];
    const eslint = eslintFor(root, config);
    const lintTargets = (await listSourceFiles(root)).filter((f) => !skipped.has(f));
    const results = await eslint.lintFiles(lintTargets);

    const fromEslint = results.flatMap((r) =>
      r.messages.flatMap((m) => {
        expect(m.fatal, `${r.filePath}: ${m.message}`).not.toBe(true);
        // Rules with a cross-file phase report more in the scanner; only detector rules must agree exactly.
        if (!isDetectorOnly(m.ruleId ?? '')) return [];
        return `${path.relative(root, r.filePath).split(path.sep).join('/')}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId} ${m.message}`;
      }),
    );
    const fromScanner = report.findings
      .filter((f) => isDetectorOnly(f.ruleId))
      .map((f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId} ${f.message}`);
    expect(fromEslint.sort()).toEqual(fromScanner.sort());
    if (fixture === 'ai-app' || fixture === 'odd-files') expect(fromScanner.length).toBeGreaterThan(0);
    expect(scannedFiles.every((f) => lintTargets.includes(f))).toBe(true);
  });
});

async function listSourceFiles(root: string): Promise<string[]> {
  const { discoverFiles } = await import('../../src/discover/discover-files.js');
  const { config } = loadConfig(root);
  return discoverFiles(root, [root], { include: config.include, exclude: config.exclude, maxFileSize: config.files.maxFileSize }).files.map((f) => f.file);
}
