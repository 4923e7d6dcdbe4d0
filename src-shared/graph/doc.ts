/**
 * The GraphDoc: the design document, the truth the canvas is a view of. Versioned and plain JSON.
 * A network is a chain: Input → layers → an output node → Loss, each edge joining one node's
 * single output handle to the next node's single input handle.
 */
import { z } from 'zod';

export const graphDocFormat = 'deepwire-design';
export const graphDocVersion = 1;

export const nodeKinds = [
  'input',
  'dense',
  'activation',
  'batchnorm',
  'dropout',
  'softmax-output',
  'sigmoid-output',
  'linear-output',
  'loss',
] as const;
export type NodeKind = (typeof nodeKinds)[number];

export const NodeId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'ids use letters, digits, _ and -');

export const Position = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();
export type Position = z.infer<typeof Position>;

export const GraphNode = z
  .object({
    id: NodeId,
    kind: z.enum(nodeKinds),
    /** Checked against the kind's schema in the registry; kept loose here so one bad param is a diagnostic, not a refused file. */
    params: z.record(
      z.string(),
      z.union([z.number(), z.string(), z.boolean()], {
        error: (issue) => `a parameter must be a number, text or true/false, not ${issue.input === null ? 'null' : Array.isArray(issue.input) ? 'a list' : typeof issue.input}`,
      }),
    ),
    position: Position,
  })
  .strict();
export type GraphNode = z.infer<typeof GraphNode>;

export const GraphEdge = z.object({ id: NodeId, source: NodeId, target: NodeId }).strict();
export type GraphEdge = z.infer<typeof GraphEdge>;

export const GraphDoc = z
  .object({
    format: z.literal(graphDocFormat),
    version: z.literal(graphDocVersion),
    nodes: z.array(GraphNode).max(500),
    edges: z.array(GraphEdge).max(1000),
  })
  .strict();
export type GraphDoc = z.infer<typeof GraphDoc>;

export function emptyGraphDoc(): GraphDoc {
  return { format: graphDocFormat, version: graphDocVersion, nodes: [], edges: [] };
}
