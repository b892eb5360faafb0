import { clones, defineRule, type CrossFileReport } from '../src/rule/index.js';
import { relatedCopies } from './utils/related-copies.js';

/** Its detection: src/clones/duplication-rules.ts (jscpd in the scanner's cross-file analysis, the last scan's index for ESLint). */
type BlockCloneClass = clones.BlockCloneClass;
type BlockCloneMember = clones.BlockCloneMember;

export type MessageId = 'duplicateBlock';
export type Options = [{ minTokens: number; minLines: number }];

export default defineRule<Options, MessageId>({
  name: clones.BLOCK_RULE,
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow blocks of code copied within or across files, as jscpd finds them',
      recommended: 'strict',
    },
    category: 'duplication',
    effortMinutes: 10,
    severity: 'warn',
    precision: 'low',
    messages: {
      duplicateBlock:
        'These {{lines}} lines ({{tokens}} tokens) repeat code at {{others}}. A fix made in one copy does not reach the others: extract the shared code into one function and call it from each place.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          minTokens: {
            type: 'integer',
            minimum: 10,
            description: "The fewest tokens a repeated block must have (jscpd's --min-tokens).",
          },
          minLines: {
            type: 'integer',
            minimum: 2,
            description: "The fewest lines a repeated block must span (jscpd's --min-lines).",
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ minTokens: 50, minLines: 5 }],
  // jscpd runs over the whole repository in the scanner's cross-file phase; the detector has nothing to do.
  detect() {
    return {};
  },
  crossFile({ analyses }) {
    const data = analyses.clones as clones.ClonesData | undefined;
    return (data?.blockClasses ?? []).flatMap((cls) => cls.members.slice(1).map((member) => reportOf(cls, member)));
  },
  eslintCached({ fileName, text, memo, session }) {
    // The editor shows what the last scan found for this very text.
    return clones.currentFindings(clones.lookupIndex(fileName, text, memo, session), clones.BLOCK_RULE);
  },
});

/** The other copies' places, for the message: the first few, and how many more. */
function placesOf(others: readonly BlockCloneMember[], member: BlockCloneMember): string {
  const listed = relatedCopies(others).map((o) => (o.file === member.file ? `lines ${o.line}-${o.endLine}` : `${o.file}:${o.line}-${o.endLine}`));
  return others.length > listed.length ? `${listed.join(', ')} and ${others.length - listed.length} more` : listed.join(', ');
}

/** A finding on a repeated block (every member but the first), pointing at the other copies. */
function reportOf(cls: BlockCloneClass, member: BlockCloneMember): CrossFileReport {
  const others = cls.members.filter((other) => other !== member);
  return {
    file: member.file,
    line: member.line,
    column: member.column,
    endLine: member.endLine,
    endColumn: member.endColumn,
    messageId: 'duplicateBlock',
    data: {
      lines: member.endLine - member.line + 1,
      tokens: cls.tokens,
      others: placesOf(others, member),
    },
    related: relatedCopies(others).map((o) => ({ file: o.file, line: o.line, column: o.column, endLine: o.endLine, endColumn: o.endColumn, message: 'the same code' })),
    properties: { cloneType: 'block', copies: cls.members.length, lines: cls.lines, tokens: cls.tokens },
    // The functions around the block name the alert (several in one function are numbered in order),
    // not the other copies, which come and go, nor the block's size, which jscpd's match grows and
    // shrinks with edits next to either copy.
    fingerprintText: `block\u0000${member.within ?? ''}`,
  };
}
