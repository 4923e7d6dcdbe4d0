/**
 * A fast trainer (WebAssembly or native kernels) against the TypeScript trainer (the oracle) on the
 * same seed: identical initial weights, then losses, weights, gradients' norms, predictions and
 * optimizer state that agree to float32 rounding after several steps — and after 100 — for every
 * optimizer, activation and output. Each backend's test file runs it with its own factory.
 */
import { describe, expect, it } from 'vitest';
import type { InitializerConfig } from '../../config';
import { mlpSpec } from '../../mlp';
import { createRng, type Rng } from '../../rng';
import { activationKinds, type ModelSpec } from '../../spec';
import { activationKernels } from '../activation-kernels';
import { planNetwork } from '../network-plan';
import type { Trainer, WeightsDocument } from '../../trainer';
import { createTsTrainer, type TsTrainerOptions } from '../../ts-trainer';
import { fastPathUnsupportedReason, type WasmTrainerOptions } from '../fast-trainer';

interface Setup {
  initializer: InitializerConfig;
  optimizer: TsTrainerOptions['optimizer'];
  l2: number;
  seed: number;
  batchCapacity?: number;
}

function randomBatch(rng: Rng, rows: number, inputs: number, spec: ModelSpec, units: number): { x: Float32Array; y: Float32Array } {
  const x = Float32Array.from({ length: rows * inputs }, () => rng.normal());
  const y = new Float32Array(rows * units);
  for (let r = 0; r < rows; r++) {
    if (spec.output.activation === 'softmax') y[r * units + Math.floor(rng.next() * units)] = 1;
    else for (let j = 0; j < units; j++) y[r * units + j] = spec.output.loss === 'binary-crossentropy' ? (rng.next() < 0.5 ? 0 : 1) : rng.next();
  }
  return { x, y };
}

/** Largest |a − b| over every tensor of two weight documents. */
function weightDifference(a: WeightsDocument, b: WeightsDocument): number {
  let worst = 0;
  for (const [name, tensor] of Object.entries(a.tensors)) {
    const other = b.tensors[name];
    if (!other) throw new Error(`${name} is missing`);
    tensor.values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - other.values[i]!))));
  }
  return worst;
}

const outputs: { name: string; units: number; output: ModelSpec['output'] }[] = [
  { name: 'softmax + cross-entropy', units: 3, output: { activation: 'softmax', loss: 'categorical-crossentropy' } },
  { name: 'sigmoid + BCE', units: 2, output: { activation: 'sigmoid', loss: 'binary-crossentropy' } },
  { name: 'sigmoid + MSE', units: 1, output: { activation: 'sigmoid', loss: 'mse' } },
  { name: 'linear + MSE', units: 2, output: { activation: 'linear', loss: 'mse' } },
];
// Learning rates that keep each step moderate: un-corrected RMSprop's first steps are α/√(1−β2)
// (≈ 10α here) whatever |g|, so a larger α would amplify float32 rounding into visibly different runs.
const optimizers: { config: TsTrainerOptions['optimizer']; lr: number }[] = [
  { config: { kind: 'gd' }, lr: 0.05 },
  { config: { kind: 'momentum', beta: 0.9 }, lr: 0.05 },
  { config: { kind: 'rmsprop', beta2: 0.99, epsilon: 1e-8 }, lr: 0.005 },
  { config: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, lr: 0.01 },
];

/** Every hidden activation, a layer without bias, and a width that is no multiple of 4 or 8. */
function mixedSpec(output: (typeof outputs)[number]): ModelSpec {
  return {
    version: 1,
    inputSize: 5,
    layers: [
      { kind: 'dense', units: 9, useBias: true },
      { kind: 'activation', fn: 'relu' },
      { kind: 'dense', units: 12, useBias: false },
      { kind: 'activation', fn: 'tanh' },
      { kind: 'dense', units: 7, useBias: true },
      { kind: 'activation', fn: 'leaky-relu', alpha: 0.1 },
      { kind: 'dense', units: 6, useBias: true },
      { kind: 'activation', fn: 'sigmoid' },
      { kind: 'dense', units: 4, useBias: true },
      { kind: 'activation', fn: 'linear' },
      { kind: 'dense', units: output.units, useBias: true },
    ],
    output: output.output,
  };
}

