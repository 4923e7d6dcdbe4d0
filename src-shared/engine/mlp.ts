/**
 * The MLP shorthand: mlpSpec({ layers: [2, 10, 5, 1], activation: 'relu' }) is the course's
 * 2 → 10 → 5 → 1 network. Batch norm, when asked for, follows each hidden dense layer (whose bias
 * is then dropped: β does its job); dropout follows each hidden layer's activation.
 */
import type { ActivationKind, LayerSpec, LossKind, ModelSpec, OutputKind } from './spec';

export interface MlpOptions {
  /** Sizes from the input to the output units, at least two entries. */
  layers: readonly number[];
  activation: ActivationKind;
  /** Default: sigmoid + binary cross-entropy for one unit, softmax + categorical cross-entropy for more. */
  output?: { activation: OutputKind; loss: LossKind };
  /** Leaky-ReLU slope. */
  alpha?: number;
  batchNorm?: boolean | { momentum?: number; epsilon?: number };
  /** Dropout keep probability after each hidden activation (omitted or 1: no dropout layers). */
  keepProb?: number;
}

export function mlpSpec(options: MlpOptions): ModelSpec {
  const sizes = options.layers;
  if (sizes.length < 2) throw new Error(`An MLP needs an input size and at least one layer, got [${sizes.join(', ')}].`);
  const batchNorm = options.batchNorm ? { momentum: 0.9, epsilon: 1e-5, ...(options.batchNorm === true ? {} : options.batchNorm) } : null;
  const layers: LayerSpec[] = [];
  for (let l = 1; l < sizes.length; l++) {
    const units = sizes[l]!;
    const hidden = l < sizes.length - 1;
    layers.push({ kind: 'dense', units, useBias: !(hidden && batchNorm) });
    if (!hidden) break;
    if (batchNorm) layers.push({ kind: 'batchnorm', momentum: batchNorm.momentum, epsilon: batchNorm.epsilon });
    layers.push(options.alpha === undefined ? { kind: 'activation', fn: options.activation } : { kind: 'activation', fn: options.activation, alpha: options.alpha });
    if (options.keepProb !== undefined && options.keepProb < 1) layers.push({ kind: 'dropout', keepProb: options.keepProb });
  }
  const outputUnits = sizes[sizes.length - 1]!;
  const output = options.output ?? (outputUnits === 1 ? { activation: 'sigmoid', loss: 'binary-crossentropy' } : { activation: 'softmax', loss: 'categorical-crossentropy' });
  return { version: 1, inputSize: sizes[0]!, layers, output };
}
