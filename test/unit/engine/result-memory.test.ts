import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { analyzeFile, type FileResult } from '../../../src/engine/analyze-file.js';
import { enabledRules } from '../../../src/engine/analyze-files.js';
import { resolveConfig } from '../../../src/config/load-config.js';
import { ownStrings } from '../../../src/util/own-strings.js';
import { rulesByName } from '../../../rules/index.js';

// What a kept result costs in memory, as V8 sees it: `gc` exposed to a new context (the flag stays
// on in this test worker), and V8's natives syntax on only while one function is compiled.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
v8.setFlagsFromString('--allow-natives-syntax');
// V8's intrinsic, which only code compiled while the flag is on can call.
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
v8.setFlagsFromString('--no-allow-natives-syntax');

const strict = enabledRules(resolveConfig({}, 'test', 'strict').rules, rulesByName);

/** A module of `count` exported functions, each calling an imported async function, with names and specifiers long enough to be cut out of the text as views. */
function moduleText(count: number, padding: string): string {
  const lines = [`import { loadRemoteConfigurationValue } from './services/remote-configuration-loader';`, `// ${padding}`];
  for (let i = 0; i < count; i++) {
    lines.push(
      `export function computeDerivedQuantityNumber${i}(input: number[]): number {`,
      `  let total = 0;`,
      `  for (const value of input) { if (value > ${i}) total += value * 2; else total -= value; }`,
      `  loadRemoteConfigurationValue('threshold-${i}');`,
      `  return total;`,
      `}`,
    );
  }
  return lines.join('\n');
}

function heapAfterCollection(): number {
  // V8 keeps the subject of the last regular expression match (for `RegExp.lastMatch`): one text
  // at most, but this test's texts are large.
  /./u.exec('.');
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describe('what a file result keeps alive', () => {
  it('holds none of the text it was analysed from: its names, specifiers and snippets are copies', () => {
    analyzeFile('src/warm-up.ts', moduleText(40, ''), 'h', strict); // compiles the code the measure should not count
    const before = heapAfterCollection();
    // Each text is made and dropped inside the call, so that no frame of this one holds it.
    const analyse = (i: number): FileResult => analyzeFile(`src/m${i}.ts`, moduleText(40, `${String(i).repeat(4 * 1024 * 1024)}`), `h${i}`, strict);
    const results = [0, 1, 2, 3, 4, 5, 6, 7].map(analyse);
    const kept = heapAfterCollection() - before;
    expect(results).toHaveLength(8);
    expect(results.every((r) => r.facts?.functions.length === 40 && r.facts.imports[0].specifier === './services/remote-configuration-loader')).toBe(true);
    expect(results.every((r) => (r.ruleData['no-floating-async'] as { calls: unknown[] }).calls.length === 40)).toBe(true);
    // Eight texts of 4 MiB each would be 32 MiB; the results themselves are a few hundred KiB.
    // Optimised code may hold the last text it was run on until it is next run or replaced (one in
    // about seven runs of four texts of 8 MiB kept one, none with V8's optimising compiler off), so
    // the limit leaves room for two texts held that way, and none kept by the results.
    expect(kept).toBeLessThan(12 * 1024 * 1024);
  });

  it('gives function facts with clone fingerprints, and the calls no-floating-async keeps, one hidden class each', () => {
    const result = analyzeFile('src/m.ts', moduleText(30, ''), 'h', strict);
    const functions = result.facts!.functions;
    expect(functions.every((fn) => fn.clone !== undefined)).toBe(true);
    expect(functions.slice(1).every((fn) => haveSameMap(fn, functions[0]))).toBe(true);
    const calls = (result.ruleData['no-floating-async'] as { calls: object[] } | undefined)?.calls ?? [];
    expect(calls).toHaveLength(30);
    expect(calls.slice(1).every((call) => haveSameMap(call, calls[0]))).toBe(true);
  });
});

describe('ownStrings', () => {
  /** Plain data with strings cut from a 4 MiB text, the text itself out of reach once it returns. */
  const cutFromText = () => {
    const text = `${'y'.repeat(4 * 1024 * 1024)} someLongIdentifierName`;
    return { name: text.slice(-22), short: text.slice(-4), nested: [{ specifier: text.slice(-22) }], count: 3, bytes: new Uint8Array([1, 2]), none: null };
  };
  const retained = (keep: (value: ReturnType<typeof cutFromText>) => unknown) => {
    const before = heapAfterCollection();
    const value = keep(cutFromText());
    const after = heapAfterCollection();
    expect(value).toEqual({ name: 'someLongIdentifierName', short: 'Name', nested: [{ specifier: 'someLongIdentifierName' }], count: 3, bytes: new Uint8Array([1, 2]), none: null });
    return after - before;
  };

  it('copies strings that could be views into a larger one, in place, and leaves everything else as it was', () => {
    // A view keeps its whole text alive; the copies do not.
    expect(retained((value) => value)).toBeGreaterThan(3 * 1024 * 1024);
    expect(retained((value) => {
      const owned = ownStrings(value);
      expect(owned).toBe(value);
      return owned;
    })).toBeLessThan(1024 * 1024);
    expect(ownStrings('a longer string than thirteen')).toBe('a longer string than thirteen');
  });
});
