import { describe, expect, it } from 'vitest';
import { renderTrendHtml } from '../../../reporters/trend/trend-html.js';
import { renderTrendJson } from '../../../reporters/trend/trend-json.js';
import { renderTrendMarkdown } from '../../../reporters/trend/trend-markdown.js';
import type { TrendModel } from '../../../src/trend/types.js';

const HOSTILE = '<script>alert("x")</script>|*_';
const ref = { fingerprint: 'f1:1', ruleId: 'debt-scan/no-complex-function', file: `src/${HOSTILE}.ts`, line: 3 };
const other = { fingerprint: 'f2:1', ruleId: 'debt-scan/no-swallowed-error', file: 'src/b.ts', line: 7 };

const TREND: TrendModel = {
  kind: 'debt-scan-trend',
  schemaVersion: 1,
  tool: { name: 'debt-scan', version: '0.1.0' },
  source: 'git',
  branch: 'main',
  interval: 'month',
  until: '2025-03-31T23:59:59.000Z',
  categories: ['error-handling', 'complexity'],
  points: [
    {
      label: '2025-01',
      end: '2025-01-31T23:59:59.000Z',
      status: 'ok',
      commit: '1111111111111111111111111111111111111111',
      date: '2025-01-20T12:00:00.000Z',
      findings: 1,
      debtMinutes: 20,
      codeLines: 4000,
      debtPerKloc: 5,
      byCategory: { 'error-handling': { findings: 0, debtMinutes: 0 }, complexity: { findings: 1, debtMinutes: 20 } },
      introduced: null,
      fixed: null,
    },
    {
      label: '2025-02',
      end: '2025-02-28T23:59:59.000Z',
      status: 'failed',
      commit: '2222222222222222222222222222222222222222',
      date: null,
      message: `could not analyse 222222222222: ${HOSTILE}`,
      findings: null,
      debtMinutes: null,
      codeLines: null,
      debtPerKloc: null,
      byCategory: {},
      introduced: null,
      fixed: null,
    },
    {
      label: '2025-03',
      end: '2025-03-31T23:59:59.000Z',
      status: 'ok',
      commit: '3333333333333333333333333333333333333333',
      date: '2025-03-02T12:00:00.000Z',
      findings: 2,
      debtMinutes: 150,
      codeLines: 6000,
      debtPerKloc: 25,
      byCategory: { 'error-handling': { findings: 1, debtMinutes: 130 }, complexity: { findings: 1, debtMinutes: 20 } },
      introduced: [other],
      fixed: [],
    },
  ],
  change: { from: '2025-01', to: '2025-03', debtBefore: 20, debtAfter: 150, findingsBefore: 1, findingsAfter: 2 },
  modules: { grew: [{ module: HOSTILE, debtBefore: 0, debtAfter: 130, debtDelta: 130, findingsBefore: 0, findingsAfter: 1 }], fell: [] },
  rules: [
    {
      ruleId: 'debt-scan/no-swallowed-error',
      category: 'error-handling',
      findingsBefore: 0,
      findingsAfter: 1,
      debtBefore: 0,
      debtAfter: 130,
      debtDelta: 130,
      shareOfGrowth: 1,
      introduced: 1,
      fixed: 0,
    },
  ],
  recurring: [{ ...ref, firstSeen: '2025-01', fixedAt: ['2025-02'], reappearedAt: ['2025-03'], openNow: true }],
  open: [
    { ...ref, since: '2025-01', sinceStart: true },
    { ...other, since: '2025-03', sinceStart: false },
  ],
};

/** Two years of monthly points, each the first point of TREND. */
const LONG: TrendModel = {
  ...TREND,
  points: Array.from({ length: 24 }, (_, i) => ({ ...TREND.points[0], label: `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}` })),
};

