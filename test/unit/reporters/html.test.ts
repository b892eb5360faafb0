import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HTML_SCRIPT } from '../../../reporters/html-assets.js';
import { renderHtml } from '../../../reporters/html.js';
import { makeFinding, makeModel, makeModule, makeRule } from '../../helpers/report-model.js';

const XSS_MESSAGE = 'Function <img src=x onerror=alert(1)> & "friends" can fail.';
const XSS_SNIPPET = 'const a = "</pre><script>alert(2)</script>";';

const graph = {
  files: { nodes: [], edges: [] },
  modules: {
    nodes: [
      { id: 'src/<api>', files: 2, fanIn: 1, fanOut: 1, dependents: 1, inCycle: true, instability: 0.5, pagerank: 0.5 },
      { id: 'src/core', files: 3, fanIn: 1, fanOut: 1, dependents: 1, inCycle: true, instability: 0.5, pagerank: 0.4 },
      { id: 'src/lonely', files: 1, fanIn: 0, fanOut: 0, dependents: 0, inCycle: false, instability: 0, pagerank: 0.1 },
    ],
    edges: [
      { source: 'src/<api>', target: 'src/core', weight: 3 },
      { source: 'src/core', target: 'src/<api>', weight: 1 },
    ],
  },
  cycles: [{ files: ['src/<api>/a.ts', 'src/core/b.ts'], breakEdge: { source: 'src/core/b.ts', target: 'src/<api>/a.ts' } }],
  hotspots: [{ file: 'src/core/b.ts', risk: 40, churn: 7 }],
};

function model() {
  const findings = [
    makeFinding({ file: 'src/<api>/a.ts', module: 'src/<api>', message: XSS_MESSAGE, snippet: XSS_SNIPPET, category: 'unchecked-assumption', effortMinutes: 15 }),
    makeFinding({
      file: 'src/core/b.ts',
      module: 'src/core',
      ruleId: 'debt-scan/rule-b',
      category: 'duplication',
      level: 'error',
      effortMinutes: 30,
      related: [{ file: 'src/core/c"d.ts', line: 3, column: 1, endLine: 4, endColumn: 2, message: 'copy <2>' }],
    }),
  ];
  return makeModel(findings, {
    root: '/home/user/<project>',
    modules: [makeModule('src/core', { rating: 'C', risk: 40, debtMinutes: 30 }), makeModule('src/<api>', { rating: 'A', risk: 15, debtMinutes: 15, churn: 2 })],
    gate: { passed: false, failures: ['debt ratio <b>12%</b> is above 5%'] },
    notifications: [{ level: 'error', kind: 'parse-error', message: 'src/x.ts:1:1: unexpected "<"', file: 'src/x.ts' }],
    suppressed: [makeFinding({ file: 'src/s.ts', suppression: { kind: 'inSource', justification: '<i>legacy</i>' } })],
    rules: [makeRule('rule-a', { category: 'unchecked-assumption' }), makeRule('rule-b', { category: 'duplication', level: 'error' })],
    analyses: { graph },
  });
}

