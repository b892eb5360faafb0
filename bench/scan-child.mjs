// One measured run, in its own process so that peak memory is its own. Prints one JSON line.
// Usage: node bench/scan-child.mjs <scan|parse|eslint> <repo> [cacheDir] [workers]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const [mode, repo, cacheDir, workersArg] = process.argv.slice(2);
const dist = new URL('../dist/', import.meta.url);
const started = performance.now();
let result;

if (mode === 'scan') {
  // The heap and the optimising compiler as the CLI sets them (src/cli/heap.ts,
  // src/cli/optimization-budget.ts), so that time and peak memory are what a user sees.
  const { heapGrowthLimiter } = await import(new URL('src/cli/heap.js', dist).href);
  const heapCheckpoint = heapGrowthLimiter(process.execArgv);
  (await import(new URL('src/cli/optimization-budget.js', dist).href)).raiseOptimizationBudget(process.execArgv);
  const { scan, render, REPORT_FORMATS } = await import(new URL('src/index.js', dist).href);
  const workers = workersArg === undefined ? undefined : Number(workersArg);
  const report = await scan({ root: repo, cacheLocation: cacheDir, cache: Boolean(cacheDir), onProgress: () => heapCheckpoint(), ...(workers === undefined ? {} : { workers }) });
  const renderStart = performance.now();
  let bytes = 0;
  for (const format of REPORT_FORMATS) bytes += render(report, format, { commandLine: 'bench' }).length;
  const renderMs = performance.now() - renderStart;
  result = {
    files: report.files.scanned,
    lines: report.files.lines,
    skipped: report.files.skipped,
    findings: report.summary.findings,
    phases: { ...report.timings, render: Math.round(renderMs) },
    reportBytes: bytes,
  };
} else if (mode === 'parse') {
  // The floor: TypeScript parsing every file once, on this one thread, no walk, no analysis.
  const ts = (await import('typescript')).default;
  const files = await scannedFiles();
  let nodes = 0;
  for (const { absolute, text } of files) {
    const sf = ts.createSourceFile(absolute, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false);
    nodes += sf.statements.length;
  }
  result = { files: files.length, statements: nodes };
} else if (mode === 'eslint') {
  // A comparable untyped ESLint run on the same files.
  const { ESLint } = await import('eslint');
  const tsParser = (await import('@typescript-eslint/parser')).default;
  const tsPlugin = (await import('@typescript-eslint/eslint-plugin')).default;
  const sonarjs = (await import('eslint-plugin-sonarjs')).default;
  const files = await scannedFiles();
  const eslint = new ESLint({
    cwd: repo,
    overrideConfigFile: true,
    ignore: false,
    allowInlineConfig: false,
    overrideConfig: [
      {
        files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
        languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
        plugins: { '@typescript-eslint': tsPlugin, sonarjs },
        linterOptions: { reportUnusedDisableDirectives: 'off' },
        rules: {
          '@typescript-eslint/no-non-null-assertion': 'warn',
          'no-empty': 'warn',
          'sonarjs/no-identical-functions': 'warn',
          'sonarjs/cognitive-complexity': 'warn',
        },
      },
    ],
  });
  const results = await eslint.lintFiles(files.map((f) => f.absolute));
  result = { files: results.length, messages: results.reduce((n, r) => n + r.messages.length, 0), fatal: results.filter((r) => r.fatalErrorCount > 0).length };
}

result.ms = Math.round(performance.now() - started);
// CPU time of the whole process (every thread), so that a busy machine does not decide a comparison.
const cpu = process.cpuUsage();
result.cpuMs = Math.round((cpu.user + cpu.system) / 1000);
result.maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(result));

/** The files debt-scan analyses, as its own discovery and read step choose them. */
async function scannedFiles() {
  const { discoverFiles } = await import(new URL('src/discover/discover-files.js', dist).href);
  const { readSource } = await import(new URL('src/discover/read-source.js', dist).href);
  const { loadConfig } = await import(new URL('src/config/load-config.js', dist).href);
  const { config } = loadConfig(repo);
  const discovery = discoverFiles(repo, [repo], { include: config.include, exclude: config.exclude, maxFileSize: config.files.maxFileSize });
  const out = [];
  for (const file of discovery.files) {
    const read = readSource(file.absolute, config.files.maxLineLength, config.files.maxFileSize);
    if (read.ok) out.push({ absolute: file.absolute, text: read.text });
  }
  return out;
}
export { readFileSync, path };
