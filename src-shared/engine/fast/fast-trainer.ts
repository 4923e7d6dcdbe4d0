/**
 * The fast path: a Trainer for dense + activation networks whose tensors and optimizer moments
 * live in one memory that its kernels work on — a WebAssembly SIMD module's memory, or a heap bound
 * to the native kernels (kernel-memory.ts). The memory is laid out once (and again only when a
 * bigger batch than ever before arrives), so a step allocates nothing. With WebAssembly a step
 * crosses from JS into the kernels a few dozen times; with the native kernels it is one call that
 * follows a program written into the heap once per layout (native-program.ts).
 *
 * It computes what the TypeScript engine computes (model.ts, losses.ts, regularization.ts,
 * optimizers.ts) in float32, and draws the initial weights with the same RNG calls in the same
 * order, so both backends start from identical weights for a seed.
 */
import { InitializerConfig, OptimizerConfig } from '../config';
import { initializeParameter } from '../initializers';
import { outputLossFor } from '../losses';
import { ModelSpec } from '../spec';
import type { TensorNorms, Trainer, WeightsDocument } from '../trainer';
import { checkedL2, noDropoutMessage, type TsTrainerOptions } from '../ts-trainer';
import { weightProblems, WeightsDocumentSchema } from '../weights';
import { instantiateKernels, type Kernels } from './kernels';
import { nativeMemory, wasmMemory, type KernelMemory } from './kernel-memory';
import { stepScalarCount, type NativeBackend } from './native-kernels';
import { nativeActivationCodes, nativeLossCodes, nativeOptimizerCodes, programBytes, writeProgram } from './native-program';
import { activationKernels } from './activation-kernels';
import { planNetwork, type NetworkPlan, type PlannedLayer } from './network-plan';
import { momentBuffers, OptimizerBookkeeping, parseOptimizerState } from './optimizer-bookkeeping';
import { fusedUpdateScalars, optimizerKernels, type OptimizerKernel, type UpdateBlocks, type UpdateScalars } from './optimizer-kernels';
import { lossKernels, type LossBuffers } from './loss-kernels';
import { layoutScratch, SPARSE_MAX_DENSITY, type ScratchLayout } from './scratch-layout';
import { Arena } from './arena';

/** The TypeScript trainer's options (the rng is forked once, as for dropout there, then draws the weights). */
export interface WasmTrainerOptions extends TsTrainerOptions {
  /** Rows the batch buffers hold at first (default 64); a bigger batch grows them once. */
  batchCapacity?: number;
  /**
   * Skip the input's zeros in the first layer's two products when a batch is sparse enough
   * (default true; see assembly/sparse.ts). False always takes the dense product.
   */
  zeroSkipping?: boolean;
}

/** Why the fast path (either kernels) cannot run this spec, for the caller's log; null when it can. */
export function fastPathUnsupportedReason(spec: ModelSpec): string | null {
  const plan = planNetwork(ModelSpec.parse(spec));
  return 'unsupported' in plan ? plan.unsupported : null;
}

/**
 * A WebAssembly trainer for this spec, or null when the fast path cannot run it (batch norm,
 * dropout, an activation or optimizer without a kernel, or a host without WebAssembly SIMD): the
 * caller then uses the TypeScript trainer.
 */
export function createWasmTrainer(specInput: ModelSpec, options: WasmTrainerOptions): Trainer | null {
  const checked = checkedFastPath(specInput, options);
  if (!checked) return null;
  const instance = instantiateKernels(1);
  // null: this host has no WebAssembly SIMD128.
  if (!instance) return null;
  return new FastTrainer(wasmMemory(instance), checked, options);
}

/**
 * A trainer on the native kernels (native-kernels.ts), or null when the fast path cannot run this
 * spec or the native kernels have no code for one of its kinds.
 */
export function createNativeTrainer(specInput: ModelSpec, options: WasmTrainerOptions, backend: NativeBackend): Trainer | null {
  const checked = checkedFastPath(specInput, options);
  if (!checked) return null;
  const { spec, plan, optimizer } = checked;
  if (nativeOptimizerCodes[optimizer.kind] === null || nativeLossCodes[spec.output.activation][spec.output.loss] === undefined) return null;
  if (plan.layers.some((layer) => layer.kind === 'activation' && nativeActivationCodes[layer.fn] === null)) return null;
  return new FastTrainer(nativeMemory(backend), checked, options);
}

