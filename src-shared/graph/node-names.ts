/**
 * How diagnostics and cards name a node. Ids made by the editor look like "dense-3", which reads
 * as "Dense 3"; any other id (from a hand-written file) is quoted after the label.
 */
import type { GraphNode } from './doc';
import { nodeRegistry } from './registry';

export function nodeDisplayName(node: Pick<GraphNode, 'id' | 'kind'>): string {
  const label = nodeRegistry[node.kind].label;
  const match = /^(.+)-(\d+)$/.exec(node.id);
  if (match && match[1] === node.kind) return `${label} ${match[2]}`;
  return `${label} '${node.id}'`;
}
