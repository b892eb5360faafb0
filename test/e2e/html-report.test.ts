import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../reporters/html.js';
import { renderTrendHtml } from '../../reporters/trend/trend-html.js';
import type { TrendModel } from '../../src/trend/types.js';
import type { ReportModel } from '../../src/model/types.js';
import { makeModel, makeModule } from '../helpers/report-model.js';
import { REPO_ROOT, copyFixture, removeDirectory, runCli } from '../helpers/fixtures.js';

/** Debian's chromium package (.ci/run installs it); never a downloaded browser. */
const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

/**
 * Opens the HTML report of fixtures/ai-app (every rule, so that every section has findings) in a real headless browser: no console error, no
 * request beyond the file itself, every chart and the module graph drawn, the module table
 * sortable, the filter working, markup from the source shown as text. A screenshot is kept in
 * test-artifacts/.
 */
describe('the HTML report in a browser', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  let report: ReportModel;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium), as .ci/run does`);
    dir = copyFixture('ai-app');
    const result = await runCli(['.', '--preset', 'strict', '--format', 'html', '--output', 'report.html', '--format', 'json', '--output', 'report.json', '--fail-on', 'never', '--no-cache'], dir);
    expect(result.code).toBe(0);
    report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportModel;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_FLAGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`request: ${request.url()}`);
    });
    page.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
    await page.goto(pathToFileURL(path.join(dir, 'report.html')).href, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) removeDirectory(dir);
  });

  it('draws every chart', async () => {
    const charts = await page.locator('figure.chart').evaluateAll((figures) =>
      figures.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        const marks = svg ? [...svg.querySelectorAll('rect')].filter((r) => r.getBoundingClientRect().width > 0).length : 0;
        return `${f.getAttribute('data-chart')}: ${box && box.width > 200 && box.height > 50 ? 'drawn' : 'missing'}, ${marks > 0 ? 'with marks' : 'empty'}`;
      }),
    );
    expect(charts).toEqual(['categories: drawn, with marks', 'ratings: drawn, with marks', 'modules: drawn, with marks', 'rules: drawn, with marks']);
  });

  it('draws the module graph with one box per module', async () => {
    const graph = report.analyses.graph as { modules: { nodes: { id: string }[] } } | undefined;
    expect(graph?.modules.nodes.length).toBeGreaterThan(1);
    const drawn = await page.locator('#module-graph svg g.node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-module')).sort());
    expect(drawn).toEqual(graph!.modules.nodes.map((n) => n.id).sort());
    const box = await page.locator('#module-graph svg').boundingBox();
    expect(box?.height).toBeGreaterThan(60);
  });

  it('sorts the module table by any column, both ways', async () => {
    const column = async (index: number) =>
      page.locator('#module-table tbody tr').evaluateAll((rows, i) => rows.map((r) => r.children[i].getAttribute('data-value') ?? ''), index);
    const numbers = (values: string[]) => values.map(Number);
    expect(numbers(await column(2))).toEqual(report.modules.map((m) => m.risk));

    await page.locator('#module-table th', { hasText: 'Debt ratio' }).locator('button').click();
    const ratios = numbers(await column(4));
    expect(ratios).toEqual([...ratios].sort((a, b) => b - a));
    expect(await page.locator('#module-table th', { hasText: 'Debt ratio' }).getAttribute('aria-sort')).toBe('descending');
    await page.locator('#module-table th', { hasText: 'Debt ratio' }).locator('button').click();
    expect(numbers(await column(4))).toEqual([...ratios].sort((a, b) => a - b));

    await page.locator('#module-table th', { hasText: 'Module' }).locator('button').click();
    const names = await column(0);
    expect(names).toEqual(report.modules.map((m) => m.module).sort());
    expect(await page.locator('#module-table th', { hasText: 'Debt ratio' }).getAttribute('aria-sort')).toBeNull();
  });

  it('shows the findings by category and filters them', async () => {
    const sections = await page.locator('section.category').evaluateAll((s) => s.map((x) => `${x.getAttribute('data-category')} ${x.querySelectorAll('tr.finding').length}`));
    const expected = ['unchecked-assumption', 'error-handling', 'duplication', 'complexity', 'dependency']
      .map((c) => `${c} ${report.findings.filter((f) => f.category === c).length}`)
      .filter((s) => !s.endsWith(' 0'));
    expect(sections).toEqual(expected);
    await page.locator('#finding-filter').fill('pricing.ts');
    const visible = await page.locator('tr.finding:visible').count();
    expect(visible).toBe(report.findings.filter((f) => f.file.includes('pricing.ts')).length);
    expect(await page.locator('#filter-count').textContent()).toBe(`${visible} of ${report.findings.length} findings`);
    await page.locator('#finding-filter').fill('');
    expect(await page.locator('tr.finding:visible').count()).toBe(report.findings.length);
  });

  it('shows markup from the source as text', async () => {
    await expect(page.locator('pre.snippet', { hasText: '<b onclick="alert(1)">&amp;</b>' }).count()).resolves.toBe(1);
    expect(await page.locator('main b[onclick]').count()).toBe(0);
  });

  it('loads nothing but the file and logs no error; keeps a screenshot', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-report.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-report-top.png') });
    expect(problems).toEqual([]);
  });
});

describe('the HTML report with very long paths', () => {
  it('keeps every message and its code on the page at 1280 pixels', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium), as .ci/run does`);
    const dir = copyFixture('ai-app');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_FLAGS });
    try {
      const deep = path.join('src', ...Array.from({ length: 6 }, (_, i) => `a-rather-long-directory-name-number-${i}`), 'with-an-equally-long-file-name-for-the-report.ts');
      mkdirSync(path.join(dir, path.dirname(deep)), { recursive: true });
      writeFileSync(path.join(dir, deep), 'export async function load(url: string) {\n  const res = await fetch(url);\n  return res.json();\n}\n');
      const result = await runCli(['.', '--preset', 'strict', '--format', 'html', '--output', 'report.html', '--fail-on', 'never', '--no-cache'], dir);
      expect(result.code).toBe(0);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(path.join(dir, 'report.html')).href, { waitUntil: 'load' });
      const row = page.locator('tr.finding', { hasText: 'with-an-equally-long-file-name-for-the-report.ts' }).first();
      await row.scrollIntoViewIfNeeded();
      const right = async (selector: string) => row.locator(selector).first().evaluate((e) => e.getBoundingClientRect().right);
      expect(await right('.message')).toBeLessThanOrEqual(1280);
      expect(await right('pre.snippet')).toBeLessThanOrEqual(1280);
      expect(await right('td.where')).toBeLessThan(640);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
    } finally {
      await browser.close();
      removeDirectory(dir);
    }
  }, 120_000);
});

