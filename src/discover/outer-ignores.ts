import { lstatSync } from 'node:fs';
import path from 'node:path';
import { ignore } from '../util/require-cjs.js';
import type { GitignoreRules } from './file-filter.js';
import { MAX_CONFIGURATION_BYTES, readRegularFile } from './read-regular-file.js';

/**
 * The ignore rules that reach the scan root from above, as git applies them when the root is a
 * folder inside a working tree: the `.gitignore` of every directory from the top of the working
 * tree down to the root's parent, and the repository's `info/exclude`. Each is matched against the
 * path from its own directory, so the rules carry the root's path from there as a prefix. Outside
 * a working tree there are none. (A user's global excludes file is git's business, not the tree's.)
 */
export function outerIgnores(root: string): GitignoreRules[] {
  const top = workingTreeTop(root);
  if (!top) return [];
  const rules: GitignoreRules[] = [];
  const fromTop = path.relative(top.directory, root).split(path.sep).filter(Boolean);
  const exclude = rulesIn(path.join(top.gitDirectory, 'info', 'exclude'), fromTop);
  if (exclude) rules.push(exclude);
  for (let depth = 0; depth < fromTop.length; depth++) {
    const directory = path.join(top.directory, ...fromTop.slice(0, depth));
    const found = rulesIn(path.join(directory, '.gitignore'), fromTop.slice(depth));
    if (found) rules.push(found);
  }
  return rules;
}

/** The rules of an ignore file, for paths below the root whose path from the file's directory starts with `toRoot`. */
function rulesIn(file: string, toRoot: readonly string[]): GitignoreRules | undefined {
  const read = readRegularFile(file, MAX_CONFIGURATION_BYTES);
  if (!read.ok) return undefined; // none there, or not a file to read (a FIFO, a device): git would not read it either
  const text = read.bytes.toString('utf8');
  return { base: '', prefix: toRoot.length === 0 ? '' : `${toRoot.join('/')}/`, rules: ignore().add(text), text };
}

/** The top of the git working tree holding `root` (the root itself, or a directory above it) and its git directory, if any. */
export function workingTreeTop(root: string): { directory: string; gitDirectory: string } | undefined {
  for (let directory = root; ; directory = path.dirname(directory)) {
    const dotGit = path.join(directory, '.git');
    const gitDirectory = gitDirectoryOf(dotGit);
    if (gitDirectory) return { directory, gitDirectory };
    if (path.dirname(directory) === directory) return undefined;
  }
}

/** `.git` as a directory, or a file naming one (`gitdir: …`, in linked worktrees and submodules), whose common directory holds `info/`. */
function gitDirectoryOf(dotGit: string): string | undefined {
  try {
    const stats = lstatSync(dotGit);
    if (stats.isDirectory()) return dotGit;
    if (!stats.isFile()) return undefined;
    const named = /^gitdir: (.+)$/mu.exec(smallText(dotGit) ?? '')?.[1]?.trim();
    if (!named) return undefined;
    const gitDirectory = path.resolve(path.dirname(dotGit), named);
    // A linked worktree keeps info/exclude in the main repository's directory.
    const common = smallText(path.join(gitDirectory, 'commondir'))?.trim();
    return common ? path.resolve(gitDirectory, common) : gitDirectory;
  } catch {
    return undefined;
  }
}

function smallText(file: string): string | undefined {
  const read = readRegularFile(file, 64 * 1024);
  return read.ok ? read.bytes.toString('utf8') : undefined;
}
