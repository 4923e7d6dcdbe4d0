import { describe, expect, it } from 'vitest';
import { courseNet } from '../testing/designs';
import { emptySelection, isEmptySelection, pruneSelection, sameIds, sameSelection } from './selection';

describe('selection', () => {
  it('compares ids regardless of order', () => {
    expect(sameIds(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameIds(['a'], ['a', 'b'])).toBe(false);
    expect(sameSelection({ nodes: ['a'], edges: ['e'] }, { nodes: ['a'], edges: [] })).toBe(false);
  });

  it('drops ids the document no longer has, keeping the same object when nothing is dropped', () => {
    const { doc, ids } = courseNet();
    const kept = { nodes: [ids[0]!], edges: [doc.edges[0]!.id] };
    expect(pruneSelection(kept, doc)).toBe(kept);
    expect(pruneSelection({ nodes: [ids[0]!, 'gone'], edges: ['gone'] }, doc)).toEqual({ nodes: [ids[0]], edges: [] });
    expect(isEmptySelection(emptySelection)).toBe(true);
    expect(isEmptySelection(kept)).toBe(false);
  });
});
