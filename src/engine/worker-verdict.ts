import { availableParallelism, cpus, totalmem } from 'node:os';
import path from 'node:path';
import type { UserCache } from '../cache/user-cache.js';
import { readSealed, writeSealed } from '../cache/sealed-file.js';
import { TOOL_VERSION } from '../version.js';
import { REQUIRED_GAIN } from './worker-trial.js';

/**
 * What a worker trial (src/engine/worker-trial.ts) found on this machine, kept in the per-user
 * cache so that later scans start with the right number of threads instead of trying again: the
 * trial costs about half a second where workers do not pay. Kept for a month, and only for the
 * same machine (processor, cores, memory), Node.js and debt-scan.
 */
const VERDICT_FILE = 'worker-trial';
const VERDICT_KIND = 'debt-scan-worker-trial';
const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

interface StoredVerdict {
  machine: string;
  at: number;
  alone: number;
  together: number;
}

/** What the verdict depends on. */
export function machineSignature(): string {
  return [cpus()[0]?.model ?? 'unknown', availableParallelism(), totalmem(), process.versions.node, TOOL_VERSION].join('|');
}

/** Whether workers pay on this machine, as a recent trial found; undefined when no trial is known. */
export function knownWorkerVerdict(user: UserCache | undefined, now = Date.now()): boolean | undefined {
  if (!user) return undefined;
  const read = readSealed(path.join(user.directory, VERDICT_FILE), VERDICT_KIND, user.secret);
  if (!read.ok) return undefined;
  try {
    const stored = JSON.parse(read.payload.toString('utf8')) as Partial<StoredVerdict>;
    const fresh = typeof stored.at === 'number' && now - stored.at >= 0 && now - stored.at < MAX_AGE_MS;
    if (stored.machine !== machineSignature() || !fresh || typeof stored.alone !== 'number' || typeof stored.together !== 'number') return undefined;
    return stored.together >= REQUIRED_GAIN * stored.alone;
  } catch {
    return undefined; // not JSON: tried again, and written anew
  }
}

/** Keeps a trial's figures (bytes per ms alone and together) for later scans on this machine. */
export function keepWorkerVerdict(user: UserCache | undefined, figures: { alone: number; together: number }, now = Date.now()): void {
  if (!user) return;
  const stored: StoredVerdict = { machine: machineSignature(), at: now, ...figures };
  writeSealed(path.join(user.directory, VERDICT_FILE), VERDICT_KIND, Buffer.from(JSON.stringify(stored)), user.secret);
}
