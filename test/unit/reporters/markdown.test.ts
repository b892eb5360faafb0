import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderMarkdown } from '../../../reporters/markdown.js';
import { makeFinding, makeModel } from '../../helpers/report-model.js';

describe('renderMarkdown', () => {
  const findings = [
    makeFinding({ file: 'src/a.ts', line: 12, message: 'Function f has a cyclomatic complexity of 16 | too high.', effortMinutes: 20 }),
    makeFinding({ file: 'src/b c.ts', line: 3, ruleId: 'debt-scan/rule-b', category: 'duplication', level: 'error', effortMinutes: 30, message: 'Copied <b>code</b>.' }),
  ];
  const model = makeModel(findings, {
    commit: '0123456789abcdef0123',
    suppressed: [makeFinding({ file: 'src/z.ts', line: 8, suppression: { kind: 'inSource', justification: 'generated adapter' } })],
    notifications: [{ level: 'error', kind: 'parse-error', message: 'src/bad.ts:1:1: Expression expected', file: 'src/bad.ts' }],
  });

  it('opens with the verdict and the totals', () => {
    const text = renderMarkdown(model, {});
    expect(text.split('\n').slice(0, 4)).toEqual([
      // The marker a bot looks for to edit its own pull-request comment.
      '<!-- debt-scan report -->',
      '# debt-scan report',
      '',
      '**Quality gate passed.** 2 findings (1 error, 1 warning) with **50 min** of debt in 3 files (300 lines); 1 suppressed.',
    ]);
    const failed = renderMarkdown({ ...model, gate: { passed: false, failures: ['1 finding at level "error"'] } }, {});
    expect(failed).toContain('**Quality gate failed:** 1 finding at level "error". 2 findings');
  });

  it('tabulates the debt by category and the modules with findings', () => {
    const text = renderMarkdown(model, {});
    expect(text).toContain(['| Category | Findings | Debt |', '| --- | ---: | ---: |', '| Duplication | 1 | 30 min |', '| Complexity | 1 | 20 min |'].join('\n'));
    expect(text).toContain('| Module | Rating | Debt | Debt ratio | Findings | Risk | Lines |\n');
    expect(text).toContain('| src/a.ts | B | 20 min | 5.0% | 1 | 10 | 120 |');
  });

  it('lists the worst findings first, with links to their lines and escaped messages', () => {
    const text = renderMarkdown(model, {});
    expect(text).toContain(
      [
        '| Level | Location | Rule | Debt | Finding |',
        '| --- | --- | --- | ---: | --- |',
        '| error | [src/b c.ts:3](src/b%20c.ts#L3) | `debt-scan/rule-b` | 30 min | Copied \\<b\\>code\\</b\\>. |',
        '| warning | [src/a.ts:12](src/a.ts#L12) | `debt-scan/rule-a` | 20 min | Function f has a cyclomatic complexity of 16 \\| too high. |',
      ].join('\n'),
    );
  });

  it('links to the file at the scanned commit when the CI gives a link base, below the scan root', () => {
    const text = renderMarkdown(model, { linkBase: 'https://github.com/acme/shop/blob/0123abc/', pathPrefix: 'packages/api' });
    expect(text).toContain('[packages/api/src/a.ts:12](https://github.com/acme/shop/blob/0123abc/packages/api/src/a.ts#L12)');
  });

  it('lists suppressed findings only when asked, and scan problems in a collapsed section', () => {
    expect(renderMarkdown(model, {})).not.toContain('suppressed finding</summary>');
    const text = renderMarkdown(model, { includeSuppressed: true });
    expect(text).toContain('<details><summary>1 suppressed finding</summary>\n\n- [src/z.ts:8](src/z.ts#L8) `debt-scan/rule-a`: generated adapter\n\n</details>');
    expect(text).toContain('<details><summary>1 problem during the scan</summary>\n\n- `parse-error`: src/bad.ts:1:1: Expression expected\n\n</details>');
    expect(text.trimEnd().split('\n').at(-1)).toBe('<sub>[debt-scan](https://github.com/debt-scan/debt-scan) 1.2.3 at `0123456789ab`; the HTML, JSON and SARIF reports list every finding.</sub>');
  });

  it('shows the top 25 of many findings and stays short enough for a pull-request comment', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => makeFinding({ file: `src/m${i % 400}/f${i}.ts`, line: i + 1, module: `src/m${i % 400}`, message: 'x'.repeat(600) }));
    const text = renderMarkdown(makeModel(many), {});
    expect(text).toContain('## Top 25 of 5,000 findings');
    expect(text.match(/^\| warning \|/gmu)).toHaveLength(25);
    expect(text).toContain('… and 385 more modules with findings.');
    expect(text.length).toBeLessThan(20_000);
  });

  it('says little when there is nothing to report', () => {
    expect(renderMarkdown(makeModel([]), {})).toBe(
      '<!-- debt-scan report -->\n# debt-scan report\n\n**Quality gate passed.** 0 findings with **0 min** of debt in 3 files (300 lines).\n\n<sub>[debt-scan](https://github.com/debt-scan/debt-scan) 1.2.3; the HTML, JSON and SARIF reports list every finding.</sub>\n',
    );
  });
});

describe('escapeMarkdown', () => {
  it('escapes markup and table syntax and keeps one line', () => {
    expect(escapeMarkdown('a|b *c* _d_ `e` [f](g) <h> #i ~j\\\nk')).toBe('a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\<h\\> \\#i \\~j\\\\ k');
  });
});
