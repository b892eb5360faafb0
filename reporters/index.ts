import { renderGitlab } from './gitlab.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';
import type { Renderer, ReportFormat } from './types.js';

/** Every output format, by name. */
export const renderers: Readonly<Record<ReportFormat, Renderer>> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  markdown: renderMarkdown,
  html: renderHtml,
  gitlab: renderGitlab,
};

export const REPORT_FORMATS = Object.keys(renderers) as ReportFormat[];

export function isReportFormat(name: string): name is ReportFormat {
  return Object.hasOwn(renderers, name);
}

export type { Renderer, RenderOptions, ReportFormat } from './types.js';
