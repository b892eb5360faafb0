import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleCatalog } from '../../../rules/catalog.js';
import { resolveConfig } from '../../../src/config/load-config.js';
import { analyzeFile } from '../../../src/engine/analyze-file.js';
import { enabledRules } from '../../../src/engine/analyze-files.js';
import { rulesByName } from '../../../rules/index.js';
import { scan } from '../../../src/index.js';
import { REPO_ROOT } from '../../helpers/fixtures.js';

/**
 * Every rule page's examples run through the rule, as typescript-eslint checks its own docs. A
 * code block after a paragraph that starts with "Flagged" or "Fine" is analysed as one file, with
 * the options the paragraph names (`with \`maxComplexity: 3\``): a fine block gives no finding;
 * in a flagged block every piece (the parts between blank lines) is reported, except a piece that
 * only declares what the others use. Pieces that are fragments of a `try` (`} catch (e) { … }`)
 * or bodies of a function (a `return` at the top) are read as such, and every block as a module. The examples of rules
 * that need several files (clones, import cycles and resolution) are scanned as small projects: see `crossFileCheck`.
 */
const CROSS_FILE = new Set(['no-duplicate-function', 'no-duplicate-block', 'no-import-cycle', 'no-unresolved-import']);

interface Block {
  kind: 'flagged' | 'fine';
  /** Line of the block's first line in the page. */
  line: number;
  pieces: Piece[];
  options: Record<string, number | string | boolean>;
}

interface Piece {
  code: string;
  /** Line of the piece's first line in the page. */
  line: number;
}

function blocksOf(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  let kind: Block['kind'] | undefined;
  let options: Block['options'] = {};
  let inExamples = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^## /u.test(lines[i])) inExamples = lines[i] === '## Examples';
    if (!inExamples) continue;
    const heading = /^(Flagged|Fine)\b(.*)$/u.exec(lines[i]);
    if (heading) {
      kind = heading[1] === 'Flagged' ? 'flagged' : 'fine';
      options = Object.fromEntries([...heading[2].matchAll(/`(\w+): ([\w.-]+)`/gu)].map(([, name, value]) => [name, parseValue(value)]));
    } else if (/^```(?:ts|tsx|js|typescript)?\s*$/u.test(lines[i]) && kind) {
      let end = i + 1;
      while (end < lines.length && !lines[end].startsWith('```')) end++;
      blocks.push({ kind, line: i + 2, pieces: pieces(lines.slice(i + 1, end), i + 2), options });
      i = end;
    }
  }
  return blocks;
}

function parseValue(value: string): number | string | boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  return Number.isFinite(Number(value)) ? Number(value) : value;
}

