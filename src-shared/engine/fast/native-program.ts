/**
 * The program the native kernels' trainStep and inference follow: the network's layers and every
 * buffer's place in the heap, as Int32 words (the layout is the contract with native/src; see
 * /native/README.md). Written once per scratch layout, so a step is one call.
 */
import type { ActivationKind, LossKind, OutputKind } from '../spec';
import type { OptimizerKind } from '../optimizers/registry';
import type { NetworkPlan } from './network-plan';
import { SPARSE_MAX_DENSITY, type ScratchLayout } from './scratch-layout';

export const PROGRAM_MAGIC = 0x44570001;
const HEADER_WORDS = 32;
const LAYER_WORDS = 8;

/** Each kind's code in the program: Records, so a new kind does not compile until it has one (or null: no native kernel). */
export const nativeActivationCodes: Record<ActivationKind, number | null> = { relu: 0, 'leaky-relu': 1, tanh: 2, sigmoid: 3, linear: 4 };
export const nativeOptimizerCodes: Record<OptimizerKind, number | null> = { gd: 0, momentum: 1, rmsprop: 2, adam: 3 };
export const nativeLossCodes: Record<OutputKind, Partial<Record<LossKind, number>>> = {
  softmax: { 'categorical-crossentropy': 0 },
  sigmoid: { 'binary-crossentropy': 1, mse: 2 },
  linear: { mse: 3 },
};

export interface ProgramParts {
  plan: NetworkPlan;
  scratch: ScratchLayout;
  blocks: { values: number; grads: number; v: number; s: number };
  output: OutputKind;
  loss: LossKind;
  optimizer: OptimizerKind;
  /** Whether the first layer may skip the input's zeros. */
  zeroSkipping: boolean;
}

/** Bytes the program of this plan takes. */
export function programBytes(plan: NetworkPlan): number {
  const weights = plan.tensors.filter((t) => t.role === 'weight').length;
  return (HEADER_WORDS + LAYER_WORDS * plan.layers.length + 2 * weights) * 4;
}

/** Writes the program at byte offset `at` of the heap. */
export function writeProgram(heap: ArrayBuffer, at: number, parts: ProgramParts): void {
  const { plan, scratch, blocks } = parts;
  const words = new Int32Array(heap, at, programBytes(plan) / 4);
  const floatBits = (value: number) => new Int32Array(new Float32Array([value]).buffer)[0]!;
  const loss = nativeLossCodes[parts.output][parts.loss];
  const optimizer = nativeOptimizerCodes[parts.optimizer];
  if (loss === undefined || optimizer === null) throw new Error(`The native kernels have no ${parts.output} + ${parts.loss} loss or no ${parts.optimizer} update.`);
  const weights = plan.tensors.filter((t) => t.role === 'weight');
  const sparse = scratch.sparse;
  words.fill(0);
  words.set([
    PROGRAM_MAGIC,
    plan.layers.length,
    plan.inputSize,
    plan.outputSize,
    loss,
    optimizer,
    plan.parameterFloats,
    blocks.values,
    blocks.grads,
    blocks.v,
    blocks.s,
    scratch.input,
    scratch.targets,
    scratch.predictions,
    plan.layers.findIndex((l) => l.kind === 'dense'),
    parts.zeroSkipping && sparse ? plan.inputDense : -1,
    sparse?.limit ?? 0,
    floatBits(SPARSE_MAX_DENSITY),
    sparse?.rowStarts ?? 0,
    sparse?.columns ?? 0,
    sparse?.values ?? 0,
    sparse?.colStarts ?? 0,
    sparse?.rowIndex ?? 0,
    sparse?.colValues ?? 0,
    sparse?.cursor ?? 0,
    weights.length,
    HEADER_WORDS + LAYER_WORDS * plan.layers.length,
  ]);
  plan.layers.forEach((layer, i) => {
    const at = HEADER_WORDS + LAYER_WORDS * i;
    const output = scratch.outputs[i]!;
    const gradient = scratch.gradients[i]!;
    if (layer.kind === 'dense') {
      const bias = layer.bias ? blocks.values + layer.bias.offset * 4 : 0;
      words.set([0, layer.inputSize, layer.outputSize, blocks.values + layer.weights.offset * 4, bias, output, gradient, 0], at);
    } else {
      const code = nativeActivationCodes[layer.fn];
      if (code === null) throw new Error(`The native kernels have no ${layer.fn} activation.`);
      words.set([1, layer.size, code, floatBits(layer.alpha), 0, output, gradient, 0], at);
    }
  });
  const list = HEADER_WORDS + LAYER_WORDS * plan.layers.length;
  weights.forEach((t, i) => words.set([blocks.values + t.offset * 4, t.length], list + 2 * i));
}
