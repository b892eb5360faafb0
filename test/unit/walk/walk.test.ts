import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { RuleListener } from '../../../src/rule/types.js';
import { combineListeners } from '../../../src/walk/combine-listeners.js';
import { walk } from '../../../src/walk/walk.js';

const source = ts.createSourceFile('a.ts', 'const a = f(1);\n', ts.ScriptTarget.Latest, true);

function recorder(name: string, log: string[]): RuleListener {
  return {
    enterEvery: (node) => log.push(`${name} every ${ts.SyntaxKind[node.kind]}`),
    enter: { [ts.SyntaxKind.CallExpression]: () => log.push(`${name} enter call`) },
    exit: { [ts.SyntaxKind.CallExpression]: () => log.push(`${name} exit call`) },
    end: () => log.push(`${name} end`),
  };
}

describe('walk', () => {
  it('calls every-node handlers before the handlers keyed by kind, in source order, and end last', () => {
    const log: string[] = [];
    walk(source, [{ listener: recorder('r', log), onError: () => undefined }]);
    expect(log.filter((l) => /Call|call|end/u.test(l))).toEqual(['r every CallExpression', 'r enter call', 'r exit call', 'r end']);
    expect(log[0]).toBe('r every SourceFile');
  });

  it('silences only the listener whose handler throws', () => {
    const log: string[] = [];
    const errors: unknown[] = [];
    const failing: RuleListener = { enterEvery: () => { throw new Error('boom'); }, end: () => log.push('failing end') };
    walk(source, [
      { listener: failing, onError: (error) => errors.push(error) },
      { listener: recorder('ok', log), onError: () => undefined },
    ]);
    expect(errors).toHaveLength(1);
    expect(log).toContain('ok end');
    expect(log).not.toContain('failing end');
  });

  it('combines the every-node handlers of several listeners', () => {
    const log: string[] = [];
    walk(source, [{ listener: combineListeners([recorder('a', log), recorder('b', log)]), onError: () => undefined }]);
    expect(log.filter((l) => l.includes('CallExpression'))).toEqual(['a every CallExpression', 'b every CallExpression']);
    expect(log.slice(-2)).toEqual(['a end', 'b end']);
  });

  it("calls a combined listener's parts itself, in order, and silences all of them when one throws", () => {
    const log: string[] = [];
    const errors: unknown[] = [];
    const throwing: RuleListener = { enter: { [ts.SyntaxKind.NumericLiteral]: () => { throw new Error('boom'); } }, end: () => log.push('throwing end') };
    const combined = combineListeners([recorder('a', log), throwing, recorder('b', log)], () => log.push('combined end'));
    const inner = combineListeners([recorder('c', log)], () => log.push('inner end'));
    walk(source, [
      { listener: combineListeners([inner, recorder('d', log)], () => log.push('outer end')), onError: () => undefined },
      { listener: combined, onError: (error) => errors.push(error) },
      { listener: recorder('e', log), onError: () => undefined },
    ]);
    expect(errors).toHaveLength(1);
    // `1` comes inside the call: a and b saw every node up to it, and nothing after the failure there
    expect(log.filter((l) => /^[ab] /u.test(l)).slice(-2)).toEqual(['a every FirstLiteralToken', 'b every FirstLiteralToken']);
    expect(log.filter((l) => l.includes('exit call'))).toEqual(['c exit call', 'd exit call', 'e exit call']);
    expect(log.filter((l) => l.includes('enter call'))).toEqual(['c enter call', 'd enter call', 'a enter call', 'b enter call', 'e enter call']);
    expect(log.filter((l) => l.includes('end'))).toEqual(['c end', 'inner end', 'd end', 'outer end', 'e end']);
  });
});
