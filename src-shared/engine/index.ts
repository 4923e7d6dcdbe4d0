/**
 * The engine's public API: the plain TypeScript neural-network math (the test oracle), shared by
 * the training loop, the CLI and the WebAssembly fast path's tests.
 *
 * Layout convention: row-major, one sample per row; a dense layer's W is fan_in × fan_out and
 * Z = X·W + b (see matrix.ts). Tensor names: see naming.ts.
 */
export * from './spec';
export * from './config';
export type { Trainer, TensorNorms, WeightsDocument } from './trainer';

export { createRng, type Rng } from './rng';
export { allocate, dtypeOf, TRAINING, INFERENCE, GRADIENT_CHECK } from './types';
export type { FloatArray, Dtype, ParameterRole, ParameterTensor, StateTensor, ForwardMode } from './types';
export { matMul, matMulTransposeA, matMulTransposeB, addRowVector, sumRows, sumOfSquares, transpose } from './matrix';

export type { Layer } from './layers/layer';
export { DenseLayer } from './layers/dense';
export { ActivationLayer } from './layers/activation';
export { activations, hiddenActivationKinds, sigmoid, DEFAULT_LEAKY_ALPHA, type ActivationDescriptor } from './activations';
export { SoftmaxLayer, softmaxRows } from './layers/softmax';
export { BatchNormLayer } from './layers/batchnorm';
export { DropoutLayer } from './layers/dropout';

export { outputLossFor, softmaxCrossEntropy, sigmoidBinaryCrossEntropy, linearMeanSquaredError, sigmoidMeanSquaredError, type OutputLoss } from './losses';
export { l2Penalty, addL2Gradient } from './regularization';
export { initializerRegistry, initializerStandardDeviation, initializeParameter, parseInitializerConfig, type Fans } from './initializers';
export {
  createOptimizer,
  optimizerRegistry,
  optimizers,
  hyperparametersOf,
  hyperparameterNames,
  hyperparameterSpecs,
  momentsOf,
  optimizersWith,
  OptimizerState,
  type HyperparameterName,
  type OptimizerDescriptor,
  type Optimizer,
  type OptimizerParameter,
} from './optimizers';
export { bounds, boundedNumber, describeRange, inRange, type NumberRange } from './bounds';
export { scheduleRegistry, scheduleFactor, learningRateAt, LearningRateController } from './schedules';
export { createMiniBatches, gatherRows, type BatchSize, type MiniBatches } from './batches';
export { ExponentialAverage, smoothSeries } from './ewa';

export { layerNames, tensorLayout, type TensorLayout } from './naming';
export { buildModel, type Model, type BuildOptions } from './model';
export { mlpSpec, type MlpOptions } from './mlp';
export { createTsTrainer, type TsTrainer, type TsTrainerOptions } from './ts-trainer';
export { exportModelWeights, importModelWeights, weightProblems, WeightsDocumentSchema, SavedTensor } from './weights';
export {
  serializeModel,
  createModelDocument,
  parseModelDocument,
  ModelDocument,
  ModelMetadata,
  InputNormalization,
  MODEL_FORMAT,
  MODEL_VERSION,
  type ParseModelResult,
  type SerializeModelInput,
} from './model-document';
export {
  gradientCheck,
  gradientCheckModel,
  compareWithNumericGradient,
  relativeDifference,
  gradientVerdict,
  type GradientCheckReport,
  type GradientCheckInput,
  type GradientCheckOptions,
  type GradientProbe,
  type GradientVerdict,
  type TensorCheck,
} from './gradcheck';
