/** The rules whose findings the clone analysis makes: named here, apart from the modules that load TypeScript. */
export const FUNCTION_RULE = 'no-duplicate-function';
export const BLOCK_RULE = 'no-duplicate-block';
