import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisJob } from '../../src/engine/analysis-job.js';
import type { FileResult } from '../../src/engine/analyze-file.js';
import type * as Pool from '../../src/engine/worker-pool.js';
import type * as Files from '../../src/engine/analyze-files.js';
import type * as Config from '../../src/config/load-config.js';
import type * as Rules from '../../rules/load.js';
import { FIXTURES, REPO_ROOT } from '../helpers/fixtures.js';

// The built pool: its workers run the compiled worker script, which the sources do not have.
const built = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(REPO_ROOT, 'dist', file)).href)) as T;

const root = path.join(FIXTURES, 'ai-app');
const jobs: AnalysisJob[] = readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
  .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
  .sort()
  .map((file) => ({ file, text: readFileSync(path.join(root, file), 'utf8'), hash: file, role: 'product' }));

let pool: typeof Pool;
let rules: ReturnType<typeof Config.loadConfig>['config']['rules'];
let registry: Awaited<ReturnType<typeof Rules.loadRuleDefinitions>>;
let expected: FileResult[];

beforeAll(async () => {
  pool = await built<typeof Pool>('src/engine/worker-pool.js');
  const { loadConfig } = await built<typeof Config>('src/config/load-config.js');
  const { loadRuleDefinitions } = await built<typeof Rules>('rules/load.js');
  const { analyzeFiles, enabledRules } = await built<typeof Files>('src/engine/analyze-files.js');
  rules = loadConfig(root).config.rules;
  registry = await loadRuleDefinitions(rules.map((r) => r.name));
  expected = analyzeFiles(jobs, enabledRules(rules, registry));
});

/** The jobs in groups of three, each after a pause, as a trend reads tree after tree. */
async function* inGroups(from: readonly AnalysisJob[], failAfter?: number): AsyncGenerator<AnalysisJob[]> {
  for (let start = 0, group = 0; start < from.length; start += 3, group += 1) {
    if (group === failAfter) throw new Error('the tree could not be read');
    await new Promise((resolve) => setTimeout(resolve, 20));
    yield from.slice(start, start + 3);
  }
}

describe('the worker pool with jobs that arrive later', () => {
  it('has the fixture it needs', () => {
    expect(jobs.length).toBeGreaterThan(9);
  });

  for (const workers of [0, 1]) {
    it(`analyses every job, in order, with ${workers} worker(s) and this thread free`, async () => {
      const delivered: string[] = [];
      const outcome = await pool.analyzeInPool(jobs.slice(0, 2), rules, registry, workers, () => undefined, {
        batchFiles: 2,
        thisThreadWorks: false,
        later: inGroups(jobs.slice(2)),
        onResults: (results) => delivered.push(...results.map((r) => r.file)),
      });
      expect(outcome.workers).toBe(workers);
      expect(outcome.results).toEqual(expected);
      expect([...delivered].sort()).toEqual(jobs.map((j) => j.file));
    });
  }

  it('analyses the jobs that arrived, then rejects with the error of those that could not', async () => {
    const delivered: string[] = [];
    const run = pool.analyzeInPool([], rules, registry, 1, () => undefined, {
      batchFiles: 2,
      thisThreadWorks: false,
      later: inGroups(jobs, 2),
      onResults: (results) => delivered.push(...results.map((r) => r.file)),
    });
    await expect(run).rejects.toThrow('the tree could not be read');
    expect([...delivered].sort()).toEqual(jobs.slice(0, 6).map((j) => j.file));
  });
});
