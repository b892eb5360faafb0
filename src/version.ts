import { readFileSync } from 'node:fs';

export const TOOL_NAME = 'debt-scan';
export const INFORMATION_URI = 'https://github.com/debt-scan/debt-scan';
export const DOCS_BASE_URL = `${INFORMATION_URI}/blob/main/docs/rules`;

/** The package's version, read from its package.json (one level up from src/, two from dist/src/). */
export const TOOL_VERSION: string = readVersion();

function readVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === TOOL_NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // ignore: try the next candidate location
    }
  }
  return '0.0.0';
}

export function ruleDocsUrl(name: string): string {
  return `${DOCS_BASE_URL}/${name}.md`;
}

export function ruleId(name: string): string {
  return `${TOOL_NAME}/${name}`;
}
