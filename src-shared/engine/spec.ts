/**
 * The model spec: what the editor's compile step produces and the engine builds a model from.
 * A plain, versioned, JSON-safe description — a sequence of layers with their sizes inferred.
 */
import { z } from 'zod';
import { boundedNumber, bounds } from './bounds';

export const activationKinds = ['relu', 'leaky-relu', 'tanh', 'sigmoid', 'linear'] as const;
export type ActivationKind = (typeof activationKinds)[number];

export const outputKinds = ['softmax', 'sigmoid', 'linear'] as const;
export type OutputKind = (typeof outputKinds)[number];

export const lossKinds = ['categorical-crossentropy', 'binary-crossentropy', 'mse'] as const;
export type LossKind = (typeof lossKinds)[number];

/** Optional `name` ties a layer back to the editor node it came from (diagnostics, gradient check). */
const named = { name: z.string().max(100).optional() };

export const DenseSpec = z.object({ kind: z.literal('dense'), units: boundedNumber('units', bounds.units), useBias: z.boolean(), ...named }).strict();
export const ActivationSpec = z
  .object({ kind: z.literal('activation'), fn: z.enum(activationKinds), /** leaky-relu slope */ alpha: boundedNumber('alpha', bounds.leakyAlpha).optional(), ...named })
  .strict();
export const BatchNormSpec = z
  .object({ kind: z.literal('batchnorm'), /** running-average momentum β */ momentum: boundedNumber('momentum', bounds.batchNormMomentum), epsilon: boundedNumber('epsilon', bounds.batchNormEpsilon), ...named })
  .strict();
export const DropoutSpec = z.object({ kind: z.literal('dropout'), keepProb: boundedNumber('keepProb', bounds.keepProb), ...named }).strict();

export const LayerSpec = z.discriminatedUnion('kind', [DenseSpec, ActivationSpec, BatchNormSpec, DropoutSpec]);
export type LayerSpec = z.infer<typeof LayerSpec>;

export const ModelSpec = z
  .object({
    version: z.literal(1),
    inputSize: boundedNumber('inputSize', bounds.inputSize),
    /** Hidden stack and the final dense layer that produces the output units, in order. */
    layers: z.array(LayerSpec).min(1).max(256),
    /** The output activation fused with its loss (softmax + cross-entropy, sigmoid + BCE, linear + MSE). */
    output: z.object({ activation: z.enum(outputKinds), loss: z.enum(lossKinds), ...named }).strict(),
  })
  .strict();
export type ModelSpec = z.infer<typeof ModelSpec>;

/** Which losses fit which outputs: the editor offers only these, and the engine refuses others. */
export const lossesForOutput: Record<OutputKind, readonly LossKind[]> = {
  softmax: ['categorical-crossentropy'],
  sigmoid: ['binary-crossentropy', 'mse'],
  linear: ['mse'],
};

/** The size of each layer's output, given the input size; the last entry is the number of output units. */
export function layerOutputSizes(spec: Pick<ModelSpec, 'inputSize' | 'layers'>): number[] {
  const sizes: number[] = [];
  let size = spec.inputSize;
  for (const layer of spec.layers) {
    if (layer.kind === 'dense') size = layer.units;
    sizes.push(size);
  }
  return sizes;
}

/** Trainable parameter count: weights and biases of dense layers, γ and β of batch norm. */
export function parameterCount(spec: Pick<ModelSpec, 'inputSize' | 'layers'>): number {
  let count = 0;
  let size = spec.inputSize;
  for (const layer of spec.layers) {
    if (layer.kind === 'dense') {
      count += size * layer.units + (layer.useBias ? layer.units : 0);
      size = layer.units;
    } else if (layer.kind === 'batchnorm') {
      count += 2 * size;
    }
  }
  return count;
}
