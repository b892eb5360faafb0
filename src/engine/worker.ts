import { parentPort } from 'node:worker_threads';
import { analyzeFiles, type AnalysisJob } from './analyze-files.js';
import type { ResolvedRule } from '../config/types.js';

interface InitMessage {
  type: 'init';
  rules: ResolvedRule[];
}

interface JobsMessage {
  type: 'jobs';
  batch: number;
  jobs: AnalysisJob[];
}

let rules: ResolvedRule[] = [];

parentPort?.on('message', (message: InitMessage | JobsMessage) => {
  if (message.type === 'init') {
    rules = message.rules;
    return;
  }
  parentPort?.postMessage({ batch: message.batch, results: analyzeFiles(message.jobs, rules) });
});
