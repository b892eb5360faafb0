import { describe, expect, it } from 'vitest';
import { RELATED_COPIES, relatedCopies } from '../../rules/utils/related-copies.js';

describe('the copies a duplication finding points at', () => {
  const copies = Array.from({ length: 30 }, (_, i) => `copy${i}`);

  it('are all of them up to the limit, in order', () => {
    expect(relatedCopies(copies.slice(0, RELATED_COPIES), 'copy3')).toEqual(copies.slice(0, RELATED_COPIES));
  });

  it('are the first ones of a larger class, with the copy to keep among them', () => {
    expect(relatedCopies(copies, 'copy2')).toEqual(copies.slice(0, RELATED_COPIES));
    expect(relatedCopies(copies, 'copy25')).toEqual([...copies.slice(0, RELATED_COPIES - 1), 'copy25']);
    expect(relatedCopies(copies)).toEqual(copies.slice(0, RELATED_COPIES));
  });
});
