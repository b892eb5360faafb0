// The project lints itself with its own recommended configuration (built into dist/ by `npm run build`).
import debtScan from './dist/rules/plugin.js';

export default [
  { ignores: ['dist/**', 'fixtures/**', 'node_modules/**', 'demo-report/**', 'coverage/**', 'test-artifacts/**'] },
  ...debtScan.configs.recommended,
];
