import { endianness } from 'node:os';
import ts from '../parse/typescript.cjs';

/** TypeScript's exports are getters: the enum read once here, not at every node. */
const { SyntaxKind } = ts;
import type { RuleListener } from '../rule/types.js';
import type { CloneFingerprint, FileFacts } from '../facts/types.js';
import { SYNTAX_KIND_NAMES } from '../facts/syntax-kind-names.js';
import { FUNCTION_KINDS } from '../facts/function-kinds.js';
import { EntryTable, STATEMENT, TYPE_ONLY } from './entry-table.js';
import { Hash64, hashCodes, hashString, minhashOf } from './minhash.js';
import { BLOCK_RULE, FUNCTION_RULE } from './rule-names.js';

/**
 * Clone fingerprints of every function of one file, computed from the engine's single walk.
 *
 * The walk appends one entry per syntax node to flat arrays (pre-order, so a function's nodes are
 * one contiguous range); when a function's walk ends, its range is folded into:
 * - `exact`: a hash of node kinds with identifier and literal texts (layout and comments are not
 *   in the tree, so this is type-1 equality);
 * - `tokens`: the normalised stream, one UTF-16 code unit per node: every variable, parameter and
 *   function name becomes a placeholder numbered by first use (consistent renaming, so that `a + a`
 *   and `x + y` stay apart), property names keep a hash of their text, literals keep only their
 *   kind, type annotations and assertions are left out (type 2);
 * - `renamed`: a hash of `tokens`;
 * - `minhash`: a one-permutation MinHash of the stream's 4-grams, the index for near-miss
 *   copies (type 3).
 */

/** A function is fingerprinted when it has at least this many normalised tokens or statements. */
export const FINGERPRINT_MIN_TOKENS = 20;
export const FINGERPRINT_MIN_STATEMENTS = 3;
/** Larger functions are left out: they are rarely copied whole, and their streams are costly to keep. */
export const FINGERPRINT_MAX_TOKENS = 20_000;
/** Bumped whenever a fingerprint changes meaning, so that cached facts are recomputed. */
export { CLONE_FINGERPRINT_VERSION } from './fingerprint-version.js';

/** Codes of the normalised stream; node kinds (KIND_CODES) are below 400. */
const UNARY_BASE = 400;
const BLOCK_END = 480;
const PLACEHOLDER_BASE = 1000;
const PLACEHOLDER_LIMIT = 1000;
const NAME_BASE = 2048;
/** Names hash into [NAME_BASE, 0xd800), clear of surrogate code units. */
const NAME_RANGE = 0xd800 - NAME_BASE;

const enum Role {
  Other = 0,
  /** A variable, parameter, function or class name, declared or used: becomes a placeholder. */
  Name = 1,
  /** A property or member name: keeps a hash of its text. */
  Property = 2,
}

const LITERAL_KINDS = new Set<ts.SyntaxKind>([
  SyntaxKind.StringLiteral,
  SyntaxKind.NumericLiteral,
  SyntaxKind.BigIntLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateHead,
  SyntaxKind.TemplateMiddle,
  SyntaxKind.TemplateTail,
  SyntaxKind.RegularExpressionLiteral,
  SyntaxKind.JsxText,
]);

/** Literals that carry data (text) rather than code: strings, template text, JSX text. */
const TEXT_KINDS = new Set<ts.SyntaxKind>([
  SyntaxKind.StringLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateHead,
  SyntaxKind.TemplateMiddle,
  SyntaxKind.TemplateTail,
  SyntaxKind.JsxText,
]);

/**
 * A node kind's code in the stream and the exact hash: its name's place in SYNTAX_KIND_NAMES, the
 * same whatever TypeScript version parsed the file (the kinds' numbers are not: a version that adds
 * a kind renumbers those after it), so that fingerprints of the cache, of the clone index and of
 * the ESLint rules agree. A kind the list lacks (a newer TypeScript's) takes a code above the list
 * from its name's hash.
 */
const KIND_CODES: Uint16Array = (() => {
  const place = new Map(SYNTAX_KIND_NAMES.map((name, index) => [name, index]));
  const codes = new Uint16Array(SyntaxKind.Count + 1);
  const named = new Set<number>();
  for (const [name, value] of Object.entries(ts.SyntaxKind)) {
    // Markers (FirstToken, LastTypeNode, Count) are aliases of the kinds named before them.
    if (typeof value !== 'number' || /^(?:First|Last)/u.test(name) || name === 'Count' || named.has(value)) continue;
    named.add(value);
    codes[value] = place.get(name) ?? SYNTAX_KIND_NAMES.length + (hashString(name) % (UNARY_BASE - SYNTAX_KIND_NAMES.length));
  }
  return codes;
})();