interface CheckedFastPath {
  spec: ModelSpec;
  plan: NetworkPlan;
  initializer: InitializerConfig;
  optimizer: OptimizerConfig;
  updateKernel: OptimizerKernel;
  capacity: number;
}

function checkedFastPath(specInput: ModelSpec, options: WasmTrainerOptions): CheckedFastPath | null {
  const spec = ModelSpec.parse(specInput);
  // Refuses output/loss pairs the engine does not allow, with the engine's own message.
  outputLossFor(spec.output.activation, spec.output.loss);
  const plan = planNetwork(spec);
  if ('unsupported' in plan) return null;
  const initializer = InitializerConfig.parse(options.initializer);
  const optimizer = OptimizerConfig.parse(options.optimizer);
  const updateKernel = optimizerKernels[optimizer.kind];
  if (!updateKernel) return null;
  checkedL2(options.l2);
  const capacity = options.batchCapacity ?? 64;
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`batchCapacity must be a whole number ≥ 1, got ${capacity}.`);
  return { spec, plan, initializer, optimizer, updateKernel, capacity };
}

/** Byte offsets of the parameter-sized blocks. */
interface ParameterBlocks {
  values: number;
  grads: number;
  /** First moment / velocity, or -1. */
  v: number;
  /** Second moment, or -1. */
  s: number;
  end: number;
}

class FastTrainer implements Trainer {
  readonly backend: 'wasm' | 'native';
  readonly spec: ModelSpec;
  private readonly plan: NetworkPlan;
  private readonly blocks: ParameterBlocks;
  private scratch: ScratchLayout;
  /** A view on the whole memory, renewed whenever the memory grows. */
  private heap: Float32Array;
  private readonly bookkeeping: OptimizerBookkeeping;
  private readonly outputUnits: number;
  /** Layers before the first dense one get no gradient: nothing upstream of them learns. */
  private readonly firstDense: number;
  /** Whether the last forward pass compressed the input (then backward uses the sparse dL/dW too). */
  private inputWasSparse = false;
  private disposed = false;
  private readonly lossBuffers: LossBuffers = { logits: 0, targets: 0, predictions: 0, dLdZ: 0, rows: 0, units: 0 };
  private readonly updateBlocks: UpdateBlocks;
  private readonly updateKernel: OptimizerKernel;
  private readonly updateScalars: UpdateScalars;
  /** The native whole step's scalars (rate, λ, then the optimizer's: fusedScalars, a view of the rest), rewritten every step. */
  private readonly stepScalars = new Float64Array(stepScalarCount);
  private readonly fusedScalars = this.stepScalars.subarray(2);
  private l2: number;
  private readonly zeroSkipping: boolean;
  /** Byte offset of the native kernels' program (−1 with WebAssembly, which takes steps kernel by kernel). */
  private readonly program: number;

  constructor(
    private readonly memory: KernelMemory,
    { spec, plan, initializer, optimizer, updateKernel, capacity }: CheckedFastPath,
    options: WasmTrainerOptions,
  ) {
    this.backend = memory.backend;
    this.spec = spec;
    this.plan = plan;
    this.l2 = options.l2;
    this.zeroSkipping = options.zeroSkipping ?? true;
    const rng = options.rng;
    this.outputUnits = plan.outputSize;
    this.firstDense = plan.layers.findIndex((l) => l.kind === 'dense');
    this.bookkeeping = new OptimizerBookkeeping(optimizer);
    this.updateKernel = updateKernel;
    // Lay out the parameter blocks after the kernels' constants, then the program, then the batch scratch.
    const arena = new Arena(this.k.heapBase());
    const moments = momentBuffers[optimizer.kind];
    const p = plan.parameterFloats;
    this.blocks = {
      values: arena.floats(p),
      grads: arena.floats(p),
      v: moments.v ? arena.floats(p) : -1,
      s: moments.s ? arena.floats(p) : -1,
      end: 0,
    };
    this.program = memory.fused ? arena.bytes(programBytes(plan)) : -1;
    this.blocks.end = arena.end;
    this.updateBlocks = { values: this.blocks.values, grads: this.blocks.grads, v: this.blocks.v, s: this.blocks.s, n: p };
    this.updateScalars = { learningRate: 0, hyper: this.bookkeeping.hyper, beta1Power: 1, beta2Power: 1 };
    this.lossBuffers.units = this.outputUnits;
    this.scratch = layoutScratch(plan, capacity, this.blocks.end);
    this.heap = new Float32Array(0);
    this.growTo(this.scratch.end);
    this.writeProgram();

    // Same draws, same order as model.ts: one fork (the dropout stream), then W (and b) per dense layer.
    rng.fork();
    for (const layer of plan.layers) {
      if (layer.kind !== 'dense') continue;
      const fans = { fanIn: layer.inputSize, fanOut: layer.outputSize };
      initializeParameter(this.tensorView(this.blocks.values, layer.weights), 'weight', initializer, fans, rng);
      if (layer.bias) initializeParameter(this.tensorView(this.blocks.values, layer.bias), 'bias', initializer, fans, rng);
    }
  }

