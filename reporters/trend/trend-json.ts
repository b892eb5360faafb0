import { escapeJsonForTerminal } from '../terminal-text.js';
import type { TrendRenderer } from './trend-format.js';

/** The trend model itself, versioned: the other trend formats can be rendered from it later. */
export const renderTrendJson: TrendRenderer = (trend) => `${escapeJsonForTerminal(JSON.stringify(trend, null, 2))}\n`;
