/**
 * The public rule API: all a rule of rules/ may import from the rest of debt-scan. The rule's
 * definition and context (./types.ts), the `typescript` module the detectors walk, the facts and
 * cross-file data a rule reads, and the syntax helpers of the facts. The engine, the ESLint
 * adapter and the cross-file stage run rules through these types; a rule imports nothing else of
 * src/ (test/unit/architecture/boundaries.test.ts holds them to it).
 */
import ts from '../parse/typescript.cjs';

export { ts };
export * from './types.js';
export { formatMessage } from './format-message.js';
export type { Region, GraphData, GraphImportSite, ImportCycle, UnresolvedImport } from '../model/types.js';
export type { FileFacts, FunctionFact } from '../facts/types.js';
export { functionName } from '../facts/extract-facts.js';
export { DECISION_KINDS, isDecisionPoint } from '../facts/complexity.js';
export { FUNCTION_KINDS } from '../facts/function-kinds.js';
/** What the duplication rules read and run: one place, src/clones/duplication-rules.ts. */
export * as clones from '../clones/duplication-rules.js';
