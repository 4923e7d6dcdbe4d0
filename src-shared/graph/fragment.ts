/**
 * Inserting a group of nodes (a duplicate, a paste) with fresh ids, keeping the connections
 * among them and dropping any to nodes outside the group.
 */
import type { GraphDoc, GraphEdge, GraphNode, Position } from './doc';
import { edgeIds, freshEdgeId, freshNodeId, nodeIds } from './ids';
import { maxEdges, maxNodes } from './limits';

export type FragmentResult = { ok: true; doc: GraphDoc; ids: string[] } | { ok: false; reason: string };

export function insertFragment(doc: GraphDoc, nodes: readonly GraphNode[], edges: readonly GraphEdge[], offset: Position): FragmentResult {
  if (doc.nodes.length + nodes.length > maxNodes) {
    return { ok: false, reason: `A design holds at most ${maxNodes} nodes; this would make ${doc.nodes.length + nodes.length}, so delete some first.` };
  }
  const takenNodes = nodeIds(doc);
  const rename = new Map<string, string>();
  const added: GraphNode[] = [];
  for (const node of nodes) {
    if (rename.has(node.id)) continue;
    const id = freshNodeId(node.kind, takenNodes);
    takenNodes.add(id);
    rename.set(node.id, id);
    added.push({ id, kind: node.kind, params: { ...node.params }, position: { x: node.position.x + offset.x, y: node.position.y + offset.y } });
  }
  const takenEdges = edgeIds(doc);
  const pairs = new Set<string>();
  const addedEdges: GraphEdge[] = [];
  for (const edge of edges) {
    const source = rename.get(edge.source);
    const target = rename.get(edge.target);
    const pair = `${source}\u0000${target}`;
    if (!source || !target || pairs.has(pair)) continue;
    pairs.add(pair);
    const id = freshEdgeId(takenEdges);
    takenEdges.add(id);
    addedEdges.push({ id, source, target });
  }
  if (doc.edges.length + addedEdges.length > maxEdges) {
    return { ok: false, reason: `A design holds at most ${maxEdges} connections; delete some first.` };
  }
  return { ok: true, doc: { ...doc, nodes: [...doc.nodes, ...added], edges: [...doc.edges, ...addedEdges] }, ids: added.map((n) => n.id) };
}
