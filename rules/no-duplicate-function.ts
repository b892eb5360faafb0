import { clones, defineRule, type PlacedReport, type CrossFileReport } from '../src/rule/index.js';
import { relatedCopies } from './utils/related-copies.js';

/** Its detection: src/clones/duplication-rules.ts (the scanner's cross-file analysis, and the last scan's index for ESLint). */
type CloneCandidate = clones.CloneCandidate;
type CloneIndex = clones.CloneIndex;
type FunctionCloneClass = clones.FunctionCloneClass;
type FunctionCloneMember = clones.FunctionCloneMember;

export type MessageId = 'duplicateFunction';
export type Options = [{ minTokens: number; minStatements: number; similarity: number }];

const COPY_KINDS = { 1: 'an exact copy', 2: 'a renamed copy', 3: 'a near-miss copy' } as const;

export default defineRule<Options, MessageId>({
  name: clones.FUNCTION_RULE,
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow functions that copy another function, renamed or slightly edited, instead of calling it',
      recommended: 'strict',
    },
    category: 'duplication',
    effortMinutes: 15,
    severity: 'warn',
    precision: 'low',
    messages: {
      duplicateFunction:
        "{{name}} is {{copy}} of {{keep}} ({{keepAt}}); {{count}} copies in all: {{members}}. A fix made in one copy does not reach the others. {{advice}}",
    },
    schema: [
      {
        type: 'object',
        properties: {
          minTokens: {
            type: 'integer',
            minimum: 20,
            description: 'A function takes part when its normalised code has at least this many tokens (or it has minStatements statements).',
          },
          minStatements: {
            type: 'integer',
            minimum: 3,
            description: 'A function takes part when it has at least this many statements (or minTokens tokens).',
          },
          similarity: {
            type: 'number',
            minimum: 0.5,
            maximum: 1,
            description: 'The lowest similarity (shared tokens in order, 0.5 to 1) of a near-miss copy; 1 reports exact and renamed copies only.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ minTokens: 40, minStatements: 5, similarity: 0.85 }],
  detect(context, [options]) {
    // The scanner compares the fingerprints of every file in its cross-file phase; ESLint sees one file.
    if (context.host === 'scanner') return {};
    const { sourceFile } = context;
    return clones.functionCandidatesListener(sourceFile, context.fileName, (candidates) => {
      // For the ESLint step, which compares them with the functions of the last scan's index.
      context.setFileData(candidates);
      for (const cls of clones.findCloneClasses(candidates, options).classes) {
        for (const described of clones.describeClasses(cls.members, () => undefined, options.similarity)) {
          for (const { member, data } of duplicatesOf(described)) {
            context.report({
              start: sourceFile.getPositionOfLineAndCharacter(member.line - 1, member.column - 1),
              end: sourceFile.getPositionOfLineAndCharacter(member.headEndLine - 1, member.headEndColumn - 1),
              messageId: 'duplicateFunction',
              data,
            });
          }
        }
      }
    });
  },
  crossFile({ analyses }) {
    const data = analyses.clones as clones.ClonesData | undefined;
    return (data?.functionClasses ?? []).flatMap((cls) =>
      duplicatesOf(cls).map(({ member, data: messageData }): CrossFileReport => ({
        file: member.file,
        line: member.line,
        column: member.column,
        endLine: member.headEndLine,
        endColumn: member.headEndColumn,
        messageId: 'duplicateFunction',
        data: messageData,
        related: relatedCopies(
          cls.members.filter((other) => other !== member),
          cls.members[cls.keep],
        ).map((other) => ({
            file: other.file,
            line: other.line,
            column: other.column,
            endLine: other.headEndLine,
            endColumn: other.headEndColumn,
            message: other === cls.members[cls.keep] ? `'${other.name}', the copy to keep` : `copy '${other.name}'`,
          })),
        properties: {
          cloneType: member.type,
          similarity: member.similarity,
          copies: cls.members.length,
          keep: `${cls.members[cls.keep].file}:${cls.members[cls.keep].line}`,
        },
        // The copy's own name identifies it: not the copy to keep, its kind of copy or the other
        // copies, which change whenever another copy comes or goes.
        fingerprintText: `function\u0000${member.name}`,
      })),
    );
  },
  eslintCached({ fileName, text, memo, session }) {
    // When the last scan covered this very text, its findings (within and across files) are the rule's, and the detector does not run.
    return clones.currentFindings(clones.lookupIndex(fileName, text, memo, session), clones.FUNCTION_RULE);
  },
  eslint({ fileName, text, options: [options], fileData, memo, session }) {
    // The file was edited since the last scan: compare its functions with those of the other files now.
    const found = clones.lookupIndex(fileName, text, memo, session);
    const live = found && Array.isArray(fileData) && found.index.functions ? liveReports(found.index, found.file, fileData as CloneCandidate[], options) : undefined;
    return live ? { replaceDetector: true, reports: live } : undefined;
  },
});

/**
 * The findings of an edited file against the functions of the last scan: its functions, the
 * indexed functions of other files that match them (hash lookup and LSH, no scan of all pairs),
 * grouped as the scanner groups them. Undefined when nothing in other files matches, so that
 * the detector's within-file findings stand.
 */
function liveReports(index: CloneIndex, file: string, fileData: readonly CloneCandidate[], options: Options[0]): PlacedReport[] | undefined {
  const local = fileData.map((c) => ({ ...c, file }));
  const query = clones.cloneQueryOf(index.functions ?? []);
  const others = new Set<CloneCandidate>();
  for (const candidate of local.filter((c) => clones.isLargeEnough(c, options))) {
    for (const match of query.matches(candidate, options.similarity)) if (match.file !== file) others.add(match);
  }
  if (others.size === 0) return undefined;
  const fanIn = (of: string): number | undefined => index.fanIn?.[of];
  return clones
    .findCloneClasses([...local, ...others], options)
    .classes.flatMap((cls) => clones.describeClasses(cls.members, fanIn, options.similarity))
    .flatMap(duplicatesOf)
    .filter(({ member }) => member.file === file)
    .map(({ member, data }) => ({
      line: member.line,
      column: member.column,
      endLine: member.headEndLine,
      endColumn: member.headEndColumn,
      messageId: 'duplicateFunction',
      data,
    }));
}

/** One finding per member other than the one to keep, with its message data. */
export function duplicatesOf(cls: FunctionCloneClass): { index: number; member: FunctionCloneMember; data: Record<string, string | number> }[] {
  const kept = cls.members[cls.keep];
  return cls.members.flatMap((member, index) => {
    if (member === kept) return [];
    return [{
      index,
      member,
      data: {
        name: member.name === '<anonymous>' ? 'This function' : `Function '${member.name}'`,
        copy: member.type === 3 ? `${COPY_KINDS[3]} (similarity ${member.similarity.toFixed(2)})` : COPY_KINDS[member.type],
        keep: displayName(kept),
        keepAt: place(kept, member.file),
        count: cls.members.length,
        members: listPlaces(cls.members.map((m) => place(m, member.file))),
        advice: adviceFor(cls, member),
      },
    }];
  });
}

/** How many copies a message names; the related locations carry every one. */
const LISTED_COPIES = 8;

function listPlaces(places: readonly string[]): string {
  if (places.length <= LISTED_COPIES) return places.join(', ');
  return `${places.slice(0, LISTED_COPIES).join(', ')} and ${places.length - LISTED_COPIES} more`;
}

function adviceFor(cls: FunctionCloneClass, member: FunctionCloneMember): string {
  const kept = cls.members[cls.keep];
  const name = displayName(kept);
  const why =
    cls.keepReason === 'most imported' && cls.keepFanIn !== undefined && kept.file !== member.file
      ? ` (its module is imported by ${cls.keepFanIn} file${cls.keepFanIn === 1 ? '' : 's'})`
      : cls.keepReason === 'exported' && kept.file !== member.file
        ? ' (the exported one)'
        : '';
  const differences = member.type === 3 ? 'make the differences parameters of it and ' : '';
  if (kept.file === member.file) return `Keep ${name}, ${differences}call it instead.`;
  if (kept.exported) return `Keep ${name}${why}, ${differences}import it from ${kept.file} instead.`;
  return `Keep ${name}${why}, export it from ${kept.file}, ${differences}import it here instead.`;
}

function displayName(member: FunctionCloneMember): string {
  return member.name === '<anonymous>' ? 'the anonymous function' : `'${member.name}'`;
}

/** A member's place as seen from a finding in `fromFile`: `line 12` in the same file, else `path:12`. */
function place(member: FunctionCloneMember, fromFile: string): string {
  return member.file === fromFile ? `line ${member.line}` : `${member.file}:${member.line}`;
}