/** The stream codes of text literals. */
const TEXT_CODES: ReadonlySet<number> = new Set([...TEXT_KINDS].map((kind) => KIND_CODES[kind]));

/** Tokens of a normalised stream that are not text literals: the code around the data. */
export function codeTokenCount(tokens: string): number {
  let count = 0;
  for (let i = 0; i < tokens.length; i++) if (!TEXT_CODES.has(tokens.charCodeAt(i))) count += 1;
  return count;
}

/** Kinds that open a type-only subtree, left out of the normalised stream. */
const TYPE_KINDS: ReadonlySet<ts.SyntaxKind> = (() => {
  const kinds = new Set<ts.SyntaxKind>();
  for (let kind = SyntaxKind.FirstTypeNode; kind <= SyntaxKind.LastTypeNode; kind++) kinds.add(kind);
  for (const kind of [
    SyntaxKind.TypeParameter,
    SyntaxKind.InterfaceDeclaration,
    SyntaxKind.TypeAliasDeclaration,
    SyntaxKind.AnyKeyword,
    SyntaxKind.BigIntKeyword,
    SyntaxKind.BooleanKeyword,
    SyntaxKind.IntrinsicKeyword,
    SyntaxKind.NeverKeyword,
    SyntaxKind.NumberKeyword,
    SyntaxKind.ObjectKeyword,
    SyntaxKind.StringKeyword,
    SyntaxKind.SymbolKeyword,
    SyntaxKind.UndefinedKeyword,
    SyntaxKind.UnknownKeyword,
    SyntaxKind.VoidKeyword,
  ]) {
    kinds.add(kind);
  }
  return kinds;
})();

/** Wrappers that only assert a type: left out of the normalised stream, their operand kept. */
const ASSERTION_KINDS = new Set<ts.SyntaxKind>([
  SyntaxKind.AsExpression,
  SyntaxKind.SatisfiesExpression,
  SyntaxKind.NonNullExpression,
  SyntaxKind.TypeAssertionExpression,
]);

/** Membership tables by kind: the walk asks for every node, so these avoid hashing. */
function tableOf(kinds: Iterable<ts.SyntaxKind>): Uint8Array {
  const table = new Uint8Array(SyntaxKind.Count);
  for (const kind of kinds) table[kind] = 1;
  return table;
}


const IS_TYPE = tableOf(TYPE_KINDS);
const IS_ASSERTION = tableOf(ASSERTION_KINDS);
const IS_FUNCTION = tableOf(FUNCTION_KINDS);
const IS_LITERAL = tableOf(LITERAL_KINDS);

type FunctionLike = ts.FunctionLikeDeclaration;

interface OpenFunction {
  node: FunctionLike;
  /** Index of the function's own entry. */
  entry: number;
}

export interface CloneFingerprinter {
  listener: RuleListener;
  /** Fingerprints by the function's start offset (`getStart`), after the walk. */
  result(): Map<number, CloneFingerprint>;
}

/** The rule whose cross-file analysis compares the functions' fingerprints (./clones.ts). */
export { FUNCTION_RULE };

/** Whether any of these rules reads clone fingerprints: a scan without one computes none (a fifth of the per-file work). */
export function fingerprintsNeeded(rules: readonly { definition: { name: string } }[]): boolean {
  return rules.some((rule) => rule.definition.name === FUNCTION_RULE);
}

/**
 * Whether a file's facts need its functions: clone detection is their only reader, for clones of
 * functions and for the functions around a cloned block (src/clones/clones.ts).
 */
export function functionFactsNeeded(rules: readonly { definition: { name: string } }[]): boolean {
  return rules.some((rule) => rule.definition.name === FUNCTION_RULE || rule.definition.name === BLOCK_RULE);
}

