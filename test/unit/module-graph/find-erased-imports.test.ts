import { describe, expect, it } from 'vitest';
import { findErasedImports } from '../../../src/module-graph/find-erased-imports.js';
import { linkageOf } from '../../../src/facts/linkage.js';
import type { ExportFact, ImportFact } from '../../../src/facts/types.js';

const imp = (specifier: string, names: string[], kind: ImportFact['kind'] = 'static', typeOnly = false): ImportFact => ({ specifier, kind, typeOnly, names, line: 1, column: 1 });
const exp = (name: string, kind: ExportFact['kind']): ExportFact => ({ name, kind, line: 1, isAsync: false });

/**
 * 0 types.ts: interfaces only.          1 model.ts: an interface and a function.
 * 2 barrel.ts: export * from types, export { Model } from model.
 * 3 values-barrel.ts: export * from model.
 * 4 ring-a.ts / 5 ring-b.ts: type barrels that re-export each other.
 * 6 user.ts: the importer.
 */
const files = [
  { facts: { imports: [], exports: [exp('User', 'type'), exp('Role', 'type')] } },
  { facts: { imports: [], exports: [exp('Model', 'type'), exp('loadModel', 'function')] } },
  { facts: { imports: [imp('./types', ['*'], 'reexport'), imp('./model', ['Model'], 'reexport')], exports: [exp('Model', 'other')] } },
  { facts: { imports: [imp('./model', ['*'], 'reexport')], exports: [] } },
  { facts: { imports: [imp('./ring-b', ['*'], 'reexport'), imp('./types', ['*'], 'reexport')], exports: [exp('A', 'type')] } },
  { facts: { imports: [imp('./ring-a', ['*'], 'reexport')], exports: [exp('B', 'type')] } },
  {
    facts: {
      imports: [
        imp('./types', ['User']), // 0: a type-only module
        imp('./model', ['Model']), // 1: a type of a mixed module
        imp('./model', ['Model', 'loadModel']), // 2: a value too
        imp('./model', ['*']), // 3: a namespace of a mixed module
        imp('./types', []), // 4: a side-effect import
        imp('./types', ['*'], 'dynamic'), // 5: import()
        imp('./model', ['loadModel'], 'static', true), // 6: import type
        imp('./barrel', ['Model', 'User']), // 7: a barrel re-exporting a value module by name
        imp('./values-barrel', ['Model']), // 8: a barrel of values
        imp('./ring-a', ['A']), // 9: type barrels in a ring
        imp('left-pad', ['pad']), // 10: not a scanned file
      ],
      exports: [],
    },
  },
];
const targets = [[], [], [0, 1], [1], [5, 0], [4], [0, 1, 1, 1, 0, 0, 1, 2, 3, 4, undefined]];

describe('findErasedImports', () => {
  // The graph sees the files' linkage, as the cross-file stage gives it.
  const isErased = findErasedImports(files.map(({ facts }) => ({ facts: linkageOf(facts) })), targets);

  it('erases named imports of types, from type-only modules and barrels of them', () => {
    expect(Array.from({ length: 11 }, (_, k) => isErased(6, k))).toEqual([true, true, false, false, false, false, true, false, false, true, false]);
  });

  it('erases re-exports of type-only modules and of types by name, not of value modules', () => {
    expect([isErased(2, 0), isErased(2, 1), isErased(3, 0), isErased(4, 0), isErased(5, 0)]).toEqual([true, true, false, true, true]);
  });
});