describe('renderTrendMarkdown', () => {
  it('widens its Mermaid charts beyond a dozen points, so that the month labels do not overlap', () => {
    const charts = renderTrendMarkdown(LONG).split('```mermaid\n').slice(1);
    expect(charts).toHaveLength(3);
    for (const chart of charts) expect(chart.startsWith('---\nconfig:\n  xyChart:\n')).toBe(true);
    expect(charts[0]).toContain('    width: 1440\n    xAxis:\n      labelFontSize: 12\n---\nxychart-beta');
    expect(renderTrendMarkdown(TREND)).not.toContain('xyChart:');
  });

  it('renders the chart, the table, the movers, recurring findings and failed points', () => {
    expect(renderTrendMarkdown(TREND)).toBe(
      [
        '# debt-scan trend',
        '',
        'main, 2025-01 to 2025-03 (monthly, from git history).',
        '',
        'Debt went from **20 min** (2025-01) to **2 h 30 min** (2025-03): **+2 h 10 min**; findings 1 → 2 (+1).',
        '',
        '## Recurring findings',
        '',
        'Fixed once and back again:',
        '',
        '| where | rule | first seen | fixed | back | open now |',
        '| --- | --- | --- | --- | --- | --- |',
        '| src/\\<script\\>alert("x")\\</script\\>\\|\\*\\_.ts:3 | `debt-scan/no-complex-function` | 2025-01 | 2025-02 | 2025-03 | yes |',
        '',
        '```mermaid',
        'xychart-beta',
        '  title "Debt (hours)"',
        '  x-axis ["2025-01", "2025-03"]',
        '  y-axis "hours" 0 --> 5',
        '  bar [0.3, 2.5]',
        '```',
        '',
        '```mermaid',
        'xychart-beta',
        '  title "Debt per 1,000 code lines (minutes)"',
        '  x-axis ["2025-01", "2025-03"]',
        '  y-axis "min / kLOC" 0 --> 50',
        '  line [5, 25]',
        '```',
        '',
        '```mermaid',
        'xychart-beta',
        '  title "Findings introduced (bars) and fixed (line)"',
        '  x-axis ["2025-03"]',
        '  y-axis "findings" 0 --> 1',
        '  bar [1]',
        '  line [0]',
        '```',
        '',
        '| month | commit | findings | debt | debt / kLOC | error-handling debt | complexity debt | introduced | fixed |',
        '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        '| 2025-01 | `1111111` | 1 | 20 min | 5.0 min | 0 min | 20 min |  |  |',
        '| 2025-02 | 2222222 | failed |  |  |  |  |  |  |',
        '| 2025-03 | `3333333` | 2 | 2 h 30 min | 25.0 min | 2 h 10 min | 20 min | 1 | 0 |',
        '',
        '## Modules whose debt grew most',
        '',
        '| module | debt before | debt after | change | findings |',
        '| --- | ---: | ---: | ---: | ---: |',
        '| \\<script\\>alert("x")\\</script\\>\\|\\*\\_ | 0 min | 2 h 10 min | +2 h 10 min | 0 → 1 |',
        '',
        '## Rules behind the growth',
        '',
        '| rule | category | findings | debt change | share of growth | introduced | fixed |',
        '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
        '| `debt-scan/no-swallowed-error` | error-handling | 0 → 1 | +2 h 10 min | 100.0% | 1 | 0 |',
        '',
        '## Introduced and fixed',
        '',
        '<details><summary>2025-03: 1 introduced, 0 fixed</summary>',
        '',
        'Introduced:',
        '',
        '- src/b.ts:7 `debt-scan/no-swallowed-error`',
        '',
        '</details>',
        '',
        '## Oldest open findings',
        '',
        '| where | rule | open since |',
        '| --- | --- | --- |',
        '| src/\\<script\\>alert("x")\\</script\\>\\|\\*\\_.ts:3 | `debt-scan/no-complex-function` | 2025-01 or earlier |',
        '| src/b.ts:7 | `debt-scan/no-swallowed-error` | 2025-03 |',
        '',
        '## Points not analysed',
        '',
        '- 2025-02 (`2222222`): could not analyse 222222222222: \\<script\\>alert("x")\\</script\\>\\|\\*\\_',
        '',
      ].join('\n'),
    );
  });

  it('labels weekly rows by the ISO date of their Monday and says when nothing could be analysed', () => {
    const weekly: TrendModel = {
      ...TREND,
      interval: 'week',
      points: [{ ...TREND.points[1], label: '2025-02-10' }],
      change: null,
      modules: { grew: [], fell: [] },
      rules: [],
      recurring: [],
      open: [],
    };
    const markdown = renderTrendMarkdown(weekly);
    expect(markdown).toContain('No point of the trend could be analysed.');
    expect(markdown).not.toContain('```mermaid');
    expect(markdown).toContain('| week of | commit |');
    expect(markdown).toContain('| 2025-02-10 | 2222222 | failed |');
  });
});

