import { describe, expect, it } from 'vitest';
import { createProgressBar } from '../../../src/cli/progress-bar.js';

describe('the progress bar', () => {
  it('stays silent during the first second, then draws and clears one line', () => {
    let written = '';
    let now = 0;
    const bar = createProgressBar({ write: (s: string) => (written += s) }, () => now);
    bar.update({ phase: 'analyze', done: 1, total: 10 });
    now = 900;
    bar.update({ phase: 'analyze', done: 2, total: 10 });
    expect(written).toBe('');
    now = 1200;
    bar.update({ phase: 'analyze', done: 5, total: 10 });
    expect(written).toBe(`\r\u001b[2Kanalyze    ${'█'.repeat(12)}${'░'.repeat(12)} 50% 5/10 files`);
    bar.stop();
    expect(written.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('prints nothing at all for a short scan', () => {
    let written = '';
    const bar = createProgressBar({ write: (s: string) => (written += s) }, () => 0);
    bar.update({ phase: 'discover', done: 3, total: 3 });
    bar.stop();
    expect(written).toBe('');
  });
});
