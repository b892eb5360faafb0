/** A workspace package below the scan root. */
export interface WorkspacePackage {
  /** POSIX directory relative to the scan root. */
  dir: string;
  name: string;
}

/**
 * The module a file rolls up into: the innermost workspace package that contains it, else its
 * directory cut to `depth` segments below the scan root (`.` for files at the root).
 */
export function assignModule(file: string, packages: readonly WorkspacePackage[], depth: number): string {
  let best: WorkspacePackage | undefined;
  for (const pkg of packages) {
    if (file.startsWith(`${pkg.dir}/`) && (!best || pkg.dir.length > best.dir.length)) best = pkg;
  }
  if (best) return best.name;
  const segments = file.split('/').slice(0, -1);
  return segments.length === 0 ? '.' : segments.slice(0, depth).join('/');
}
