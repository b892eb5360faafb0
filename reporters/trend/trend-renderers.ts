import type { TrendRenderer } from './trend-format.js';
import { renderTrendHtml } from './trend-html.js';
import { renderTrendJson } from './trend-json.js';
import { renderTrendMarkdown } from './trend-markdown.js';

export type TrendFormat = 'markdown' | 'html' | 'json';

/** Every output format of `debt-scan trend`, by name. */
export const trendRenderers: Readonly<Record<TrendFormat, TrendRenderer>> = {
  markdown: renderTrendMarkdown,
  html: renderTrendHtml,
  json: renderTrendJson,
};

export const TREND_FORMATS = Object.keys(trendRenderers) as TrendFormat[];

export function isTrendFormat(name: string): name is TrendFormat {
  return Object.hasOwn(trendRenderers, name);
}

export type { TrendRenderer };
