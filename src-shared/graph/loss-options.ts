/**
 * Which loss functions a Loss node is offered: those that fit the output node feeding it
 * (softmax → categorical cross-entropy; sigmoid → binary cross-entropy or MSE; linear → MSE).
 * With nothing wired in yet, every loss is offered.
 */
import { lossKinds, lossesForOutput, type LossKind } from '../engine/spec';
import type { GraphDoc } from './doc';
import { nodeRegistry } from './registry';
import { outputActivation } from './rules';

export interface LossOption {
  value: LossKind;
  /** Why it is not offered, naming the output that rules it out; null when it fits. */
  unfitReason: string | null;
}

export function lossOptions(doc: GraphDoc, lossNodeId: string): LossOption[] {
  const incoming = doc.edges.find((edge) => edge.target === lossNodeId);
  const source = incoming ? doc.nodes.find((node) => node.id === incoming.source) : undefined;
  const activation = source ? outputActivation[source.kind] : undefined;
  return lossKinds.map((value) => ({
    value,
    unfitReason:
      !source || !activation || lossesForOutput[activation].includes(value) ? null : `does not fit ${nodeRegistry[source.kind].label}`,
  }));
}