/** Creates the listener that fingerprints the functions of one file during the engine's walk. */
export function createCloneFingerprinter(sourceFile: ts.SourceFile): CloneFingerprinter {
  // One entry per node, in parallel typed arrays (no boxed numbers for the garbage collector to
  // trace); texts are hashed once here, not once per enclosing function.
  const entries = EntryTable.take(Math.max(256, sourceFile.text.length >> 2));
  const open: OpenFunction[] = [];
  const fingerprints = new Map<number, CloneFingerprint>();
  /**
   * The type nodes entered whose subtrees the walk may not have left: one is dropped when a later
   * node (or a block's end) turns out not to lie inside it, so types need no exit handler, and a
   * node is in a type when any is left.
   */
  const types: ts.Node[] = [];
  const leaveTypesOutside = (node: ts.Node): void => {
    while (types.length > 0 && !containsNode(types[types.length - 1], node)) types.pop();
  };
  /** Scratch space for one function's normalised stream (codes stay below 0xd800). */
  let stream = new Uint16Array(1024);

  const push = (kind: number, code: number, text: string | undefined, role: Role, head: number): void => {
    const textHash = text === undefined ? 0 : hashString(text);
    const statement = kind >= SyntaxKind.FirstStatement && kind <= SyntaxKind.LastStatement && kind !== SyntaxKind.Block;
    const exact = kind < KIND_CODES.length ? KIND_CODES[kind] : kind;
    entries.push(
      text === undefined ? exact : Math.imul(exact + 0x9e3779b9, 0x85ebca6b) ^ textHash,
      role === Role.Property ? nameCode(textHash) : code,
      textHash,
      role,
      (statement ? STATEMENT : 0) | (types.length > 0 || IS_ASSERTION[kind] === 1 ? TYPE_ONLY : 0),
      head,
    );
  };

  const enterNode = (node: ts.Node): void => {
    const kind = node.kind;
    if (kind >= SyntaxKind.FirstJSDocNode) return;
    if (types.length > 0) leaveTypesOutside(node);
    if (IS_TYPE[kind] === 1) types.push(node);
    // Only a function's own entry and those of the nodes inside it are ever read: a node outside
    // every function (an import, a declaration of types, a class's fields) needs none.
    if (open.length === 0 && IS_FUNCTION[kind] !== 1) return;
    if (kind === SyntaxKind.JsxText && (node as ts.JsxText).containsOnlyTriviaWhiteSpaces) return;
    const parent = node.parent;
    const head = parent && IS_FUNCTION[parent.kind] === 1 && isHeadPart(node, parent as FunctionLike) ? (open.at(-1)?.entry ?? -1) : -1;
    const isName = kind === SyntaxKind.Identifier || kind === SyntaxKind.PrivateIdentifier;
    push(kind, streamCode(node), textOf(node), isName ? roleOf(node) : Role.Other, head);
    if (IS_FUNCTION[kind] === 1) open.push({ node: node as FunctionLike, entry: entries.length - 1 });
  };

  const exitBlock = (node: ts.Node): void => {
    if (open.length === 0) return;
    if (types.length > 0) leaveTypesOutside(node);
    push(BLOCK_END, BLOCK_END, undefined, Role.Other, -1);
  };

  const exitFunction = (): void => {
    const closing = open.pop();
    if (!closing || !closing.node.body) return;
    const fingerprint = fingerprintRange(closing, entries.length);
    if (fingerprint) fingerprints.set(closing.node.getStart(sourceFile), fingerprint);
  };

  const fingerprintRange = ({ node, entry }: OpenFunction, end: number): CloneFingerprint | undefined => {
    if (end - entry > FINGERPRINT_MAX_TOKENS * 4) return undefined;
    let length = 0;
    if (stream.length < end - entry) stream = new Uint16Array(2 * (end - entry));
    const placeholders = new Map<number, number>();
    const exact = new Hash64();
    let statements = 0;
    const { exactCodes, codes, textHashes, roles, flags, headOf } = entries;
    for (let i = entry + 1; i < end; i++) {
      if (headOf[i] === entry) continue;
      exact.add(exactCodes[i]);
      if ((flags[i] & STATEMENT) !== 0) statements += 1;
      if ((flags[i] & TYPE_ONLY) !== 0) continue;
      if (roles[i] === Role.Name) {
        let index = placeholders.get(textHashes[i]);
        if (index === undefined) placeholders.set(textHashes[i], (index = placeholders.size));
        stream[length++] = PLACEHOLDER_BASE + Math.min(index, PLACEHOLDER_LIMIT - 1);
      } else {
        stream[length++] = codes[i];
      }
    }
    if (length > FINGERPRINT_MAX_TOKENS) return undefined;
    if (length < FINGERPRINT_MIN_TOKENS && statements < FINGERPRINT_MIN_STATEMENTS) return undefined;
    const tokens = stream.subarray(0, length);
    const headEnd = sourceFile.getLineAndCharacterOfPosition(node.body!.getStart(sourceFile));
    return {
      exact: exact.hex(),
      renamed: hashCodes(tokens),
      tokens: streamText(tokens),
      minhash: minhashOf(tokens),
      headEndLine: headEnd.line + 1,
      headEndColumn: headEnd.character + 1,
    };
  };

  const exit: RuleListener['exit'] = {};
  exit[SyntaxKind.Block] = exitBlock;
  for (const kind of FUNCTION_KINDS) exit[kind] = exitFunction;
  return {
    listener: { enterEvery: enterNode, exit },
    result: () => {
      entries.release();
      return fingerprints;
    },
  };
}

