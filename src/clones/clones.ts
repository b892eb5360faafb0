import type { ResolvedConfig } from '../config/types.js';
import type { Notification } from '../model/types.js';
import type { IndexedFunctions } from './clone-index.js';
import type { FileFacts } from '../facts/types.js';
import { BLOCK_RULE, ruleOptions, startJscpd, type BlockCloneOptions, type JscpdOutcome, type JscpdStatus } from './block-clones.js';
import { FUNCTION_RULE } from './clone-fingerprints.js';
import { candidatesOf, findCloneClasses, isLargeEnough, memberSimilarity, typeOf, type CloneCandidate, type CloneType } from './clone-classes.js';
import type { JscpdDuplicate } from './run-jscpd.js';
import { coveredByRule } from '../discover/file-role.js';
import type { AnalysisInput, AnalysisOutput, CrossFileAnalysis } from '../cross-file/types.js';
import { compareBy } from '../util/compare-by.js';

/** A member of a function clone class, as the report model carries it. */
export interface FunctionCloneMember {
  file: string;
  name: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Where the function's body starts: findings cover the head only. */
  headEndLine: number;
  headEndColumn: number;
  exported: boolean;
  /** Normalised tokens of the function. */
  tokens: number;
  /** Similarity to the member to keep (1 for the member itself and for exact and renamed copies). */
  similarity: number;
  /** How this member copies the member to keep (1 for the member itself). */
  type: CloneType;
}

export interface FunctionCloneClass {
  type: CloneType;
  /** Index in `members` of the member to keep. */
  keep: number;
  /** Why that member: `exported`, `most imported` or `first`. */
  keepReason: string;
  /** Imports of the kept member's file, when the import graph was built. */
  keepFanIn?: number;
  /** Lowest similarity of a member to the kept one. */
  similarity: number;
  /** Sorted by file and position. */
  members: FunctionCloneMember[];
}

export interface BlockCloneMember {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /**
   * The functions around the block's start, outermost first, joined by ` > ` (empty at the top
   * level): with the file, what identifies the block while copies of it come and go.
   */
  within?: string;
}

export interface BlockCloneClass {
  lines: number;
  tokens: number;
  /** Sorted by file and line. */
  members: BlockCloneMember[];
}

export type { JscpdStatus } from './block-clones.js';

/** `analyses.clones` of the report model. */
export interface ClonesData {
  functionClasses: FunctionCloneClass[];
  blockClasses: BlockCloneClass[];
  jscpd: JscpdStatus;
  stats: {
    /** Functions with a fingerprint in the compared files. */
    functions: number;
    /** Functions above the size threshold. */
    candidates: number;
    /** Token-stream comparisons of near-miss candidates. */
    comparisons: number;
    /** Block clones dropped because a function clone already covers them. */
    mergedBlocks: number;
  };
}

/** Options of no-duplicate-function, as the analysis reads them from the resolved rules. */
export interface FunctionCloneOptions {
  minTokens: number;
  minStatements: number;
  similarity: number;
}

export { FUNCTION_RULE } from './clone-fingerprints.js';
export { BLOCK_RULE, type BlockCloneOptions } from './block-clones.js';
/** Share of the smaller of a block fragment and a function clone member that must overlap for the block to merge into the function clone. */
const MERGE_OVERLAP = 0.5;

/**
 * Clone detection across the repository: function clone classes from the fingerprints cached
 * with each file's facts, and block clones from jscpd's native engine run on the same files.
 * Runs only the parts whose rule is enabled; reads the import graph (when it ran first) to
 * choose the member to keep.
 */
