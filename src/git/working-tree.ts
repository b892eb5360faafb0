import { git } from './git-repository.js';

/** The commits of the churn window, each as the files it touched (POSIX, relative to the scan root). */
export type ChurnCommits = readonly (readonly string[])[];

const GIT_TIMEOUT_MS = 120_000;

/**
 * Reads the files every non-merge commit of the last `days` days touched below `root`, in one
 * `git log` pass, in a child process while the caller goes on. Resolves to undefined when the root
 * is not in a git repository, git is missing or fails: churn is optional and never fails the scan.
 */
export async function readChurn(root: string, days: number): Promise<ChurnCommits | undefined> {
  const args = ['log', `--since=${days}.days.ago`, '--no-merges', '--name-only', '--relative', '--format=format:%x1e%H', '-z'];
  try {
    return parseGitLog(await git(root, args, { timeoutMs: GIT_TIMEOUT_MS }));
  } catch {
    return undefined; // not a git repository, no git, or a repository without commits: no churn
  }
}

/** The commit checked out at `root`, read by a child process while the caller goes on; undefined outside git or before the first commit. */
export async function readHeadCommit(root: string): Promise<string | undefined> {
  try {
    return (await git(root, ['rev-parse', 'HEAD'])).trim() || undefined;
  } catch {
    return undefined; // not a git repository, or no commit yet: the report names none
  }
}

/** The branch checked out at `root`; undefined outside a repository or on a detached HEAD (as in pull-request builds). */
export async function branchAt(root: string): Promise<string | undefined> {
  try {
    return (await git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).trim() || undefined;
  } catch {
    return undefined; // not a repository, or a detached HEAD: the caller falls back to the CI's variables
  }
}

/** Parses `git log --name-only -z --format=format:%x1e%H`: a record separator, the hash, a newline, NUL-separated paths. */
export function parseGitLog(output: string): ChurnCommits {
  const commits: string[][] = [];
  for (const record of output.split('\x1e')) {
    if (record.length === 0) continue;
    const newline = record.indexOf('\n');
    const files = newline < 0 ? [] : record.slice(newline + 1).split('\0').filter((f) => f.length > 0);
    commits.push([...new Set(files)]);
  }
  return commits;
}

/** Per file: the number of commits of the window that touched it. */
export function churnByFile(commits: ChurnCommits): Map<string, number> {
  const churn = new Map<string, number>();
  for (const files of commits) for (const file of files) churn.set(file, (churn.get(file) ?? 0) + 1);
  return churn;
}

/** Per module: the number of commits that touched at least one of its files (a commit counts once per module). */
export function churnByModule(commits: ChurnCommits, moduleOf: (file: string) => string | undefined): Map<string, number> {
  const churn = new Map<string, number>();
  for (const files of commits) {
    const modules = new Set<string>();
    for (const file of files) {
      const module = moduleOf(file);
      if (module !== undefined) modules.add(module);
    }
    for (const module of modules) churn.set(module, (churn.get(module) ?? 0) + 1);
  }
  return churn;
}