export type FastTrainerFactory = (spec: ModelSpec, options: WasmTrainerOptions) => Trainer | null;

/** The moons generator (src-shared/data), passed in: the engine's layer does not import data. */
export type MoonsGenerator = (samples: number, noise: number, rng: Rng) => { x: Float32Array; y: Int32Array };

export function describeFastTrainer(backend: 'wasm' | 'native', create: FastTrainerFactory, moons: MoonsGenerator): void {
  function pair(spec: ModelSpec, setup: Setup): { ts: Trainer; wasm: Trainer } {
    const options = (rng: Rng) => ({ initializer: setup.initializer, optimizer: setup.optimizer, l2: setup.l2, rng });
    const ts = createTsTrainer(spec, options(createRng(setup.seed)));
    const wasm = create(spec, { ...options(createRng(setup.seed)), batchCapacity: setup.batchCapacity ?? 64 });
    if (!wasm) throw new Error(`the ${backend} fast path should run a dense network`);
    return { ts, wasm };
  }

  describe(`the ${backend} trainer`, () => {
    it('declines batch norm and dropout, so the caller falls back to the TypeScript trainer', () => {
      const setup = { initializer: { kind: 'he' } as const, optimizer: { kind: 'adam' } as const, l2: 0, rng: createRng(1) };
      const withBatchNorm = mlpSpec({ layers: [2, 4, 1], activation: 'relu', batchNorm: true });
      const withDropout = mlpSpec({ layers: [2, 4, 1], activation: 'relu', keepProb: 0.8 });
      expect(create(withBatchNorm, setup)).toBeNull();
      expect(create(withDropout, setup)).toBeNull();
      expect(fastPathUnsupportedReason(withBatchNorm)).toMatch(/batchnorm/);
      expect(fastPathUnsupportedReason(mlpSpec({ layers: [2, 4, 1], activation: 'relu' }))).toBeNull();
    });

    it('refuses what the engine refuses, with a message a person can act on', () => {
      const spec = mlpSpec({ layers: [2, 3, 2], activation: 'relu' });
      const setup = { initializer: { kind: 'he' } as const, optimizer: { kind: 'adam' } as const, rng: createRng(1) };
      expect(() => create(spec, { ...setup, l2: -1 })).toThrow(/L2/);
      expect(() => create({ ...spec, output: { activation: 'softmax', loss: 'mse' } }, { ...setup, l2: 0 })).toThrow(/cannot be trained with mse/);
      const trainer = create(spec, { ...setup, l2: 0 })!;
      expect(trainer.backend).toBe(backend);
      expect(() => trainer.step(new Float32Array(3), new Float32Array(4), 2, 0.1)).toThrow(/Expected 2 rows of 2 inputs/);
      expect(() => trainer.step(new Float32Array(4), new Float32Array(4), 0, 0.1)).toThrow(/batch size/);
      trainer.dispose();
      expect(() => trainer.predict(new Float32Array(2), 1)).toThrow(/disposed/);
    });

    for (const initializer of [{ kind: 'he' }, { kind: 'xavier', form: 'fan-avg' }, { kind: 'random', scale: 0.01 }, { kind: 'zeros' }] as InitializerConfig[]) {
      it(`starts from the TypeScript trainer's exact weights (${initializer.kind})`, () => {
        const { ts, wasm } = pair(mixedSpec(outputs[0]!), { initializer, optimizer: { kind: 'gd' }, l2: 0, seed: 99 });
        expect(wasm.exportWeights()).toEqual(ts.exportWeights());
      });
    }
  });

  describe(`${backend}: training agrees with the TypeScript trainer`, () => {
    for (const output of outputs) {
      for (const { config: optimizer, lr } of optimizers) {
        it(`${output.name}, ${optimizer.kind}, L2 0.05: 6 steps of varying batch sizes`, () => {
          const spec = mixedSpec(output);
          // capacity 8, then a batch of 21 grows the buffers mid-run
          const { ts, wasm } = pair(spec, { initializer: { kind: 'xavier', form: 'fan-in' }, optimizer, l2: 0.05, seed: 5, batchCapacity: 8 });
          const data = createRng(11);
          for (const rows of [8, 5, 21, 8, 1, 13]) {
            const { x, y } = randomBatch(data, rows, spec.inputSize, spec, output.units);
            const expected = ts.step(x, y, rows, lr);
            const actual = wasm.step(x, y, rows, lr);
            expect(Math.abs(actual - expected)).toBeLessThan(1e-5 * Math.max(1, Math.abs(expected)));
          }
          expect(weightDifference(wasm.exportWeights(), ts.exportWeights())).toBeLessThan(2e-5);
          const tsNorms = ts.norms();
          wasm.norms().forEach((n, i) => {
            expect(n.name).toBe(tsNorms[i]!.name);
            expect(n.layer).toBe(tsNorms[i]!.layer);
            expect(n.weightNorm).toBeCloseTo(tsNorms[i]!.weightNorm, 4);
            expect(n.gradNorm).toBeCloseTo(tsNorms[i]!.gradNorm, 4);
          });
          // predictions on more rows than the buffers hold (chunked)
          const { x } = randomBatch(data, 70, spec.inputSize, spec, output.units);
          const expectedP = ts.predict(x, 70);
          const actualP = wasm.predict(x, 70);
          expect(actualP.length).toBe(expectedP.length);
          actualP.forEach((p, i) => expect(Math.abs(p - expectedP[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(expectedP[i]!))));
          // and the logits before the output activation (what metrics compute the loss from)
          const expectedZ = ts.logits(x, 70);
          const actualZ = wasm.logits(x, 70);
          expect(actualZ.length).toBe(expectedZ.length);
          actualZ.forEach((z, i) => expect(Math.abs(z - expectedZ[i]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(expectedZ[i]!))));
        });
      }
    }

    for (const output of outputs) {
      for (const { config: optimizer, lr } of optimizers) {
        it(`${output.name}, ${optimizer.kind}: 100 steps stay within float32 drift of the oracle`, () => {
          const spec = mixedSpec(output);
          const { ts, wasm } = pair(spec, { initializer: { kind: 'he' }, optimizer, l2: 0.01, seed: 8, batchCapacity: 16 });
          const data = createRng(12);
          let worst = 0;
          for (let step = 0; step < 100; step++) {
            const { x, y } = randomBatch(data, 16, spec.inputSize, spec, output.units);
            const expected = ts.step(x, y, 16, lr);
            worst = Math.max(worst, Math.abs(wasm.step(x, y, 16, lr) - expected) / Math.max(1, Math.abs(expected)));
          }
          // float32 rounding compounds over the steps; a wrong formula is off by far more (and at step 1)
          expect(worst).toBeLessThan(2e-4);
          expect(weightDifference(wasm.exportWeights(), ts.exportWeights())).toBeLessThan(2e-4);
        });
      }
    }

    it('with a mostly-zero input (the zero-skipping first layer) and with a dense one, in one run', () => {
      const spec = mlpSpec({ layers: [50, 37, 10], activation: 'relu' });
      const { ts, wasm } = pair(spec, { initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, l2: 0.01, seed: 21, batchCapacity: 16 });
      const data = createRng(22);
      // 15 % nonzeros (sparse path), then 90 % (dense fallback), then sparse again at a bigger batch
      for (const [rows, density] of [[16, 0.15], [16, 0.9], [40, 0.15], [7, 0.15]] as const) {
        const { x, y } = randomBatch(data, rows, 50, spec, 10);
        for (let i = 0; i < x.length; i++) if (data.next() >= density) x[i] = 0;
        expect(wasm.step(x, y, rows, 0.01)).toBeCloseTo(ts.step(x, y, rows, 0.01), 5);
      }
      expect(weightDifference(wasm.exportWeights(), ts.exportWeights())).toBeLessThan(1e-5);
    });

    it('the zero-skipping and the dense first layer give the same run', () => {
      const spec = mlpSpec({ layers: [40, 33, 3], activation: 'relu' });
      const options = { initializer: { kind: 'he' } as const, optimizer: { kind: 'adam' } as const, l2: 0 };
      const sparse = create(spec, { ...options, rng: createRng(2) })!;
      const dense = create(spec, { ...options, rng: createRng(2), zeroSkipping: false })!;
      const data = createRng(3);
      for (let i = 0; i < 5; i++) {
        const { x, y } = randomBatch(data, 20, 40, spec, 3);
        for (let j = 0; j < x.length; j++) if (data.next() < 0.8) x[j] = 0;
        expect(sparse.step(x, y, 20, 0.01)).toBeCloseTo(dense.step(x, y, 20, 0.01), 5);
      }
      expect(weightDifference(sparse.exportWeights(), dense.exportWeights())).toBeLessThan(1e-6);
    });

    it('runs a spec without dense layers (nothing to learn) and predicts zero rows', () => {
      const spec: ModelSpec = { version: 1, inputSize: 3, layers: [{ kind: 'activation', fn: 'tanh' }], output: { activation: 'softmax', loss: 'categorical-crossentropy' } };
      const { ts, wasm } = pair(spec, { initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, l2: 0, seed: 1 });
      const x = Float32Array.of(0.5, -1, 2, 0, 0, 0);
      const y = Float32Array.of(0, 0, 1, 1, 0, 0);
      expect(wasm.step(x, y, 2, 0.1)).toBeCloseTo(ts.step(x, y, 2, 0.1), 6);
      expect(wasm.norms()).toEqual([]);
      expect(wasm.predict(x, 0)).toEqual(new Float32Array(0));
    });

    it('saves the same optimizer state, and either backend resumes from the other’s', () => {
      const spec = mlpSpec({ layers: [4, 6, 3], activation: 'tanh' });
      const setup: Setup = { initializer: { kind: 'he' }, optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, l2: 0, seed: 3 };
      const { ts, wasm } = pair(spec, setup);
      const data = createRng(4);
      const batches = Array.from({ length: 6 }, () => randomBatch(data, 10, 4, spec, 3));
      for (const { x, y } of batches.slice(0, 3)) {
        ts.step(x, y, 10, 0.01);
        wasm.step(x, y, 10, 0.01);
      }
      type State = { step: number; beta1Power: number; moments: Record<string, { v: number[]; s: number[] }> };
      const tsState = ts.optimizerState() as State;
      const wasmState = JSON.parse(JSON.stringify(wasm.optimizerState())) as State;
      expect(wasmState.step).toBe(3);
      expect(wasmState.beta1Power).toBeCloseTo(0.9 ** 3, 12);
      expect(Object.keys(wasmState.moments)).toEqual(Object.keys(tsState.moments));
      for (const [name, m] of Object.entries(tsState.moments)) {
        m.v.forEach((v, i) => expect(wasmState.moments[name]!.v[i]).toBeCloseTo(v, 6));
        m.s.forEach((s, i) => expect(wasmState.moments[name]!.s[i]).toBeCloseTo(s, 8));
      }

      // Cross over: a fresh WASM trainer takes the TS weights and state, a fresh TS trainer the WASM ones.
      const wasmResumed = pair(spec, { ...setup, seed: 77 }).wasm;
      wasmResumed.importWeights(ts.exportWeights());
      wasmResumed.restoreOptimizerState(JSON.parse(JSON.stringify(tsState)));
      const tsResumed = pair(spec, { ...setup, seed: 78 }).ts;
      tsResumed.importWeights(wasm.exportWeights());
      tsResumed.restoreOptimizerState(wasmState);
      for (const { x, y } of batches.slice(3)) {
        const reference = ts.step(x, y, 10, 0.01);
        expect(wasmResumed.step(x, y, 10, 0.01)).toBeCloseTo(reference, 5);
        expect(tsResumed.step(x, y, 10, 0.01)).toBeCloseTo(reference, 5);
      }
      expect(weightDifference(wasmResumed.exportWeights(), ts.exportWeights())).toBeLessThan(1e-5);
    });

    it('rejects a state or weights that do not fit, and changes nothing', () => {
      const spec = mlpSpec({ layers: [4, 6, 3], activation: 'relu' });
      const { wasm } = pair(spec, { initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, l2: 0, seed: 1 });
      const before = wasm.exportWeights();
      expect(() => wasm.restoreOptimizerState({ kind: 'momentum' })).toThrow(/not a saved optimizer state/);
      const momentumState = pair(spec, { initializer: { kind: 'he' }, optimizer: { kind: 'momentum' }, l2: 0, seed: 1 }).wasm.optimizerState();
      expect(() => wasm.restoreOptimizerState(momentumState)).toThrow(/is for momentum, but this run uses adam/);
      const state = wasm.optimizerState() as { step: number; moments: Record<string, unknown> };
      expect(() => wasm.restoreOptimizerState({ ...state, step: 1, moments: { 'dense1.W': { v: [1], s: [1] } } })).toThrow(/has 1 values but the tensor has 24/);
      expect(() => wasm.restoreOptimizerState({ ...state, moments: { 'nope.W': { v: [1], s: [1] } } })).toThrow(/"nope.W"/);
      expect((wasm.optimizerState() as { step: number }).step).toBe(0);

      const wrong = structuredClone(before);
      wrong.tensors['dense1.W'] = { rows: 6, cols: 4, values: new Array(24).fill(0) };
      expect(() => wasm.importWeights(wrong)).toThrow(/"dense1.W" is 6×4 but the model needs 4×6/);
      expect(() => wasm.importWeights({ format: 'something-else' } as unknown as WeightsDocument)).toThrow(/not Deepwire weights/);
      expect(wasm.exportWeights()).toEqual(before);
    });

    it('changes β between steps like the TypeScript trainer (the running Π β bias correction)', () => {
      const spec = mlpSpec({ layers: [3, 5, 2], activation: 'leaky-relu', alpha: 0.05 });
      const { ts, wasm } = pair(spec, { initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, l2: 0.01, seed: 8 });
      const data = createRng(9);
      for (let i = 0; i < 6; i++) {
        if (i === 3) {
          ts.setHyperparameters({ beta1: 0.5, beta2: 0.9, epsilon: 1e-6 });
          wasm.setHyperparameters({ beta1: 0.5, beta2: 0.9, epsilon: 1e-6 });
        }
        const { x, y } = randomBatch(data, 16, 3, spec, 2);
        expect(wasm.step(x, y, 16, 0.02)).toBeCloseTo(ts.step(x, y, 16, 0.02), 5);
      }
      expect(weightDifference(wasm.exportWeights(), ts.exportWeights())).toBeLessThan(1e-5);
      expect(() => wasm.setHyperparameters({ beta1: 1 })).toThrow('beta1 (β1) must be a number from 0 up to (not including) 1, got 1.');
    });
  });

  describe('learning', () => {
    it('fits two moons (2 → 16 tanh → 16 tanh → 1 sigmoid, Adam) to ≥ 99 % training accuracy', () => {
      const data = moons(1000, 0.1, createRng(7));
      const spec = mlpSpec({ layers: [2, 16, 16, 1], activation: 'tanh' });
      const trainer = create(spec, { initializer: { kind: 'xavier', form: 'fan-avg' }, optimizer: { kind: 'adam' }, l2: 0, rng: createRng(1) })!;
      const order = createRng(42);
      const indices = Array.from({ length: 1000 }, (_, i) => i);
      const x = new Float32Array(64);
      const y = new Float32Array(32);
      let firstLoss = 0;
      let lastLoss = 0;
      for (let epoch = 0; epoch < 60; epoch++) {
        order.shuffleInPlace(indices);
        for (let start = 0; start < 1000; start += 32) {
          const rows = Math.min(32, 1000 - start);
          for (let r = 0; r < rows; r++) {
            const i = indices[start + r]!;
            x[2 * r] = data.x[2 * i]!;
            x[2 * r + 1] = data.x[2 * i + 1]!;
            y[r] = data.y[i]!;
          }
          lastLoss = trainer.step(x, y, rows, 0.01);
          if (epoch === 0 && start === 0) firstLoss = lastLoss;
        }
      }
      const p = trainer.predict(data.x, 1000);
      const correct = data.y.reduce((n, label, i) => n + ((p[i]! > 0.5 ? 1 : 0) === label ? 1 : 0), 0);
      expect(correct / 1000).toBeGreaterThanOrEqual(0.99);
      expect(lastLoss).toBeLessThan(firstLoss / 10);
    });
  });

  describe('which activations the fast path runs', () => {
    it.each(activationKinds)('%s: planned when it has kernels (or is the identity), declined by name otherwise', (fn) => {
      const spec = mlpSpec({ layers: [3, 4, 2], activation: fn });
      const plan = planNetwork(spec);
      if (activationKernels[fn] === null) expect(plan).toEqual({ unsupported: expect.stringContaining(`no kernel for the ${fn} activation`) });
      else expect('unsupported' in plan).toBe(false);
    });
  });
}
