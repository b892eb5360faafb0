import { describe, expect, it } from 'vitest';
import { candidatesOf, findCloneClasses, type CloneCandidate, type CloneDetectionOptions } from '../../../src/clones/clone-classes.js';
import { analyzeFile } from '../../../src/engine/analyze-file.js';
import noDuplicateFunction from '../../../rules/no-duplicate-function.js';

/** Clone fingerprints are computed when the rule that compares them is on. */
const FINGERPRINTING = [{ definition: noDuplicateFunction, options: noDuplicateFunction.defaultOptions }];

const DEFAULTS: CloneDetectionOptions = { minTokens: 40, minStatements: 5, similarity: 0.85 };

function candidates(files: Record<string, string>): CloneCandidate[] {
  return Object.entries(files).flatMap(([file, code]) => candidatesOf(file, analyzeFile(file, code, 'hash', FINGERPRINTING).facts!));
}

/** Each class as `type: file:line name, …`. */
function classes(files: Record<string, string>, options: Partial<CloneDetectionOptions> = {}): string[] {
  return findCloneClasses(candidates(files), { ...DEFAULTS, ...options }).classes.map(
    (cls) => `${cls.type}: ${cls.members.map((m) => `${m.file}:${m.line} ${m.name}`).join(', ')}`,
  );
}

const FORMAT = `export function formatCurrency(cents: number, currency: string): string {
  const symbol = SYMBOLS[currency] ?? currency;
  const units = Math.round(cents) / 100;
  const [whole, fraction = '00'] = units.toFixed(2).split('.');
  const grouped = whole.replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',');
  return \`\${symbol}\${grouped}.\${fraction}\`;
}
`;
const FORMAT_RENAMED = `const formatPrice = (value: number, code: string) => {
  const sign = SIGNS[code] ?? code;
  const amount = Math.round(value) / 100;
  const [intPart, decimals = '0'] = amount.toFixed(3).split(',');
  const withCommas = intPart.replace(/x/g, '.');
  return \`\${sign}\${withCommas}.\${decimals}\`;
};
`;
const FORMAT_EDITED = `function formatMoney(cents, currency) {
  const symbol = SYMBOLS[currency] ?? currency;
  const units = Math.round(Math.abs(cents)) / 100;
  const [whole, fraction = '00'] = units.toFixed(2).split('.');
  const grouped = whole.replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',');
  const sign = cents < 0 ? '-' : '';
  return \`\${sign}\${symbol}\${grouped}.\${fraction}\`;
}
`;