  step(x: Float32Array, y: Float32Array, batchSize: number, learningRate: number): number {
    this.checkBatch(x, batchSize, this.plan.inputSize, 'inputs');
    this.checkBatch(y, batchSize, this.outputUnits, 'targets');
    if (!Number.isFinite(learningRate) || learningRate < 0) throw new Error(`The learning rate must be a finite number ≥ 0, got ${learningRate}.`);
    this.ensureCapacity(batchSize);
    const s = this.scratch;
    this.heap.set(leading(x, batchSize * this.plan.inputSize), s.input >> 2);
    this.heap.set(leading(y, batchSize * this.outputUnits), s.targets >> 2);
    const fused = this.memory.fused;
    if (fused) {
      this.bookkeeping.advance();
      const scalars = this.stepScalars;
      scalars[0] = learningRate;
      scalars[1] = this.l2;
      fusedUpdateScalars[this.bookkeeping.kind](this.bookkeeping, this.fusedScalars);
      return fused.trainStep(this.program, batchSize, scalars);
    }
    this.forward(batchSize);
    const loss = this.lossAndOutputGradient(batchSize);
    this.backward(batchSize);
    const penalty = this.l2 > 0 ? this.applyL2(batchSize) : 0;
    this.update(learningRate);
    return loss + penalty;
  }

  predict(x: Float32Array, n: number): Float32Array {
    return this.inference(x, n, true);
  }

  logits(x: Float32Array, n: number): Float32Array {
    return this.inference(x, n, false);
  }

  /** n rows in batches of the scratch capacity: the output activations, or the logits when `activate` is false. */
  private inference(x: Float32Array, n: number, activate: boolean): Float32Array {
    const out = new Float32Array(n * this.outputUnits);
    if (n === 0) return out;
    this.checkBatch(x, n, this.plan.inputSize, 'inputs');
    // Evaluation passes whole data sets: in chunks of up to inferenceRows, not of the batch size
    // (every epoch's evaluation made two views and a call per chunk, garbage in a hot loop).
    this.ensureCapacity(Math.min(n, inferenceRows));
    const s = this.scratch;
    const inputSize = this.plan.inputSize;
    const units = this.outputUnits;
    const logits = s.outputs[s.outputs.length - 1]!;
    const result = activate ? s.predictions : logits;
    for (let start = 0; start < n; start += s.capacity) {
      const rows = Math.min(s.capacity, n - start);
      this.heap.set(x.subarray(start * inputSize, (start + rows) * inputSize), s.input >> 2);
      const count = rows * units;
      if (this.memory.fused) {
        this.memory.fused.inference(this.program, rows, activate ? 1 : 0);
      } else {
        this.forward(rows);
        if (activate) this.activateOutput(logits, s.predictions, rows, units);
      }
      out.set(this.heap.subarray(result >> 2, (result >> 2) + count), start * units);
    }
    return out;
  }

  /** ŷ = the output activation of the logits, for rows × units values. */
  private activateOutput(logits: number, predictions: number, rows: number, units: number): void {
    const count = rows * units;
    switch (this.spec.output.activation) {
      case 'softmax':
        this.k.softmaxRows(logits, predictions, rows, units);
        break;
      case 'sigmoid':
        this.k.sigmoidForward(logits, predictions, count);
        break;
      case 'linear':
        this.heap.copyWithin(predictions >> 2, logits >> 2, (logits >> 2) + count);
        break;
    }
  }

