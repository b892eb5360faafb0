import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CloneCandidate } from '../../../src/clones/clone-classes.js';
import { blockClassesOf, chooseKeeper, describeClasses, withEnclosingFunctions, type FunctionCloneClass } from '../../../src/clones/clones.js';
import type { FileFacts, FunctionFact } from '../../../src/facts/types.js';
import { escapeGlob, locateJscpdEngine, parseJscpdReport, planJscpdPaths, runJscpd, type JscpdDuplicate } from '../../../src/clones/run-jscpd.js';

const fragment = (file: string, line: number, endLine: number) => ({ file, line, column: 1, endLine, endColumn: 2 });
const pair = (a: ReturnType<typeof fragment>, b: ReturnType<typeof fragment>, tokens = 60): JscpdDuplicate => ({ first: a, second: b, lines: a.endLine - a.line + 1, tokens });

function functionClass(members: [string, number, number][]): FunctionCloneClass {
  return {
    type: 2,
    keep: 0,
    keepReason: 'first',
    similarity: 1,
    members: members.map(([file, line, endLine]) => ({ file, name: 'f', line, column: 1, endLine, endColumn: 2, headEndLine: line, headEndColumn: 20, exported: false, tokens: 80, similarity: 1, type: 2 })),
  };
}

describe('blockClassesOf', () => {
  it('groups the pairs of identical fragments into classes, sorted', () => {
    const a = fragment('src/a.ts', 10, 20);
    const b = fragment('src/b.ts', 3, 13);
    const c = fragment('src/c.ts', 30, 40);
    const { classes, merged } = blockClassesOf([pair(b, c, 70), pair(a, b, 70), pair(a, c, 70)], []);
    expect(merged).toBe(0);
    expect(classes).toEqual([{ lines: 11, tokens: 70, members: [a, b, c] }]);
  });

  it('merges a block into the function clone whose members hold its fragments', () => {
    const inside = pair(fragment('src/a.ts', 12, 18), fragment('src/b.ts', 5, 11));
    const elsewhere = pair(fragment('src/a.ts', 40, 50), fragment('src/b.ts', 40, 50));
    const sameMember = pair(fragment('src/a.ts', 12, 14), fragment('src/a.ts', 16, 18));
    const functions = [functionClass([['src/a.ts', 10, 20], ['src/b.ts', 3, 13]])];
    const { classes, merged } = blockClassesOf([inside, elsewhere, sameMember], functions);
    expect(merged).toBe(1);
    expect(classes.map((c) => c.members.map((m) => `${m.file}:${m.line}`))).toEqual([['src/a.ts:12', 'src/a.ts:16'], ['src/a.ts:40', 'src/b.ts:40']]);
  });
});

describe('withEnclosingFunctions', () => {
  const fn = (name: string, line: number, column: number, endLine: number, endColumn: number) => ({ name, line, column, endLine, endColumn }) as FunctionFact;
  const facts = (functions: FunctionFact[]) => ({ functions }) as FileFacts;
  it('names the functions around each block, outermost first, and none at the top level', () => {
    const a = { ...fragment('src/a.ts', 12, 18), column: 5 };
    const b = fragment('src/b.ts', 1, 8);
    const byFile = new Map([
      // Listed inner first, and a function that ends before the block and one that starts after it.
      ['src/a.ts', facts([fn('inner', 11, 3, 19, 4), fn('<anonymous>', 12, 5, 12, 30), fn('before', 1, 1, 9, 2), fn('Page', 10, 1, 30, 2), fn('after', 20, 1, 25, 2)])],
      ['src/b.ts', facts([fn('later', 2, 1, 8, 2)])],
    ]);
    const [cls] = withEnclosingFunctions([{ lines: 7, tokens: 60, members: [a, b] }], byFile);
    expect(cls.members.map((m) => m.within)).toEqual(['Page > inner > <anonymous>', '']);
  });
});

describe('chooseKeeper', () => {
  const member = (file: string, name: string, exported: boolean) => ({ file, name, exported }) as CloneCandidate;
  it('prefers an exported member, then the most imported file, then a named one, then the first', () => {
    const noGraph = () => undefined;
    expect(chooseKeeper([member('a.ts', 'x', false), member('b.ts', 'y', true)], noGraph)).toEqual({ keep: 1, reason: 'exported' });
    const fanIn = (file: string) => ({ 'a.ts': 1, 'b.ts': 5, 'c.ts': 2 })[file] ?? 0;
    expect(chooseKeeper([member('a.ts', 'x', true), member('b.ts', 'y', true), member('c.ts', 'z', false)], fanIn)).toEqual({ keep: 1, reason: 'most imported' });
    expect(chooseKeeper([member('a.ts', '<anonymous>', false), member('a.ts', 'named', false)], noGraph)).toEqual({ keep: 1, reason: 'first' });
    expect(chooseKeeper([member('a.ts', 'x', false), member('b.ts', 'y', false)], noGraph)).toEqual({ keep: 0, reason: 'first' });
  });
});