describe('findCloneClasses', () => {
  it('finds exact copies across files whatever their layout and comments (type 1)', () => {
    const reformatted = FORMAT.replace('export ', '// copied\n').replace('const units', '\n  const units');
    expect(classes({ 'src/a.ts': FORMAT, 'src/b.ts': reformatted })).toEqual(['1: src/a.ts:1 formatCurrency, src/b.ts:2 formatCurrency']);
  });

  it('finds renamed copies: identifiers, literals and types normalised (type 2)', () => {
    expect(classes({ 'src/a.ts': FORMAT, 'src/b.tsx': FORMAT_RENAMED })).toEqual(['2: src/a.ts:1 formatCurrency, src/b.tsx:1 formatPrice']);
  });

  it('finds near-miss copies above the similarity threshold only (type 3)', () => {
    const files = { 'src/a.ts': FORMAT, 'src/c.js': FORMAT_EDITED };
    expect(classes(files)).toEqual(['3: src/a.ts:1 formatCurrency, src/c.js:1 formatMoney']);
    expect(classes(files, { similarity: 0.9 })).toEqual([]);
    expect(classes(files, { similarity: 1 })).toEqual([]);
  });

  it('groups every copy into one class, within and across files', () => {
    const files = { 'src/a.ts': FORMAT, 'src/b.tsx': FORMAT_RENAMED, 'src/c.js': FORMAT_EDITED + FORMAT_EDITED.replace('formatMoney', 'formatAmount') };
    expect(classes(files)).toEqual(['3: src/a.ts:1 formatCurrency, src/b.tsx:1 formatPrice, src/c.js:1 formatMoney, src/c.js:9 formatAmount']);
  });

  it('applies the size thresholds: tokens or statements', () => {
    const small = 'function a(x) { const y = x + 1; const z = y * 2; return z - x; }\nfunction b(p) { const q = p + 1; const r = q * 2; return r - p; }\n';
    expect(classes({ 'src/a.ts': small })).toEqual([]);
    expect(classes({ 'src/a.ts': small }, { minTokens: 20 })).toEqual(['2: src/a.ts:1 a, src/a.ts:2 b']);
    expect(classes({ 'src/a.ts': small }, { minStatements: 3 })).toEqual(['2: src/a.ts:1 a, src/a.ts:2 b']);
  });

  it('leaves out look-alike traps: getters, one-line wrappers and overload signatures', () => {
    const traps = `class A {
  get total() { return this.items.reduce((s, i) => s + i.price, 0); }
  get count() { return this.items.reduce((s) => s + 1, 0); }
}
export const getUser = (id: string) => api.get(\`/users/\${id}\`);
export const getOrder = (id: string) => api.get(\`/orders/\${id}\`);
export function parse(a: string): number;
export function parse(a: number): number;
export function parse(a: string | number): number { return Number(a); }
`;
    expect(classes({ 'src/a.ts': traps, 'src/b.ts': traps.replace(/A/g, 'B') })).toEqual([]);
  });

  it('leaves out functions that are mostly data: error messages differ in their literals only', () => {
    const error = (name: string, text: string) => `export class ${name} extends Error {
  constructor(entity: { name: string }, relation: { propertyName: string; inverse: { name: string; propertyName: string } }) {
    super(\`${text} \${entity.name}#\${relation.propertyName} and \${relation.inverse.name}#\${relation.inverse.propertyName}: choose one of them.\`);
  }
}
`;
    const files = { 'src/a.ts': error('JoinColumnError', 'JoinColumn is allowed on one side only.'), 'src/b.ts': error('JoinTableError', 'JoinTable is allowed on one side only.') };
    expect(classes(files)).toEqual([]);
    expect(classes(files, { minTokens: 20 })).toEqual(['2: src/a.ts:2 constructor, src/b.ts:2 constructor']);
  });

  it('reports copied outer functions once, not again for their inner functions', () => {
    const outer = `export function register(app) {
  app.get('/a', function handler(request, response) {
    const id = request.params.id; const item = store.get(id); if (!item) return response.status(404).end();
    response.json(item); log(id); audit(id, item);
  });
  app.listen(3000); log('ready'); audit('ready'); metrics.start(); return app;
}
`;
    expect(classes({ 'src/a.js': outer, 'src/b.js': outer.replace('register', 'mount') })).toEqual(['1: src/a.js:1 register, src/b.js:1 mount']);
  });

  it('is deterministic: the order of its input does not change its output', () => {
    const all = candidates({ 'src/a.ts': FORMAT, 'src/b.tsx': FORMAT_RENAMED, 'src/c.js': FORMAT_EDITED });
    const forward = findCloneClasses(all, DEFAULTS);
    const backward = findCloneClasses([...all].reverse(), DEFAULTS);
    expect(backward).toEqual(forward);
  });

  it('compares only functions that share an LSH band, not all pairs', () => {
    const distinct = Array.from({ length: 60 }, (_, i) => `function f${i}(a) {\n${Array.from({ length: 6 }, (_, j) => `  const v${j} = a.p${(i * 7 + j) % 50}(${'b'.repeat(j)}) + o.q${i}.r${j};`).join('\n')}\n  return [${Array.from({ length: 6 }, (_, j) => `v${j}`).join(', ')}];\n}\n`).join('');
    const search = findCloneClasses(candidates({ 'src/many.js': distinct }), DEFAULTS);
    expect(search.candidates).toBe(60);
    expect(search.comparisons).toBeLessThan((60 * 59) / 2 / 10);
  });
});

describe('cloneQueryOf', () => {
  it('finds the indexed copies of one function: renamed by hash, near-miss by LSH above the threshold', async () => {
    const { cloneQueryOf } = await import('../../../src/clones/clone-query.js');
    const indexed = candidates({ 'src/a.ts': FORMAT, 'src/b.tsx': FORMAT_RENAMED, 'src/c.js': FORMAT_EDITED, 'src/d.ts': 'export function other(a, b) {\n  const c = a.x + b.y; const d = c * 2; const e = d - a.z; const f = e / b.w; return [c, d, e, f];\n}\n' });
    const query = cloneQueryOf(indexed);
    expect(cloneQueryOf(indexed)).toBe(query);
    const [typed] = candidates({ 'src/new.ts': FORMAT.replace('formatCurrency', 'toMoney') });
    expect(query.matches(typed, 0.85).map((c) => c.file).sort()).toEqual(['src/a.ts', 'src/b.tsx', 'src/c.js']);
    expect(query.matches(typed, 1).map((c) => c.file).sort()).toEqual(['src/a.ts', 'src/b.tsx']);
  });
});
