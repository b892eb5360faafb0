// The project lints itself with every rule of its own plugin (strict, a superset of recommended; built into dist/ by `npm run build`).
import debtScan from './dist/rules/plugin.js';

export default [
  { ignores: ['dist/**', 'fixtures/**', 'node_modules/**', 'demo-report/**', 'coverage/**', 'test-artifacts/**'] },
  ...debtScan.configs.strict,
];