  setHyperparameters(hyper: Parameters<Trainer['setHyperparameters']>[0]): void {
    this.bookkeeping.setHyperparameters(hyper);
  }

  setL2(lambda: number): void {
    this.l2 = checkedL2(lambda);
  }

  /** The fast path runs no dropout (planNetwork refuses it), so there is never a keep probability to change. */
  setKeepProb(_keepProb: number): void {
    throw new Error(noDropoutMessage);
  }

  norms(): TensorNorms[] {
    this.checkAlive();
    return this.plan.tensors.map((t) => ({
      name: t.name,
      layer: t.layer,
      gradNorm: Math.sqrt(this.k.sumOfSquares(this.blocks.grads + t.offset * 4, t.length)),
      weightNorm: Math.sqrt(this.k.sumOfSquares(this.blocks.values + t.offset * 4, t.length)),
    }));
  }

  exportWeights(): WeightsDocument {
    this.checkAlive();
    const tensors: WeightsDocument['tensors'] = {};
    for (const t of this.plan.tensors) tensors[t.name] = { rows: t.rows, cols: t.cols, values: Array.from(this.tensorView(this.blocks.values, t)) };
    return { format: 'deepwire-weights', version: 1, spec: this.spec, tensors };
  }

  importWeights(input: WeightsDocument): void {
    this.checkAlive();
    const parsed = WeightsDocumentSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`These are not Deepwire weights: ${issue ? `${issue.path.join('.') || '(document)'}: ${issue.message}` : 'invalid document'}.`);
    }
    const problems = weightProblems(this.spec, parsed.data.tensors);
    if (problems.length > 0) throw new Error(`The weights do not fit this model: ${problems.join(' ')}`);
    for (const t of this.plan.tensors) this.tensorView(this.blocks.values, t).set(parsed.data.tensors[t.name]!.values);
  }

  optimizerState(): unknown {
    this.checkAlive();
    const moments: Record<string, { v?: number[]; s?: number[] }> = {};
    for (const t of this.plan.tensors) {
      const saved: { v?: number[]; s?: number[] } = {};
      if (this.blocks.v >= 0) saved.v = Array.from(this.tensorView(this.blocks.v, t));
      if (this.blocks.s >= 0) saved.s = Array.from(this.tensorView(this.blocks.s, t));
      moments[t.name] = saved;
    }
    return this.bookkeeping.toState(moments);
  }

  restoreOptimizerState(input: unknown): void {
    this.checkAlive();
    // Check every tensor's moments before touching anything, so a bad state changes nothing.
    const state = parseOptimizerState(input, this.bookkeeping.kind);
    const keeps = momentBuffers[state.kind];
    for (const [name, m] of Object.entries(state.moments)) {
      const tensor = this.plan.tensors.find((t) => t.name === name);
      if (!tensor) throw new Error(`The saved optimizer state has moments for "${name}", which this model does not have.`);
      if (keeps.v !== (m.v !== undefined) || keeps.s !== (m.s !== undefined)) throw new Error(`The saved ${state.kind} state for "${name}" lacks the moments ${state.kind} keeps.`);
      for (const values of [m.v, m.s]) {
        if (values && values.length !== tensor.length) throw new Error(`Optimizer state for "${name}" has ${values.length} values but the tensor has ${tensor.length}.`);
      }
    }
    this.bookkeeping.restore(state);
    for (const t of this.plan.tensors) {
      const m = state.moments[t.name];
      if (this.blocks.v >= 0) this.tensorView(this.blocks.v, t).set(m?.v ?? new Array<number>(t.length).fill(0));
      if (this.blocks.s >= 0) this.tensorView(this.blocks.s, t).set(m?.s ?? new Array<number>(t.length).fill(0));
    }
  }

  dispose(): void {
    // Dropping the view lets the memory be collected with the instance (or the native heap with this trainer).
    this.disposed = true;
    this.heap = new Float32Array(0);
  }

  // ---- the step, in kernel calls ----

  private forward(rows: number): void {
    const s = this.scratch;
    const k = this.k;
    const values = this.blocks.values;
    let input = s.input;
    for (let i = 0; i < this.plan.layers.length; i++) {
      const layer = this.plan.layers[i]!;
      const output = s.outputs[i]!;
      if (layer.kind === 'dense') {
        const bias = layer.bias ? values + layer.bias.offset * 4 : 0;
        const weights = values + layer.weights.offset * 4;
        if (i === this.plan.inputDense && this.zeroSkipping && this.compressInput(rows)) {
          // Z = X·W + b over X's nonzeros only
          const sp = s.sparse!;
          k.compressedTimesDense(rows, sp.rowStarts, sp.columns, sp.values, weights, layer.outputSize, bias, output);
        } else {
          // Z = X·W + b
          k.gemm(input, weights, output, rows, layer.inputSize, layer.outputSize, 0, 0, 0, bias, s.packA, s.packB);
        }
      } else {
        activationForward(k, layer, input, output, rows * layer.size);
      }
      input = output;
    }
  }

  /** Compresses the input batch; true when it is sparse enough for the zero-skipping products. */
  private compressInput(rows: number): boolean {
    const s = this.scratch;
    const sp = s.sparse!;
    const count = this.k.compressRows(s.input, rows, this.plan.inputSize, sp.rowStarts, sp.columns, sp.values, Math.min(sp.limit, Math.floor(rows * this.plan.inputSize * SPARSE_MAX_DENSITY)));
    this.inputWasSparse = count >= 0;
    return this.inputWasSparse;
  }

  /** Writes ∂L/∂logits (already divided by m) and returns the batch's mean data loss. */
  private lossAndOutputGradient(rows: number): number {
    const s = this.scratch;
    const { activation, loss } = this.spec.output;
    const kernel = lossKernels[activation][loss];
    // createWasmTrainer refused pairs the engine does not allow (outputLossFor)
    if (!kernel) throw new Error(`The fast path has no fused ${activation} + ${loss} loss.`);
    // one reused object, so a step allocates nothing
    const b = this.lossBuffers;
    b.logits = s.outputs[s.outputs.length - 1]!;
    b.targets = s.targets;
    b.predictions = s.predictions;
    b.dLdZ = s.gradients[s.gradients.length - 1]!;
    b.rows = rows;
    return kernel(this.k, b);
  }

  private backward(rows: number): void {
    const s = this.scratch;
    const k = this.k;
    const { values, grads } = this.blocks;
    const layers = this.plan.layers;
    const firstDense = this.firstDense;
    // No dense layer: no parameter learns, so no gradient is needed anywhere.
    if (firstDense < 0) return;
    for (let i = layers.length - 1; i >= 0 && i >= firstDense; i--) {
      const layer = layers[i]!;
      const dLdOut = s.gradients[i]!;
      const input = i > 0 ? s.outputs[i - 1]! : s.input;
      const dLdIn = i > 0 ? s.gradients[i - 1]! : -1;
      if (layer.kind === 'dense') {
        const dLdW = grads + layer.weights.offset * 4;
        if (i === this.plan.inputDense && this.zeroSkipping && this.inputWasSparse) {
          // dL/dW = Xᵀ·dL/dZ over X's nonzeros, from X's compressed columns
          const sp = s.sparse!;
          k.transposeCompressed(rows, layer.inputSize, sp.rowStarts, sp.columns, sp.values, sp.colStarts, sp.rowIndex, sp.colValues, sp.cursor);
          k.compressedTimesDense(layer.inputSize, sp.colStarts, sp.rowIndex, sp.colValues, dLdOut, layer.outputSize, 0, dLdW);
        } else {
          // dL/dW = Xᵀ·dL/dZ
          k.gemm(input, dLdOut, dLdW, layer.inputSize, rows, layer.outputSize, 1, 0, 0, 0, s.packA, s.packB);
        }
        // dL/db = Σ_rows dL/dZ
        if (layer.bias) k.columnSums(dLdOut, grads + layer.bias.offset * 4, rows, layer.outputSize);
        // dL/dX = dL/dZ·Wᵀ
        if (i > firstDense) {
          k.gemm(dLdOut, values + layer.weights.offset * 4, dLdIn, rows, layer.outputSize, layer.inputSize, 0, 1, 0, 0, s.packA, s.packB);
        }
      } else if (i > firstDense) {
        activationBackward(k, layer, input, s.outputs[i]!, dLdOut, dLdIn, rows * layer.size);
      }
    }
  }

  /** dW += (λ/m)·W for every weight; returns λ/(2m)·ΣW² (before the update, as the TypeScript engine does). */
  private applyL2(rows: number): number {
    const { values, grads } = this.blocks;
    let sum = 0;
    for (const t of this.plan.tensors) {
      if (t.role !== 'weight') continue;
      this.k.addScaled(values + t.offset * 4, grads + t.offset * 4, t.length, this.l2 / rows);
      sum += this.k.sumOfSquares(values + t.offset * 4, t.length);
    }
    return (this.l2 / (2 * rows)) * sum;
  }

  private update(learningRate: number): void {
    const book = this.bookkeeping;
    book.advance();
    // one reused object, so a step allocates nothing
    const scalars = this.updateScalars;
    scalars.learningRate = learningRate;
    scalars.hyper = book.hyper;
    scalars.beta1Power = book.beta1Power;
    scalars.beta2Power = book.beta2Power;
    this.updateKernel(this.k, this.updateBlocks, scalars);
  }

  // ---- memory ----

  /** Grows the batch scratch (never the parameter blocks, which stay in place) to hold `rows`. */
  private ensureCapacity(rows: number): void {
    if (rows <= this.scratch.capacity) return;
    const next = layoutScratch(this.plan, Math.max(rows, this.scratch.capacity * 2), this.blocks.end);
    this.growTo(next.end);
    this.scratch = next;
    this.writeProgram();
  }

  /** Makes the memory at least `bytes` long and renews the view (growing detaches the old one). */
  private growTo(bytes: number): void {
    this.memory.ensure(bytes);
    this.heap = new Float32Array(this.memory.buffer);
  }

  /** The native kernels' program for the current layout (nothing to write for WebAssembly). */
  private writeProgram(): void {
    if (this.program < 0) return;
    const { values, grads, v, s } = this.blocks;
    writeProgram(this.memory.buffer, this.program, {
      plan: this.plan,
      scratch: this.scratch,
      blocks: { values, grads, v, s },
      output: this.spec.output.activation,
      loss: this.spec.output.loss,
      optimizer: this.bookkeeping.kind,
      zeroSkipping: this.zeroSkipping,
    });
  }

  /** The kernels of the memory as it is now (the native ones are bound anew when it grows). */
  private get k(): Kernels {
    return this.memory.kernels;
  }

  private tensorView(block: number, t: { offset: number; length: number }): Float32Array {
    return this.heap.subarray((block >> 2) + t.offset, (block >> 2) + t.offset + t.length);
  }

  private checkBatch(values: Float32Array, rows: number, width: number, what: string): void {
    this.checkAlive();
    if (!Number.isInteger(rows) || rows < 1) throw new Error(`The batch size must be a whole number ≥ 1, got ${rows}.`);
    if (values.length < rows * width) throw new Error(`Expected ${rows} rows of ${width} ${what}, got only ${values.length} values.`);
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error('This trainer has been disposed.');
  }
}

