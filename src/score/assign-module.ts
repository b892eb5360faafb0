/** A workspace package below the scan root. */
export interface WorkspacePackage {
  /** POSIX directory relative to the scan root. */
  dir: string;
  name: string;
}

/** Folders that only hold a package's sources: a module is named by what lies below them. */
const SOURCE_ROOTS = new Set(['src', 'source']);

/**
 * The module a file rolls up into: its directory cut to `depth` segments, counted from the
 * innermost workspace package that contains it (whose name stands for the package's first
 * segment, so `apps/web/lib/api/x.ts` of package `web` is `web/lib` at depth 2) or else from the
 * scan root. A leading `src` or `source` folder of a package is skipped, and files directly in a
 * package's root (or its `src`) belong to the package itself. `.` is the module of files at the scan root.
 *
 * A package is not one module whatever its size: in a monorepo the application package holds
 * most of the code, and debt spread over thousands of files would always rate well.
 */
export function assignModule(file: string, packages: readonly WorkspacePackage[], depth: number): string {
  let best: WorkspacePackage | undefined;
  for (const pkg of packages) {
    if (file.startsWith(`${pkg.dir}/`) && (!best || pkg.dir.length > best.dir.length)) best = pkg;
  }
  if (best) {
    const inside = file.slice(best.dir.length + 1).split('/').slice(0, -1);
    const below = SOURCE_ROOTS.has(inside[0]) ? inside.slice(1) : inside;
    return [best.name, ...below.slice(0, depth - 1)].join('/');
  }
  const segments = file.split('/').slice(0, -1);
  return segments.length === 0 ? '.' : segments.slice(0, depth).join('/');
}

/**
 * `assignModule` for many files: the files of a directory share their module, so it is worked out
 * once per directory (a scan asks for every file, and a package list can be long).
 */
export function createModuleAssigner(packages: readonly WorkspacePackage[], depth: number): (file: string) => string {
  const byDirectory = new Map<string, string>();
  return (file) => {
    const directory = file.slice(0, Math.max(0, file.lastIndexOf('/')));
    let module = byDirectory.get(directory);
    if (module === undefined) byDirectory.set(directory, (module = assignModule(file, packages, depth)));
    return module;
  };
}
