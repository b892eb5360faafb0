// Preloaded by bench/eslint-rules.mjs --typescript PACKAGE: every `require('typescript')` of the
// process (typescript-eslint's parser, debt-scan's rules) gets that package instead, for example
// the npm alias `typescript-oldest`, so that both run on one version of the supported range.
const Module = require('node:module');

const target = process.env.DEBT_SCAN_BENCH_TYPESCRIPT;
try {
  require.resolve(target);
} catch {
  console.error(`bench: no package ${target} is installed (the dev dependencies alias typescript-oldest and typescript-newest)`);
  process.exit(2);
}
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, request === 'typescript' ? target : request, ...rest);
};
