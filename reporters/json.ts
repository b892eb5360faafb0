import { escapeJsonForTerminal } from './terminal-text.js';
import { prettyJsonChunks } from './json-chunks.js';
import type { ChunkedRenderer, Renderer } from './types.js';

/**
 * The report model itself, versioned (see schema/report.schema.json); other formats can be
 * rendered from it later. What differs between a cold and a warm run (timings, the cache's use)
 * stays out, unless timings are asked for.
 */
export const renderJson: Renderer = (model, options) => [...renderJsonChunks(model, options)].join('');

/**
 * The same text in pieces (src/cli writes them one after another): each finding, module and other
 * entry of the report's lists is a piece of its own (reporters/json-chunks.ts).
 */
export const renderJsonChunks: ChunkedRenderer = (model, options) => {
  const { timings, cache: _cache, ...rest } = model;
  const output = options.includeTimings && timings ? { ...rest, timings } : rest;
  // Every piece is whole JSON values and the punctuation between them, so no string is cut in two.
  return escapedPieces(prettyJsonChunks(output, 2));
};

function* escapedPieces(pieces: Iterable<string>): Generator<string> {
  for (const piece of pieces) yield escapeJsonForTerminal(piece);
  yield '\n';
}
