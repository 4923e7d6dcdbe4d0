/**
 * Lookup tables over a document's nodes and edges, and the walk along its chain. Every rule,
 * the shape inference and the compile read the document through these, so they agree on what
 * "the chain" is even when the document is half built.
 */
import type { GraphDoc, GraphEdge, GraphNode } from './doc';

export interface GraphIndex {
  nodes: Map<string, GraphNode>;
  /** Edges whose two ends exist, by source and by target, in document order. */
  outgoing: Map<string, GraphEdge[]>;
  incoming: Map<string, GraphEdge[]>;
  /** Edges naming a node that is not in the document. */
  danglingEdges: GraphEdge[];
}

export function indexGraph(doc: GraphDoc): GraphIndex {
  const nodes = new Map<string, GraphNode>();
  for (const node of doc.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  const outgoing = new Map<string, GraphEdge[]>();
  const incoming = new Map<string, GraphEdge[]>();
  const danglingEdges: GraphEdge[] = [];
  for (const edge of doc.edges) {
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) {
      danglingEdges.push(edge);
      continue;
    }
    pushTo(outgoing, edge.source, edge);
    pushTo(incoming, edge.target, edge);
  }
  return { nodes, outgoing, incoming, danglingEdges };
}

function pushTo(map: Map<string, GraphEdge[]>, key: string, edge: GraphEdge): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}

export function firstOutgoing(index: GraphIndex, nodeId: string): GraphEdge | undefined {
  return index.outgoing.get(nodeId)?.[0];
}

export function firstIncoming(index: GraphIndex, nodeId: string): GraphEdge | undefined {
  return index.incoming.get(nodeId)?.[0];
}

/** The node right after / before `nodeId` along its first edge. */
export function nextNode(index: GraphIndex, nodeId: string): GraphNode | undefined {
  const edge = firstOutgoing(index, nodeId);
  return edge ? index.nodes.get(edge.target) : undefined;
}

export function previousNode(index: GraphIndex, nodeId: string): GraphNode | undefined {
  const edge = firstIncoming(index, nodeId);
  return edge ? index.nodes.get(edge.source) : undefined;
}

/** Follows first outgoing edges from `startId`, stopping at a node already visited (a loop) or at the end. */
export function walkFrom(index: GraphIndex, startId: string): GraphNode[] {
  const chain: GraphNode[] = [];
  const seen = new Set<string>();
  let node = index.nodes.get(startId);
  while (node && !seen.has(node.id)) {
    seen.add(node.id);
    chain.push(node);
    node = nextNode(index, node.id);
  }
  return chain;
}

/** True when `toId` can be reached from `fromId` along edges. */
export function reaches(index: GraphIndex, fromId: string, toId: string): boolean {
  const stack = [fromId];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === toId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of index.outgoing.get(id) ?? []) stack.push(edge.target);
  }
  return false;
}

/**
 * The network's chain: from an Input, along first edges. With several Inputs, the first whose
 * chain reaches a Loss wins, else the one with the longest chain; null without any Input.
 */
export function mainChain(index: GraphIndex): GraphNode[] | null {
  let best: GraphNode[] | null = null;
  for (const node of index.nodes.values()) {
    if (node.kind !== 'input') continue;
    const chain = walkFrom(index, node.id);
    if (chain.at(-1)?.kind === 'loss') return chain;
    if (!best || chain.length > best.length) best = chain;
  }
  return best;
}
