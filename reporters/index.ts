import { renderGitlab } from './gitlab.js';
import { renderHtml } from './html.js';
import { renderJson, renderJsonChunks } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';
import type { ChunkedRenderer, Renderer, ReportFormat } from './types.js';
import type { TrendRenderer } from './trend/trend-format.js';
import type { TrendFormat } from './load-renderer.js';
import { renderTrendHtml } from './trend/trend-html.js';
import { renderTrendJson } from './trend/trend-json.js';
import { renderTrendMarkdown } from './trend/trend-markdown.js';

/*
 * The library's registry of renderers: a scan's report model (src/model) and the trend's model
 * (src/trend/types.ts) each have their formats here, by name, all loaded. The CLI loads only the
 * formats it writes (reporters/load-renderer.ts).
 */

/** Every output format, by name. */
export const renderers: Readonly<Record<ReportFormat, Renderer>> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  markdown: renderMarkdown,
  html: renderHtml,
  gitlab: renderGitlab,
};

export { REPORT_FORMATS, TREND_FORMATS, type TrendFormat } from './load-renderer.js';

/** Formats that can also be rendered in pieces, for the CLI to write without the whole text in memory. */
export const chunkedRenderers: Readonly<Partial<Record<ReportFormat, ChunkedRenderer>>> = {
  json: renderJsonChunks,
};

export type { ChunkedRenderer, Renderer, RenderOptions, ReportFormat } from './types.js';

/** Every output format of `debt-scan trend`, by name. */
export const trendRenderers: Readonly<Record<TrendFormat, TrendRenderer>> = {
  markdown: renderTrendMarkdown,
  html: renderTrendHtml,
  json: renderTrendJson,
};

export type { TrendRenderer };