/** The most rows an inference pass takes at once (the scratch grows to it once: 256 rows of MNIST's 784 inputs is 0.8 MB). */
const inferenceRows = 256;

/** The first `length` values, without allocating a view when that is the whole array. */
function leading(values: Float32Array, length: number): Float32Array {
  return values.length === length ? values : values.subarray(0, length);
}

function activationForward(k: Kernels, layer: Extract<PlannedLayer, { kind: 'activation' }>, z: number, a: number, n: number): void {
  const kernels = activationKernels[layer.fn];
  // 'identity': a is z (the scratch layout aliases them); null never reaches here (planNetwork refuses it)
  if (kernels === null) throw new Error(`The fast path has no kernel for the ${layer.fn} activation.`);
  if (kernels !== 'identity') kernels.forward(k, z, a, n, layer.alpha);
}

function activationBackward(k: Kernels, layer: Extract<PlannedLayer, { kind: 'activation' }>, z: number, a: number, dLdA: number, dLdZ: number, n: number): void {
  const kernels = activationKernels[layer.fn];
  // 'identity': dL/dz is dL/da (the scratch layout aliases them)
  if (kernels === null) throw new Error(`The fast path has no kernel for the ${layer.fn} activation.`);
  if (kernels !== 'identity') kernels.backward(k, z, a, dLdA, dLdZ, n, layer.alpha);
}
