import type { AnyRuleDefinition } from '../src/rule/index.js';
import noComplexFunction from './no-complex-function.js';
import noDuplicateBlock from './no-duplicate-block.js';
import noDuplicateFunction from './no-duplicate-function.js';
import noImportCycle from './no-import-cycle.js';
import noUnresolvedImport from './no-unresolved-import.js';
import consistentFailureConvention from './consistent-failure-convention.js';
import noFloatingAsync from './no-floating-async.js';
import noSwallowedError from './no-swallowed-error.js';
import noThrowNonError from './no-throw-non-error.js';
import noUnnarrowedCatchVariable from './no-unnarrowed-catch-variable.js';
import requireErrorCause from './require-error-cause.js';
import noBlindCast from './no-blind-cast.js';
import noUncheckedIndexAccess from './no-unchecked-index-access.js';
import noUncheckedNumberParse from './no-unchecked-number-parse.js';
import noUnsafeNonNullAssertion from './no-unsafe-non-null-assertion.js';
import noUnvalidatedExternalData from './no-unvalidated-external-data.js';
import requireResponseOkCheck from './require-response-ok-check.js';

/**
 * Every rule of debt-scan, by name. A rule file is `rules/<name>.ts`, its doc `docs/rules/<name>.md`
 * and its test `test/rules/<name>.test.ts`. Keep the list sorted by name.
 */
export const ruleDefinitions: readonly AnyRuleDefinition[] = [
  noComplexFunction,
  noDuplicateBlock,
  noDuplicateFunction,
  noImportCycle,
  noUnresolvedImport,
  consistentFailureConvention,
  noFloatingAsync,
  noSwallowedError,
  noThrowNonError,
  noUnnarrowedCatchVariable,
  requireErrorCause,
  noBlindCast,
  noUncheckedIndexAccess,
  noUncheckedNumberParse,
  noUnsafeNonNullAssertion,
  noUnvalidatedExternalData,
  requireResponseOkCheck,
].sort((a, b) => a.name.localeCompare(b.name));

export const rulesByName: ReadonlyMap<string, AnyRuleDefinition> = new Map(ruleDefinitions.map((r) => [r.name, r]));
