import { describe, expect, it } from 'vitest';
import { OptimizerConfig, optimizerKinds } from './config';
import { createOptimizer, optimizerRegistry, type OptimizerParameter } from './optimizers';
import { createRng } from './rng';
import { expectClose } from './testing/tolerance';

const scalar = (w: number, name = 'w'): OptimizerParameter & { value: Float64Array; grad: Float64Array } => ({
  name,
  value: Float64Array.of(w),
  grad: new Float64Array(1),
});

function stepWith(optimizer: ReturnType<typeof createOptimizer>, p: ReturnType<typeof scalar>, dw: number, alpha: number): number {
  p.grad[0] = dw;
  optimizer.step([p], alpha);
  return p.value[0]!;
}

describe('optimizers, against hand-worked steps', () => {
  it('gd: W −= α·dW', () => {
    const p = scalar(1);
    // 1 − 0.1·0.5 = 0.95
    expect(stepWith(createOptimizer({ kind: 'gd' }), p, 0.5, 0.1)).toBe(0.95);
  });

  it('momentum: v = βv + (1−β)dW; W −= αv', () => {
    const optimizer = createOptimizer({ kind: 'momentum', beta: 0.9 });
    const p = scalar(1);
    // v = 0.9·0 + 0.1·0.5 = 0.05;  w = 1 − 0.1·0.05 = 0.995
    expectClose(stepWith(optimizer, p, 0.5, 0.1), 0.995, { rtol: 1e-15 });
    // v = 0.9·0.05 + 0.1·(−1) = −0.055;  w = 0.995 + 0.1·0.055 = 1.0005
    expectClose(stepWith(optimizer, p, -1, 0.1), 1.0005, { rtol: 1e-15 });
  });

  it('rmsprop: s = β2 s + (1−β2) dW²; W −= α dW/(√s + ε)', () => {
    const optimizer = createOptimizer({ kind: 'rmsprop', beta2: 0.999, epsilon: 1e-8 });
    const p = scalar(1);
    // s = 0.001·0.5² = 0.00025;  √s = 0.015811388300841896
    // w = 1 − 0.01·0.5/(0.015811388300841896 + 1e−8) = 0.6837724339830356
    expectClose(stepWith(optimizer, p, 0.5, 0.01), 0.6837724339830356, { rtol: 1e-14 });
  });

  it('adam: two steps with bias correction', () => {
    const optimizer = createOptimizer({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    const p = scalar(1);
    // t = 1, dW = 0.5: v = 0.1·0.5 = 0.05, s = 0.001·0.25 = 0.00025
    //   v̂ = 0.05/(1 − 0.9) = 0.5, ŝ = 0.00025/(1 − 0.999) = 0.25, √ŝ = 0.5
    //   w = 1 − 0.1·0.5/(0.5 + 1e−8) = 0.900000002
    expectClose(stepWith(optimizer, p, 0.5, 0.1), 0.900000002, { rtol: 1e-14 });
    // t = 2, dW = −1: v = 0.9·0.05 − 0.1 = −0.055, s = 0.999·0.00025 + 0.001 = 0.00124975
    //   v̂ = −0.055/(1 − 0.81) = −0.2894736842105263, ŝ = 0.00124975/(1 − 0.998001) = 0.6251875937969…
    //   √ŝ = 0.7906880508752…;  w = 0.900000002 + 0.1·0.2894736842/(0.7906880509 + 1e−8) = 0.9366103542405653
    expectClose(stepWith(optimizer, p, -1, 0.1), 0.9366103542405653, { rtol: 1e-14 });
  });

  it('adam’s first step moves every weight by ≈ α·sign(dW) (v̂ = dW, ŝ = dW²)', () => {
    const optimizer = createOptimizer({ kind: 'adam' });
    const p = { name: 'W', value: Float64Array.of(1, -2, 0.5), grad: Float64Array.of(0.5, -0.001, 3) };
    optimizer.step([p], 0.01);
    // w − α·g/(|g| + ε)
    expectClose(p.value, [1 - 0.01 * (0.5 / (0.5 + 1e-8)), -2 + 0.01 * (0.001 / (0.001 + 1e-8)), 0.5 - 0.01 * (3 / (3 + 1e-8))], { rtol: 1e-14 });
  });

  it('has one registry entry per kind, and every config round-trips through JSON and the schema', () => {
    expect(Object.keys(optimizerRegistry).sort()).toEqual([...optimizerKinds].sort());
    const configs: OptimizerConfig[] = [
      { kind: 'gd' },
      { kind: 'momentum', beta: 0.8 },
      { kind: 'rmsprop', beta2: 0.99, epsilon: 1e-7 },
      { kind: 'adam', beta1: 0.85, beta2: 0.995, epsilon: 1e-6 },
    ];
    for (const config of configs) {
      expect(OptimizerConfig.parse(JSON.parse(JSON.stringify(config)))).toEqual(config);
      expect(createOptimizer(config).kind).toBe(config.kind);
    }
    expect(OptimizerConfig.parse({ kind: 'adam' })).toEqual({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  });
});

describe('optimizer state and hyperparameters', () => {
  function randomParameters(seed: number): OptimizerParameter[] {
    const rng = createRng(seed);
    return [
      { name: 'dense1.W', value: Float32Array.from({ length: 12 }, () => rng.normal()), grad: new Float32Array(12) },
      { name: 'dense1.b', value: Float32Array.from({ length: 3 }, () => rng.normal()), grad: new Float32Array(3) },
    ];
  }
  function runSteps(optimizer: ReturnType<typeof createOptimizer>, parameters: OptimizerParameter[], gradientRng: ReturnType<typeof createRng>, steps: number): void {
    for (let s = 0; s < steps; s++) {
      for (const p of parameters) for (let i = 0; i < p.grad.length; i++) p.grad[i] = gradientRng.normal();
      optimizer.step(parameters, 0.01);
    }
  }

  it.each(optimizerKinds)('%s: saved and restored state continues bit for bit (through JSON)', (kind) => {
    const original = createOptimizer({ kind });
    const parameters = randomParameters(1);
    const gradients = createRng(2);
    runSteps(original, parameters, gradients, 5);

    const savedState = JSON.parse(JSON.stringify(original.getState())) as unknown;
    const savedValues = parameters.map((p) => Float32Array.from(p.value));
    const savedGradientState = gradients.getState();

    runSteps(original, parameters, gradients, 5);

    const restored = createOptimizer({ kind });
    restored.setState(savedState);
    const copy = parameters.map((p, i) => ({ name: p.name, value: Float32Array.from(savedValues[i]!), grad: new Float32Array(p.grad.length) }));
    const replay = createRng(0);
    replay.setState(savedGradientState);
    runSteps(restored, copy, replay, 5);

    copy.forEach((p, i) => expect(Array.from(p.value)).toEqual(Array.from(parameters[i]!.value)));
    expect(restored.getState()).toEqual(original.getState());
  });

  it('momentum keeps v when β changes between steps (no reset)', () => {
    const optimizer = createOptimizer({ kind: 'momentum', beta: 0.9 });
    const p = scalar(1);
    // v = 0.05, w = 0.995 (as above)
    stepWith(optimizer, p, 0.5, 0.1);
    optimizer.setHyperparameters({ beta: 0.5 });
    // v = 0.5·0.05 + 0.5·1 = 0.525 (a reset would give 0.5);  w = 0.995 − 0.1·0.525 = 0.9425
    expectClose(stepWith(optimizer, p, 1, 0.1), 0.9425, { rtol: 1e-15 });
    expect(optimizer.getState().step).toBe(2);
    expect(optimizer.hyperparameters().beta).toBe(0.5);
  });

  it('adam keeps its moments and stays exactly bias-corrected when β1, β2 change', () => {
    // With a constant gradient g, an EWA started at 0 is (1 − Π β_k)·g whatever the β's, so the
    // corrected v̂ = g and ŝ = g², and every step is α·g/(|g| + ε) — also across β changes.
    const optimizer = createOptimizer({ kind: 'adam', beta1: 0.9, beta2: 0.999 });
    const p = scalar(0);
    const g = 0.3;
    const expectedStep = (0.1 * g) / (g + 1e-8);
    let w = 0;
    for (const [beta1, beta2] of [[0.9, 0.999], [0.5, 0.99], [0.99, 0.9]] as const) {
      optimizer.setHyperparameters({ beta1, beta2 });
      for (let s = 0; s < 3; s++) {
        w -= expectedStep;
        expectClose(stepWith(optimizer, p, g, 0.1), w, { rtol: 1e-12 });
      }
    }
    const state = optimizer.getState();
    expect(state.step).toBe(9);
    // Π β1 = 0.9³·0.5³·0.99³
    expectClose(state.beta1Power, 0.9 ** 3 * 0.5 ** 3 * 0.99 ** 3, { rtol: 1e-14 });
    expect(state.moments['w']!.v!.length).toBe(1);
  });

  it('ignores hyperparameters the kind does not use and refuses out-of-range values', () => {
    const optimizer = createOptimizer({ kind: 'rmsprop' });
    optimizer.setHyperparameters({ beta: 0.1, beta1: 0.2, beta2: 0.95, epsilon: 1e-6 });
    expect(optimizer.hyperparameters()).toMatchObject({ beta2: 0.95, epsilon: 1e-6 });
    expect(() => optimizer.setHyperparameters({ beta2: 1 })).toThrow('beta2 (β2) must be a number from 0 up to (not including) 1, got 1.');
    expect(() => optimizer.setHyperparameters({ epsilon: 0 })).toThrow('epsilon (ε) must be a number in (0, 1], got 0.');
    expect(optimizer.hyperparameters().beta2).toBe(0.95);
  });

  it('refuses a state that is not one, or is for another kind, with a readable error', () => {
    const adam = createOptimizer({ kind: 'adam' });
    expect(() => adam.setState({ hello: 1 })).toThrow(/not a saved optimizer state/);
    expect(() => adam.setState(createOptimizer({ kind: 'momentum' }).getState())).toThrow('The saved optimizer state is for momentum, but this run uses adam.');
    const p = { name: 'W', value: new Float64Array(3), grad: new Float64Array(3) };
    const other = createOptimizer({ kind: 'adam' });
    other.step([{ name: 'W', value: new Float64Array(2), grad: new Float64Array(2) }], 0.1);
    adam.setState(other.getState());
    expect(() => adam.step([p], 0.1)).toThrow('Optimizer state for "W" has 2 values but the tensor has 3.');
  });
});
