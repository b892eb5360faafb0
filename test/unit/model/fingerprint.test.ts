import { describe, expect, it } from 'vitest';
import { FINGERPRINT_VERSION, findingText, fingerprintAll, withoutPositions } from '../../../src/model/fingerprint.js';

describe('fingerprintAll', () => {
  const input = { rule: 'no-complex-function/tooComplex', file: 'src/a.ts', text: 'function f(a) {\u0000function f(a) {' };

  it('gives 16 hex digits and an occurrence number', () => {
    expect(fingerprintAll([input])[0]).toMatch(/^[0-9a-f]{16}:1$/u);
  });

  it('ignores white space, so that re-indenting or re-wrapping changes nothing', () => {
    const [plain] = fingerprintAll([input]);
    const [reindented] = fingerprintAll([{ ...input, text: '\t\tfunction f(a)\r\n  {\u0000    function f(a) {' }]);
    expect(reindented).toBe(plain);
  });

  it('numbers identical findings of one file in order, and keeps different ones apart', () => {
    const [first, second, other] = fingerprintAll([input, input, { ...input, text: 'function g(a) {\u0000function g(a) {' }]);
    expect(first.split(':')[0]).toBe(second.split(':')[0]);
    expect([first.split(':')[1], second.split(':')[1]]).toEqual(['1', '2']);
    expect(other.endsWith(':1')).toBe(true);
    expect(other.split(':')[0]).not.toBe(first.split(':')[0]);
  });

  it('differs by rule and by file', () => {
    const [base, otherRule, otherFile] = fingerprintAll([input, { ...input, rule: 'x/y' }, { ...input, file: 'src/b.ts' }]);
    expect(new Set([base, otherRule, otherFile]).size).toBe(3);
  });

  it('is versioned', () => {
    expect(FINGERPRINT_VERSION).toBe(3);
  });
});

describe('findingText', () => {
  const text = 'const a = 1;\n  if (user!.name) {\n    go();\n  }\n';

  it('is the span and the whole first line, whatever precedes the line', () => {
    const start = text.indexOf('user!');
    expect(findingText(text, start, start + 5)).toBe('user!\u0000  if (user!.name) {');
    expect(findingText(`// new line above\n\n${text}`, start + 19, start + 24)).toBe('user!\u0000  if (user!.name) {');
  });

  it('handles a finding on the last line without a line break', () => {
    expect(findingText('x!', 0, 2)).toBe('x!\u0000x!');
  });
});

describe('findingText of a block', () => {
  it('takes only the first line of a multi-line span, so that edits inside the block keep the alert', () => {
    const text = 'try {\n  run();\n} catch (error) {\n  log(error);\n}\n';
    const start = text.indexOf('catch');
    const edited = text.replace('log(error);', 'log(error);\n  retry();');
    expect(findingText(edited, start, edited.length - 1)).toBe(findingText(text, start, text.length - 1));
    expect(findingText(text, start, text.length - 1)).toBe('catch (error) {\u0000} catch (error) {');
  });
});

describe('withoutPositions', () => {
  it('drops line and column references from a message', () => {
    expect(withoutPositions('Same as load() in src/b.ts:12:5 and src/c.tsx:40.')).toBe('Same as load() in src/b.ts and src/c.tsx.');
    expect(withoutPositions('Copied from line 12, lines 30-44 and L7.')).toBe('Copied from line , lines  and L.');
  });

  it('keeps other numbers', () => {
    expect(withoutPositions('complexity of 16 (limit 15)')).toBe('complexity of 16 (limit 15)');
  });
});

describe('findingText with other line endings', () => {
  it('ends the line at a lone CR, as TypeScript ends it, so that text on other lines does not enter', () => {
    const lf = 'const a = 1;\n  if (user!.name) {\n  return;\n';
    const start = lf.indexOf('user!');
    const cr = lf.replace(/\n/gu, '\r');
    expect(findingText(cr, start, start + 5)).toBe('user!\u0000  if (user!.name) {');
    expect(findingText(cr.replace('const a = 1;', 'const b = 22;'), start + 1, start + 6)).toBe('user!\u0000  if (user!.name) {');
  });

  it('keeps the CR of a CR LF line as before, so that fingerprints of such files do not change', () => {
    const text = 'const a = 1;\r\n  if (user!.name) {\r\n  return;\r\n';
    const start = text.indexOf('user!');
    expect(findingText(text, start, start + 5)).toBe('user!\u0000  if (user!.name) {\r');
  });
});
