import { parentPort, workerData } from 'node:worker_threads';
import { useCompileCache, type CodeCacheSettings } from '../parse/compile-cache.js';
import type { AnalysisJob } from './analyze-files.js';
import type { ResolvedRule } from '../config/types.js';
import type { EnabledRule } from './run-detectors.js';
import type { WorkerMessage } from './worker-pool.js';

// TypeScript loads with the analysis: set up its code cache first.
const settings = workerData as { compileCache?: CodeCacheSettings } | undefined;
if (settings?.compileCache) useCompileCache(settings.compileCache);
const { analyzeFiles, enabledRules } = await import('./analyze-files.js');
// The worker is an entry point: it takes the rules' definitions from the registry itself.
const { rulesByName } = await import('../../rules/index.js');
parentPort?.postMessage({ type: 'ready' } satisfies WorkerMessage);

interface InitMessage {
  type: 'init';
  rules: ResolvedRule[];
}

interface JobsMessage {
  type: 'jobs';
  batch: number;
  jobs: AnalysisJob[];
}

let rules: EnabledRule[] = [];

parentPort?.on('message', (message: InitMessage | JobsMessage) => {
  if (message.type === 'init') {
    rules = enabledRules(message.rules, rulesByName);
    return;
  }
  const started = performance.now();
  const results = analyzeFiles(message.jobs, rules);
  parentPort?.postMessage({ type: 'results', batch: message.batch, results, busyMs: performance.now() - started } satisfies WorkerMessage);
});