describe('renderTrendHtml', () => {
  const html = renderTrendHtml(TREND);

  it('is one self-contained page with inline SVG charts', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /gu)).toHaveLength(2);
    expect(html).not.toMatch(/<script|<link|src=|href=/u);
    // Stacked bars: one rect per category with debt per analysed month (Jan: complexity; Mar: both).
    const debtChart = html.slice(html.indexOf('<svg '), html.indexOf('</svg>'));
    expect(debtChart.match(/<rect /gu)).toHaveLength(3);
    expect(debtChart).toContain('<title>2025-03 error-handling: 2.2</title>');
    expect(debtChart).toContain('<title>2025-01 complexity: 0.3</title>');
  });

  it('escapes every name it shows', () => {
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;|*_');
    expect(html).toContain('<td>src/&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;|*_.ts:3</td>');
  });

  it('shows the table of intervals, the failed point and the recurring finding', () => {
    expect(html).toContain(
      '<tr><td>2025-03</td><td><code>3333333</code></td><td class="n">2</td><td class="n">2 h 30 min</td><td class="n">25.0 min</td><td class="n">2 h 10 min</td><td class="n">20 min</td><td class="n">1</td><td class="n">0</td></tr>',
    );
    expect(html).toContain('<tr><td>2025-02</td><td>2222222</td><td colspan="7">failed: could not analyse 222222222222: &lt;script&gt;');
    expect(html).toContain('<td>2025-01</td><td>2025-02</td><td>2025-03</td><td>yes</td>');
  });
});

describe('renderTrendJson', () => {
  it('is the trend model itself', () => {
    expect(JSON.parse(renderTrendJson(TREND))).toEqual(TREND);
  });
});

describe('the memory of fixes in the trend reports', () => {
  const hunk = { oldStart: 5, newStart: 5, lines: ['   const res = await fetch(url);', `+  if (!res.ok) throw new Error('${HOSTILE}');`, '   const data = await res.json();'] };
  const precedent = { commit: 'a'.repeat(40), date: '2025-02-10T12:00:00.000Z', subject: `check ${HOSTILE}`, file: 'src/users.ts', line: 6, similarity: 1, hunk };
  const okRule = { ruleId: 'debt-scan/require-response-ok-check', introduced: 1, fixed: 2, removed: 1, open: 1, medianDaysToFix: 12, fixRate: 0.67 };
  const neverRule = { ruleId: 'debt-scan/no-swallowed-error', introduced: 0, fixed: 0, removed: 0, open: 4, medianDaysToFix: null, fixRate: 0, neverFixed: '4 of its 4 open findings were already there at 2025-01 and none of its findings was fixed up to 2025-03' };
  const withMemory: TrendModel = {
    ...TREND,
    recurring: TREND.recurring.map((r) => ({ ...r, undoneFix: { commit: 'b'.repeat(40), date: '2025-02-01T00:00:00.000Z', subject: `fix ${HOSTILE}` }, broughtBackBy: { commit: 'c'.repeat(40), date: '2025-03-01T00:00:00.000Z', subject: 'Revert "fix"' } })),
    open: [{ ...other, ruleId: 'debt-scan/require-response-ok-check', since: '2025-03', sinceStart: false, precedent }],
    memory: { from: '2025-01', to: '2025-03', fixes: 2, fixesWithHunk: 1, events: [], rules: [okRule, neverRule], precedents: { open: 1, withPrecedent: 1, minimumSimilarity: 0.8 } },
  };

  it('in Markdown: the undone fix of each recurring finding, the rules as the team fixes them, the rules it never fixes, and each past fix as a diff', () => {
    const text = renderTrendMarkdown(withMemory);
    expect(text).toContain('| where | rule | first seen | fixed | back | open now | fix undone | brought back by |');
    expect(text).toContain('| 2025-01 | 2025-02 | 2025-03 | yes | `bbbbbbb` fix \\<script\\>alert("x")\\</script\\>\\|\\*\\_ | `ccccccc` Revert "fix" |');
    expect(text).toContain('| `debt-scan/require-response-ok-check` | 1 | 2 | 1 | 1 | 12 days | 67 % |');
    expect(text).toContain('- `debt-scan/no-swallowed-error`: 4 of its 4 open findings were already there at 2025-01 and none of its findings was fixed up to 2025-03');
    expect(text).toContain('1 of 1 open findings look like a finding this repository fixed before (similarity of the reported line at least 0.8).');
    expect(text).toContain(['```diff', '   const res = await fetch(url);', `+  if (!res.ok) throw new Error('${HOSTILE}');`, '   const data = await res.json();', '```'].join('\n'));
  });

  it('in HTML: the same, escaped, each past fix collapsed', () => {
    const html = renderTrendHtml(withMemory);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('<h2>How this team fixes its debt</h2>');
    expect(html).toContain('<details><summary>src/b.ts:7 debt-scan/require-response-ok-check: fixed before at aaaaaaa (2025-02-10) in src/users.ts:6</summary>');
    expect(html).toContain('<span class="add">+  if (!res.ok) throw new Error(&#39;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;|*_&#39;);</span>');
    expect(html.indexOf('<h2>Recurring findings</h2>')).toBeLessThan(html.indexOf('<h2>By month</h2>'));
  });
});
