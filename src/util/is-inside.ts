import path from 'node:path';

/** Whether `inner` is `outer` or lies below it (paths as given: resolve links first where they matter). */
export function isInside(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}
