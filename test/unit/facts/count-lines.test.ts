import { describe, expect, it } from 'vitest';
import { countLines } from '../../../src/facts/extract-facts.js';

const count = (text: string): [number, number] => {
  const { lines, codeLines } = countLines(text);
  return [lines, codeLines];
};

describe('countLines', () => {
  it('counts lines ended by LF, CR LF or a lone CR, a final break ending the last line', () => {
    expect(count('')).toEqual([0, 0]);
    expect(count('a')).toEqual([1, 1]);
    expect(count('a\n')).toEqual([1, 1]);
    expect(count('a\r\nb\rc\nd')).toEqual([4, 4]);
    expect(count('a\r\n\r\n')).toEqual([2, 1]);
    expect(count('a\r')).toEqual([1, 1]);
    expect(count('\n\n\n')).toEqual([3, 0]);
  });

  it('does not count blank lines, whitespace as trim takes it included', () => {
    expect(count('a\n \t\n\u00a0\u3000\ufeff\u2028\nb')).toEqual([4, 2]);
    // U+2028 is white space to trim but no line break here: one line, with code.
    expect(count('a\u2028b')).toEqual([1, 1]);
  });

  it('does not count line comments or lines inside block comments', () => {
    expect(count('// one\n  // two\nx // three')).toEqual([3, 1]);
    expect(count('/**\n * doc\n */\nf();')).toEqual([4, 1]);
    expect(count('/* a */\n/* b */ g();\n  /* c\n d */ h();\n e')).toEqual([5, 3]);
  });

  it('finds where a block comment ends on its own line only', () => {
    // The comment of the first line closes on the third; `*/` inside the first line's opener does not close it.
    expect(count('/*/ x\ny\n*/ z\nw')).toEqual([4, 2]);
    expect(count('/* a\n*/\nb')).toEqual([3, 1]);
    // A comment opened after code is not followed: the line is code, and so is the next.
    expect(count('/* a\nb */ c /* d\ne */')).toEqual([3, 2]);
  });

  it('takes one pass over a long comment', () => {
    const body = Array.from({ length: 50_000 }, (_, i) => ` * line ${i}`).join('\n');
    expect(count(`/*\n${body}\n*/\nx();\n`)).toEqual([50_003, 1]);
  });
});
