import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryContext } from '../../../src/cli/ci-context.js';
import { removeDirectory } from '../../helpers/fixtures.js';

describe('repositoryContext', () => {
  const repo = mkdtempSync(path.join(tmpdir(), 'debt-scan-repo-'));
  mkdirSync(path.join(repo, '.git'));
  mkdirSync(path.join(repo, 'packages', 'api'), { recursive: true });
  afterAll(() => removeDirectory(repo));

  it('finds the scan root inside the nearest repository', () => {
    expect(repositoryContext(path.join(repo, 'packages', 'api'), {}, undefined)).toEqual({ pathPrefix: 'packages/api' });
    expect(repositoryContext(repo, {}, 'abc')).toEqual({ pathPrefix: '' });
  });

  it('uses the GitHub Actions checkout and links to the scanned commit', () => {
    const env = { GITHUB_WORKSPACE: repo, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: 'fff' };
    expect(repositoryContext(path.join(repo, 'packages', 'api'), env, 'abc123')).toEqual({
      pathPrefix: 'packages/api',
      repositoryUri: 'https://github.com/acme/shop',
      linkBase: 'https://github.com/acme/shop/blob/abc123/',
    });
    expect(repositoryContext(repo, env, undefined).linkBase).toBe('https://github.com/acme/shop/blob/fff/');
  });

  it('uses GitLab CI variables', () => {
    const env = { CI_PROJECT_DIR: repo, CI_PROJECT_URL: 'https://gitlab.com/acme/shop', CI_COMMIT_SHA: 'eee' };
    expect(repositoryContext(repo, env, undefined)).toEqual({ pathPrefix: '', repositoryUri: 'https://gitlab.com/acme/shop', linkBase: 'https://gitlab.com/acme/shop/-/blob/eee/' });
  });

  it('leaves paths alone when the scan root lies outside the checkout', () => {
    expect(repositoryContext(tmpdir(), { GITHUB_WORKSPACE: repo }, undefined).pathPrefix).toBe('');
  });
});
