/**
 * A model built from a ModelSpec: the layer sequence, then the output activation fused with its
 * loss. Generic over the array type: float32 trains, float64 is the gradient-check twin.
 */
import type { InitializerConfig } from './config';
import { initializeParameter } from './initializers';
import { ActivationLayer } from './layers/activation';
import { BatchNormLayer } from './layers/batchnorm';
import { DenseLayer } from './layers/dense';
import { DropoutLayer } from './layers/dropout';
import { ensureCapacity, type Layer } from './layers/layer';
import { outputLossFor, type OutputLoss } from './losses';
import { layerNames } from './naming';
import { addL2Gradient, l2Penalty } from './regularization';
import type { Rng } from './rng';
import { ModelSpec } from './spec';
import { allocate, INFERENCE, type Dtype, type FloatArray, type ForwardMode, type ParameterTensor, type StateTensor } from './types';

export interface BuildOptions {
  initializer: InitializerConfig;
  /** Forked once for the dropout masks, then draws the initial weights in spec order. */
  rng: Rng;
  /** 'float32' (default) to train, 'float64' for gradient checks. */
  dtype?: Dtype;
}

export interface Model<A extends FloatArray = FloatArray> {
  readonly spec: ModelSpec;
  readonly dtype: Dtype;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly layers: readonly Layer<A>[];
  readonly outputLoss: OutputLoss;
  /** Every trainable tensor in layer order (dense1.W, dense1.b, bn1.gamma, …). */
  readonly parameters: readonly ParameterTensor<A>[];
  /** Saved but not trained: batch-norm running statistics. */
  readonly state: readonly StateTensor<A>[];
  /** Logits of the last layer for the first batchSize rows of x (the model's own buffer). */
  forward(x: A, batchSize: number, mode: ForwardMode): A;
  /** Mean loss of a batch, plus λ/(2m)·ΣW² when l2 > 0; no gradients. */
  loss(x: A, y: A, batchSize: number, mode: ForwardMode, l2: number): number;
  /** Forward, loss and backward: writes every parameter's grad (including (λ/m)·W) and returns the loss. */
  lossAndGradient(x: A, y: A, batchSize: number, mode: ForwardMode, l2: number): number;
  /** Output activations (softmax probabilities, sigmoid, or values) in inference mode, into `out`. */
  predict(x: A, batchSize: number, out: A): A;
}

export function buildModel<A extends FloatArray = Float32Array>(specInput: ModelSpec, options: BuildOptions): Model<A> {
  const parsed = ModelSpec.safeParse(specInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid model spec at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown problem'}.`);
  }
  const spec = parsed.data;
  const dtype = options.dtype ?? 'float32';
  const outputLoss = outputLossFor(spec.output.activation, spec.output.loss);
  const names = layerNames(spec);
  // Dropout gets its own stream, so adding dropout never changes the initial weights.
  const dropoutRng = options.rng.fork();
  const initRng = options.rng;
  const layers: Layer<A>[] = [];
  let size = spec.inputSize;
  spec.layers.forEach((layerSpec, index) => {
    const name = names[index]!;
    switch (layerSpec.kind) {
      case 'dense': {
        const dense = new DenseLayer<A>(name, size, layerSpec.units, layerSpec.useBias, dtype);
        const fans = { fanIn: size, fanOut: layerSpec.units };
        for (const p of dense.parameters) initializeParameter(p.value, p.role, options.initializer, fans, initRng);
        layers.push(dense);
        size = layerSpec.units;
        break;
      }
      case 'activation':
        layers.push(new ActivationLayer<A>(name, size, layerSpec.fn, layerSpec.alpha, dtype));
        break;
      case 'batchnorm':
        layers.push(new BatchNormLayer<A>(name, size, layerSpec.momentum, layerSpec.epsilon, dtype));
        break;
      case 'dropout':
        layers.push(new DropoutLayer<A>(name, size, layerSpec.keepProb, dropoutRng, dtype));
        break;
    }
  });
  return assembleModel(spec, dtype, layers, outputLoss);
}

function assembleModel<A extends FloatArray>(spec: ModelSpec, dtype: Dtype, layers: Layer<A>[], outputLoss: OutputLoss): Model<A> {
  const parameters = layers.flatMap((layer) => layer.parameters);
  const state = layers.flatMap((layer) => layer.state);
  const outputSize = layers[layers.length - 1]!.outputSize;
  let lossGradient = allocate<A>(dtype, 0);

  const forward = (x: A, batchSize: number, mode: ForwardMode): A => {
    if (x.length < batchSize * spec.inputSize) {
      throw new Error(`Expected ${batchSize} rows of ${spec.inputSize} inputs, got only ${x.length} values.`);
    }
    let activations = x;
    for (const layer of layers) activations = layer.forward(activations, batchSize, mode);
    return activations;
  };

  const checkTargets = (y: A, batchSize: number): void => {
    if (y.length < batchSize * outputSize) throw new Error(`Expected ${batchSize} rows of ${outputSize} targets, got only ${y.length} values.`);
  };

  return {
    spec,
    dtype,
    inputSize: spec.inputSize,
    outputSize,
    layers,
    outputLoss,
    parameters,
    state,
    forward,
    loss(x, y, batchSize, mode, l2) {
      checkTargets(y, batchSize);
      const logits = forward(x, batchSize, mode);
      return outputLoss.lossAndGradient(logits, y, batchSize, outputSize, null) + l2Penalty(parameters, l2, batchSize);
    },
    lossAndGradient(x, y, batchSize, mode, l2) {
      checkTargets(y, batchSize);
      const logits = forward(x, batchSize, mode);
      lossGradient = ensureCapacity(lossGradient, batchSize * outputSize);
      const dataLoss = outputLoss.lossAndGradient(logits, y, batchSize, outputSize, lossGradient);
      let gradient: A | null = lossGradient;
      for (let l = layers.length - 1; l >= 0; l--) gradient = layers[l]!.backward(gradient!, batchSize, l > 0);
      addL2Gradient(parameters, l2, batchSize);
      return dataLoss + l2Penalty(parameters, l2, batchSize);
    },
    predict(x, batchSize, out) {
      if (out.length < batchSize * outputSize) throw new Error(`predict: the output buffer holds ${out.length} values, ${batchSize * outputSize} needed.`);
      const logits = forward(x, batchSize, INFERENCE);
      outputLoss.activate(logits, out, batchSize, outputSize);
      return out;
    },
  };
}
