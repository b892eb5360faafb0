// Loads another TypeScript in place of `typescript` (for the compatibility tests): DEBT_SCAN_TEST_TYPESCRIPT
// names the package. Its files are aliased too (`typescript/lib/tsserverlibrary`, which typescript-eslint's
// project service loads), so that one process never mixes two TypeScripts.
const Module = require('node:module');
const target = process.env.DEBT_SCAN_TEST_TYPESCRIPT;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const aliased = target && (request === 'typescript' || request.startsWith('typescript/')) ? target + request.slice('typescript'.length) : request;
  return resolve.call(this, aliased, ...rest);
};