export const clonesAnalysis: CrossFileAnalysis = {
  name: 'clones',
  // jscpd reads the files itself: src/cross-file/prepare.ts starts it while the engine analyses them.
  async run(input: AnalysisInput): Promise<AnalysisOutput> {
    const functionOptions = ruleOptions<FunctionCloneOptions>(input.config, FUNCTION_RULE);
    const blockOptions = ruleOptions<BlockCloneOptions>(input.config, BLOCK_RULE);
    const notifications: Notification[] = [];
    const data: ClonesData = {
      functionClasses: [],
      blockClasses: [],
      jscpd: 'off',
      stats: { functions: 0, candidates: 0, comparisons: 0, mergedBlocks: 0 },
    };
    const jscpd = blockOptions
      ? ((input.prepared as Promise<JscpdOutcome> | undefined) ?? startJscpd(input.root, input.files.map((f) => f.file).filter(coveredByRule(input.config, BLOCK_RULE)), input.materialise, blockOptions))
      : undefined;
    if (functionOptions) {
      const compared = coveredByRule(input.config, FUNCTION_RULE);
      const candidates = input.files.filter((f) => compared(f.file)).flatMap((f) => candidatesOf(f.file, f.facts));
      const search = findCloneClasses(candidates, functionOptions);
      const fanIn = fanInOf(input.previous);
      data.functionClasses = search.classes.flatMap((cls) => describeClasses(cls.members, fanIn, functionOptions.similarity));
      data.stats = { functions: candidates.length, candidates: search.candidates, comparisons: search.comparisons, mergedBlocks: 0 };
    }
    if (jscpd) {
      let outcome = await jscpd;
      // jscpd was started on every file before the analysis; one that the analysis then skipped
      // (nested too deeply, unparsable) can crash it. Once more on the analysed files alone.
      if (outcome.failedOnInput && input.prepared !== undefined && blockOptions) {
        outcome = await startJscpd(input.root, input.files.map((f) => f.file).filter(coveredByRule(input.config, BLOCK_RULE)), input.materialise, blockOptions);
      }
      data.jscpd = outcome.status;
      if (outcome.notification) notifications.push(outcome.notification);
      const analysed = new Set(input.files.map((f) => f.file));
      const duplicates = outcome.duplicates.filter((d) => analysed.has(d.first.file) && analysed.has(d.second.file));
      const blocks = blockClassesOf(duplicates, data.functionClasses);
      data.blockClasses = withEnclosingFunctions(blocks.classes, new Map(input.files.map((f) => [f.file, f.facts])));
      data.stats.mergedBlocks = blocks.merged;
    }
    return { data, notifications };
  },
};

/**
 * What the clone index keeps for the ESLint rule to compare an edited file with the rest of the
 * repository: the fingerprints of the functions large enough to compare, and the graph's fan-in.
 */
export function indexedFunctions(
  config: ResolvedConfig,
  results: readonly { file: string; facts?: FileFacts }[],
  analyses: Readonly<Record<string, unknown>>,
): IndexedFunctions | undefined {
  const options = ruleOptions<FunctionCloneOptions>(config, FUNCTION_RULE);
  if (!options) return undefined;
  const compared = coveredByRule(config, FUNCTION_RULE);
  const functions = results
    .filter((r) => r.facts && compared(r.file))
    .flatMap((r) => candidatesOf(r.file, r.facts!).filter((c) => isLargeEnough(c, options)));
  const fanIn = fanInOf(analyses);
  const files = [...new Set(functions.map((f) => f.file))];
  const known = files.every((file) => fanIn(file) === undefined) ? undefined : Object.fromEntries(files.map((file) => [file, fanIn(file) ?? 0]));
  return { functions, ...(known ? { fanIn: known } : {}) };
}

/**
 * Splits a connected group of copies into classes around the member to keep: a member joins a
 * class only when it is similar enough to that class's kept member itself (near-miss links can
 * chain A to B to C while C is far from A); what remains is grouped again the same way.
 */
