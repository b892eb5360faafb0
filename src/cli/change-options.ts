import type { Command } from './commander.js';
import { UsageError } from '../errors.js';

/** The pull-request flags as commander hands them over. */
export interface ChangeFlags {
  /** A revision; false with --no-changed-since. */
  changedSince?: string | false;
  newOnly?: boolean;
}

/** How a scan is limited to a change: explicitly, by the CI job (automatic), or not at all. */
export type ChangeChoice = { changedSince: string; newOnly: boolean; automatic: boolean } | undefined;

/**
 * Formats whose consumers compare with the target branch themselves (GitHub code scanning, GitLab
 * Code Quality): a report limited to the change would make them count findings elsewhere as fixed.
 */
const COMPARING_FORMATS: ReadonlySet<string> = new Set(['sarif', 'gitlab']);

export function addChangeOptions(command: Command): Command {
  return command
    .option('--changed-since <revision>', "pull-request mode: report findings in files changed since the merge base of this revision and HEAD (default in a GitHub or GitLab pull-request job, unless SARIF or GitLab output is asked for)")
    .option('--no-changed-since', 'report findings in every file, also in a pull-request job')
    .option('--new-only', "with --changed-since: a finding is new only if the merge base did not have it (read from git); the gate judges new ones");
}

/**
 * The change to limit the scan to: the flag's revision, else in a pull-request job the target
 * branch the CI names (GitHub's `GITHUB_BASE_REF`, GitLab's `CI_MERGE_REQUEST_DIFF_BASE_SHA`),
 * unless an output goes to a tool that compares with the target branch itself.
 */
export function changeChoice(flags: ChangeFlags, env: Record<string, string | undefined>, formats: readonly string[]): ChangeChoice {
  const newOnly = flags.newOnly === true;
  if (typeof flags.changedSince === 'string') {
    if (flags.changedSince.trim() === '') throw new UsageError('--changed-since takes a branch, tag or commit (found an empty string)');
    return { changedSince: flags.changedSince, newOnly, automatic: false };
  }
  if (flags.changedSince === false) {
    if (newOnly) throw new UsageError('--new-only compares with the merge base of --changed-since: it cannot go with --no-changed-since');
    return undefined;
  }
  const target = pullRequestTarget(env);
  if (!target || formats.some((format) => COMPARING_FORMATS.has(format))) {
    if (newOnly && !target) throw new UsageError('--new-only compares with the merge base of --changed-since: give --changed-since (outside a pull-request job)');
    return newOnly && target ? { changedSince: target, newOnly, automatic: true } : undefined;
  }
  return { changedSince: target, newOnly, automatic: true };
}

/** Whether the outputs include a tool that would read findings left out of a change as fixed. */
export function comparingFormats(formats: readonly string[]): string[] {
  return formats.filter((format) => COMPARING_FORMATS.has(format));
}

/** The target branch of the pull request or merge request this CI job runs for, if any. */
export function pullRequestTarget(env: Record<string, string | undefined>): string | undefined {
  if ((env.GITHUB_EVENT_NAME === 'pull_request' || env.GITHUB_EVENT_NAME === 'pull_request_target') && env.GITHUB_BASE_REF) return `origin/${env.GITHUB_BASE_REF}`;
  if (env.CI_MERGE_REQUEST_DIFF_BASE_SHA) return env.CI_MERGE_REQUEST_DIFF_BASE_SHA;
  if (env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME) return `origin/${env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME}`;
  return undefined;
}