describe('describeClasses', () => {
  const candidate = (name: string, tokens: string, exported = false): CloneCandidate => ({
    file: 'src/a.ts', name, line: name.charCodeAt(0), column: 1, endLine: name.charCodeAt(0) + 5, endColumn: 2, start: 0, end: 10, exported, statements: 5,
    clone: { exact: tokens, renamed: tokens, tokens, minhash: [], headEndLine: 1, headEndColumn: 10 },
  });
  it('keeps in a class only members similar enough to its kept member, and regroups the rest', () => {
    const a = candidate('a', 'abcdefghijklmnopqrst', true);
    const b = candidate('b', 'abcdefghijklmnopqrXY'); // 0.90 from a
    const c = candidate('c', 'abcdefghijklmnopZWXY'); // 0.80 from a, 0.90 from b
    const d = candidate('d', 'abcdefghijklmnopZWXY');
    const classes = describeClasses([a, b, c, d], () => undefined, 0.85);
    expect(classes.map((cls) => [cls.type, cls.members.map((m) => `${m.name} ${m.similarity} ${m.type}`), cls.members[cls.keep].name])).toEqual([
      [3, ['a 1 1', 'b 0.9 3'], 'a'],
      [1, ['c 1 1', 'd 1 1'], 'c'],
    ]);
  });
});

