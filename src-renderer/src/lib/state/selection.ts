/** What is selected on the canvas: node and edge ids, in the order they were selected. */
import type { GraphDoc } from '@shared/graph';

export interface Selection {
  readonly nodes: readonly string[];
  readonly edges: readonly string[];
}

export const emptySelection: Selection = Object.freeze({ nodes: [], edges: [] });

/** Same ids, in any order. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}

export function sameSelection(a: Selection, b: Selection): boolean {
  return sameIds(a.nodes, b.nodes) && sameIds(a.edges, b.edges);
}

/** Drops ids the document no longer has (after a delete, an undo, a load). */
export function pruneSelection(selection: Selection, doc: GraphDoc): Selection {
  const nodes = new Set(doc.nodes.map((n) => n.id));
  const edges = new Set(doc.edges.map((e) => e.id));
  const kept = { nodes: selection.nodes.filter((id) => nodes.has(id)), edges: selection.edges.filter((id) => edges.has(id)) };
  return sameSelection(kept, selection) ? selection : kept;
}

export function isEmptySelection(selection: Selection): boolean {
  return selection.nodes.length === 0 && selection.edges.length === 0;
}