/** Splits a block at blank lines where every bracket opened before is closed (a `} catch` fragment opens none of its own). */
function pieces(lines: readonly string[], firstLine: number): Piece[] {
  const found: Piece[] = [];
  let current: string[] = [];
  let startedAt = firstLine;
  let depth = 0;
  lines.forEach((text, index) => {
    if (text.trim() === '' && depth <= 0) {
      if (current.length > 0) found.push({ code: current.join('\n'), line: startedAt });
      current = [];
      depth = 0;
      return;
    }
    if (current.length === 0) startedAt = firstLine + index;
    current.push(text);
    const code = text.replace(/\/\/.*$/u, '').replace(/(['"`])(?:\\.|(?!\1).)*\1/gu, '""');
    for (const char of code) depth += '{(['.includes(char) ? 1 : '})]'.includes(char) ? -1 : 0;
  });
  if (current.length > 0) found.push({ code: current.join('\n'), line: startedAt });
  return found;
}

/** A piece as code that parses: a `} catch` fragment gets its `try {`, a body with a top-level `return` its function. */
function asCode(piece: string): { code: string; shift: number } {
  if (/^\}\s*catch\b/u.test(piece)) return { code: `try {\n${piece}`, shift: 1 };
  if (/^return\b/mu.test(piece)) return { code: `async function example() {\n${piece}\n}`, shift: 1 };
  return { code: piece, shift: 0 };
}

/** A piece that only declares (a function, class, interface or type) what the block's other pieces use. */
const DECLARATION = /^(?:export\s+)?(?:async\s+)?(?:function|class|interface|type)\b/u;

describe('the examples of each rule page', () => {
  const pages = readdirSync(path.join(REPO_ROOT, 'docs/rules')).filter((name) => name.endsWith('.md'));

  it('cover every rule', () => {
    expect(pages.map((page) => page.replace(/\.md$/u, '')).sort()).toEqual(ruleCatalog.map((rule) => rule.name).sort());
  });

  for (const page of pages) {
    const name = page.replace(/\.md$/u, '');
    if (CROSS_FILE.has(name)) {
      it(`${name}: flagged examples are reported, fine ones are not, scanned among the files around them`, async () => {
        const wrong = await crossFileCheck(name, readFileSync(path.join(REPO_ROOT, 'docs/rules', page), 'utf8'));
        expect(wrong).toEqual([]);
      });
      continue;
    }
    it(`${name}: flagged examples are reported, fine ones are not`, () => {
      const blocks = blocksOf(readFileSync(path.join(REPO_ROOT, 'docs/rules', page), 'utf8'));
      expect(blocks.some((b) => b.kind === 'flagged')).toBe(true);
      const wrong = blocks.flatMap((block) => check(name, page, block));
      expect(wrong).toEqual([]);
    });
  }
});

/** What is wrong with a block: pieces that do not parse, a fine block reported, flagged pieces not reported. */
function check(name: string, page: string, block: Block): string[] {
  const config = resolveConfig({ rules: { [name]: Object.keys(block.options).length > 0 ? ['error', block.options] : 'error' } }, 'docs', 'recommended');
  const rules = enabledRules(config.rules.filter((rule) => rule.name === name), rulesByName);
  const parts = block.pieces.map((piece) => ({ piece, ...asCode(piece.code) }));
  // One file: each piece's lines, in order, so that a finding's line tells its piece.
  const starts: number[] = [];
  let text = '';
  for (const part of parts) {
    starts.push(text.split('\n').length);
    text += `${part.code}\n\n`;
  }
  const file = /<\w[^>]*>/u.test(text) ? 'example.tsx' : 'example.ts';
  // A module, as today's code is: a top-level `await` is an await there, not a call of a function named so.
  const result = analyzeFile(file, `${text}export {};\n`, 'docs', rules);
  if (result.parseError) return [`docs/rules/${page}:${block.line}: the block does not parse`];
  const lines = result.findings.map((f) => f.line);
  if (block.kind === 'fine') return lines.length === 0 ? [] : [`docs/rules/${page}:${block.line}: a fine block is reported at its line ${lines.join(', ')}`];
  return parts.flatMap((part, index) => {
    const from = starts[index];
    const to = from + part.code.split('\n').length - 1;
    const reported = lines.some((line) => line >= from && line <= to);
    return reported || DECLARATION.test(part.piece.code) ? [] : [`docs/rules/${page}:${part.piece.line}: a flagged example is not reported:\n${part.piece.code}`];
  });
}

/** A line that names the file the code below it is in: `// src/session.ts` (optionally followed by `: why`). */
const FILE_HEADER = /^\/\/ ((?:[\w@.-]+\/)*[\w@.-]+\.(?:[cm]?[jt]sx?|json|css))(?::.*)?$/u;

/** The files of a code block: split at file headers, or named by the block's info string (```json package.json), else `src/example.ts`. */
function filesOf(info: string, lines: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  const named = /^\w+\s+(\S+)$/u.exec(info)?.[1];
  let current = named ?? 'src/example.ts';
  let text: string[] = [];
  const flush = (): void => {
    if (text.some((line) => line.trim() !== '')) files.set(current, `${text.join('\n').trim()}\n`);
    text = [];
  };
  for (const line of lines) {
    const header = named ? undefined : FILE_HEADER.exec(line);
    if (header) {
      flush();
      current = header[1].includes('/') ? header[1] : `src/${header[1]}`;
    } else text.push(line);
  }
  flush();
  return files;
}

/**
 * The examples of a rule that reads several files: the blocks after "Around these examples" are
 * written as files, then each flagged or fine block's files beside them, and the project is
 * scanned with the rule alone. A flagged block must be reported in its own files; a fine one
 * nowhere.
 */
async function crossFileCheck(name: string, markdown: string): Promise<string[]> {
  const lines = markdown.split('\n');
  const around = new Map<string, string>();
  const examples: { kind: 'flagged' | 'fine'; line: number; files: Map<string, string> }[] = [];
  let kind: 'flagged' | 'fine' | 'around' | undefined;
  let inExamples = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^## /u.test(lines[i])) inExamples = lines[i] === '## Examples';
    if (!inExamples) continue;
    const heading = /^(Flagged|Fine|Around these examples)\b/u.exec(lines[i]);
    if (heading) kind = heading[1] === 'Flagged' ? 'flagged' : heading[1] === 'Fine' ? 'fine' : 'around';
    const fence = /^```(\w*(?:\s+\S+)?)\s*$/u.exec(lines[i]);
    if (!fence || !kind) continue;
    let end = i + 1;
    while (end < lines.length && !lines[end].startsWith('```')) end++;
    const files = filesOf(fence[1], lines.slice(i + 1, end));
    if (kind === 'around') for (const [file, text] of files) around.set(file, text);
    else examples.push({ kind, line: i + 2, files });
    i = end;
  }
  if (!examples.some((e) => e.kind === 'flagged')) return [`docs/rules/${name}.md: no flagged example`];
  const wrong: string[] = [];
  for (const example of examples) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'debt-scan-doc-'));
    try {
      for (const [file, text] of [...around, ...example.files]) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), text);
      }
      const model = await scan({ root, cache: false, workers: 0, baseline: false, config: { preset: 'strict' } });
      const found = model.findings.filter((f) => f.ruleId === `debt-scan/${name}`);
      const inExample = found.filter((f) => example.files.has(f.file));
      if (example.kind === 'fine' && found.length > 0) wrong.push(`docs/rules/${name}.md:${example.line}: a fine example is reported: ${found.map((f) => `${f.file}:${f.line}`).join(', ')}`);
      if (example.kind === 'flagged' && inExample.length === 0) wrong.push(`docs/rules/${name}.md:${example.line}: a flagged example is not reported${found.length > 0 ? ` (only in the files around it: ${found.map((f) => f.file).join(', ')})` : ''}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return wrong;
}
