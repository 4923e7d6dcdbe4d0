/** How a node kind looks wherever it appears (palette, canvas card, inspector): its icon and hue. */
import type { NodeKind } from '@shared/graph';
import type { IconName } from './icons/paths';

const hues: Record<NodeKind, string> = {
  input: 'input',
  dense: 'dense',
  activation: 'activation',
  batchnorm: 'batchnorm',
  dropout: 'dropout',
  'softmax-output': 'output',
  'sigmoid-output': 'output',
  'linear-output': 'output',
  loss: 'loss',
};

export function kindColor(kind: NodeKind): string {
  return `var(--kind-${hues[kind]})`;
}

export function kindIcon(kind: NodeKind): IconName {
  return `kind-${kind}`;
}

/** "1234567" → "1,234,567": parameter counts read better grouped. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
