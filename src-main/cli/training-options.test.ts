import { describe, expect, it } from 'vitest';
import { describeOptionIssues } from './option-values';
import { trainingConfigFrom, TrainingOptions } from './training-options';

const read = (raw: Record<string, string>) => TrainingOptions.parse(raw);

describe('trainingConfigFrom', () => {
  it('fills the documented defaults: He, Adam (0.9, 0.999, 1e-8), α 0.01, batch 64, 100 epochs, no decay', () => {
    expect(trainingConfigFrom(read({}), 1)).toEqual({
      initializer: { kind: 'he' },
      optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      schedule: { kind: 'constant' },
      learningRate: 0.01,
      l2: 0,
      batchSize: 64,
      epochs: 100,
      seed: 1,
    });
  });

  it('maps every option onto the config', () => {
    const config = trainingConfigFrom(
      read({ init: 'random', initScale: '0.5', optimizer: 'momentum', beta: '0.8', lr: '0.1', batch: 'full', epochs: '7', decay: 'step', decayRate: '0.25', decayInterval: '3', l2: '0.7', earlyStopping: '4', targetError: '0.05' }),
      9,
    );
    expect(config).toEqual({
      initializer: { kind: 'random', scale: 0.5 },
      optimizer: { kind: 'momentum', beta: 0.8 },
      schedule: { kind: 'step', decayRate: 0.25, interval: 3 },
      learningRate: 0.1,
      l2: 0.7,
      batchSize: 'full',
      epochs: 7,
      seed: 9,
      earlyStopping: { patience: 4, minDelta: 0 },
      targetError: 0.05,
    });
  });

  it('gives each decay its default rate and interval', () => {
    expect(trainingConfigFrom(read({ decay: 'inverse-time' }), 1).schedule).toEqual({ kind: 'inverse-time', decayRate: 1 });
    expect(trainingConfigFrom(read({ decay: 'scheduled' }), 1).schedule).toEqual({ kind: 'scheduled', decayRate: 1, interval: 1000 });
    expect(trainingConfigFrom(read({ decay: 'exponential' }), 1).schedule).toEqual({ kind: 'exponential', decayRate: 0.95 });
    expect(trainingConfigFrom(read({ decay: 'step' }), 1).schedule).toEqual({ kind: 'step', decayRate: 0.5, interval: 10 });
  });

  it('refuses options that belong to another choice, naming them', () => {
    expect(() => trainingConfigFrom(read({ initScale: '2' }), 1)).toThrow(/--init-scale applies to --init random only/);
    expect(() => trainingConfigFrom(read({ optimizer: 'gd', beta: '0.9' }), 1)).toThrow(/--beta applies to --optimizer momentum \(got --optimizer gd\)/);
    expect(() => trainingConfigFrom(read({ optimizer: 'momentum', epsilon: '1e-7' }), 1)).toThrow(/--epsilon applies to --optimizer rmsprop or adam/);
    expect(() => trainingConfigFrom(read({ decayRate: '0.5' }), 1)).toThrow(/--decay-rate needs a --decay/);
    expect(() => trainingConfigFrom(read({ decay: 'exponential', decayInterval: '2' }), 1)).toThrow(/--decay-interval applies to --decay scheduled or step/);
    expect(() => trainingConfigFrom(read({ decay: 'exponential', decayRate: '1.5' }), 1)).toThrow(/--decay-rate must be in \(0, 1\] for --decay exponential/);
  });
});

describe('TrainingOptions: each value is read strictly and named in the error', () => {
  it.each([
    [{ lr: 'abc' }, "--lr must be a positive number, got 'abc'"],
    [{ lr: '0' }, "--lr must be a positive number, got '0'"],
    [{ lr: '1e-3x' }, "--lr must be a positive number, got '1e-3x'"],
    [{ l2: '-1' }, "--l2 must be a number ≥ 0, got '-1'"],
    [{ batch: '32.5' }, "--batch must be a whole number ≥ 1 or 'full', got '32.5'"],
    [{ beta2: '0.9999999999999999999' }, "--beta2 must be a number from 0 up to (not including) 1, got '0.9999999999999999999'"],
    [{ targetError: '2' }, "--target-error must be an error rate from 0 to 1, got '2'"],
  ])('%j', (raw, message) => {
    const parsed = TrainingOptions.safeParse(raw);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(describeOptionIssues(parsed.error)).toEqual([message]);
  });

  it('accepts plain decimals and exponents', () => {
    expect(read({ lr: '1e-3', l2: '.5', beta: '0' })).toEqual({ lr: 0.001, l2: 0.5, beta: 0 });
  });
});
