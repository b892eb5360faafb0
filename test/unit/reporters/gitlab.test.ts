import { describe, expect, it } from 'vitest';
import { gitlabFingerprint, renderGitlab } from '../../../reporters/gitlab.js';
import { makeFinding, makeModel } from '../../helpers/report-model.js';

describe('renderGitlab', () => {
  const clone = makeFinding({
    ruleId: 'debt-scan/rule-b',
    category: 'duplication',
    level: 'error',
    file: 'src/b.ts',
    line: 4,
    endLine: 9,
    effortMinutes: 30,
    message: 'Function load is duplicated in 1 other place.',
    related: [{ file: 'src/c.ts', line: 20, column: 1, endLine: 25, endColumn: 2, message: 'copy 2 of 2' }],
  });
  const model = makeModel([makeFinding({ category: 'unchecked-assumption' }), clone], {
    suppressed: [makeFinding({ file: 'src/z.ts', suppression: { kind: 'inSource', justification: 'ok' } })],
  });

  it('writes one Code Climate issue per finding, in the form GitLab reads', () => {
    const issues = JSON.parse(renderGitlab(model, {})) as Record<string, unknown>[];
    expect(issues).toHaveLength(2);
    expect(issues[1]).toEqual({
      type: 'issue',
      check_name: 'debt-scan/rule-b',
      description: 'Function load is duplicated in 1 other place.',
      content: {
        body: [
          'Function load is duplicated in 1 other place.',
          '',
          'Debt: 30 min (duplication) in module `src/b.ts`.',
          '',
          'Related:',
          '- src/c.ts:20 copy 2 of 2',
          '',
          '[debt-scan/rule-b](https://github.com/debt-scan/debt-scan/blob/main/docs/rules/rule-b.md): Disallow the pattern rule-b looks for.',
        ].join('\n'),
      },
      categories: ['Duplication'],
      severity: 'major',
      fingerprint: gitlabFingerprint(clone),
      location: { path: 'src/b.ts', lines: { begin: 4, end: 9 } },
      other_locations: [{ path: 'src/c.ts', lines: { begin: 20, end: 25 } }],
      engine_name: 'debt-scan',
    });
    expect(issues[0]).toMatchObject({ categories: ['Bug Risk'], severity: 'minor', location: { path: 'src/a.ts', lines: { begin: 1, end: 1 } } });
  });

  it('gives unique 32-digit fingerprints that follow debt-scan fingerprints, not lines', () => {
    const issues = JSON.parse(renderGitlab(model, {})) as { fingerprint: string }[];
    expect(issues.every((i) => /^[0-9a-f]{32}$/u.test(i.fingerprint))).toBe(true);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(2);
    expect(gitlabFingerprint({ ...clone, line: 40 } as typeof clone)).toBe(gitlabFingerprint(clone));
    expect(gitlabFingerprint({ ...clone, fingerprint: 'ffffffffffffffff:1' })).not.toBe(gitlabFingerprint(clone));
  });

  it('makes paths relative to the repository root', () => {
    const issues = JSON.parse(renderGitlab(model, { pathPrefix: 'packages/api' })) as { location: { path: string }; other_locations?: { path: string }[] }[];
    expect(issues.map((i) => i.location.path)).toEqual(['packages/api/src/a.ts', 'packages/api/src/b.ts']);
    expect(issues[1].other_locations?.[0].path).toBe('packages/api/src/c.ts');
  });

  it('writes an empty array when there are no findings', () => {
    expect(renderGitlab(makeModel([]), {})).toBe('[]\n');
  });
});
