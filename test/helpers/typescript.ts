// Under vitest, src/parse/typescript.cjs (which exists only to spare Node's ESM loader a scan of
// TypeScript's CommonJS) resolves here: vitest loads the module graph itself.
import ts from 'typescript';

export default ts;
