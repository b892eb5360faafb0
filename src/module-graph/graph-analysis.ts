import { createModuleAssigner } from '../score/assign-module.js';
import { buildImportGraphWithProbes } from './build-import-graph.js';
import { createModuleResolver } from './create-module-resolver.js';
import type { AnalysisInput, CrossFileAnalysis } from '../cross-file/types.js';
import type { LinkedFile } from '../facts/linkage.js';

/**
 * The `graph` analysis: the import graph of the scanned files and of the modules they roll up
 * into, its cycles and unresolved imports (`GraphData` in src/model/types.ts). Settings under
 * `analyses.graph` in the configuration: `typeOnlyCycles` (default false) also counts cycles that
 * close only through `import type`. The analysis's memo keeps the edges (by the layout, so that a
 * run reads the facts of changed files only) and the graphs' metrics (by the edges).
 */
export const graphAnalysis: CrossFileAnalysis = {
  name: 'graph',
  run(input: AnalysisInput<LinkedFile>) {
    const packages = input.packages ?? [];
    const resolve =
      input.resolveModule ?? createModuleResolver({ root: input.root, files: input.files.map((f) => f.file), packages }).resolve;
    const settings = input.config.analyses.graph ?? {};
    const { graph, probes } = buildImportGraphWithProbes({
      root: input.root,
      files: input.files,
      resolve,
      moduleOf: createModuleAssigner(packages, input.config.modules.depth),
      typeOnlyCycles: settings.typeOnlyCycles === true,
      ...(input.memo ? { memo: input.memo } : {}),
      ...(input.layout !== undefined ? { layout: input.layout } : {}),
    });
    return { data: graph, probes: probes ?? null };
  },
};
