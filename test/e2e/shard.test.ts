import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, removeDirectory, runCli } from '../helpers/fixtures.js';

/** The outputs of a scan or a merge: JSON and SARIF, with SARIF's record of the command line set aside (it names the command run). */
async function outputs(args: readonly string[], dir: string): Promise<{ code: number; json: string; sarif: string; stderr: string }> {
  const result = await runCli([...args, '--no-cache', '--preset', 'strict', '-f', 'json', '-o', 'out.json', '-f', 'sarif', '-o', 'out.sarif'], dir);
  const sarif = JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8')) as { runs: { invocations: { commandLine?: string }[] }[] };
  for (const invocation of sarif.runs[0].invocations) invocation.commandLine = '(the command)';
  return { code: result.code, json: readFileSync(path.join(dir, 'out.json'), 'utf8'), sarif: JSON.stringify(sarif), stderr: result.stderr };
}

describe('sharded scans', () => {
  const dir = copyFixture('ai-app');
  afterAll(() => removeDirectory(dir));
  const shard = (spec: string, extra: readonly string[] = []) => runCli(['.', '--no-cache', '--preset', 'strict', '--shard', spec, '-o', `part-${spec.replace('/', '-of-')}.bin`, ...extra], dir);

  it('merge the shards of 1, 2 and 3 into byte-identical reports to a single run, with its exit code', async () => {
    const single = await outputs(['.'], dir);
    expect(single.code).toBe(1);
    for (const count of [1, 2, 3]) {
      const parts: string[] = [];
      const analysed: number[] = [];
      for (let index = 1; index <= count; index++) {
        const run = await shard(`${index}/${count}`);
        expect(run.code).toBe(0);
        const [, done, total] = /analysed (\d+) of (\d+) files/u.exec(run.stderr) ?? [];
        analysed.push(Number(done));
        expect(Number(total)).toBe(35);
        parts.push(`part-${index}-of-${count}.bin`);
      }
      // Every file once, shares balanced by size.
      expect(analysed.reduce((a, b) => a + b, 0)).toBe(35);
      const merged = await outputs(['merge', ...parts.reverse()], dir);
      expect([merged.code, merged.json, merged.sarif]).toEqual([single.code, single.json, single.sarif]);
    }
  }, 120_000);

  it('refuses parts that are not the shards of one scan of this tree and configuration, with exit 2', async () => {
    for (const spec of ['1/2', '2/2', '1/3']) expect((await shard(spec)).code).toBe(0);
    writeFileSync(path.join(dir, 'not-a-part.bin'), '{"kind":"something-else"}\n');
    const damaged = readFileSync(path.join(dir, 'part-1-of-2.bin'));
    writeFileSync(path.join(dir, 'damaged.bin'), damaged.subarray(0, damaged.length - 40));
    const recommended = await runCli(['.', '--no-cache', '--preset', 'recommended', '--shard', '2/2', '-o', 'recommended.bin'], dir);
    expect(recommended.code).toBe(0);
    const cases: [string[], string][] = [
      [['part-1-of-2.bin'], 'debt-scan: the parts lack shard 2/2: merge needs all 2'],
      [['part-1-of-2.bin', 'part-1-of-2.bin', 'part-2-of-2.bin'], 'debt-scan: shard 1/2 is given twice: part-1-of-2.bin and part-1-of-2.bin'],
      [['part-1-of-2.bin', 'part-1-of-3.bin'], 'debt-scan: part-1-of-3.bin and part-1-of-2.bin are not shards of one scan: part-1-of-3.bin has a split into 3, not 2'],
      [['part-1-of-2.bin', 'recommended.bin'], 'debt-scan: recommended.bin and part-1-of-2.bin are not shards of one scan: recommended.bin has another configuration'],
      [['not-a-part.bin'], 'debt-scan: not-a-part.bin is not a debt-scan partial result; write parts with debt-scan --shard K/N --output FILE'],
      [['damaged.bin', 'part-2-of-2.bin'], 'debt-scan: damaged.bin is damaged: its results do not decode'],
      [['missing.bin'], 'debt-scan: cannot read the part missing.bin (ENOENT)'],
    ];
    for (const [parts, message] of cases) {
      const result = await runCli(['merge', ...parts, '--no-cache', '--preset', 'strict', '-f', 'json', '-o', 'never.json'], dir);
      expect([result.code, result.stderr.split('\n')[0]]).toEqual([2, message]);
    }
    // The merge's own configuration must be the shards'.
    const other = await runCli(['merge', 'part-1-of-2.bin', 'part-2-of-2.bin', '--no-cache', '--preset', 'recommended', '-f', 'json', '-o', 'never.json'], dir);
    expect([other.code, other.stderr.split('\n')[0]]).toEqual([2, 'debt-scan: the parts were made with another configuration or rule set than this merge: merge in a checkout of the commit the shards scanned, with the same configuration and flags']);
    // A file added since the shards ran.
    writeFileSync(path.join(dir, 'src/added.ts'), 'export const added = 1;\n');
    const moved = await runCli(['merge', 'part-1-of-2.bin', 'part-2-of-2.bin', '--no-cache', '--preset', 'strict', '-f', 'json', '-o', 'never.json'], dir);
    expect([moved.code, moved.stderr.split('\n')[0]]).toEqual([2, 'debt-scan: the parts were made from other files than this merge finds: merge in a checkout of the commit the shards scanned, with the same configuration and flags']);
    expect(() => readFileSync(path.join(dir, 'never.json'))).toThrow();
  }, 120_000);

  it('checks the shard flag and its output', async () => {
    const cases: [string[], string][] = [
      [['--shard', '4/3', '-o', 'p.bin'], 'debt-scan: --shard takes K/N with 1 <= K <= N <= 256, e.g. 2/3 (found "4/3")'],
      [['--shard', '1/2'], 'debt-scan: --shard writes its partial result to one --output FILE, and no --format: the reports are written by debt-scan merge'],
      [['--shard', '1/2', '-f', 'json', '-o', 'p.json'], 'debt-scan: --shard writes its partial result to one --output FILE, and no --format: the reports are written by debt-scan merge'],
      [['--shard', '1/2', '-o', 'p.bin', '--changed-since', 'main'], 'debt-scan: --changed-since and --new-only go with debt-scan merge, not with --shard'],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['.', '--no-cache', ...args], dir);
      expect([result.code, result.stderr.split('\n')[0]]).toEqual([2, message]);
    }
  });
});
