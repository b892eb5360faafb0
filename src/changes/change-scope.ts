import type { FileSource } from '../source/file-source.js';
import type { Finding } from '../model/types.js';
import { filesChangedSince, mergeBase } from '../git/git-changes.js';
import { GitTreeReader, openRepository, rootTreeOf } from '../git/git-repository.js';

/**
 * A pull request's view of a scan: the files changed since the merge base of a revision and HEAD.
 * Findings are reported in those files only, while every cross-file analysis still sees the whole
 * repository (a clone of an unchanged function, a cycle closed by a changed import).
 */
export interface ChangeScope {
  /** The revision as given (a branch, tag or commit). */
  revision: string;
  mergeBase: string;
  /** POSIX paths relative to the scan root. */
  files: ReadonlySet<string>;
  /** The scan root's files at the merge base, read from git (no checkout), for attributing findings; closed by `close`. */
  base: () => Promise<FileSource | undefined>;
  close: () => void;
}

/** The files changed since the merge base of `revision` and HEAD; a UsageError that says why when git cannot tell. */
export async function changesSince(root: string, revision: string): Promise<ChangeScope> {
  const repo = await openRepository(root);
  const base = await mergeBase(repo, revision);
  const files = new Set(await filesChangedSince(repo, base));
  let reader: GitTreeReader | undefined;
  return {
    revision,
    mergeBase: base,
    files,
    base: async () => {
      const tree = await rootTreeOf(repo, base);
      // The scan root did not exist at the merge base: everything in it is new.
      if (!tree) return undefined;
      reader ??= new GitTreeReader(repo);
      const opened = reader;
      return { entries: await opened.list(tree), read: (entries) => opened.read(entries.map((e) => e.id)), commit: base };
    },
    close: () => reader?.close(),
  };
}

/** Whether a finding belongs to the change: it lies in a changed file, or points into one (a clone's other copy, a cycle's import). */
export function inChange(finding: Finding, scope: Pick<ChangeScope, 'files'>): boolean {
  return scope.files.has(finding.file) || (finding.related ?? []).some((r) => scope.files.has(r.file));
}
