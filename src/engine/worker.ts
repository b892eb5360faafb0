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
// The worker is an entry point: it loads the definitions of the rules it is given itself.
const { loadRuleDefinitions } = await import('../../rules/load.js');
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

let rules: Promise<EnabledRule[]> = Promise.resolve([]);

parentPort?.on('message', (message: InitMessage | JobsMessage) => {
  if (message.type === 'init') {
    const given = message.rules;
    rules = loadRuleDefinitions(given.map((r) => r.name)).then((registry) => enabledRules(given, registry));
    return;
  }
  // Batches wait for the rules of the last init; messages arrive in order, so each sees its own.
  void rules.then((enabled) => analyzeBatch(message, enabled));
});

function analyzeBatch(message: JobsMessage, enabled: EnabledRule[]): void {
  const started = performance.now();
  const results = analyzeFiles(message.jobs, enabled);
  parentPort?.postMessage({ type: 'results', batch: message.batch, results, busyMs: performance.now() - started } satisfies WorkerMessage);
}
