/**
 * The `typescript` module for every part of debt-scan. Importing TypeScript's 9 MB CommonJS file
 * straight from ESM makes Node scan all of it for named exports (0.2 to 0.4 s per process);
 * through this CommonJS file Node finds nothing to scan and just loads it. Types are unchanged.
 */
import ts = require('typescript');

export = ts;