describe('renderHtml', () => {
  const html = renderHtml(model(), { includeSuppressed: true });

  it('escapes every message, snippet, path, module name and justification', () => {
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert(2)');
    expect(html).not.toContain('<b>12%');
    expect(html).not.toContain('<i>legacy');
    expect(html).not.toContain('src/<api>');
    expect(html).toContain('Function &lt;img src=x onerror=alert(1)&gt; &amp; &quot;friends&quot; can fail.');
    expect(html).toContain('<pre class="snippet"><code>const a = &quot;&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;&quot;;</code></pre>');
    expect(html).toContain('src/<wbr>&lt;api&gt;/<wbr>a.ts:1:1');
    expect(html).toContain('<li><code>src/core/c&quot;d.ts:3</code> copy &lt;2&gt;</li>');
    expect(html).toContain('data-module="src/&lt;api&gt;"');
    expect(html).toContain('debt ratio &lt;b&gt;12%&lt;/b&gt; is above 5%');
    expect(html).toContain('<title>debt-scan report: &lt;project&gt;</title>');
    // the only script is the report's own
    expect(html.match(/<script/gu)).toHaveLength(1);
  });

  it('lists under each failed gate condition the worst findings behind it', () => {
    const base = model();
    const behind = base.findings.find((f) => f.file === 'src/core/b.ts') ?? base.findings[0];
    const gate = {
      passed: false,
      failures: ['1 finding at level "error"'],
      conditions: [{ condition: 'failOn', passed: false, actual: 1, limit: 0, message: '1 finding at level "error"', findings: [behind.fingerprint] }],
    };
    const page = renderHtml({ ...base, gate }, {});
    const block = page.slice(page.indexOf('<div class="gate failed"'), page.indexOf('</div>', page.indexOf('<div class="gate failed"')));
    expect(block).toContain('<li>1 finding at level &quot;error&quot;<ul class="behind"><li><code>');
    expect(block).toContain(`:${behind.line}:${behind.column}</code> ${behind.ruleId}</li></ul></li>`);
    // A report of an earlier version, with the sentences only.
    expect(html).toContain('<li>debt ratio &lt;b&gt;12%&lt;/b&gt; is above 5%</li>');
  });

  it('is self-contained: nothing is loaded from elsewhere, and a policy forbids it', () => {
    expect(html).not.toMatch(/<(?:link|img|iframe|object|embed)\b/u);
    expect(html).not.toMatch(/<script[^>]+src=/u);
    expect(html).not.toMatch(/url\((?!#)|@import/u);
    const hash = createHash('sha256').update(HTML_SCRIPT).digest('base64');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:">`);
    expect(html).toContain(`<script>${HTML_SCRIPT}</script>`);
  });

  it('draws four charts', () => {
    const charts = [...html.matchAll(/<figure class="chart" data-chart="([a-z]+)"><figcaption>[^<]+<\/figcaption><svg /gu)].map((m) => m[1]);
    expect(charts).toEqual(['categories', 'ratings', 'modules', 'rules']);
  });

  it('draws the module graph with cycle edges marked, or says that there is none', () => {
    const nodes = [...html.matchAll(/<g class="node( in-cycle)?" data-module="([^"]+)"/gu)].map((m) => `${m[2]}${m[1] ? ' (cycle)' : ''}`);
    expect(nodes.sort()).toEqual(['src/&lt;api&gt; (cycle)', 'src/core (cycle)', 'src/lonely']);
    expect(html.match(/class="edge cycle"/gu)).toHaveLength(2);
    expect(html).toContain('Modules that import each other are outlined in red, and the imports that close the circle are dashed. 1 import cycle between files, listed below.');
    expect(html).toContain('Break it at <code>src/core/b.ts</code> → <code>src/&lt;api&gt;/a.ts</code>.');
    const withoutGraph = renderHtml({ ...model(), analyses: {} }, {});
    expect(withoutGraph).toContain('The import graph was not built in this run, so there is no module graph to show.');
    expect(withoutGraph).not.toContain('class="graph"');
    expect(renderHtml({ ...model(), analyses: { graph: { modules: 'nonsense' } } }, {})).toContain('The import graph was not built in this run');
  });

  it('has a sortable module table with exact values to sort by', () => {
    const table = /<table class="sortable" id="module-table">([\s\S]*?)<\/table>/u.exec(html)?.[1] ?? '';
    expect([...table.matchAll(/<th scope="col" data-type="(\w+)"[^>]*><button type="button">([^<]+)</gu)].map((m) => `${m[2]}:${m[1]}`)).toEqual([
      'Module:text',
      'Rating:text',
      'Risk:number',
      'Debt:number',
      'Debt ratio:number',
      'Findings:number',
      'Files:number',
      'Lines:number',
      'Churn:number',
    ]);
    expect(table).toContain('<tr><td data-value="src/core">src/core</td><td data-value="C"><span class="rating rC">C</span></td><td class="n" data-value="40">40</td><td class="n" data-value="30">30 min</td>');
  });

  it('groups the findings by category, most pressing kinds first', () => {
    const sections = [...html.matchAll(/<section class="category" id="category-([a-z-]+)"/gu)].map((m) => m[1]);
    expect(sections).toEqual(['unchecked-assumption', 'duplication']);
    expect(html).toContain('Unchecked assumptions <span class="count">1 finding · 15 min</span>');
  });

  it('lists suppressed findings only when asked', () => {
    expect(html).toContain('1 finding silenced by comments or a baseline');
    expect(renderHtml(model(), {})).not.toContain('silenced by comments');
  });
});
