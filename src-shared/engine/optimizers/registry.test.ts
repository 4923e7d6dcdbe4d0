import { describe, expect, it } from 'vitest';
import { hyperparameterDefaults, hyperparameterNames, hyperparametersOf, momentsOf, OptimizerConfig, optimizerKinds, optimizers, optimizersWith } from './registry';

describe('the optimizer registry', () => {
  it('derives each kind’s hyperparameters, moments and defaults from its own file', () => {
    expect(hyperparametersOf).toEqual({ gd: [], momentum: ['beta'], rmsprop: ['beta2', 'epsilon'], adam: ['beta1', 'beta2', 'epsilon'] });
    expect(momentsOf).toEqual({ gd: { v: false, s: false }, momentum: { v: true, s: false }, rmsprop: { v: false, s: true }, adam: { v: true, s: true } });
    expect(hyperparameterNames).toEqual(['beta', 'beta1', 'beta2', 'epsilon']);
    expect(hyperparameterDefaults).toEqual({ beta: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(optimizersWith('beta2')).toEqual(['rmsprop', 'adam']);
  });

  it('fills a config’s defaults from the hyperparameters and refuses values out of bounds, naming them', () => {
    expect(OptimizerConfig.parse({ kind: 'adam' })).toEqual({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(OptimizerConfig.parse({ kind: 'momentum', beta: 0 })).toEqual({ kind: 'momentum', beta: 0 });
    expect(OptimizerConfig.safeParse({ kind: 'rmsprop', epsilon: 0 }).error?.issues[0]?.message).toBe('epsilon must be above 0');
    expect(OptimizerConfig.safeParse({ kind: 'gd', beta: 0.9 }).success).toBe(false);
  });

  it('gives every name one meaning: the same spec wherever two optimizers share it', () => {
    for (const name of hyperparameterNames) {
      const specs = optimizerKinds.flatMap((kind) => Object.entries(optimizers[kind].hyperparameters).filter(([key]) => key === name).map(([, spec]) => spec));
      for (const spec of specs) expect(spec).toEqual(specs[0]);
    }
  });
});
