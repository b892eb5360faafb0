import { UsageError } from '../errors.js';
import { git, type GitRepository } from './git-repository.js';

/**
 * The merge base of a revision and HEAD: where a branch left the one it will merge into. A
 * UsageError that says why when there is none (an unknown revision, a shallow clone).
 */
export async function mergeBase(repo: GitRepository, revision: string): Promise<string> {
  const target = await git(repo.topLevel, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]).catch(() => '');
  if (!target.trim()) throw new UsageError(`--changed-since: ${revision} names no commit in ${repo.topLevel}; fetch it first (git fetch origin ${revision.replace(/^origin\//u, '')})`);
  try {
    return (await git(repo.topLevel, ['merge-base', target.trim(), 'HEAD'])).trim();
  } catch (error) {
    const hint = repo.shallow ? 'the clone is shallow: fetch the whole history (fetch-depth: 0 in actions/checkout, GIT_DEPTH: 0 in GitLab CI)' : 'they share no history';
    throw new UsageError(`--changed-since: ${revision} and HEAD have no merge base: ${hint}`, { cause: error });
  }
}

/**
 * The files below the scan root that differ from a commit: changed, added or renamed in the
 * working tree (committed or not), and untracked files that are not ignored; POSIX paths relative
 * to the scan root. Deleted files are left out: nothing can be reported in them.
 */
export async function filesChangedSince(repo: GitRepository, commit: string): Promise<string[]> {
  const scope = repo.prefix === '' ? [] : [repo.prefix];
  const changed = await git(repo.topLevel, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=d', commit, '--', ...scope]);
  const untracked = await git(repo.topLevel, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name', '--', ...scope]);
  const files = [...changed.split('\0'), ...untracked.split('\0')].filter((file) => file.length > 0 && file.startsWith(repo.prefix));
  return [...new Set(files.map((file) => file.slice(repo.prefix.length)))].sort();
}
