import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendLine } from '../../../src/cli/append-history.js';
import { UsageError } from '../../../src/errors.js';
import { removeDirectory } from '../../helpers/fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-append-'));
afterAll(() => removeDirectory(dir));

describe('appendLine', () => {
  it('appends lines and creates the file and its directory', async () => {
    const file = path.join(dir, 'a/b/history.jsonl');
    await appendLine(file, '{"n":1}');
    await appendLine(file, '{"n":2}');
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
  });

  it('starts a new line after a line a crashed writer left unfinished', async () => {
    const file = path.join(dir, 'cut.jsonl');
    writeFileSync(file, '{"n":1}\n{"n":2, "cut');
    await appendLine(file, '{"n":3}');
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}\n{"n":2, "cut\n{"n":3}\n');
  });

  it('waits for the lock of another writer, then gives up with a usage error', async () => {
    const file = path.join(dir, 'locked.jsonl');
    writeFileSync(`${file}.lock`, '12345\n');
    await expect(appendLine(file, '{}', { timeoutMs: 150 })).rejects.toThrow(UsageError);
    await expect(appendLine(file, '{}', { timeoutMs: 150 })).rejects.toThrow(/locked by another debt-scan/u);
  });

  it('removes a lock left by a writer that died long ago', async () => {
    const file = path.join(dir, 'stale.jsonl');
    writeFileSync(`${file}.lock`, '12345\n');
    await new Promise((resolve) => setTimeout(resolve, 30));
    await appendLine(file, '{"n":1}', { staleMs: 10, timeoutMs: 1000 });
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}\n');
  });
});
