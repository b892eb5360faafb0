/**
 * How many other copies a duplication finding points at (SARIF `relatedLocations`, the block
 * message's list). A clone class of generated code can have thousands of members: each of its
 * findings listing all the others made the report grow with the square of the class (a class of
 * 34,500 functions made a SARIF log longer than a string can be), while the copy count is in the
 * finding's properties and message.
 */
export const RELATED_COPIES = 10;

/** The first `RELATED_COPIES` of the other copies, in their order, the one to keep among them when there is one. */
export function relatedCopies<T>(others: readonly T[], keep?: T): T[] {
  if (others.length <= RELATED_COPIES) return [...others];
  const first = others.slice(0, RELATED_COPIES);
  if (keep === undefined || first.includes(keep) || !others.includes(keep)) return first;
  return [...first.slice(0, RELATED_COPIES - 1), keep];
}
