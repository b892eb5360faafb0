import { git, type GitRepository, type GitTreeReader } from '../git/git-repository.js';

/** A commit of the first-parent line between two points, with the paths it changed (relative to the top level). */
export interface ChangeCommit {
  id: string;
  /** Committer time, ISO. */
  date: string;
  subject: string;
  paths: ReadonlySet<string>;
}

/** Texts larger than this are not read for the memory: their diffs say nothing a developer would copy. */
export const MAX_MEMORY_TEXT = 1024 * 1024;

/**
 * The commits after `from` up to and including `to` on `to`'s first-parent line, oldest first,
 * each with the paths it changed against its first parent (renames as a deletion and an addition).
 */
export function commitsBetween(repo: GitRepository, from: string, to: string): Promise<ChangeCommit[]> {
  const key = `${repo.topLevel}\u0000${repo.prefix}\u0000${from}..${to}`;
  let commits = ranges.get(key);
  if (!commits) {
    commits = readCommits(repo, from, to);
    ranges.set(key, commits);
    if (ranges.size > MAX_RANGES) ranges.delete(ranges.keys().next().value!);
  }
  return commits;
}

/** The ranges read last: the memory asks for each range of the trend several times. */
const ranges = new Map<string, Promise<ChangeCommit[]>>();
const MAX_RANGES = 64;

async function readCommits(repo: GitRepository, from: string, to: string): Promise<ChangeCommit[]> {
  const scope = repo.prefix === '' ? [] : [repo.prefix];
  const output = await git(repo.topLevel, ['log', '--first-parent', '--no-renames', '--reverse', '--format=%x01%H %cI %s', '--name-only', '-z', `${from}..${to}`, '--', ...scope]);
  const commits: ChangeCommit[] = [];
  for (const record of output.split('\u0001').slice(1)) {
    // `<id> <date> <subject>` NUL, then a line feed and the paths, each ended by NUL.
    const [header, ...rest] = record.split('\0');
    const [id, date, ...subject] = header.split(' ');
    const paths = rest.map((p) => p.replace(/^\n+/u, '')).filter((p) => p.length > 0);
    commits.push({ id, date: new Date(date).toISOString(), subject: subject.join(' '), paths: new Set(paths) });
  }
  return commits;
}

/**
 * Reads file versions (`<commit>:<path>`) through the trend's `git cat-file` process, once each:
 * undefined for a file that is not there, is binary (holds a NUL byte) or is over MAX_MEMORY_TEXT.
 */
export class TextVersions {
  private readonly texts = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly reader: GitTreeReader,
    private readonly prefix: string,
  ) {}

  /** The text of `file` (relative to the scan root) at `commit`. */
  at(commit: string, file: string): Promise<string | undefined> {
    const key = `${commit}:${this.prefix}${file}`;
    let text = this.texts.get(key);
    if (!text) {
      // git answers "missing" for a path the commit does not hold: no text, which every caller checks.
      text = this.reader.read([key]).then(
        ([bytes]) => (bytes.length > MAX_MEMORY_TEXT || bytes.includes(0) ? undefined : bytes.toString('utf8')),
        () => undefined,
      );
      this.texts.set(key, text);
    }
    return text;
  }
}
