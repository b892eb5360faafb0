import type { ScanProgress } from '../scan.js';

export interface ProgressStream {
  write(text: string): unknown;
  columns?: number;
}

const DELAY_MS = 1000;
const WIDTH = 24;

/**
 * A one-line progress bar on stderr. It appears only once the scan has run for a second, so
 * that short scans print nothing, and it is cleared before the summary.
 */
export function createProgressBar(stream: ProgressStream, now: () => number = Date.now): { update(p: ScanProgress): void; stop(): void } {
  const started = now();
  let shown = false;
  let last = 0;
  return {
    update(p) {
      const time = now();
      if (time - started < DELAY_MS || time - last < 80) return;
      last = time;
      shown = true;
      const ratio = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
      const filled = Math.round(ratio * WIDTH);
      const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
      const label = p.phase === 'analyze' || p.phase === 'read' ? `${p.done}/${p.total} files` : '';
      stream.write(`\r\u001b[2K${pad(p.phase)} ${bar} ${Math.round(ratio * 100)}% ${label}`);
    },
    stop() {
      if (shown) stream.write('\r\u001b[2K');
    },
  };
}

function pad(phase: string): string {
  return phase.padEnd(10);
}
