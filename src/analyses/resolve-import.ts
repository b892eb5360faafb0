import path from 'node:path';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/**
 * A resolver of relative specifiers against the set of scanned files: exact name, `.js` written
 * for a `.ts` source, an added extension, or an `index` file. Bare specifiers resolve to nothing.
 */
export function createRelativeResolver(files: Iterable<string>): (fromFile: string, specifier: string) => string | undefined {
  const known = new Set(files);
  return (fromFile, specifier) => {
    if (!specifier.startsWith('.')) return undefined;
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
    for (const candidate of candidatesOf(base)) if (known.has(candidate)) return candidate;
    return undefined;
  };
}

function candidatesOf(base: string): string[] {
  const extension = path.posix.extname(base);
  const candidates = [base];
  const mapped = JS_TO_TS[extension];
  if (mapped) candidates.push(...mapped.map((e) => base.slice(0, -extension.length) + e));
  candidates.push(...EXTENSIONS.map((e) => base + e));
  candidates.push(...EXTENSIONS.map((e) => `${base}/index${e}`));
  return candidates;
}
