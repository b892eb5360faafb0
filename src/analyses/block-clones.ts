import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ResolvedConfig } from '../config/types.js';
import type { Notification } from '../model/types.js';
import { locateJscpdEngine, runJscpd, type DiskLayout, type JscpdDuplicate } from './run-jscpd.js';
import { isTestFile } from './test-files.js';
import type { AnalysisInput, PrepareInput } from './types.js';

/**
 * Block clones: jscpd's native engine, run as a child process on the analysed files. Kept apart
 * from the clone analysis (src/analyses/clones.ts) and free of TypeScript, so that the scan can
 * start jscpd before it loads the analysis.
 */

export const BLOCK_RULE = 'no-duplicate-block';
const JSCPD_TIMEOUT_MS = 5 * 60 * 1000;

/** Options of no-duplicate-block. */
export interface BlockCloneOptions {
  minTokens: number;
  minLines: number;
  includeTests: boolean;
}

export type JscpdStatus = 'ran' | 'off' | 'unavailable' | 'failed';

export interface JscpdOutcome {
  status: JscpdStatus;
  duplicates: JscpdDuplicate[];
  notification?: Notification;
}

export async function startJscpd(
  root: string,
  allFiles: readonly string[],
  readFiles: AnalysisInput['readFiles'],
  options: BlockCloneOptions,
  layout?: DiskLayout,
): Promise<JscpdOutcome> {
  const engine = locateJscpdEngine();
  if (!engine.available) {
    return {
      status: 'unavailable',
      duplicates: [],
      notification: {
        level: 'warning',
        kind: 'jscpd-unavailable',
        message: `${engine.reason}: block clones (debt-scan/${BLOCK_RULE}) were not searched; function clones were. Reinstall with optional dependencies (npm install --include=optional) or turn the rule off.`,
        ruleId: `debt-scan/${BLOCK_RULE}`,
      },
    };
  }
  const files = allFiles.filter((file) => options.includeTests || !isTestFile(file));
  const started = performance.now();
  const jscpdOptions = { minTokens: options.minTokens, minLines: options.minLines, timeoutMs: JSCPD_TIMEOUT_MS };
  const run = readFiles
    ? await withMaterialisedFiles(files, readFiles, (directory) => runJscpd(engine.binary, directory, files, jscpdOptions, { walked: [''], seen: files, opaque: [] })).catch(
        (error: unknown) => ({ ok: false as const, reason: error instanceof Error ? error.message : String(error) }),
      )
    : await runJscpd(engine.binary, root, files, jscpdOptions, layout);
  if (run.ok) return { status: 'ran', duplicates: run.duplicates };
  return {
    status: 'failed',
    duplicates: [],
    notification: {
      level: 'warning',
      kind: 'jscpd-failure',
      message: `${run.reason} after ${Math.round(performance.now() - started)} ms: block clones (debt-scan/${BLOCK_RULE}) are missing from this report; function clones are not affected.`,
      ruleId: `debt-scan/${BLOCK_RULE}`,
    },
  };
}

/** The options of an enabled rule (merged over its defaults by the configuration), else undefined. */
export function ruleOptions<T>(config: ResolvedConfig, name: string): T | undefined {
  const rule = config.rules.find((r) => r.name === name);
  return rule ? (rule.options[0] as T) : undefined;
}

/** jscpd on the files about to be analysed, started early; undefined when no-duplicate-block is off. */
export function prepareBlockClones(input: PrepareInput): Promise<JscpdOutcome> | undefined {
  const options = ruleOptions<BlockCloneOptions>(input.config, BLOCK_RULE);
  return options ? startJscpd(input.root, input.files, undefined, options, input.layout) : undefined;
}

/**
 * Writes files of a source that is not the disk (a git tree) into a temporary directory for
 * jscpd, which reads files itself, and removes it afterwards.
 */
async function withMaterialisedFiles<T>(files: readonly string[], read: (files: readonly string[]) => Promise<Buffer[]>, use: (directory: string) => Promise<T>): Promise<T> {
  const directory = mkdtempSync(path.join(tmpdir(), 'debt-scan-sources-'));
  try {
    const contents = await read(files);
    files.forEach((file, index) => {
      const target = path.join(directory, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, contents[index] ?? '');
    });
    return await use(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
