import type { ImportFact } from '../facts/types.js';
import type { ExportLinkage } from '../facts/linkage.js';

export interface ErasureInput {
  facts: { imports: readonly ImportFact[]; exports?: ExportLinkage };
}

/**
 * Decides which imports TypeScript erases from the emitted JavaScript: those written
 * `import type`, and named imports and re-exports of which every name is a type, so that code
 * importing an interface without the `type` keyword does not count as a run-time dependency.
 * A name is a type when the imported file declares it as an interface or type alias, or when the
 * file is a type-only module: all its exports are types and all its re-exports come from
 * type-only modules (a greatest fixpoint, so that barrels re-exporting each other qualify).
 * Side-effect imports, `import()` and `require` always load the module.
 *
 * `targets[file][k]` is the scanned file the k-th import of `file` resolves to, if any.
 */
export function findErasedImports(files: readonly ErasureInput[], targets: readonly (readonly (number | undefined)[])[]): (file: number, importIndex: number) => boolean {
  const reexported = files.map(({ facts }) => new Set(facts.imports.filter((i) => i.kind === 'reexport').flatMap((i) => i.names)));
  const localTypes = files.map(({ facts }, v) => new Set((facts.exports?.types ?? []).filter((name) => !reexported[v].has(name))));
  const typeOnly = typeOnlyModules(files, targets);

  return (file, importIndex) => {
    const fact = files[file].facts.imports[importIndex];
    if (fact.typeOnly) return true;
    if ((fact.kind !== 'static' && fact.kind !== 'reexport') || fact.names.length === 0) return false;
    const target = targets[file][importIndex];
    if (target === undefined) return false;
    return typeOnly[target] === 1 || fact.names.every((name) => name !== '*' && localTypes[target].has(name));
  };
}

function typeOnlyModules(
  files: readonly ErasureInput[],
  targets: readonly (readonly (number | undefined)[])[],
): Uint8Array {
  const typeOnly = new Uint8Array(files.length);
  const reexporters: number[][] = files.map(() => []);
  files.forEach(({ facts }, v) => {
    const reexports = facts.imports.map((fact, k) => ({ fact, target: targets[v][k] })).filter(({ fact }) => fact.kind === 'reexport' && !fact.typeOnly);
    const hasExports = facts.exports?.any === true || reexports.length > 0;
    // Every local export is a type, or a name the file also re-exports.
    const localsAreTypes = facts.exports?.values !== true;
    const reexportsResolve = reexports.every(({ target }) => target !== undefined);
    if (hasExports && localsAreTypes && reexportsResolve) typeOnly[v] = 1;
    for (const { target } of reexports) if (target !== undefined) reexporters[target].push(v);
  });
  // Greatest fixpoint: a module stops being type-only when one of its re-export sources is not.
  const pending = files.map((_, v) => v).filter((v) => typeOnly[v] === 0);
  while (pending.length > 0) {
    const source = pending.pop() ?? 0;
    for (const v of reexporters[source]) {
      if (typeOnly[v] === 1) {
        typeOnly[v] = 0;
        pending.push(v);
      }
    }
  }
  return typeOnly;
}
