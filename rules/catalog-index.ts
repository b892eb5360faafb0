import type { RuleCatalogEntry } from '../src/rule/index.js';
import { ruleCatalog } from './catalog.js';

/** Every rule's metadata by name, from the generated catalog: no rule module and no TypeScript is loaded. */
export const catalogByName: ReadonlyMap<string, RuleCatalogEntry> = new Map(ruleCatalog.map((r) => [r.name, r]));

export { ruleCatalog };