export function describeClasses(
  members: readonly CloneCandidate[],
  fanIn: (file: string) => number | undefined,
  threshold: number,
): FunctionCloneClass[] {
  const classes: FunctionCloneClass[] = [];
  let rest = [...members];
  while (rest.length >= 2) {
    const kept = rest[chooseKeeper(rest, fanIn).keep];
    const close = rest.filter((m) => m === kept || memberSimilarity(m, kept) >= threshold);
    if (close.length >= 2) classes.push(describeClass(typeOf(close), close, fanIn));
    rest = rest.filter((m) => !close.includes(m));
  }
  return classes;
}

/** Chooses the member to keep and measures each member's similarity to it. */
export function describeClass(type: CloneType, members: readonly CloneCandidate[], fanIn: (file: string) => number | undefined): FunctionCloneClass {
  const { keep, reason } = chooseKeeper(members, fanIn);
  const kept = members[keep];
  const described = members.map(
    (m): FunctionCloneMember => ({
      file: m.file,
      name: m.name,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
      headEndLine: m.clone.headEndLine,
      headEndColumn: m.clone.headEndColumn,
      exported: m.exported,
      tokens: m.clone.tokens.length,
      similarity: m === kept ? 1 : round2(memberSimilarity(m, kept)),
      type: m.clone.exact === kept.clone.exact ? 1 : m.clone.renamed === kept.clone.renamed ? 2 : 3,
    }),
  );
  const keepFanIn = fanIn(kept.file);
  return {
    type,
    keep,
    keepReason: reason,
    ...(keepFanIn === undefined ? {} : { keepFanIn }),
    similarity: Math.min(...described.map((m) => m.similarity)),
    members: described,
  };
}

/**
 * The member to keep: an exported one before a local one, then the one in the file imported
 * most (when the import graph is known), then a named one, then the first by path and position.
 */
export function chooseKeeper(members: readonly CloneCandidate[], fanIn: (file: string) => number | undefined): { keep: number; reason: string } {
  const score = (m: CloneCandidate): [number, number, number] => [m.exported ? 1 : 0, fanIn(m.file) ?? 0, m.name === '<anonymous>' ? 0 : 1];
  let best = 0;
  for (let i = 1; i < members.length; i++) {
    const [a, b] = [score(members[i]), score(members[best])];
    if (a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2])))) best = i;
  }
  const top = score(members[best]);
  const exportedCount = members.filter((m) => m.exported).length;
  const reason = top[0] === 1 && exportedCount === 1 ? 'exported' : top[1] > 0 && members.some((m) => (fanIn(m.file) ?? 0) < top[1]) ? 'most imported' : 'first';
  return { keep: best, reason };
}

/** Imports of each file, from the import graph's data when that analysis ran before. */
function fanInOf(previous: Readonly<Record<string, unknown>>): (file: string) => number | undefined {
  const graph = previous.graph as { files?: { nodes?: { id?: unknown; fanIn?: unknown }[] } } | undefined;
  const nodes = Array.isArray(graph?.files?.nodes) ? graph.files.nodes : [];
  const byFile = new Map<string, number>();
  for (const node of nodes) if (typeof node.id === 'string' && typeof node.fanIn === 'number') byFile.set(node.id, node.fanIn);
  return (file) => (nodes.length === 0 ? undefined : (byFile.get(file) ?? 0));
}

/**
 * Groups jscpd's duplicate pairs into classes of identical fragments, leaving out pairs that a
 * function clone class already reports (each fragment mostly inside a different member of it).
 */
