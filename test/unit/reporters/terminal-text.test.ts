import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../reporters/markdown.js';
import { escapeJsonForTerminal, escapeTerminalLines, escapeTerminalText } from '../../../reporters/terminal-text.js';
import { renderText } from '../../../reporters/text.js';
import { makeFinding, makeModel } from '../../helpers/report-model.js';

describe('escapeTerminalText', () => {
  it('leaves ordinary text alone, tabs and non-Latin letters included', () => {
    for (const text of ['src/a.ts', 'src/ünïcödé/日本.ts', 'a\tb', "'./x' leads to no file: ::not at the start", 'C:\\path', '#1 [x]']) {
      expect(escapeTerminalText(text)).toBe(text);
    }
  });

  it('escapes C0 and C1 controls, DEL, line breaks and bidirectional controls visibly', () => {
    expect(escapeTerminalText('a\u001b[2Jb\u0007c\rd\ne\u0000f\u007fg\u009bh')).toBe('a\\x1b[2Jb\\x07c\\rd\\ne\\x00f\\x7fg\\x9bh');
    expect(escapeTerminalText('x\u202ey\u2066z\u200f\u061c\u2028')).toBe('x\\u202ey\\u2066z\\u200f\\u061c\\u2028');
  });

  it('breaks a workflow command at the start of the text, after blanks too, and legacy commands anywhere', () => {
    expect(escapeTerminalText('::error::x')).toBe('\\x3a:error::x');
    expect(escapeTerminalText('  ::warning file=a::b')).toBe('  \\x3a:warning file=a::b');
    expect(escapeTerminalText('a\n::error::x')).toBe('a\\n::error::x');
    expect(escapeTerminalText('see ##[error]x, ##vso[task.complete result=Failed] and ##TeamCity[buildStatus]')).toBe(
      'see ##\\x5berror]x, ##vso\\x5btask.complete result=Failed] and ##TeamCity\\x5bbuildStatus]',
    );
  });

  it('keeps the line breaks of text of several lines, each line made safe', () => {
    expect(escapeTerminalLines('error: x\n::error::y\u001b\n')).toBe('error: x\n\\x3a:error::y\\x1b\n');
  });
});

describe('escapeJsonForTerminal', () => {
  it('gives JSON with the same value and nothing a terminal or runner acts on', () => {
    const value = { file: '::error::a ##[error]b ##vso[x]\u202e\u009b\u2028', n: 1 };
    const json = escapeJsonForTerminal(JSON.stringify(value, null, 2));
    expect(json).toBe('{\n  "file": "::error::a ##\\u005berror]b ##vso\\u005bx]\\u202e\\u009b\\u2028",\n  "n": 1\n}');
    expect(JSON.parse(json)).toEqual(value);
  });

  it('escapes each such character alone in a long text, and a command of either case', () => {
    const unsafe = [0x7f, 0x85, 0x9f, 0x61c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202e, 0x2066, 0x2069];
    const plain = 'x'.repeat(10_000);
    for (const code of unsafe) {
      const json = JSON.stringify({ text: `${plain}${String.fromCharCode(code)}${plain}` });
      expect(escapeJsonForTerminal(json)).toBe(json.replace(String.fromCharCode(code), `\\u${code.toString(16).padStart(4, '0')}`));
    }
    expect(escapeJsonForTerminal(JSON.stringify(`${plain}##VSO[task]`))).toBe(JSON.stringify(`${plain}##VSO[task]`).replace('[', '\\u005b'));
  });

  it('leaves JSON without such characters byte for byte', () => {
    const json = JSON.stringify({ a: 'src/ü.ts', b: ['#x', '[y]', '::z'] }, null, 2);
    expect(escapeJsonForTerminal(json)).toBe(json);
  });
});

describe('reporters on hostile names', () => {
  const hostile = 'src/a\n::error::x\u001b]0;t\u0007\r##[warning]\u202e.ts';
  const model = makeModel([makeFinding({ file: hostile, message: "'./b\u001b[31m' leads to no file" })], {
    notifications: [{ level: 'error', kind: 'parse-error', message: `${hostile}:1:1: Expression expected`, file: hostile }],
  });

  it('the text summary prints every such name escaped', () => {
    const text = renderText(model, { verbose: true });
    expect(text).toContain("  src/a\\n::error::x\\x1b]0;t\\x07\\r##\\x5bwarning]\\u202e.ts:1:1  warning  debt-scan/rule-a\n      './b\\x1b[31m' leads to no file\n");
    expect(text).toContain('  parse-error: src/a\\n::error::x\\x1b]0;t\\x07\\r##\\x5bwarning]\\u202e.ts:1:1: Expression expected');
    expect(text).not.toMatch(/[\u001b\r\u202e]/u);
  });

  it('the text summary wraps long lines without ever starting one with a workflow command', () => {
    const message = `${'word '.repeat(14)}::error file=x::injected ${'more '.repeat(20)}::warning::again`;
    const wide = makeModel([makeFinding({ message })], { notifications: [{ level: 'warning', kind: 'note', message }] });
    for (const width of [40, 60, 80, 100]) {
      const lines = renderText(wide, { verbose: true, width }).split('\n');
      expect(lines.filter((line) => /^\s*::/u.test(line))).toEqual([]);
      // Wrapped text (indented by four or more) fits, but for the three characters of a colon's escape.
      expect(lines.filter((line) => line.startsWith('    ') && line.length > width + 3)).toEqual([]);
    }
  });

  it('Markdown keeps a cell on one line, a lone carriage return included', () => {
    expect(escapeMarkdown('a\rb\r\nc\nd')).toBe('a b c d');
    expect(escapeMarkdown(hostile)).toBe('src/a ::error::x\\x1b\\]0;t\\x07 \\#\\#\\[warning\\]\\u202e.ts');
  });
});