describe('the HTML report of a repository with 600 modules', () => {
  it('draws the folders, then each folder\'s modules without overlap, and finds and zooms in a real browser', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium), as .ci/run does`);
    const ids = Array.from({ length: 600 }, (_, i) => `packages/pkg-${String(i % 20).padStart(2, '0')}/module-${String(i).padStart(4, '0')}`);
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const edges = ids.flatMap((id, i) => (i === 0 ? [] : Array.from({ length: 2 }, () => ({ source: id, target: ids[Math.floor(random() * i)], weight: 1 + Math.floor(random() * 4) }))));
    const graph = {
      modules: { nodes: ids.map((id) => ({ id, files: 3, fanIn: 0, fanOut: 0, dependents: 0, inCycle: false })), edges },
      cycles: [],
      hotspots: [],
    };
    const model = makeModel([], { modules: ids.map((id, i) => makeModule(id, { debtMinutes: i % 7, rating: 'ABCDE'[i % 5] as 'A' })), analyses: { graph } });
    const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-graph-'));
    writeFileSync(path.join(dir, 'report.html'), renderHtml(model, {}));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_FLAGS });
    const problems: string[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(pathToFileURL(path.join(dir, 'report.html')).href, { waitUntil: 'load' });
      const overview = page.locator('#module-graph > .graph-box svg.graph');
      expect(await overview.locator('g.node').count()).toBe(20);
      expect(await page.locator('details.graph-group').count()).toBe(20);
      expect(await page.locator('details.graph-group g.node').count()).toBe(600);
      // No two boxes of one drawing overlap (each folder opened, so that it is laid out).
      await page.locator('details.graph-group').evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
      // What the page gives back: the project compiles without the DOM's types.
      type Box = { left: number; right: number; top: number; bottom: number };
      type Drawing = { querySelectorAll(selector: string): ArrayLike<{ getBoundingClientRect(): Box }> };
      const overlaps = await page.locator('#module-graph svg.graph').evaluateAll((svgs) =>
        (svgs as unknown as Drawing[]).map((svg) => {
          const boxes = Array.from(svg.querySelectorAll('g.node rect.node-box'), (r) => r.getBoundingClientRect());
          let count = 0;
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const [a, b] = [boxes[i], boxes[j]];
              if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) count += 1;
            }
          return count;
        }),
      );
      expect(overlaps.every((n) => n === 0)).toBe(true);
      await page.locator('details.graph-group').evaluateAll((all) => all.forEach((d) => d.removeAttribute('open')));
      await page.locator('#graph-search').fill('module-0417');
      expect(await page.locator('#graph-found').textContent()).toBe('1 module found');
      const match = page.locator('details.graph-group g.node.match');
      expect(await match.getAttribute('data-module')).toBe('packages/pkg-17/module-0417');
      expect(await page.locator('details.graph-group[open]').count()).toBe(1);
      expect(await overview.locator('g.node.match').getAttribute('data-module')).toBe('packages/pkg-17');
      expect(await match.isVisible()).toBe(true);
      const width = Number(await overview.getAttribute('width'));
      await page.locator('#module-graph button[data-zoom="1.25"]').click();
      expect((await overview.boundingBox())?.width).toBeCloseTo(width * 1.25, 0);
      await page.locator('#module-graph button[data-zoom="0"]').click();
      expect(await overview.getAttribute('style')).not.toMatch(/width: \d/u);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'html-graph-600.png') });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      removeDirectory(dir);
    }
  }, 120_000);
});

describe('the trend\'s HTML charts over many points', () => {
  /** A trend of ok points with these labels, debt rising. */
  const trendOf = (interval: 'month' | 'week', labels: string[]): TrendModel => ({
    kind: 'debt-scan-trend',
    schemaVersion: 1,
    tool: { name: 'debt-scan', version: '0.0.0' },
    source: 'git',
    interval,
    until: '2026-12-31T23:59:59.000Z',
    categories: ['complexity'],
    points: labels.map((label, i) => ({
      label,
      end: '2026-12-31T23:59:59.000Z',
      status: 'ok',
      commit: 'a'.repeat(40),
      date: '2026-12-31T12:00:00.000Z',
      findings: i,
      debtMinutes: 10 * i,
      codeLines: 1000,
      debtPerKloc: 10 * i,
      byCategory: { complexity: { findings: i, debtMinutes: 10 * i } },
      introduced: i === 0 ? null : [],
      fixed: i === 0 ? null : [],
    })),
    change: null,
    modules: { grew: [], fell: [] },
    rules: [],
    recurring: [],
    open: [],
  });

  it('keeps the x-axis labels apart at 24 months and at 52 weeks', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium), as .ci/run does`);
    const months = Array.from({ length: 24 }, (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    const weeks = Array.from({ length: 52 }, (_, i) => new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10));
    const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-trend-html-'));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_FLAGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      for (const [interval, labels] of [['month', months], ['week', weeks]] as const) {
        writeFileSync(path.join(dir, `${interval}.html`), renderTrendHtml(trendOf(interval, labels)));
        await page.goto(pathToFileURL(path.join(dir, `${interval}.html`)).href, { waitUntil: 'load' });
        // Rotated labels run parallel: two neighbours stay apart when the distance between their
        // lines, their spacing times sin 35°, exceeds the text's height (SVG units, as the font size).
        type Label = { getAttribute(name: string): string | null; ownerDocument: { defaultView: { getComputedStyle(e: unknown): { fontSize: string } } } };
        type Chart = { querySelectorAll(selector: string): ArrayLike<Label> };
        const overlaps = await page.locator('svg').evaluateAll((svgs) =>
          (svgs as unknown as Chart[]).map((svg) => {
            const labels = Array.from(svg.querySelectorAll('text')).filter((t) => (t.getAttribute('transform') ?? '').startsWith('rotate(-35'));
            const xs = labels.map((t) => Number(t.getAttribute('x')));
            const height = labels.length > 0 ? parseFloat(labels[0].ownerDocument.defaultView.getComputedStyle(labels[0]).fontSize) : 0;
            let count = 0;
            for (let i = 1; i < xs.length; i++) if ((xs[i] - xs[i - 1]) * Math.sin((35 * Math.PI) / 180) < height) count += 1;
            return { labels: labels.length, count };
          }),
        );
        expect(overlaps.length).toBeGreaterThan(0);
        for (const chart of overlaps) {
          expect(chart.labels).toBeGreaterThan(5);
          expect(chart.count).toBe(0);
        }
      }
    } finally {
      await browser.close();
      removeDirectory(dir);
    }
  }, 120_000);
});
