// Loads another TypeScript in place of `typescript` (for the compatibility test): DEBT_SCAN_TEST_TYPESCRIPT names the package.
const Module = require('node:module');
const target = process.env.DEBT_SCAN_TEST_TYPESCRIPT;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, target && request === 'typescript' ? target : request, ...rest);
};
