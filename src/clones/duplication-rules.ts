import type ts from 'typescript';
import type { RuleListener } from '../rule/types.js';
import { createFactExtractor } from '../facts/extract-facts.js';
import { combineListeners } from '../walk/combine-listeners.js';
import { candidatesOf, type CloneCandidate } from './clone-classes.js';
import { createCloneFingerprinter, withCloneFingerprints } from './clone-fingerprints.js';

/**
 * The clone detection that the duplication rules (rules/no-duplicate-function.ts,
 * rules/no-duplicate-block.ts) name, in one place: the scanner's cross-file analysis
 * (./clones.ts) finds the classes; in ESLint, which sees one file, a rule compares the file's
 * functions with each other and with the last scan's index (./clone-index.ts).
 */
export { findCloneClasses, isLargeEnough, type CloneCandidate } from './clone-classes.js';
export { cloneQueryOf } from './clone-query.js';
export { BLOCK_RULE, FUNCTION_RULE, describeClasses, type BlockCloneClass, type BlockCloneMember, type ClonesData, type FunctionCloneClass, type FunctionCloneMember } from './clones.js';
export { currentFindings, lookupIndex, type CloneIndex } from './clone-index.js';

/** A walk's listener that gathers the file's functions as clone candidates, handed to `done` at the end of the walk. */
export function functionCandidatesListener(sourceFile: ts.SourceFile, fileName: string, done: (candidates: CloneCandidate[]) => void): RuleListener {
  const facts = createFactExtractor(sourceFile, { functionsOnly: true });
  const fingerprints = createCloneFingerprinter(sourceFile);
  return combineListeners([facts.listener, fingerprints.listener], () => done(candidatesOf(fileName, withCloneFingerprints({ functions: facts.functions() }, fingerprints.result()))));
}
