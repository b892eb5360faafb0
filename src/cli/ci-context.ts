import { existsSync } from 'node:fs';
import path from 'node:path';
import { relativePosix } from '../util/paths.js';

/** Where the scanned files live in their repository, for repository-relative paths and links in reports. */
export interface RepositoryContext {
  /** The scan root's path inside the repository, POSIX; empty when it is the repository root. */
  pathPrefix: string;
  /** Web address of the repository, when the CI tells it. */
  repositoryUri?: string;
  /** Address to append a repository-relative path to for a link to the file at the scanned commit. */
  linkBase?: string;
}

/**
 * Finds the repository root (GitHub Actions' or GitLab CI's checkout, else the nearest directory
 * with `.git` above the scan root) and the web addresses the CI environment gives.
 */
export function repositoryContext(root: string, env: Record<string, string | undefined>, commit: string | undefined): RepositoryContext {
  const repositoryRoot = env.GITHUB_WORKSPACE || env.CI_PROJECT_DIR || findGitRoot(root);
  const relative = repositoryRoot ? relativePosix(path.resolve(repositoryRoot), root) : '';
  const pathPrefix = relative.startsWith('..') || path.isAbsolute(relative) ? '' : relative;
  const sha = commit ?? env.GITHUB_SHA ?? env.CI_COMMIT_SHA;
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) {
    const repositoryUri = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`;
    return { pathPrefix, repositoryUri, ...(sha ? { linkBase: `${repositoryUri}/blob/${sha}/` } : {}) };
  }
  if (env.CI_PROJECT_URL) {
    return { pathPrefix, repositoryUri: env.CI_PROJECT_URL, ...(sha ? { linkBase: `${env.CI_PROJECT_URL}/-/blob/${sha}/` } : {}) };
  }
  return { pathPrefix };
}

function findGitRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
