/**
 * Small SVG charts for the HTML report, drawn as text: horizontal bars, stacked bars and columns.
 * Every label passes through `escapeXml`; numbers are rounded to two decimals.
 */

export interface Bar {
  label: string;
  value: number;
  color: string;
  /** Text shown at the end of the bar. */
  caption: string;
}

export interface StackedBar {
  label: string;
  segments: { value: number; color: string; name: string }[];
  caption: string;
}

const FONT = 12;
const ROW = 26;
const LABEL_WIDTH = 190;
const CAPTION_WIDTH = 110;
const WIDTH = 560;
/** The room the bars of a horizontal chart have between label and caption. */
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - CAPTION_WIDTH;

/** One bar per item, longest first as given; the chart is labelled for screen readers. */
export function barChart(title: string, bars: readonly Bar[]): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars.map((b, i) => {
    const y = i * ROW + 4;
    const width = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * PLOT_WIDTH);
    return [
      barLabel(b.label, y, false),
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${fixed(width)}" height="${ROW - 8}" rx="3" fill="${b.color}"><title>${escapeXml(`${b.label}: ${b.caption}`)}</title></rect>`,
      barCaption(b.caption, LABEL_WIDTH + width, y),
    ].join('');
  });
  return svg(title, WIDTH, bars.length * ROW + 8, rows);
}

/** Bars split into colored segments (for example a module's debt by category). */
export function stackedBarChart(title: string, bars: readonly StackedBar[]): string {
  const total = (b: StackedBar) => b.segments.reduce((sum, s) => sum + s.value, 0);
  const max = Math.max(1, ...bars.map(total));
  const rows = bars.map((b, i) => {
    const y = i * ROW + 4;
    let x = LABEL_WIDTH;
    const segments = b.segments
      .filter((s) => s.value > 0)
      .map((s) => {
        const width = (s.value / max) * PLOT_WIDTH;
        const rect = `<rect x="${fixed(x)}" y="${y + 3}" width="${fixed(Math.max(width, 1))}" height="${ROW - 8}" fill="${s.color}"><title>${escapeXml(`${b.label}, ${s.name}: ${s.value}`)}</title></rect>`;
        x += width;
        return rect;
      });
    return [barLabel(b.label, y, true), ...segments, barCaption(b.caption, x, y)].join('');
  });
  return svg(title, WIDTH, bars.length * ROW + 8, rows);
}

/** Vertical columns with their value on top and their label below (for example modules per rating). */
export function columnChart(title: string, columns: readonly Bar[]): string {
  const height = 170;
  const base = height - 26;
  const max = Math.max(1, ...columns.map((c) => c.value));
  const band = WIDTH / Math.max(1, columns.length);
  const width = Math.min(64, band * 0.6);
  const parts = columns.map((c, i) => {
    const h = (c.value / max) * (base - 24);
    const x = i * band + (band - width) / 2;
    return [
      `<rect x="${fixed(x)}" y="${fixed(base - h)}" width="${fixed(width)}" height="${fixed(Math.max(h, c.value > 0 ? 2 : 0))}" rx="3" fill="${c.color}"><title>${escapeXml(`${c.label}: ${c.caption}`)}</title></rect>`,
      `<text x="${fixed(x + width / 2)}" y="${fixed(base - h - 6)}" text-anchor="middle" class="caption">${escapeXml(c.caption)}</text>`,
      `<text x="${fixed(x + width / 2)}" y="${base + 18}" text-anchor="middle">${escapeXml(c.label)}</text>`,
    ].join('');
  });
  parts.push(`<line x1="0" x2="${WIDTH}" y1="${base}" y2="${base}" class="axis"/>`);
  return svg(title, WIDTH, height, parts);
}

/** The label left of a bar's row, clipped to fit; `tooltip` shows the whole label on hover. */
function barLabel(label: string, y: number, tooltip: boolean): string {
  const title = tooltip ? `<title>${escapeXml(label)}</title>` : '';
  return `<text x="${LABEL_WIDTH - 8}" y="${fixed(y + ROW / 2)}" text-anchor="end" dominant-baseline="middle">${escapeXml(clip(label, 28))}${title}</text>`;
}

/** The caption just after the end of a bar (`end`, in chart coordinates). */
function barCaption(caption: string, end: number, y: number): string {
  return `<text x="${fixed(end + 6)}" y="${fixed(y + ROW / 2)}" dominant-baseline="middle" class="caption">${escapeXml(caption)}</text>`;
}

function svg(title: string, width: number, height: number, parts: readonly string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${fixed(height)}" role="img" aria-label="${escapeXml(title)}" font-size="${FONT}"><title>${escapeXml(title)}</title>${parts.join('')}</svg>`;
}

export function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

export function fixed(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Escapes text for HTML and SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
