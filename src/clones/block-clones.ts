import type { ResolvedConfig } from '../config/types.js';
import type { Notification } from '../model/types.js';
import type { MaterialisedFiles } from '../source/materialise.js';
import { coveredByRule } from '../discover/file-role.js';
import { locateJscpdEngine, runJscpd, type DiskLayout, type JscpdDuplicate, type JscpdOptions, type JscpdRun } from './run-jscpd.js';
import type { AnalysisInput, PrepareInput } from '../cross-file/types.js';

/**
 * Block clones: jscpd's native engine, run as a child process on the analysed files. Kept apart
 * from the clone analysis (src/clones/clones.ts) and free of TypeScript, so that the scan can
 * start jscpd before it loads the analysis.
 */

import { BLOCK_RULE } from './rule-names.js';

export { BLOCK_RULE };
const JSCPD_TIMEOUT_MS = 5 * 60 * 1000;

/** Options of no-duplicate-block. */
export interface BlockCloneOptions {
  minTokens: number;
  minLines: number;
}

export type JscpdStatus = 'ran' | 'off' | 'unavailable' | 'failed';

export interface JscpdOutcome {
  status: JscpdStatus;
  duplicates: JscpdDuplicate[];
  notification?: Notification;
  /** jscpd failed on its input (not by time or at start): a run on fewer files may succeed. */
  failedOnInput?: boolean;
}

export async function startJscpd(
  root: string,
  allFiles: readonly string[],
  materialiseFiles: AnalysisInput['materialise'],
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
  const jscpdOptions = { minTokens: options.minTokens, minLines: options.minLines, timeoutMs: JSCPD_TIMEOUT_MS };
  const run = materialiseFiles
    ? await runOnMaterialised(engine.binary, allFiles, materialiseFiles, jscpdOptions)
    : await runJscpd(engine.binary, root, allFiles, jscpdOptions, layout);
  if (run.ok) return { status: 'ran', duplicates: run.duplicates };
  return {
    status: 'failed',
    duplicates: [],
    failedOnInput: !/did not finish|could not be started/u.test(run.reason),
    notification: {
      level: 'warning',
      kind: 'jscpd-failure',
      // No time in the message: the report must not change from run to run.
      message: `${run.reason}: block clones (debt-scan/${BLOCK_RULE}) are missing from this report; function clones are not affected.`,
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
  return options ? startJscpd(input.root, input.files.filter(coveredByRule(input.config, BLOCK_RULE)), undefined, options, input.layout) : undefined;
}

/** jscpd on files of a source that is not the disk (a git tree), written into a directory that holds exactly them. */
async function runOnMaterialised(binary: string, files: readonly string[], materialiseFiles: NonNullable<AnalysisInput['materialise']>, options: JscpdOptions): Promise<JscpdRun> {
  let written: MaterialisedFiles;
  try {
    written = await materialiseFiles(files);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  try {
    return await runJscpd(binary, written.directory, files, options, { walked: [''], seen: files, opaque: [] });
  } finally {
    written.release();
  }
}
