/**
 * Where a node's trainable parameters come from, in the course's terms, for the inspector:
 * "2 × 10 weights + 10 biases = 30".
 */
import type { GraphNode, NodeShape } from '@shared/graph';
import { formatCount } from '../../ui/kind-style';

export function paramBreakdown(node: Pick<GraphNode, 'kind' | 'params'>, shape: NodeShape | undefined): string {
  if (!shape || shape.params === null) return 'Unknown until a size reaches this node.';
  const n = shape.inputSize ?? 0;
  if (node.kind === 'dense') {
    const units = shape.outputSize ?? 0;
    const weights = `${formatCount(n)} × ${formatCount(units)} weights`;
    const hasBias = node.params.useBias === true && !shape.biasDropped;
    return hasBias ? `${weights} + ${formatCount(units)} biases = ${formatCount(shape.params)}` : `${weights}, no bias = ${formatCount(shape.params)}`;
  }
  if (node.kind === 'batchnorm') return `γ and β for ${formatCount(n)} units: 2 × ${formatCount(n)} = ${formatCount(shape.params)}`;
  return shape.params === 0 ? 'None: this node has nothing to learn.' : formatCount(shape.params);
}
