// What every benchmark starts with: the repository it runs on and a line about the machine.
import { existsSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import path from 'node:path';

/**
 * The repository to benchmark, resolved: the first argument that is neither a flag nor the value
 * of one of `valueFlags`. Without one, prints `usage`, and for a path that is not a directory says
 * so; both exit with code 2.
 */
export function repoArgument(args, valueFlags, usage) {
  const repo = args.find((a, i) => !a.startsWith('--') && !valueFlags.includes(args[i - 1]));
  if (!repo) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  const resolved = path.resolve(repo);
  if (!existsSync(resolved) || !statSync(resolved).isDirectory()) {
    console.error(`bench: ${resolved} is not a directory`);
    process.exit(2);
  }
  return resolved;
}

/** `machine: 8 cores (model), load 0.52 0.61 0.70, node v22.1.0`, to read timings against. */
export function describeMachine() {
  return `machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`;
}
