import { escapeJsonForTerminal } from './terminal-text.js';
import type { Renderer } from './types.js';

/**
 * The report model itself, versioned (see schema/report.schema.json); other formats can be
 * rendered from it later. What differs between a cold and a warm run (timings, the cache's use)
 * stays out, unless timings are asked for.
 */
export const renderJson: Renderer = (model, options) => {
  const { timings, cache: _cache, ...rest } = model;
  const output = options.includeTimings && timings ? { ...rest, timings } : rest;
  return `${escapeJsonForTerminal(JSON.stringify(output, null, 2))}\n`;
};