describe('jscpd', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'debt-scan-jscpd-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const body = Array.from({ length: 8 }, (_, i) => `  total += values[${i}] * weights[${i}] + offsets[${i}];`).join('\n');
  writeFileSync(path.join(dir, 'a.ts'), `export function a(values: number[], weights: number[], offsets: number[]) {\n  let total = 0;\n${body}\n  return total;\n}\n`);
  writeFileSync(path.join(dir, 'b.tsx'), `// header\n\nexport function b(values: number[], weights: number[], offsets: number[]) {\n  let total = 0;\n${body}\n  return total;\n}\n`);
  writeFileSync(path.join(dir, 'ignored.ts'), `export function c(values: number[], weights: number[], offsets: number[]) {\n  let total = 0;\n${body}\n  return total;\n}\n`);

  it('finds its native engine for this platform', () => {
    expect(locateJscpdEngine()).toMatchObject({ available: true });
  });

  it('runs on exactly the files given, across TS and TSX, with paths relative to the root', async () => {
    const engine = locateJscpdEngine();
    if (!engine.available) throw new Error(engine.reason);
    const run = await runJscpd(engine.binary, dir, ['a.ts', 'b.tsx'], { minTokens: 30, minLines: 5, timeoutMs: 60_000 });
    expect(run.ok).toBe(true);
    const duplicates = run.ok ? run.duplicates : [];
    expect(duplicates).toHaveLength(1);
    expect([duplicates[0].first.file, duplicates[0].second.file].sort()).toEqual(['a.ts', 'b.tsx']);
    const inB = duplicates[0].first.file === 'b.tsx' ? duplicates[0].first : duplicates[0].second;
    expect(inB.line).toBe(3);
    expect(inB.endLine).toBe(14);
  });

  it('walks directories with the layout and reads the same files as with the list', async () => {
    const engine = locateJscpdEngine();
    if (!engine.available) throw new Error(engine.reason);
    const tree = mkdtempSync(path.join(tmpdir(), 'debt-scan-jscpd-tree-'));
    try {
      const source = (name: string) => `export function ${name}(values: number[], weights: number[], offsets: number[]) {\n  let total = 0;\n${body}\n  return total;\n}\n`;
      const files: Record<string, string> = {
        'src/[id]/route.ts': source('route'),
        'src/{a,b}/one.ts': source('one'),
        'src/skipped.ts': source('skipped'),
        'src/lib/.hidden.ts': source('hidden'),
        'src/lib/two.js': source('two').replace(/: number\[\]/gu, ''),
        'node_modules/dep/index.ts': source('dep'),
        'other/elsewhere.ts': source('elsewhere'),
      };
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
        writeFileSync(path.join(tree, file), text);
      }
      const wanted = ['src/[id]/route.ts', 'src/lib/.hidden.ts', 'src/lib/two.js', 'src/{a,b}/one.ts'];
      mkdirSync(path.join(tree, 'src/tests'), { recursive: true });
      writeFileSync(path.join(tree, 'src/tests/case.test.ts'), source('testCase'));
      const layout = { walked: ['src'], seen: [...wanted, 'src/skipped.ts', 'src/tests/case.test.ts'], opaque: [] };
      const options = { minTokens: 30, minLines: 5, timeoutMs: 60_000 };
      const filesOf = (run: Awaited<ReturnType<typeof runJscpd>>) => (run.ok ? [...new Set(run.duplicates.flatMap((d) => [d.first.file, d.second.file]))].sort() : run.reason);
      const planned = await runJscpd(engine.binary, tree, wanted, options, layout);
      const listed = await runJscpd(engine.binary, tree, wanted, options);
      expect(filesOf(planned)).toEqual(wanted);
      expect(filesOf(listed)).toEqual(wanted);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('reports a failure instead of throwing when the engine cannot start', async () => {
    const run = await runJscpd(path.join(dir, 'no-such-engine'), dir, ['a.ts'], { minTokens: 30, minLines: 5, timeoutMs: 10_000 });
    expect(run).toEqual({ ok: false, reason: "jscpd's native engine could not be started (ENOENT)" });
  });

  it('reads its JSON report and skips entries of another shape', () => {
    const loc = (line: number, column: number) => ({ line, column, position: 0 });
    const report = {
      duplicates: [
        { firstFile: { name: '/r/src/a.ts', startLoc: loc(2, 0), endLoc: loc(9, 1) }, secondFile: { name: '/r/src/b.ts', startLoc: loc(4, 2), endLoc: loc(11, 3) }, lines: 8, tokens: 61 },
        { firstFile: { name: '/r/src/a.ts' }, secondFile: null },
      ],
    };
    expect(parseJscpdReport(JSON.stringify(report), '/r')).toEqual([
      { first: { file: 'src/a.ts', line: 2, column: 1, endLine: 9, endColumn: 2 }, second: { file: 'src/b.ts', line: 4, column: 3, endLine: 11, endColumn: 4 }, lines: 8, tokens: 61 },
    ]);
    expect(() => parseJscpdReport('{}', '/r')).toThrow('the jscpd report has no list of duplicates');
  });
});

describe('planJscpdPaths', () => {
  it('hands over the whole root when the walk took every source file in it', () => {
    expect(planJscpdPaths(['a.ts', 'src/b.ts'], { walked: [''], seen: ['a.ts', 'src/b.ts'], opaque: [] })).toEqual({ paths: [''], ignore: [] });
  });

  it('ignores skipped files by name and keeps their directories whole', () => {
    const plan = planJscpdPaths(['src/a.ts'], { walked: [''], seen: ['src/a.ts', 'src/b.test.ts', 'types.d.ts'], opaque: [] });
    expect(plan).toEqual({ paths: [''], ignore: ['src/b.test.ts', 'types.d.ts'] });
  });

  it('ignores a directory that holds none of the files as a whole', () => {
    const seen = ['src/a.ts', 'src/tests/one.test.ts', 'src/tests/deep/two.test.ts', 'pkg/tests/three.test.ts', 'pkg/b.ts'];
    expect(planJscpdPaths(['src/a.ts', 'pkg/b.ts'], { walked: [''], seen, opaque: [] })).toEqual({ paths: [''], ignore: ['pkg/tests/', 'src/tests/'] });
  });

  it('goes below directories that hold a pruned directory, a followed link or an unreadable entry', () => {
    const plan = planJscpdPaths(['a.ts', 'pkg/src/b.ts', 'pkg/src/c.ts', 'pkg/index.ts', 'linked/d.ts', 'linked/deep/e.ts'], {
      walked: [''],
      seen: ['a.ts', 'pkg/src/b.ts', 'pkg/src/c.ts', 'pkg/index.ts', 'linked/d.ts', 'linked/deep/e.ts'],
      opaque: ['pkg/node_modules', 'linked'],
    });
    expect(plan).toEqual({ paths: ['a.ts', 'linked/d.ts', 'linked/deep', 'pkg/index.ts', 'pkg/src'], ignore: [] });
  });

  it('never hands over a directory above a target', () => {
    const plan = planJscpdPaths(['src/a.ts', 'lib/b.ts'], { walked: ['src', 'lib/b.ts'], seen: ['src/a.ts', 'lib/b.ts'], opaque: [] });
    expect(plan).toEqual({ paths: ['lib/b.ts', 'src'], ignore: [] });
  });

  it('lists dot files, upper-case extensions and paths with a backslash or a ! one by one', () => {
    const files = ['src/.eslintrc.js', 'src/App.TS', 'lib/a\\b.ts', 'ok/c.ts', 'bang/!x/d.ts'];
    expect(planJscpdPaths(files, { walked: [''], seen: files, opaque: [] }).paths).toEqual(['bang/!x/d.ts', 'lib/a\\b.ts', 'ok', 'src/.eslintrc.js', 'src/App.TS']);
  });

  it('never ignores a left-out file with a ! by a pattern, but walks around it', () => {
    const plan = planJscpdPaths(['app/a.ts', 'app/b.ts'], { walked: [''], seen: ['app/a.ts', 'app/b.ts', 'app/!skip.test.ts'], opaque: [] });
    expect(plan).toEqual({ paths: ['app/a.ts', 'app/b.ts'], ignore: [] });
  });

  it('escapes glob characters so that an ignored path matches only itself', () => {
    expect(escapeGlob('/repo/app/[id]/{a,b}/x*?.ts')).toBe('/repo/app/[[]id[]]/[{]a,b[}]/x[*][?].ts');
  });
});
