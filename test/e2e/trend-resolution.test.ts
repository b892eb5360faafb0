import { afterAll, expect, it } from 'vitest';
import { trendFromGit } from '../../src/index.js';
import { DatedGitRepo } from '../helpers/dated-git-repo.js';

const ONLY_UNRESOLVED = `${JSON.stringify({ rules: { 'no-complex-function': 'off', 'no-duplicate-block': 'off', 'no-duplicate-function': 'off', 'no-unresolved-import': 'error' } })}\n`;
const tsconfig = (alias: string, target: string) => `${JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { [`${alias}/*`]: [`${target}/*`] } } })}\n`;

const repo = new DatedGitRepo('debt-scan-trend-resolution-');
afterAll(() => repo.remove());

repo.commit({
  date: '2025-01-10T12:00:00+0000',
  message: 'alias @old',
  change: {
    'debt-scan.config.json': ONLY_UNRESOLVED,
    'package.json': '{"name":"app","private":true}\n',
    'tsconfig.json': tsconfig('@old', 'src/lib'),
    'src/lib/format.ts': 'export const format = (n: number): string => n.toFixed(2);\n',
    'src/main.ts': "import { format } from '@old/format';\nexport const shown = format(1);\n",
  },
});
repo.commit({
  date: '2025-02-10T12:00:00+0000',
  message: 'rename the alias to @lib',
  change: { 'tsconfig.json': tsconfig('@lib', 'src/lib'), 'src/main.ts': "import { format } from '@lib/format';\nexport const shown = format(1);\n" },
});

it('resolves the imports of each point with the tsconfig that point had, not the working tree\'s', async () => {
  const trend = await trendFromGit({ root: repo.dir, interval: 'month', months: 2, until: new Date('2025-02-28T00:00:00Z') });
  expect(trend.points.map((p) => [p.label, p.status, p.findings])).toEqual([
    ['2025-01', 'ok', 0],
    ['2025-02', 'ok', 0],
  ]);
}, 60_000);

const extending = new DatedGitRepo('debt-scan-trend-extends-');
afterAll(() => extending.remove());

extending.commit({
  date: '2025-01-10T12:00:00+0000',
  message: 'alias @old in a base configuration',
  change: {
    'debt-scan.config.json': ONLY_UNRESOLVED,
    'package.json': '{"name":"app","private":true}\n',
    'tsconfig.json': '{ "extends": "./configs/base", "include": ["src"] }\n',
    'configs/base.json': tsconfig('@old', '../src/lib'),
    'src/lib/format.ts': 'export const format = (n: number): string => n.toFixed(2);\n',
    'src/main.ts': "import { format } from '@old/format';\nexport const shown = format(1);\n",
  },
});
extending.commit({
  date: '2025-02-10T12:00:00+0000',
  message: 'rename the alias to @lib',
  change: { 'configs/base.json': tsconfig('@lib', '../src/lib'), 'src/main.ts': "import { format } from '@lib/format';\nexport const shown = format(1);\n" },
});

it('reads a configuration that tsconfig extends by another name from the point\'s tree as well', async () => {
  const trend = await trendFromGit({ root: extending.dir, interval: 'month', months: 2, until: new Date('2025-02-28T00:00:00Z') });
  expect(trend.points.map((p) => [p.label, p.status, p.findings])).toEqual([
    ['2025-01', 'ok', 0],
    ['2025-02', 'ok', 0],
  ]);
}, 60_000);