export function blockClassesOf(
  duplicates: readonly JscpdDuplicate[],
  functionClasses: readonly FunctionCloneClass[],
): { classes: BlockCloneClass[]; merged: number } {
  const membersByFile = new Map<string, { cls: number; member: FunctionCloneMember }[]>();
  functionClasses.forEach((cls, index) =>
    cls.members.forEach((member) => {
      const list = membersByFile.get(member.file) ?? [];
      list.push({ cls: index, member });
      membersByFile.set(member.file, list);
    }),
  );
  const coveringClasses = (fragment: BlockCloneMember): Map<number, FunctionCloneMember> => {
    const found = new Map<number, FunctionCloneMember>();
    const lines = fragment.endLine - fragment.line + 1;
    for (const { cls, member } of membersByFile.get(fragment.file) ?? []) {
      const overlap = Math.min(fragment.endLine, member.endLine) - Math.max(fragment.line, member.line) + 1;
      const smaller = Math.min(lines, member.endLine - member.line + 1);
      if (overlap >= smaller * MERGE_OVERLAP && !found.has(cls)) found.set(cls, member);
    }
    return found;
  };
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) root = up;
    parent.set(key, root);
    return root;
  };
  const fragments = new Map<string, BlockCloneMember>();
  const sizes = new Map<string, { lines: number; tokens: number }>();
  let merged = 0;
  for (const duplicate of duplicates) {
    const first: BlockCloneMember = { ...duplicate.first };
    const second: BlockCloneMember = { ...duplicate.second };
    const firstCovers = coveringClasses(first);
    const secondCovers = coveringClasses(second);
    if ([...firstCovers].some(([cls, member]) => secondCovers.has(cls) && secondCovers.get(cls) !== member)) {
      merged += 1;
      continue;
    }
    const keys = [keyOf(first), keyOf(second)];
    for (const [index, key] of keys.entries()) {
      if (!parent.has(key)) parent.set(key, key);
      fragments.set(key, index === 0 ? first : second);
    }
    const a = find(keys[0]);
    const b = find(keys[1]);
    const size = { lines: Math.max(duplicate.lines, sizes.get(a)?.lines ?? 0, sizes.get(b)?.lines ?? 0), tokens: Math.max(duplicate.tokens, sizes.get(a)?.tokens ?? 0, sizes.get(b)?.tokens ?? 0) };
    const [low, high] = a < b ? [a, b] : [b, a];
    parent.set(high, low);
    sizes.set(low, size);
  }
  const byRoot = new Map<string, BlockCloneMember[]>();
  for (const [key, fragment] of fragments) {
    const rootKey = find(key);
    byRoot.set(rootKey, [...(byRoot.get(rootKey) ?? []), fragment]);
  }
  const classes = [...byRoot.entries()]
    .map(([rootKey, members]): BlockCloneClass => ({ lines: 0, tokens: 0, ...sizes.get(rootKey), members: members.sort(compareFragments) }))
    .filter((cls) => cls.members.length > 1)
    .sort((a, b) => compareFragments(a.members[0], b.members[0]));
  return { classes, merged };
}

/** Each block member with the names of the functions around its start, from its file's facts. */
export function withEnclosingFunctions(classes: readonly BlockCloneClass[], factsByFile: ReadonlyMap<string, FileFacts | undefined>): BlockCloneClass[] {
  return classes.map((cls) => ({
    ...cls,
    members: cls.members.map((member) => {
      const around = (factsByFile.get(member.file)?.functions ?? []).filter(
        (fn) => isBefore(fn.line, fn.column, member.line, member.column) && isBefore(member.line, member.column, fn.endLine, fn.endColumn),
      );
      // Sorted outermost first: an enclosing function starts earlier, or at the same place and ends later.
      around.sort((a, b) => a.line - b.line || a.column - b.column || b.endLine - a.endLine || b.endColumn - a.endColumn);
      return { ...member, within: around.map((fn) => fn.name).join(' > ') };
    }),
  }));
}

/** Whether position (line, column) is at or before (otherLine, otherColumn). */
function isBefore(line: number, column: number, otherLine: number, otherColumn: number): boolean {
  return line < otherLine || (line === otherLine && column <= otherColumn);
}

function keyOf(member: BlockCloneMember): string {
  return `${member.file}\u0000${member.line}\u0000${member.endLine}`;
}

const compareFragments = compareBy<BlockCloneMember>((m) => m.file, (m) => m.line, (m) => m.endLine);

/** Two decimals, rounded down, so that a near-miss copy never reads as 1.00. */
function round2(value: number): number {
  return Math.floor(value * 100) / 100;
}
