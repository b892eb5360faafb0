#!/usr/bin/env node
import { main } from './main.js';
import { exitOnUncaughtErrors, settleStdout, watchStream } from './process-streams.js';
import { watchHeapGrowth } from './heap.js';
import { raiseOptimizationBudget } from './optimization-budget.js';

const argv = process.argv.slice(2);
watchHeapGrowth(process.execArgv);
raiseOptimizationBudget(process.execArgv);
exitOnUncaughtErrors(argv, process.stderr);
const stdout = watchStream(process.stdout);
watchStream(process.stderr); // a stderr that cannot be written has nowhere to say so: it changes nothing

const code = await main(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = await settleStdout(code, stdout, process.stderr);
