import picomatch from 'picomatch';
import { defineRule, type GraphData, type GraphImportSite, type ImportCycle, type CrossFileReport } from '../src/rule/index.js';

// The cycles come from the import graph's cross-file analysis, src/module-graph/graph-analysis.ts (`analyses.graph`); this rule places and words them.

export type MessageId = 'importCycle';
export type Options = [{ ignore: string[] }];

/** How many files of a cycle the message names before it abbreviates. */
const LISTED_FILES = 8;

export default defineRule<Options, MessageId>({
  name: 'no-import-cycle',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow import cycles between files',
      recommended: 'strict',
    },
    category: 'dependency',
    effortMinutes: 30,
    severity: 'warn',
    precision: 'low',
    messages: {
      importCycle:
        'Import cycle: {{ cycle }}{{ more }}. Files on a cycle are evaluated in an order that depends on which one is imported first, so a value read while loading can still be undefined, and none of them can be changed or tested alone. Removing this import of {{ target }} {{ effect }}.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignore: {
            type: 'array',
            items: { type: 'string' },
            description: 'Glob patterns of file paths (relative to the scan root); a cycle whose files all match is not reported.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ ignore: [] }],
  // Cycles need every file: the scanner's cross-file phase finds them; ESLint, one file at a time, cannot.
  detect: () => ({}),
  crossFileReads: 'analyses',
  crossFile({ analyses, options: [{ ignore }] }) {
    const graph = analyses.graph as GraphData | undefined;
    if (!graph) return [];
    const isIgnored = ignore.length > 0 ? picomatch(ignore, { dot: true }) : () => false;
    return graph.cycles.filter((cycle) => !cycle.files.every((file) => isIgnored(file))).map(reportCycle);
  },
});

function reportCycle(cycle: ImportCycle): CrossFileReport {
  const { breakEdge, files, remainingAfterBreak } = cycle;
  return {
    file: breakEdge.source,
    ...regionOf(breakEdge),
    messageId: 'importCycle',
    data: {
      cycle: describePath(cycle.path.map((site) => site.source)),
      more: files.length > cycle.path.length ? `, in a tangle of ${files.length} files that import each other` : '',
      target: breakEdge.target,
      effect: remainingAfterBreak === 0 ? 'breaks the cycle' : `leaves ${remainingAfterBreak} of the ${files.length} files on a cycle`,
    },
    related: cycle.path.map((site) => ({ file: site.source, ...regionOf(site), message: `imports ${site.target}` })),
    properties: { cycleFiles: files.length, remainingAfterBreak },
    // The import to break names the alert: it stays the same while the tangle around it grows or shrinks.
    fingerprintText: `imports ${breakEdge.target}`,
  };
}

/** `a -> b -> c -> a`, or the first files and a count when the cycle is long. */
function describePath(files: readonly string[]): string {
  if (files.length <= LISTED_FILES) return [...files, files[0]].join(' -> ');
  return `${files.slice(0, LISTED_FILES).join(' -> ')} -> … (${files.length - LISTED_FILES} more) -> ${files[0]}`;
}

function regionOf(site: GraphImportSite): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: site.line, column: site.column, endLine: site.endLine ?? site.line, endColumn: site.endColumn ?? site.column + 1 };
}
