import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import type { SourceEntry } from '../source/file-source.js';
import { UsageError } from '../errors.js';
import { SOURCE_EXTENSIONS, extensionOf } from '../parse/source-files.js';

const execFileAsync = promisify(execFile);

/** Git reads only: no command here writes into the repository (optional locks are off too). */
const GIT_ENV = { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };

export interface GitRepository {
  /** The working tree's top directory; git runs here. */
  topLevel: string;
  /** The scan root below the top directory, POSIX with a trailing slash, or '' at the top. */
  prefix: string;
  shallow: boolean;
}

export interface GitCommit {
  id: string;
  /** Committer time in seconds since the epoch: what `git log --before` compares. */
  time: number;
}

/** Runs a reading git command in `cwd` and returns its output; every git command of debt-scan goes through here or `CatFile`. */
export async function git(cwd: string, args: readonly string[], options: { timeoutMs?: number } = {}): Promise<string> {
  const { stdout } = await execFileAsync('git', [...args], { cwd, env: GIT_ENV, maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8', ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}) });
  return stdout;
}

/** The repository that holds `root`; a UsageError when there is none (or git is missing). */
export async function openRepository(root: string): Promise<GitRepository> {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`the scan root ${root} does not exist or is not a directory`);
  let output: string;
  try {
    output = await git(root, ['rev-parse', '--show-toplevel', '--show-prefix', '--is-shallow-repository']);
  } catch (error) {
    const missingGit = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    const reason = missingGit ? 'git is not installed' : 'it is not inside a git working tree';
    throw new UsageError(`cannot read the history of ${root}: ${reason}; run debt-scan trend in a git clone, or give --history FILE`, { cause: error });
  }
  const [topLevel, prefix, shallow] = output.split('\n');
  return { topLevel, prefix, shallow: shallow === 'true' };
}

/** The commit a branch, tag or other revision names; a UsageError when it names none. */
export async function resolveRevision(repo: GitRepository, revision: string): Promise<string> {
  try {
    return (await git(repo.topLevel, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`])).trim();
  } catch {
    throw new UsageError(`the branch ${revision} does not exist in ${repo.topLevel} (or has no commits); give an existing branch with --branch`);
  }
}

/** The branch checked out, or undefined on a detached HEAD. */
export async function currentBranch(repo: GitRepository): Promise<string | undefined> {
  try {
    return (await git(repo.topLevel, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The first-parent history of a commit, newest first: the states the branch went through. */
export async function firstParentHistory(repo: GitRepository, commit: string): Promise<GitCommit[]> {
  const output = await git(repo.topLevel, ['log', '--first-parent', '--format=%H %ct', commit, '--']);
  return output
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [id, time] = line.split(' ');
      return { id, time: Number(time) };
    });
}

/** The id of the tree at the scan root in a commit, or undefined when the directory did not exist then. */
export async function rootTreeOf(repo: GitRepository, commit: string): Promise<string | undefined> {
  const path = repo.prefix.replace(/\/$/u, '');
  try {
    return (await git(repo.topLevel, ['rev-parse', '--verify', '--quiet', path === '' ? `${commit}^{tree}` : `${commit}:${path}`])).trim();
  } catch {
    return undefined;
  }
}

/**
 * Lists trees and reads blobs of one repository through two long-lived `git cat-file` processes
 * (`--batch-check` for sizes, `--batch` for contents). Only the files discovery can use are
 * listed (source files, `.gitignore`, `package.json`), so that nothing else is ever looked up
 * (in a partial clone, that would fetch it); sizes are remembered by blob id across trees.
 * Written here rather than taken from a git library (simple-git starts a process per call;
 * isomorphic-git reimplements packs and misses partial clones and replace refs): two processes
 * answer every lookup of a trend, and git itself reads the repository.
 */
export class GitTreeReader {
  private readonly contents: CatFile<Buffer>;
  private readonly sizes: CatFile<number>;
  private readonly knownSizes = new Map<string, number>();

  constructor(private readonly repo: GitRepository) {
    this.contents = new CatFile(repo, 'contents');
    this.sizes = new CatFile(repo, 'sizes');
  }

  /**
   * The files of a tree with their blob ids: every regular file, so that module resolution sees
   * what the tree held (tsconfig files, declarations, assets); sizes only of the files a scan may
   * read (sources, `.gitignore` and JSON files: package.json, tsconfig files and what they extend),
   * 0 for the rest, so that none is read over its size limit. Links and submodules are left out.
   */
  async list(tree: string): Promise<SourceEntry[]> {
    const output = await git(this.repo.topLevel, ['ls-tree', '-r', '-z', '--full-tree', tree]);
    const found: { file: string; id: string }[] = [];
    for (const record of output.split('\0')) {
      const tab = record.indexOf('\t');
      if (tab < 0) continue;
      const [mode, type, id] = record.slice(0, tab).split(' ');
      const file = record.slice(tab + 1);
      if (type === 'blob' && (mode === '100644' || mode === '100755')) found.push({ file, id });
    }
    const unknown = [...new Set(found.filter((f) => isUsable(f.file) && !this.knownSizes.has(f.id)).map((f) => f.id))];
    const sizes = await this.sizes.request(unknown);
    unknown.forEach((id, index) => this.knownSizes.set(id, sizes[index]));
    return found.map((f) => ({ file: f.file, id: f.id, size: this.knownSizes.get(f.id) ?? 0 }));
  }

  read(ids: readonly string[]): Promise<Buffer[]> {
    return this.contents.request(ids);
  }

  close(): void {
    this.contents.close();
    this.sizes.close();
  }
}

const USABLE_EXTENSIONS: ReadonlySet<string> = new Set([...SOURCE_EXTENSIONS, '.json']);

function isUsable(file: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return name === '.gitignore' || USABLE_EXTENSIONS.has(extensionOf(name));
}

const EMPTY = Buffer.alloc(0);

interface PendingRequest<T> {
  remaining: number;
  answers: T[];
  resolve(answers: T[]): void;
  reject(error: Error): void;
}

/**
 * One long-lived `git cat-file --batch` (contents) or `--batch-check` (sizes) process: requests
 * are written in batches and the answers parsed as they stream back, in order.
 */
class CatFile<T extends Buffer | number> {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly queue: PendingRequest<T>[] = [];
  /** The start of a header line not yet complete. */
  private buffer: Buffer = EMPTY;
  /** Bytes of the current blob (plus its trailing newline), or -1 between answers. */
  private expected = -1;
  /** The parts of the current blob received so far, joined once it is complete (joining per chunk costs the square of its size). */
  private parts: Buffer[] = [];
  private received = 0;
  private failure: Error | undefined;

  constructor(
    repo: GitRepository,
    private readonly mode: 'contents' | 'sizes',
  ) {
    this.process = spawn('git', ['cat-file', mode === 'contents' ? '--batch' : '--batch-check'], { cwd: repo.topLevel, env: GIT_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.process.stderr.resume();
    this.process.on('error', (error) => this.fail(error));
    this.process.on('close', (code) => this.fail(new Error(`git cat-file exited with code ${code}`)));
    this.process.stdin.on('error', (error) => this.fail(error));
  }

  request(ids: readonly string[]): Promise<T[]> {
    if (ids.length === 0) return Promise.resolve([]);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ remaining: ids.length, answers: [], resolve, reject });
      this.process.stdin.write(`${ids.join('\n')}\n`);
    });
  }

  close(): void {
    this.failure ??= new Error('git cat-file was closed');
    this.process.stdin.end();
  }

  private receive(chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0) {
      if (this.expected < 0) {
        const line = this.buffer.length === 0 ? rest : Buffer.concat([this.buffer, rest]);
        const newline = line.indexOf(10);
        if (newline < 0) {
          this.buffer = line;
          return;
        }
        this.buffer = EMPTY;
        rest = line.subarray(newline + 1);
        this.startAnswer(line.subarray(0, newline).toString('utf8'));
        continue;
      }
      const taken = rest.subarray(0, this.expected - this.received);
      this.parts.push(taken);
      this.received += taken.length;
      rest = rest.subarray(taken.length);
      if (this.received === this.expected) {
        const content = Buffer.concat(this.parts, this.expected - 1);
        this.expected = -1;
        this.parts = [];
        this.deliver(content as T);
      }
    }
  }

  /** Reads the header line of an answer: a size is delivered at once, a blob's bytes are awaited. */
  private startAnswer(header: string): void {
    const size = /^[0-9a-f]+ blob (\d+)$/u.exec(header);
    if (!size) return this.skipCurrent(new Error(`git cat-file answered "${header}" for a blob of the tree`));
    if (this.mode === 'sizes') return this.deliver(Number(size[1]) as T);
    this.expected = Number(size[1]) + 1;
    this.received = 0;
  }

  private deliver(answer: T): void {
    const current = this.queue[0];
    if (!current) return;
    current.answers.push(answer);
    current.remaining -= 1;
    if (current.remaining === 0) {
      this.queue.shift();
      current.resolve(current.answers);
    }
  }

  /** A missing object answers one line; the rest of its request still streams, so keep counting. */
  private skipCurrent(error: Error): void {
    const current = this.queue[0];
    if (!current) return;
    current.reject(error);
    current.resolve = () => undefined;
    current.reject = () => undefined;
    this.deliver((this.mode === 'sizes' ? 0 : Buffer.alloc(0)) as T);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }
}

