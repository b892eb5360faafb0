import type { ChunkedRenderer, Renderer, ReportFormat } from './types.js';
import type { TrendRenderer } from './trend/trend-format.js';

/*
 * The renderers by format, each module loaded when its format is first asked for. A CLI run
 * writes one or two formats; loading every renderer (the HTML report's drawings and charts, SARIF,
 * the trend's formats) was about a tenth of the modules a run the cache serves whole loads. The
 * library's `renderers` (reporters/index.ts) loads them all, and a test holds the two to the same
 * functions.
 */

/** Every output format of a scan, in the order the help lists them. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'markdown', 'html', 'gitlab'];

export type TrendFormat = 'markdown' | 'html' | 'json';

/** Every output format of `debt-scan trend`. */
export const TREND_FORMATS: readonly TrendFormat[] = ['markdown', 'html', 'json'];

/** A format's renderer, and its renderer in pieces where it has one (for the CLI to write without the whole text in memory). */
export async function loadRenderer(format: ReportFormat): Promise<{ render: Renderer; chunks?: ChunkedRenderer }> {
  switch (format) {
    case 'text':
      return { render: (await import('./text.js')).renderText };
    case 'json': {
      const { renderJson, renderJsonChunks } = await import('./json.js');
      return { render: renderJson, chunks: renderJsonChunks };
    }
    case 'sarif':
      return { render: (await import('./sarif.js')).renderSarif };
    case 'markdown':
      return { render: (await import('./markdown.js')).renderMarkdown };
    case 'html':
      return { render: (await import('./html.js')).renderHtml };
    case 'gitlab':
      return { render: (await import('./gitlab.js')).renderGitlab };
  }
}

/** A trend format's renderer. */
export async function loadTrendRenderer(format: TrendFormat): Promise<TrendRenderer> {
  switch (format) {
    case 'markdown':
      return (await import('./trend/trend-markdown.js')).renderTrendMarkdown;
    case 'html':
      return (await import('./trend/trend-html.js')).renderTrendHtml;
    case 'json':
      return (await import('./trend/trend-json.js')).renderTrendJson;
  }
}
