import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleCatalog } from '../../rules/catalog.js';
import type { Finding } from '../../src/model/types.js';
import { REPO_ROOT, copyFixture, removeDirectory } from '../helpers/fixtures.js';

type Library = typeof import('../../src/index.js');

/**
 * Code scanning tracks an alert across commits by its fingerprint: edits elsewhere in a file must
 * not change it. The fixture is edited the way commits do (lines added above findings, blank lines
 * removed, the file re-indented) and every fingerprint must stay the same. fixtures/ai-app holds the
 * seeded findings of every rule (src/reporting/indented-code.ts has findings in indented code).
 */
const FIXTURES = ['ai-app'];
const SOURCE = /\.(?:[cm]?[jt]sx?)$/u;

let library: Library;
const temporary: string[] = [];
beforeAll(async () => {
  library = (await import(path.join(REPO_ROOT, 'dist/src/index.js'))) as Library;
});
afterAll(() => temporary.forEach(removeDirectory));

async function findingsOf(dir: string): Promise<Finding[]> {
  const report = await library.scan({ root: dir, cache: false, workers: 0 });
  return [...report.findings, ...report.suppressed];
}

function sourceFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix)).flatMap((entry) => {
    if (entry === 'node_modules') return [];
    const relative = prefix ? `${prefix}/${entry}` : entry;
    if (statSync(path.join(dir, relative)).isDirectory()) return sourceFiles(dir, relative);
    return SOURCE.test(entry) ? [relative] : [];
  });
}

/** Applies an edit to every source file of a fresh copy of the fixture and returns the copy. */
function editedCopy(fixture: string, edit: (text: string, findingLines: ReadonlySet<number>) => string, findings: readonly Finding[]): string {
  const dir = copyFixture(fixture);
  temporary.push(dir);
  for (const file of sourceFiles(dir)) {
    const lines = new Set(findings.filter((f) => f.file === file).map((f) => f.line));
    const absolute = path.join(dir, file);
    writeFileSync(absolute, edit(readFileSync(absolute, 'utf8'), lines));
  }
  return dir;
}

/** Comment and blank lines at the top of the file and above every line where a finding starts. */
function insertLinesAbove(text: string, findingLines: ReadonlySet<number>): string {
  const lines = text.split('\n');
  const edited = lines.flatMap((line, i) => (findingLines.has(i + 1) ? ['// a line added above the finding', '', line] : [line]));
  return ['// a header added by a later commit', '', '/* and a block comment */', ...edited].join('\n');
}

function removeBlankLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join('\n');
}

/** Every line's indentation doubled (two spaces become four). */
function doubleIndent(text: string): string {
  return text.replace(/^[ \t]+/gmu, (indent) => indent + indent);
}

/** Tabs for indentation: two spaces become one tab. */
function tabIndent(text: string): string {
  return text.replace(/^(?: {2})+/gmu, (indent) => '\t'.repeat(indent.length / 2));
}

function keyed(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.file} ${f.ruleId} ${f.fingerprint}`).sort();
}

describe.each(FIXTURES)('fingerprints of fixtures/%s', (fixture) => {
  let original: Finding[];
  beforeAll(async () => {
    const dir = copyFixture(fixture);
    temporary.push(dir);
    original = await findingsOf(dir);
  });

  it('has findings to track', () => {
    expect(original.length).toBeGreaterThan(0);
    expect(new Set(original.map((f) => f.fingerprint)).size).toBe(original.length);
  });

  it('stay the same when lines are inserted above the findings', async () => {
    const edited = await findingsOf(editedCopy(fixture, insertLinesAbove, original));
    expect(keyed(edited)).toEqual(keyed(original));
    // every finding moved down: the edit did reach them
    const byFingerprint = new Map(edited.map((f) => [f.fingerprint, f.line]));
    for (const f of original) expect(byFingerprint.get(f.fingerprint)).toBeGreaterThanOrEqual(f.line + 5);
  });

  it('stay the same when blank lines are removed', async () => {
    const edited = await findingsOf(editedCopy(fixture, removeBlankLines, original));
    expect(keyed(edited)).toEqual(keyed(original));
  });

  it.each([
    ['doubled', doubleIndent],
    ['with tabs', tabIndent],
  ])('stay the same when the files are re-indented (%s)', async (_, reindent) => {
    const edited = await findingsOf(editedCopy(fixture, reindent, original));
    expect(keyed(edited)).toEqual(keyed(original));
    // findings in indented code moved sideways: the edit did reach them
    const byFingerprint = new Map(edited.map((f) => [f.fingerprint, f]));
    const indented = original.filter((f) => /^[ \t]/u.test(f.snippet ?? ''));
    expect(indented.length).toBeGreaterThan(0);
    for (const f of indented) expect(byFingerprint.get(f.fingerprint)?.column).not.toBe(f.column);
  });

  it('change when the code of a finding changes', async () => {
    const renamed = await findingsOf(editedCopy(fixture, (text) => text.replace(/function (\w+)/gu, 'function $1Renamed'), original));
    const before = new Set(original.map((f) => f.fingerprint));
    // Per-file findings are named by their first line; cross-file ones by what identifies the problem (the README's recipe).
    const crossFile = new Set(ruleCatalog.filter((r) => r.phases.crossFile).map((r) => `debt-scan/${r.name}`));
    const named = renamed.filter((f) => !crossFile.has(f.ruleId) && /function \w+Renamed/u.test((f.snippet ?? '').split('\n')[0]));
    expect(named.length).toBeGreaterThan(0);
    for (const f of named) expect(before.has(f.fingerprint)).toBe(false);
  });
});
