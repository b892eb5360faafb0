/** The JSON Schema of `debt-scan.config.json`, shipped as schema/config.schema.json too. */
import { CATEGORIES } from '../model/types.js';
const severity = { type: 'string', enum: ['error', 'warn', 'off'] } as const;

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/debt-scan/debt-scan/schema/config.schema.json',
  title: 'debt-scan configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'The schema this file follows, for editors.' },
    preset: {
      type: 'string',
      enum: ['recommended', 'strict'],
      description: 'The rule set to start from: `recommended` (default) or `strict` (every rule).',
    },
    include: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'Globs of files to scan, relative to the scan root. Default: every source file.',
    },
    exclude: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'Globs of files to leave out, relative to the scan root.',
    },
    rules: {
      type: 'object',
      description: 'Severity and options by rule name: "error", "warn", "off" or [severity, options].',
      additionalProperties: {
        oneOf: [
          severity,
          { type: 'array', items: [severity], minItems: 1, maxItems: 1 },
          { type: 'array', items: [severity, { type: 'object' }], minItems: 2, maxItems: 2 },
        ],
      },
    },
    effort: {
      type: 'object',
      description: 'Remediation effort in minutes per finding, by rule name.',
      // Bounded, as every number here that is summed or divided, so that totals and ratios stay finite.
      additionalProperties: { type: 'number', minimum: 0, maximum: 10_000 },
    },
    gate: {
      type: 'object',
      additionalProperties: false,
      description: 'When the scan exits with code 1.',
      properties: {
        failOn: {
          type: 'string',
          enum: ['error', 'warning', 'warn', 'never'],
          description: 'Fail on any finding of this level or above (default "error"); "warn" is "warning", as in rule severities.',
        },
        categories: {
          type: 'array',
          items: { type: 'string', enum: [...CATEGORIES] },
          minItems: 1,
          uniqueItems: true,
          description: 'The categories whose findings `failOn` judges (default all), e.g. ["error-handling"].',
        },
        maxDebtMinutes: { type: 'number', minimum: 0, description: 'Fail when the total debt exceeds this many minutes.' },
        maxDebtRatio: { type: 'number', minimum: 0, description: 'Fail when the debt ratio of the whole scan exceeds this.' },
        maxModuleDebtMinutes: { type: 'number', minimum: 0, description: "Fail when any module's debt exceeds this many minutes." },
        maxDebtGrowthMinutes: {
          type: 'number',
          minimum: 0,
          description: 'With a baseline: fail when the debt of new findings exceeds that of fixed ones by more than this many minutes.',
        },
        minRating: { type: 'string', enum: ['A', 'B', 'C', 'D', 'E'], description: 'Fail when any module rates worse than this.' },
      },
    },
    modules: {
      type: 'object',
      additionalProperties: false,
      properties: {
        depth: {
          type: 'integer',
          minimum: 1,
          maximum: 10,
          description: 'Directory depth below the scan root at which files roll up into modules (default 2).',
        },
      },
    },
    files: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxFileSize: { type: 'integer', minimum: 1, maximum: 1024 * 1024 * 1024, description: 'Files larger than this many bytes are skipped (default 1048576).' },
        maxLineLength: {
          type: 'integer',
          minimum: 80,
          maximum: 10_000_000,
          description: 'A file with a line longer than this is taken as minified and skipped (default 1000).',
        },
        product: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Globs of files that are product code whatever their path says (tests, migrations, scripts and examples are detected by path).',
        },
        nonProduct: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Globs of files that are not product code whatever their path says: rules that concern product code only do not report there.',
        },
      },
    },
    cache: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean', description: 'Keep per-file results between runs (default true).' },
        location: { type: 'string', minLength: 1, description: 'Directory of the cache, relative to the scan root.' },
      },
    },
    scoring: {
      type: 'object',
      additionalProperties: false,
      properties: {
        minutesPerLine: {
          type: 'number',
          minimum: 0.01,
          maximum: 10_000,
          description: 'Estimated minutes to write one line of code, the denominator of the debt ratio (default 30).',
        },
      },
    },
    churn: {
      type: 'object',
      additionalProperties: false,
      properties: {
        days: { type: 'integer', minimum: 1, maximum: 36_500, description: 'The recent window, in days, over which churn counts commits (default 90).' },
      },
    },
    typed: {
      description: 'A typed scan (like --typed): detectors ask the type checker where types settle a question, for the files a tsconfig includes (default false). `true`, or settings.',
      oneOf: [
        { type: 'boolean' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            enabled: { type: 'boolean', description: 'Run the typed scan (default true when settings are given).' },
            maxProgramMiB: { type: 'integer', minimum: 16, maximum: 65_536, description: 'The most heap one tsconfig\'s program may take, in MiB (default 2048); a larger one is analysed without types, with a notification.' },
          },
        },
      ],
    },
    analyses: {
      type: 'object',
      description: 'Settings of cross-file analyses by name.',
      additionalProperties: { type: 'object' },
    },
  },
} as const;
