import type { ImportFact } from '../../src/facts/types.js';

/** An import statement's fact, as the extractor writes it: no names, on one line from column 1 to 20. */
export const importFact = (specifier: string, line: number, kind: ImportFact['kind'] = 'static', typeOnly = false): ImportFact => ({
  specifier,
  kind,
  typeOnly,
  names: [],
  line,
  column: 1,
  endLine: line,
  endColumn: 20,
});
