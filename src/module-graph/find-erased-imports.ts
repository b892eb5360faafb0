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
  const erasure = erasureOf(files, targets);
  return (file, importIndex) => isErasedImport(files[file].facts.imports[importIndex], targets[file][importIndex], erasure);
}

/** What deciding whether an import is erased reads of the file it leads to. */
export interface Erasure {
  /** Per file: 1 when it is a type-only module. */
  typeOnly: Uint8Array;
  /** The names a file declares as types itself (exported as types and not re-exported). */
  localTypes(file: number): ReadonlySet<string>;
}

/** Every file's part in deciding erasure: type-only modules (a fixpoint over all files) and local types. */
export function erasureOf(files: readonly ErasureInput[], targets: readonly (readonly (number | undefined)[])[]): Erasure {
  const localTypes = files.map(({ facts }) => localTypesOf(facts));
  return { typeOnly: typeOnlyModules(files, targets), localTypes: (file) => localTypes[file] };
}

/** The names a file declares as types: its type exports that are not names it re-exports. */
export function localTypesOf(facts: ErasureInput['facts']): ReadonlySet<string> {
  const reexported = new Set(facts.imports.filter((i) => i.kind === 'reexport').flatMap((i) => i.names));
  return new Set((facts.exports?.types ?? []).filter((name) => !reexported.has(name)));
}

/** Whether TypeScript erases `fact`, an import that leads to the scanned file `target` (if any). */
export function isErasedImport(fact: ImportFact, target: number | undefined, erasure: Erasure): boolean {
  if (fact.typeOnly) return true;
  if ((fact.kind !== 'static' && fact.kind !== 'reexport') || fact.names.length === 0) return false;
  if (target === undefined) return false;
  if (erasure.typeOnly[target] === 1) return true;
  const types = erasure.localTypes(target);
  return fact.names.every((name) => name !== '*' && types.has(name));
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
