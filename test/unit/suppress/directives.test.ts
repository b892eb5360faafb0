import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../src/parse/parse-file.js';
import { readSuppressions } from '../../../src/suppress/directives.js';

const RULE = 'debt-scan/no-complex-function';
const OTHER = 'debt-scan/other-rule';

function suppressedAt(code: string, line: number, rule = RULE): string | undefined {
  return readSuppressions(parseFile('x.ts', code).sourceFile).justificationFor(rule, line, 1);
}

describe('eslint-disable directives in the scanner', () => {
  it('honours disable-next-line and disable-line, for all rules or the named ones', () => {
    const code = ['// eslint-disable-next-line debt-scan/no-complex-function -- legacy', 'a();', 'b(); // eslint-disable-line', 'c(); /* eslint-disable-line debt-scan/other-rule */'].join('\n');
    expect(suppressedAt(code, 2)).toBe('legacy');
    expect(suppressedAt(code, 3)).toBeDefined();
    expect(suppressedAt(code, 4)).toBeUndefined();
    expect(suppressedAt(code, 4, OTHER)).toBeDefined();
  });

  it('honours block disable and enable ranges', () => {
    const code = ['a();', '/* eslint-disable debt-scan/no-complex-function */', 'b();', '/* eslint-enable debt-scan/no-complex-function */', 'c();'].join('\n');
    expect(suppressedAt(code, 1)).toBeUndefined();
    expect(suppressedAt(code, 3)).toBeDefined();
    expect(suppressedAt(code, 5)).toBeUndefined();
    expect(suppressedAt(code, 3, OTHER)).toBeUndefined();
  });

  it('ignores eslint-disable in line comments, as ESLint does', () => {
    expect(suppressedAt('// eslint-disable\na();', 2)).toBeUndefined();
  });

  it('ignores directive text inside strings and templates', () => {
    const code = ['const s = "// eslint-disable-next-line";', 'a();', 'const t = `/* eslint-disable */`;', 'b();'].join('\n');
    expect(suppressedAt(code, 2)).toBeUndefined();
    expect(suppressedAt(code, 4)).toBeUndefined();
  });

  it('does not suppress rules of other plugins named in the list', () => {
    expect(suppressedAt('// eslint-disable-next-line no-console\na();', 2)).toBeUndefined();
  });
});
