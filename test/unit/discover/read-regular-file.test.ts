import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRegularFile } from '../../../src/discover/read-regular-file.js';
import { removeDirectory } from '../../helpers/fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-read-regular-'));
});
afterEach(() => removeDirectory(dir));

const onPosix = process.platform !== 'win32';
const onLinux = process.platform === 'linux';

describe('readRegularFile', () => {
  it('reads a regular file whole, up to and including the limit', () => {
    writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;\n');
    expect(readRegularFile(path.join(dir, 'a.ts'), 20)).toMatchObject({ ok: true, bytes: Buffer.from('export const a = 1;\n'), stats: { size: 20 } });
    writeFileSync(path.join(dir, 'empty.ts'), '');
    expect(readRegularFile(path.join(dir, 'empty.ts'), 0)).toMatchObject({ ok: true, bytes: Buffer.alloc(0), stats: { size: 0 } });
  });

  it('refuses a file over the limit without reading it', () => {
    writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;\n');
    expect(readRegularFile(path.join(dir, 'a.ts'), 19)).toEqual({ ok: false, reason: 'too-large', detail: '20 bytes, limit 19' });
  });

  it('follows a link to a regular file', () => {
    writeFileSync(path.join(dir, 'a.ts'), 'a');
    symlinkSync(path.join(dir, 'a.ts'), path.join(dir, 'b.ts'));
    expect(readRegularFile(path.join(dir, 'b.ts'), 10)).toMatchObject({ ok: true, bytes: Buffer.from('a'), stats: { size: 1 } });
  });

  it.skipIf(!onPosix)('refuses a FIFO without waiting for a writer', () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.ts')]);
    expect(readRegularFile(path.join(dir, 'pipe.ts'), 1000)).toEqual({ ok: false, reason: 'special-file', detail: 'a FIFO, not a regular file' });
  });

  it.skipIf(!onPosix)('refuses links to devices that never end (/dev/zero, /dev/random) and a directory', () => {
    symlinkSync('/dev/zero', path.join(dir, 'zero.ts'));
    symlinkSync('/dev/random', path.join(dir, 'random.ts'));
    mkdirSync(path.join(dir, 'folder.ts'));
    const device = { ok: false, reason: 'special-file', detail: 'a character device, not a regular file' };
    expect(readRegularFile(path.join(dir, 'zero.ts'), 1000)).toEqual(device);
    expect(readRegularFile(path.join(dir, 'random.ts'), 1000)).toEqual(device);
    expect(readRegularFile(path.join(dir, 'folder.ts'), 1000)).toEqual({ ok: false, reason: 'special-file', detail: 'a directory, not a regular file' });
  });

  it.skipIf(!onPosix)('names the error of a file that cannot be reached: missing, a dangling link, a link loop', () => {
    symlinkSync(path.join(dir, 'gone.ts'), path.join(dir, 'dangling.ts'));
    symlinkSync('loop.ts', path.join(dir, 'loop.ts'));
    expect(readRegularFile(path.join(dir, 'missing.ts'), 10)).toEqual({ ok: false, reason: 'unreadable', detail: 'ENOENT' });
    expect(readRegularFile(path.join(dir, 'dangling.ts'), 10)).toEqual({ ok: false, reason: 'unreadable', detail: 'ENOENT' });
    expect(readRegularFile(path.join(dir, 'loop.ts'), 10)).toEqual({ ok: false, reason: 'unreadable', detail: 'ELOOP' });
  });

  it.skipIf(!onLinux)('reads no more than the limit from a file that reports size 0 but has content (/proc)', () => {
    // Files of /proc are regular with size 0: only the reading itself finds their length.
    const whole = readRegularFile('/proc/self/status', 1024 * 1024);
    expect(whole.ok && whole.bytes.toString('utf8')).toMatch(/^Name:/u);
    expect(readRegularFile('/proc/self/status', 10)).toEqual({ ok: false, reason: 'too-large', detail: 'grew past 10 bytes while read, limit 10' });
  });
});
