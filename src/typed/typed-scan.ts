import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ResolvedConfig } from '../config/types.js';
import { createRoleResolver } from '../discover/file-role.js';
import { readSource } from '../discover/read-source.js';
import type { FileResult } from '../engine/analyze-file.js';
import type { AnalysisJob } from '../engine/analyze-files.js';
import type { EnabledRule } from '../engine/run-detectors.js';
import type { Notification, TypesSummary } from '../model/types.js';
import { analyzeTyped, type TypedJob } from './typed-analysis.js';
import { planTypedGroups } from './tsconfig-groups.js';
import { workspaceLinks } from './workspace-links.js';

/** What a typed scan adds to the per-file analysis. */
export interface TypedRun {
  /** Results of the files analysed with types; never cached, since they depend on other files. */
  results: FileResult[];
  /** Jobs left for the untyped analysis: files outside every tsconfig, and those of programs that could not be built. */
  untypedJobs: AnalysisJob[];
  /** Results the cache holds for files analysed without types. */
  untypedCached: FileResult[];
  summary: TypesSummary;
  notifications: Notification[];
  ms: number;
  /** What the largest program took (src/typed/typed-analysis.ts). */
  measured: { heapMiB: number; heapPerSourceByte: number };
}

/**
 * The typed part of a scan: which files a tsconfig includes (src/typed/tsconfig-groups.ts), their
 * analysis with types, one program at a time, and what is left for the untyped analysis. The
 * cache's results of typed files are not used (they were made without types, or with types of
 * other files that may have changed since): those files are read again.
 */
export function runTypedAnalysis(
  root: string,
  config: ResolvedConfig,
  rules: readonly EnabledRule[],
  collected: { jobs: readonly AnalysisJob[]; cached: readonly FileResult[]; discovery: { packages: readonly { name: string; dir: string }[] } },
  onFileDone: () => void,
): TypedRun {
  const started = performance.now();
  const files = [...collected.jobs.map((j) => j.file), ...collected.cached.map((r) => r.file)].sort();
  const links = workspaceLinks(root, collected.discovery.packages);
  const plan = planTypedGroups(root, files, links);
  const typed = new Set(plan.groups.flatMap((g) => g.files));
  const roleOf = createRoleResolver(config.files);
  const jobs = new Map<string, TypedJob>();
  const notifications: Notification[] = [];
  const untypedCached: FileResult[] = [];
  for (const job of collected.jobs) if (typed.has(job.file)) jobs.set(job.file, job);
  for (const result of collected.cached) {
    if (!typed.has(result.file)) {
      untypedCached.push(result);
      continue;
    }
    const read = readSource(path.join(root, result.file), config.files.maxLineLength, config.files.maxFileSize);
    if (read.ok) jobs.set(result.file, { file: result.file, text: read.text, hash: read.hash, role: roleOf(result.file) });
    else {
      // Changed since the cache vouched for it: its cached result stands, without types.
      untypedCached.push(result);
      notifications.push({ level: 'warning', kind: 'typed-read', message: `${result.file} could not be read again for the typed analysis (${read.detail}); its result is the untyped one`, file: result.file });
    }
  }
  const outcome = analyzeTyped(root, plan, jobs, rules, { maxProgramMiB: config.typed.maxProgramMiB, links, onFileDone });
  const fallBack = new Set(outcome.untyped);
  const untypedJobs = [...collected.jobs.filter((job) => !typed.has(job.file)), ...[...jobs.values()].filter((job) => fallBack.has(job.file))];
  const analysed = files.length - outcome.summary.files;
  return {
    results: outcome.results,
    untypedJobs,
    untypedCached,
    summary: { ...outcome.summary, untypedFiles: analysed },
    notifications: [...outcome.notifications, ...notifications],
    ms: Math.round(performance.now() - started),
    measured: outcome.measured,
  };
}
