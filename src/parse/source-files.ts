/** The extensions of the files debt-scan analyses; plain data, so that discovery needs no TypeScript. */
export type SourceExtension = '.ts' | '.mts' | '.cts' | '.tsx' | '.js' | '.mjs' | '.cjs' | '.jsx';

export const SOURCE_EXTENSIONS: readonly SourceExtension[] = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];

const JAVASCRIPT_EXTENSIONS: ReadonlySet<string> = new Set(['.js', '.mjs', '.cjs', '.jsx']);

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot).toLowerCase();
}

/** JavaScript rather than TypeScript, by extension: what TypeScript's parser treats as a script kind JS or JSX. */
export function isJavaScriptFile(fileName: string): boolean {
  return JAVASCRIPT_EXTENSIONS.has(extensionOf(fileName));
}

/** Removes a leading byte order mark, as ESLint does before it parses. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
