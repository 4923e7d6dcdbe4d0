/**
 * Small builders for documents in tests (and for anyone writing examples): a node with its
 * kind's defaults, an edge with a readable id, a chain of nodes joined in order.
 */
import { graphDocFormat, graphDocVersion, type GraphDoc, type GraphEdge, type GraphNode, type NodeKind } from './doc';
import { defaultParams } from './registry';

type ParamValue = GraphNode['params'][string];

export function node(id: string, kind: NodeKind, params: Record<string, ParamValue> = {}, position = { x: 0, y: 0 }): GraphNode {
  return { id, kind, params: { ...(defaultParams(kind) as Record<string, ParamValue>), ...params }, position };
}

export function edge(source: string, target: string, id = `${source}--${target}`): GraphEdge {
  return { id, source, target };
}

export function docOf(nodes: GraphNode[], edges: GraphEdge[] = []): GraphDoc {
  return { format: graphDocFormat, version: graphDocVersion, nodes, edges };
}

/** The nodes joined one after another. */
export function chainOf(...nodes: GraphNode[]): GraphDoc {
  return docOf(
    nodes,
    nodes.slice(1).map((n, i) => edge(nodes[i]!.id, n.id)),
  );
}
