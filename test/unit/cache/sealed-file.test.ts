import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSealed, seal, unseal, writeSealed } from '../../../src/cache/sealed-file.js';
import { removeDirectory } from '../../helpers/fixtures.js';

const secret = Buffer.alloc(32, 7);
const otherSecret = Buffer.alloc(32, 8);
const payload = Buffer.from(JSON.stringify({ findings: [{ file: 'src/a.ts', line: 3 }] }));
const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-sealed-'));
afterAll(() => removeDirectory(dir));

describe('sealed files', () => {
  it('give back their payload for the same kind and secret only', () => {
    const bytes = seal('results', payload, secret);
    expect(unseal('results', bytes, secret)).toEqual(payload);
    expect(unseal('results', bytes, otherSecret)).toBeUndefined();
    expect(unseal('clone index', bytes, secret)).toBeUndefined();
    expect(unseal('results', payload, secret)).toBeUndefined();
    expect(unseal('results', Buffer.alloc(0), secret)).toBeUndefined();
  });

  it('reject every single flipped bit, in the header, the MAC and the payload', () => {
    const bytes = seal('results', payload, secret);
    let accepted = 0;
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = Buffer.from(bytes);
      flipped[bit >> 3] ^= 1 << (bit & 7);
      if (unseal('results', flipped, secret)) accepted += 1;
    }
    expect(accepted).toBe(0);
  });

  it('read as missing when nothing is there, as foreign when something else is', () => {
    writeFileSync(path.join(dir, 'file'), 'x');
    expect(readSealed(path.join(dir, 'none.bin'), 'results', secret)).toEqual({ ok: false, problem: 'missing' });
    expect(readSealed(path.join(dir, 'file', 'below.bin'), 'results', secret)).toEqual({ ok: false, problem: 'missing' });
    mkdirSync(path.join(dir, 'a-directory.bin'));
    expect(readSealed(path.join(dir, 'a-directory.bin'), 'results', secret)).toEqual({ ok: false, problem: 'foreign' });
    writeFileSync(path.join(dir, 'plain.bin'), payload);
    expect(readSealed(path.join(dir, 'plain.bin'), 'results', secret)).toEqual({ ok: false, problem: 'foreign' });
  });

  it('never block on a FIFO or read a device planted at the path', () => {
    execFileSync('mkfifo', [path.join(dir, 'fifo.bin')]);
    expect(readSealed(path.join(dir, 'fifo.bin'), 'results', secret)).toEqual({ ok: false, problem: 'foreign' });
    symlinkSync('/dev/zero', path.join(dir, 'zero.bin'));
    expect(readSealed(path.join(dir, 'zero.bin'), 'results', secret)).toEqual({ ok: false, problem: 'foreign' });
  });

  it('are written atomically, replacing a link at the path rather than writing through it', () => {
    const target = path.join(dir, 'elsewhere.txt');
    writeFileSync(target, 'keep me');
    const file = path.join(dir, 'linked', 'files.bin');
    mkdirSync(path.dirname(file));
    symlinkSync(target, file);
    expect(writeSealed(file, 'results', payload, secret)).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    expect(readSealed(file, 'results', secret)).toEqual({ ok: true, payload });
    expect(writeSealed(path.join(dir, 'file', 'below.bin'), 'results', payload, secret)).toBe(false);
  });
});
