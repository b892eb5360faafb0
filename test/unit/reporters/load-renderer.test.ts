import { describe, expect, it } from 'vitest';
import { chunkedRenderers, renderers, trendRenderers } from '../../../reporters/index.js';
import { loadRenderer, loadTrendRenderer, REPORT_FORMATS, TREND_FORMATS } from '../../../reporters/load-renderer.js';

describe('the renderers the CLI loads by format', () => {
  it('are the library registry’s functions, for every format of a scan', async () => {
    expect([...REPORT_FORMATS].sort()).toEqual(Object.keys(renderers).sort());
    for (const format of REPORT_FORMATS) {
      const loaded = await loadRenderer(format);
      expect(loaded.render).toBe(renderers[format]);
      expect(loaded.chunks).toBe(chunkedRenderers[format]);
    }
  });

  it('are the library registry’s functions, for every format of the trend', async () => {
    expect([...TREND_FORMATS].sort()).toEqual(Object.keys(trendRenderers).sort());
    for (const format of TREND_FORMATS) expect(await loadTrendRenderer(format)).toBe(trendRenderers[format]);
  });
});
