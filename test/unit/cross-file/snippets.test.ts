import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/load-config.js';
import { withSnippets } from '../../../src/cross-file/snippets.js';
import type { CrossFileOutcome } from '../../../src/cross-file/run-cross-file.js';
import { readSource } from '../../../src/discover/read-source.js';
import type { FileResult } from '../../../src/engine/analyze-file.js';
import { removeDirectory } from '../../helpers/fixtures.js';

const root = mkdtempSync(path.join(tmpdir(), 'debt-scan-snippets-'));
afterAll(() => removeDirectory(root));
const config = resolveConfig({}, 'test');

const outcome = (): CrossFileOutcome => ({
  crossFileReports: [{ rule: 'no-import-cycle', report: { file: 'src/a.ts', line: 2, column: 1, endLine: 2, endColumn: 20, messageId: 'cycle' } }],
  analysisData: {},
  notifications: [],
  probes: [],
});
const resultOf = (file: string, hash: string): FileResult => ({ file, hash, findings: [], ruleData: {}, notifications: [], parseError: false });

describe('withSnippets', () => {
  const file = path.join(root, 'src', 'a.ts');
  mkdirSync(path.dirname(file));

  it('reads the lines of a cross-file finding from the file, when the file is still what was analysed', async () => {
    writeFileSync(file, "import './b';\nimport { c } from './c';\n");
    const read = readSource(file, 1000, 1024 * 1024);
    if (!read.ok) throw new Error('unreadable');
    const crossFile = outcome();
    await withSnippets(crossFile, { results: [resultOf('src/a.ts', read.hash)], changed: ['src/a.ts'] }, root, config, {});
    expect(crossFile.crossFileReports[0].report.snippet).toBe("import { c } from './c';");
  });

  it('leaves the snippet out when the file changed after its analysis, rather than show other lines', async () => {
    const analysed = readSource(file, 1000, 1024 * 1024);
    if (!analysed.ok) throw new Error('unreadable');
    writeFileSync(file, "import './b';\nexport const changed = 1;\n");
    const crossFile = outcome();
    await withSnippets(crossFile, { results: [resultOf('src/a.ts', analysed.hash)], changed: ['src/a.ts'] }, root, config, {});
    expect(crossFile.crossFileReports[0].report.snippet).toBeUndefined();
  });
});
