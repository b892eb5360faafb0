import { escapeJsonForTerminal } from './terminal-text.js';
import { prettyJsonChunks } from './json-chunks.js';
import type { ChunkedRenderer, Renderer, RenderOptions } from './types.js';
import type { ReportModel } from '../src/model/types.js';

/**
 * The report model itself, versioned (see schema/report.schema.json); other formats can be
 * rendered from it later. What differs between a cold and a warm run (timings, the cache's use)
 * stays out, unless timings are asked for.
 */
export const renderJson: Renderer = (model, options) => `${escapeJsonForTerminal(JSON.stringify(reported(model, options), null, 2))}\n`;

/**
 * The same text in pieces (src/cli writes them one after another): each finding, module and other
 * entry of the report's lists is a piece of its own (reporters/json-chunks.ts). Made piece by
 * piece, the text costs about three times one `JSON.stringify` of the whole, which `renderJson`,
 * whose caller asks for one string anyway, does instead.
 */
export const renderJsonChunks: ChunkedRenderer = (model, options) => {
  // Every piece is whole JSON values and the punctuation between them, so no string is cut in two.
  return escapedPieces(prettyJsonChunks(reported(model, options), 2));
};

/** The model as the JSON report has it. */
function reported(model: ReportModel, options: RenderOptions): Omit<ReportModel, 'cache'> {
  const { timings, cache: _cache, ...rest } = model;
  return options.includeTimings && timings ? { ...rest, timings } : rest;
}

function* escapedPieces(pieces: Iterable<string>): Generator<string> {
  for (const piece of pieces) yield escapeJsonForTerminal(piece);
  yield '\n';
}
