/**
 * The plain TypeScript backend of the Trainer interface: every model the spec can describe, in
 * float32; the reference the WebAssembly fast path is tested against.
 */
import type { z } from 'zod';
import type { InitializerConfig, OptimizerConfig } from './config';
import { sumOfSquares } from './matrix';
import { DropoutLayer } from './layers/dropout';
import { buildModel, type Model } from './model';
import { createOptimizer } from './optimizers';
import type { Rng } from './rng';
import type { ModelSpec } from './spec';
import type { Trainer } from './trainer';
import { INFERENCE, TRAINING } from './types';
import { exportModelWeights, importModelWeights } from './weights';

export interface TsTrainerOptions {
  initializer: InitializerConfig;
  /** Schema defaults apply, so `{ kind: 'adam' }` is enough. */
  optimizer: z.input<typeof OptimizerConfig>;
  /** L2 strength λ (0: none). */
  l2: number;
  /** Initial weights and dropout masks (see buildModel). */
  rng: Rng;
}

/** Rows predicted per pass, so a large predict neither allocates per row nor grows buffers without bound. */
const PREDICT_CHUNK = 512;

export interface TsTrainer extends Trainer {
  readonly backend: 'ts';
  /** The underlying model (float32), for gradient checks and tests. */
  readonly model: Model<Float32Array>;
}

export function createTsTrainer(spec: ModelSpec, options: TsTrainerOptions): TsTrainer {
  checkedL2(options.l2);
  const model = buildModel<Float32Array>(spec, { initializer: options.initializer, rng: options.rng, dtype: 'float32' });
  const optimizer = createOptimizer(options.optimizer);
  let l2 = options.l2;
  const dropouts = model.layers.filter((layer): layer is DropoutLayer<Float32Array> => layer instanceof DropoutLayer);
  let chunkOutput = new Float32Array(0);

  /** Runs `pass` over n rows in chunks of PREDICT_CHUNK, each writing rows × units into a reused buffer. */
  const inChunks = (x: Float32Array, n: number, pass: (rowsX: Float32Array, rows: number, out: Float32Array) => void): Float32Array => {
    const units = model.outputSize;
    const out = new Float32Array(n * units);
    const chunk = Math.min(PREDICT_CHUNK, n);
    if (chunkOutput.length < chunk * units) chunkOutput = new Float32Array(chunk * units);
    for (let start = 0; start < n; start += PREDICT_CHUNK) {
      const rows = Math.min(PREDICT_CHUNK, n - start);
      pass(x.subarray(start * model.inputSize, (start + rows) * model.inputSize), rows, chunkOutput);
      out.set(chunkOutput.subarray(0, rows * units), start * units);
    }
    return out;
  };

  return {
    spec: model.spec,
    backend: 'ts',
    model,
    step(x, y, batchSize, learningRate) {
      const loss = model.lossAndGradient(x, y, batchSize, TRAINING, l2);
      optimizer.step(model.parameters, learningRate);
      return loss;
    },
    predict(x, n) {
      return inChunks(x, n, (rowsX, rows, out) => model.predict(rowsX, rows, out));
    },
    logits(x, n) {
      return inChunks(x, n, (rowsX, rows, out) => out.set(model.forward(rowsX, rows, INFERENCE).subarray(0, rows * model.outputSize)));
    },
    setHyperparameters(hyper) {
      optimizer.setHyperparameters(hyper);
    },
    setL2(lambda) {
      l2 = checkedL2(lambda);
    },
    setKeepProb(keepProb) {
      if (dropouts.length === 0) throw new Error(noDropoutMessage);
      for (const layer of dropouts) layer.keepProb = keepProb;
    },
    norms() {
      return model.parameters.map((p) => ({
        name: p.name,
        layer: p.layer,
        gradNorm: Math.sqrt(sumOfSquares(p.grad)),
        weightNorm: Math.sqrt(sumOfSquares(p.value)),
      }));
    },
    exportWeights: () => exportModelWeights(model),
    importWeights(weights) {
      importModelWeights(model, weights);
    },
    optimizerState: () => optimizer.getState(),
    restoreOptimizerState(state) {
      optimizer.setState(state);
    },
    dispose() {
      // Plain typed arrays: the garbage collector frees them.
    },
  };
}

/** What setKeepProb says when there is nothing to change. */
export const noDropoutMessage = 'This network has no dropout layer, so there is no keep probability to change; add a Dropout layer to the design.';

export function checkedL2(lambda: number): number {
  if (!(lambda >= 0 && Number.isFinite(lambda))) throw new Error(`L2 strength λ must be a finite number ≥ 0, got ${lambda}.`);
  return lambda;
}
