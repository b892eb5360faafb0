import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** What a commit changes: files to write (path -> text) and files to delete (path -> null). */
export type TreeChange = Record<string, string | null>;

export interface DatedCommit {
  /** ISO date-time used as both author and committer date. */
  date: string;
  message: string;
  change: TreeChange;
}

/** A git repository in a temporary directory, built commit by commit with fixed dates. */
export class DatedGitRepo {
  readonly dir: string;

  constructor(prefix = 'debt-scan-trend-') {
    this.dir = mkdtempSync(path.join(tmpdir(), prefix));
    this.git(['init', '--quiet', '--initial-branch=main']);
    this.git(['config', 'user.name', 'Trend Test']);
    this.git(['config', 'user.email', 'trend@example.invalid']);
    this.git(['config', 'commit.gpgsign', 'false']);
  }

  commit({ date, message, change }: DatedCommit): string {
    for (const [file, text] of Object.entries(change)) {
      const absolute = path.join(this.dir, file);
      if (text === null) {
        this.git(['rm', '--quiet', '--', file]);
        continue;
      }
      mkdirSync(path.dirname(absolute), { recursive: true });
      writeFileSync(absolute, text);
      this.git(['add', '--force', '--', file]);
    }
    this.git(['commit', '--quiet', '--allow-empty', '-m', message], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
    return this.git(['rev-parse', 'HEAD']).trim();
  }

  git(args: readonly string[], env: Record<string, string> = {}): string {
    return execFileSync('git', [...args], { cwd: this.dir, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
