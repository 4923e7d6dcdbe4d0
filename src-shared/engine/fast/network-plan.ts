/**
 * What the fast path runs for a spec: the dense and activation layers in order, and where each
 * parameter tensor sits in the flat parameter block. Parameters, gradients and optimizer moments
 * share this one layout, so a single kernel call updates the whole model.
 */
import type { ActivationKind, ModelSpec } from '../spec';
import { DEFAULT_LEAKY_ALPHA } from '../activations';
import { activationKernels, isIdentityActivation } from './activation-kernels';
import { layerNames } from '../naming';
import type { ParameterRole } from '../types';

export interface PlannedTensor {
  name: string;
  layer: string;
  role: Extract<ParameterRole, 'weight' | 'bias'>;
  rows: number;
  cols: number;
  /** Offset in floats from the start of the parameter block. */
  offset: number;
  length: number;
}

export type PlannedLayer =
  | { kind: 'dense'; name: string; inputSize: number; outputSize: number; weights: PlannedTensor; bias: PlannedTensor | null }
  | { kind: 'activation'; name: string; size: number; fn: ActivationKind; alpha: number };

export interface NetworkPlan {
  layers: PlannedLayer[];
  tensors: PlannedTensor[];
  /** Floats in the parameter block, padding included. */
  parameterFloats: number;
  inputSize: number;
  outputSize: number;
  /** The dense layer that multiplies the raw input (only linear activations before it), or −1. */
  inputDense: number;
}

/** 16 floats = 64 bytes: every tensor starts on its own cache line. */
const TENSOR_ALIGN_FLOATS = 16;

/** The plan, or the reason the fast path cannot run this spec (the TypeScript engine can). */
export function planNetwork(spec: ModelSpec): NetworkPlan | { unsupported: string } {
  const names = layerNames(spec);
  const layers: PlannedLayer[] = [];
  const tensors: PlannedTensor[] = [];
  let offset = 0;
  let size = spec.inputSize;
  const place = (name: string, layer: string, role: PlannedTensor['role'], rows: number, cols: number): PlannedTensor => {
    const tensor = { name, layer, role, rows, cols, offset, length: rows * cols };
    offset += Math.ceil(tensor.length / TENSOR_ALIGN_FLOATS) * TENSOR_ALIGN_FLOATS;
    tensors.push(tensor);
    return tensor;
  };
  for (const [index, layer] of spec.layers.entries()) {
    const name = names[index]!;
    if (layer.kind === 'dense') {
      const weights = place(`${name}.W`, name, 'weight', size, layer.units);
      const bias = layer.useBias ? place(`${name}.b`, name, 'bias', 1, layer.units) : null;
      layers.push({ kind: 'dense', name, inputSize: size, outputSize: layer.units, weights, bias });
      size = layer.units;
    } else if (layer.kind === 'activation') {
      if (activationKernels[layer.fn] === null) return { unsupported: `the fast path has no kernel for the ${layer.fn} activation ("${name}")` };
      layers.push({ kind: 'activation', name, size, fn: layer.fn, alpha: layer.alpha ?? DEFAULT_LEAKY_ALPHA });
    } else {
      return { unsupported: `the fast path has no ${layer.kind} layer ("${name}")` };
    }
  }
  const firstDense = layers.findIndex((l) => l.kind === 'dense');
  const readsInput = firstDense >= 0 && layers.slice(0, firstDense).every((l) => l.kind === 'activation' && isIdentityActivation(l.fn));
  return { layers, tensors, parameterFloats: offset, inputSize: spec.inputSize, outputSize: size, inputDense: readsInput ? firstDense : -1 };
}
