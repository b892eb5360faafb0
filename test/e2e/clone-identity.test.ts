import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ruleDefinitions } from '../../rules/index.js';
import type { TrendModel } from '../../src/trend/types.js';
import { DatedGitRepo } from '../helpers/dated-git-repo.js';
import { runCli, temporaryDirectories } from '../helpers/fixtures.js';

/**
 * A copied function or block keeps its identity (its fingerprint) while other copies of it come
 * and go: the trend of a history in which copies are added month by month introduces only the
 * copies that are newly reported, and fixes none. Before recipe 3 the old copies' fingerprints
 * named the copy to keep or the other copies' files, so every new copy "fixed" and "introduced"
 * each old one at the same place.
 */
const CLONE_RULES = new Set(['no-duplicate-function', 'no-duplicate-block']);
const CONFIG = `${JSON.stringify({ rules: Object.fromEntries(ruleDefinitions.map((r) => [r.name, CLONE_RULES.has(r.name) ? 'warn' : 'off'])) }, null, 2)}\n`;

/** A function large enough to be compared (six statements), under any name. */
const parser = (name: string, exported = false) => `${exported ? 'export ' : ''}function ${name}(line: string): { key: string; value: number } | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  const separator = trimmed.indexOf('=');
  const key = trimmed.slice(0, separator).trim().toLowerCase();
  const value = Number.parseInt(trimmed.slice(separator + 1).trim(), 10);
  return Number.isNaN(value) ? undefined : { key, value };
}
`;

/** A block of twelve lines pasted into functions of different names, with different code around it. */
const pastedBlock = (name: string, before: string) => `export function ${name}(rows: { id: string; total: number; tax: number }[]): string[] {
  ${before}
  const lines: string[] = [];
  let sum = 0;
  let taxes = 0;
  for (const row of rows) {
    sum += row.total;
    taxes += row.tax;
    const net = row.total - row.tax;
    lines.push(\`\${row.id.padEnd(12)} \${row.total.toFixed(2).padStart(10)} \${row.tax.toFixed(2).padStart(8)} \${net.toFixed(2).padStart(10)}\`);
  }
  lines.push(\`\${'total'.padEnd(12)} \${sum.toFixed(2).padStart(10)} \${taxes.toFixed(2).padStart(8)} \${(sum - taxes).toFixed(2).padStart(10)}\`);
  lines.push(\`rows: \${rows.length}, average: \${(sum / Math.max(rows.length, 1)).toFixed(2)}\`);
  return lines;
}
`;

/** Code before the block, different enough in each function that the functions are not copies of each other. */
const SALES = `if (rows.length === 0) throw new Error('no sales');
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.id)) throw new Error(\`sale \${row.id} twice\`);
    seen.add(row.id);
  }
  const region = process.env.SALES_REGION ?? 'eu';
  console.info(\`sales of \${region}\`);`;
const STOCK = `rows.sort((a, b) => a.id.localeCompare(b.id) || b.total - a.total);
  const negative = rows.filter((row) => row.total < 0);
  if (negative.length > 0) {
    console.warn('negative stock', negative.map((row) => row.id).join(', '));
  }
  const warehouse = new URL('https://stock.example.invalid/levels');
  warehouse.searchParams.set('count', String(rows.length));`;
const AUDIT = `const started = Date.now();
  const auditor = { name: 'audit', at: new Date(started).toISOString(), rows: rows.length };
  if (auditor.rows > 10_000) {
    throw new RangeError(\`too many rows to audit: \${auditor.rows}\`);
  }
  globalThis.setTimeout(() => console.info('audit took', Date.now() - started), 0);
  void auditor;`;

const temporary = temporaryDirectories();

describe('identity of copies across a history in which copies come and go', () => {
  const repo = new DatedGitRepo('debt-scan-clone-identity-');
  temporary.keep(repo.dir);
  let trend: TrendModel;

  beforeAll(async () => {
    repo.commit({
      date: '2025-01-10T12:00:00+0000',
      message: 'two copies of the parser, a block pasted twice',
      change: {
        'debt-scan.config.json': CONFIG,
        'src/settings.ts': parser('parseSetting', true),
        'src/legacy.ts': parser('readSetting'),
        'src/report-b.ts': pastedBlock('salesReport', SALES),
        'src/report-c.ts': pastedBlock('stockReport', STOCK),
      },
    });
    repo.commit({
      date: '2025-02-10T12:00:00+0000',
      message: 'a third copy of each',
      change: {
        'src/import.ts': parser('parseImportLine'),
        'src/report-a.ts': pastedBlock('auditReport', AUDIT),
      },
    });
    repo.commit({
      date: '2025-03-10T12:00:00+0000',
      message: 'a copy of the parser that more files import: the one to keep from now on',
      change: {
        'src/config/parse.ts': parser('parseConfigLine', true),
        'src/main.ts': "import { parseConfigLine } from './config/parse';\nexport const first = parseConfigLine('a=1');\n",
        'src/cli.ts': "import { parseConfigLine } from './config/parse';\nexport const second = parseConfigLine('b=2');\n",
      },
    });
    const out = path.join(temporary.make('debt-scan-clone-identity-out-'), 'trend.json');
    const result = await runCli(['trend', '--months', '3', '--until', '2025-03-31', '--format', 'json', '--output', out], repo.dir);
    expect(result.stderr).not.toMatch(/internal error/u);
    expect(result.code).toBe(0);
    trend = JSON.parse(readFileSync(out, 'utf8')) as TrendModel;
  });

  const where = (refs: TrendModel['points'][number]['introduced']) => refs?.map((r) => `${r.ruleId.replace('debt-scan/', '')} ${r.file}:${r.line}`) ?? null;

  it('finds the copies in every month', () => {
    expect(trend.points.map((p) => [p.label, p.status, p.findings])).toEqual([
      ['2025-01', 'ok', 2],
      ['2025-02', 'ok', 4],
      ['2025-03', 'ok', 5],
    ]);
  });

  it('introduces only the copies newly reported and fixes none when another copy arrives', () => {
    expect(trend.points.map((p) => [p.label, where(p.introduced), where(p.fixed)])).toEqual([
      ['2025-01', null, null],
      // A new local copy of the parser; the new first block by path makes the block in report-b a reported copy.
      ['2025-02', ['no-duplicate-function src/import.ts:1', 'no-duplicate-block src/report-b.ts:9'], []],
      // The new copy in the most imported file is the one to keep: parseSetting is now a copy to replace.
      ['2025-03', ['no-duplicate-function src/settings.ts:1'], []],
    ]);
  });

  it('keeps each copy open since the month it was first reported', () => {
    expect(trend.open.map((f) => `${f.ruleId.replace('debt-scan/', '')} ${f.file}:${f.line} since ${f.since}`).sort()).toEqual([
      'no-duplicate-block src/report-b.ts:9 since 2025-02',
      'no-duplicate-block src/report-c.ts:8 since 2025-01',
      'no-duplicate-function src/import.ts:1 since 2025-02',
      'no-duplicate-function src/legacy.ts:1 since 2025-01',
      'no-duplicate-function src/settings.ts:1 since 2025-03',
    ]);
    expect(trend.recurring).toEqual([]);
  });
});
