import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { describe, expect, it } from 'vitest';
import { pad, textWidth, wrap, wrapPlain } from '../../../reporters/format.js';

/** A small deterministic generator (mulberry32), so that a failure shows the same texts again. */
function generator(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** Texts of words and runs of spaces (leading, trailing, doubled), some words longer than a row, some lines broken. */
function plainTexts(count: number): string[] {
  const next = generator(7);
  const word = (): string => {
    const length = next(10) === 0 ? 20 + next(90) : 1 + next(12);
    return Array.from({ length }, () => String.fromCharCode(0x21 + next(94))).join('');
  };
  return Array.from({ length: count }, () => {
    let text = ' '.repeat(next(3) === 0 ? next(4) : 0);
    const words = next(30);
    for (let i = 0; i < words; i++) text += word() + (next(8) === 0 ? '\n' : ' '.repeat(1 + (next(6) === 0 ? next(4) : 0)));
    return text;
  });
}

describe('console text layout without string-width and wrap-ansi', () => {
  it('wraps printable ASCII exactly as wrap-ansi does (hard, trimmed), at every width from 1 to 60', () => {
    const differing: { text: string; columns: number }[] = [];
    for (const text of plainTexts(400)) {
      for (let columns = 1; columns <= 60; columns++) {
        if (wrapPlain(text, columns) !== wrapAnsi(text, columns, { hard: true, trim: true })) differing.push({ text, columns });
      }
    }
    expect(differing.slice(0, 5)).toEqual([]);
  });

  it('measures as string-width does every character of the Basic Multilingual Plane, alone, after a letter and in runs', () => {
    const differing: string[] = [];
    const narrow: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const character = String.fromCharCode(code);
      for (const text of [character, `a${character}`, `${character}${character}b`]) if (textWidth(text) !== stringWidth(text)) differing.push(text);
      if (stringWidth(character) === 1 && code < 0x2100) narrow.push(character);
    }
    expect(differing).toEqual([]);
    const next = generator(11);
    const texts = Array.from({ length: 2_000 }, () => Array.from({ length: next(40) }, () => narrow[next(narrow.length)]).join(''));
    expect(texts.filter((t) => textWidth(t) !== stringWidth(t))).toEqual([]);
  });

  it('measures other text with string-width: wide, zero-width and combining characters, emoji, colours', () => {
    for (const text of ['漢字', 'e\u0301', 'a\u00adb', 'a\u200bb', '👍', 'x\u001b[31mred\u001b[39m', '→', '\t']) {
      expect(textWidth(text)).toBe(stringWidth(text));
    }
    expect(pad('漢字', 6)).toBe('漢字  ');
  });

  it('wraps text of other characters with wrap-ansi', () => {
    const text = 'a path with é and 漢字 in it, long enough to wrap over more than one row of the console';
    expect(wrap(text, 30, '  ')).toEqual(wrapAnsi(text, 28, { hard: true, trim: true }).split('\n').map((line) => `  ${line}`));
  });
});