/**
 * Whether `node` lies inside `outer` (or is it), for a node the walk reaches after entering
 * `outer`: by their ranges, and by the parent chain only for a node of no width at `outer`'s end,
 * which may follow it as well as lie inside it.
 */
function containsNode(outer: ts.Node, node: ts.Node): boolean {
  if (node === outer) return true;
  if (node.pos < outer.pos || node.end > outer.end) return false;
  if (node.pos < outer.end) return true;
  for (let parent = node.parent; parent && parent.pos >= outer.pos; parent = parent.parent) if (parent === outer) return true;
  return false;
}

/**
 * The stream as a string, one code unit per code (all below the surrogates, so that UTF-16 takes
 * each as it is): decoded from the array's bytes where they are little-endian, which is many
 * times faster than `String.fromCharCode` with a spread argument list for long streams.
 */
const UTF16 = new TextDecoder('utf-16le');
const streamText: (codes: Uint16Array) => string =
  endianness() === 'LE' ? (codes) => UTF16.decode(codes) : (codes) => String.fromCharCode.apply(null, Array.from(codes));

/** A node's code in the normalised stream: its kind, with the operator of a unary expression. */
function streamCode(node: ts.Node): number {
  const kind = node.kind;
  if (kind === SyntaxKind.PrefixUnaryExpression || kind === SyntaxKind.PostfixUnaryExpression) {
    return UNARY_BASE + KIND_CODES[(node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression).operator];
  }
  return KIND_CODES[kind];
}

/** The text that enters the exact hash: names, literals, and `const`/`let`/`var`. */
function textOf(node: ts.Node): string | undefined {
  const kind = node.kind;
  if (kind === SyntaxKind.Identifier || kind === SyntaxKind.PrivateIdentifier) return (node as ts.Identifier | ts.PrivateIdentifier).text;
  if (IS_LITERAL[kind] === 1) return literalText(node);
  if (kind === SyntaxKind.VariableDeclarationList) return declarationKeyword(node as ts.VariableDeclarationList);
  return undefined;
}

/** True for the parts of a function that do not belong to its code: its name and modifiers. */
function isHeadPart(node: ts.Node, fn: FunctionLike): boolean {
  if (fn.name === node) return true;
  if (ts.isArrowFunction(fn) && fn.equalsGreaterThanToken === node) return true;
  return ts.isModifier(node) && node.kind !== SyntaxKind.AsyncKeyword;
}

/** Declarations whose `name` is a property or member name (kept), not a variable (renamed). */
const MEMBER_NAME_PARENTS = new Set<ts.SyntaxKind>([
  SyntaxKind.PropertyAssignment,
  SyntaxKind.PropertyDeclaration,
  SyntaxKind.PropertySignature,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.MethodSignature,
  SyntaxKind.GetAccessor,
  SyntaxKind.SetAccessor,
  SyntaxKind.EnumMember,
  SyntaxKind.JsxAttribute,
  SyntaxKind.PropertyAccessExpression,
]);

function roleOf(node: ts.Node): Role {
  const parent = node.parent;
  if (MEMBER_NAME_PARENTS.has(parent.kind)) return (parent as ts.NamedDeclaration).name === node ? Role.Property : Role.Name;
  if (ts.isQualifiedName(parent)) return parent.right === node ? Role.Property : Role.Name;
  if (ts.isBindingElement(parent)) return parent.propertyName === node ? Role.Property : Role.Name;
  return Role.Name;
}

function literalText(node: ts.Node): string {
  if (node.kind === SyntaxKind.JsxText) return (node as ts.JsxText).text.replace(/\s+/gu, ' ').trim();
  return (node as ts.LiteralLikeNode).text;
}

function declarationKeyword(list: ts.VariableDeclarationList): string {
  if (list.flags & ts.NodeFlags.Const) return 'const';
  if (list.flags & ts.NodeFlags.Let) return 'let';
  return 'var';
}

function nameCode(textHash: number): number {
  return NAME_BASE + (textHash % NAME_RANGE);
}

/** Returns the facts with each function's fingerprint attached (matched by start offset). */
export function withCloneFingerprints<Facts extends Pick<FileFacts, 'functions'>>(facts: Facts, fingerprints: ReadonlyMap<number, CloneFingerprint>): Facts {
  if (fingerprints.size === 0) return facts;
  return {
    ...facts,
    functions: facts.functions.map((fn) => {
      const clone = fingerprints.get(fn.start);
      // Not `{ ...fn, clone }`: V8 (Node 20) gives each object made by a spread followed by a
      // property a hidden class of its own, about 300 bytes more per function kept (see
      // test/unit/engine/result-memory.test.ts); properties assigned one by one share one.
      return clone ? Object.assign({}, fn, { clone }) : fn;
    }),
  };
}
