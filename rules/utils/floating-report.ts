import type { ts } from '../../src/rule/index.js';
import type { Environment, Place } from './floating-context.js';

/** How no-floating-async words its findings: the message's parts, the fixed fingerprint text of a cross-file finding, the grouping of repeated calls and the text and places it quotes. */

/**
 * The text that fingerprints a cross-file finding: fixed, so that rewording the message (which
 * now depends on where the call sits) keeps the fingerprints of findings already reviewed.
 */
const CROSS_FILE_FINGERPRINT =
  "The promise returned by '{{ name }}' is neither awaited, returned nor handled: if it rejects, nothing catches the error (Node ends the process on an unhandled rejection), and the code after it runs before the work is done. Await or return it, or add `.catch(...)`; write `void` before it if fire-and-forget is really meant.";

const OUTCOMES: Readonly<Record<Environment, string>> = {
  browser: 'the browser only logs it, and the user gets no feedback',
  node: 'Node ends the process on an unhandled rejection',
  unknown: 'Node ends the process on an unhandled rejection; a browser only logs it',
};

/** The message's parts for a floating call: what an unhandled rejection does here, and the fix that fits the place. */
export function floatingData(name: string, place: Place, environment: Environment, isIIFE: boolean, otherLines: readonly number[] = []): Record<string, string> {
  const outcome = OUTCOMES[environment];
  const also = otherLines.length === 0 ? '' : ` (here and on ${otherLines.length === 1 ? 'line' : 'lines'} ${otherLines.join(', ')} of this function)`;
  if (place === 'detached') {
    const inside = isIIFE ? 'inside the function' : `inside '${name}'`;
    return {
      name,
      also,
      consequence: `if it rejects, nothing catches the error (${outcome}).`,
      advice: `Nothing awaits this callback, so \`await\` would not help here: add \`.catch(...)\` to the call, or catch the failure ${inside} (with \`finally\` to reset any state it set).`,
    };
  }
  return {
    name,
    also,
    consequence: `if it rejects, nothing catches the error (${outcome}), and the code after it runs before the work is done.`,
    advice: place === 'async' ? 'Await or return it, or handle the rejection with `.catch(...)`.' : 'Return it to the caller, or handle the rejection with `.catch(...)`.',
  };
}

/** Items grouped by a composite key, in the order their first item appears. */
export function groupBy<T>(items: readonly T[], key: (item: T) => readonly unknown[]): T[][] {
  const groups: { key: readonly unknown[]; items: T[] }[] = [];
  for (const item of items) {
    const k = key(item);
    const group = groups.find((g) => g.key.length === k.length && g.key.every((part, i) => part === k[i]));
    if (group) group.items.push(item);
    else groups.push({ key: k, items: [item] });
  }
  return groups.map((g) => g.items);
}

export function lineOf(sourceFile: ts.SourceFile, node: ts.Node): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

export function formatFingerprint(name: string): string {
  return CROSS_FILE_FINGERPRINT.replace('{{ name }}', name);
}

export function calleeText(call: ts.CallExpression, sourceFile: ts.SourceFile): string {
  return expressionText(call.expression, sourceFile);
}

/** An expression as its finding names it: whitespace collapsed, cut at 40 characters with `...` (the message and its fingerprint keep this form). */
export function expressionText(node: ts.Node, sourceFile: ts.SourceFile): string {
  const text = sourceFile.text.slice(node.getStart(sourceFile), node.getEnd()).replace(/\s+/gu, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function headEnd(fn: ts.FunctionLikeDeclaration): number {
  return fn.body ? fn.body.getStart() : fn.getEnd();
}
