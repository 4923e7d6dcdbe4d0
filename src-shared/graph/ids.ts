/**
 * Fresh ids for new nodes and edges: readable ("dense-3" shows as "Dense 3") and deterministic,
 * the smallest number not yet used, so the same edits give the same document.
 */
import type { GraphDoc, NodeKind } from './doc';

export function freshNodeId(kind: NodeKind, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${kind}-${n}`;
    if (!taken.has(id)) return id;
  }
}

export function freshEdgeId(taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `edge-${n}`;
    if (!taken.has(id)) return id;
  }
}

export function nodeIds(doc: GraphDoc): Set<string> {
  return new Set(doc.nodes.map((n) => n.id));
}

export function edgeIds(doc: GraphDoc): Set<string> {
  return new Set(doc.edges.map((e) => e.id));
}
