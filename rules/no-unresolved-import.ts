import picomatch from 'picomatch';
import { defineRule, type GraphData, type CrossFileReport, type UnresolvedImport } from '../src/rule/index.js';

// The unresolved imports come from the import graph's cross-file analysis, src/module-graph/graph-analysis.ts (`analyses.graph`), which resolves every import; this rule places and words them.

export type MessageId = 'missingFile' | 'undeclaredPackage';
export type Options = [{ ignore: string[]; checkPackages: boolean }];

export default defineRule<Options, MessageId>({
  name: 'no-unresolved-import',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow imports of files that do not exist and of packages no package.json declares',
      recommended: 'strict',
    },
    category: 'dependency',
    effortMinutes: 5,
    severity: 'error',
    precision: 'low',
    fileRoles: ['product', 'test', 'migration', 'script', 'example', 'config'],
    messages: {
      missingFile:
        "'{{ specifier }}' leads to no file: the import assumes a module that is not there (a renamed, moved or invented path), so the build or the first load fails. Check the path and its extension, or the tsconfig `paths` entry it goes through.",
      undeclaredPackage:
        "'{{ packageName }}' is declared in no package.json on the way to the repository root: the import works only while some other package happens to install it, and a package name that was invented can be registered by anyone. Check that it is the package you mean, then add it to {{ manifest }}.",
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignore: {
            type: 'array',
            items: { type: 'string' },
            description: 'Glob patterns of import specifiers never reported, for aliases only a bundler knows (for example `~icons/**`).',
          },
          checkPackages: {
            type: 'boolean',
            description: 'Report bare imports of packages that no package.json declares.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ ignore: [], checkPackages: true }],
  // Resolution needs the file system and every tsconfig and package.json: the scanner's
  // cross-file phase does it; ESLint, one file at a time, reports nothing.
  detect: () => ({}),
  crossFileReads: 'analyses',
  crossFile({ analyses, options: [{ ignore, checkPackages }] }) {
    const graph = analyses.graph as GraphData | undefined;
    if (!graph) return [];
    const isIgnored = ignore.length > 0 ? picomatch(ignore, { dot: true }) : () => false;
    return graph.unresolved
      .filter((entry) => (checkPackages || entry.reason === 'missing') && !isIgnored(entry.specifier))
      .map(reportUnresolved);
  },
});

function reportUnresolved(entry: UnresolvedImport): CrossFileReport {
  const region = {
    file: entry.file,
    line: entry.line,
    column: entry.column,
    endLine: entry.endLine ?? entry.line,
    endColumn: entry.endColumn ?? entry.column + 1,
  };
  if (entry.reason === 'missing') return { ...region, messageId: 'missingFile', data: { specifier: entry.specifier } };
  const manifest = entry.manifest === undefined || entry.manifest === '.' ? 'package.json' : `${entry.manifest}/package.json`;
  return {
    ...region,
    messageId: 'undeclaredPackage',
    data: { packageName: entry.packageName ?? entry.specifier, manifest },
    properties: { packageName: entry.packageName ?? entry.specifier },
  };
}
