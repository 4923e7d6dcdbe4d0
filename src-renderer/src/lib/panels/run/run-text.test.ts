import { describe, expect, it } from 'vitest';
import { remedyCopyName, describeProgress, formatAccuracy, formatDuration, formatLoss, secondsLeft } from './run-text';

describe('run panel wording', () => {
  it('time left is the steps to go over the speed', () => {
    // (4000 − 1000) steps ÷ 50 steps/s = 60 s
    expect(secondsLeft({ step: 1000, totalSteps: 4000, stepsPerSecond: 50 })).toBe(60);
    expect(secondsLeft({ step: 10, totalSteps: 4000, stepsPerSecond: null })).toBeNull();
    expect(secondsLeft({ step: 4000, totalSteps: 4000, stepsPerSecond: 50 })).toBeNull();
  });

  it('says epoch, step, speed and time left in one line', () => {
    expect(describeProgress({ epoch: 3, epochs: 100, step: 1000, totalSteps: 4000, stepsPerSecond: 50 })).toBe('Epoch 3 of 100 · step 1,000 of 4,000 · 50 steps/s · 1 min left');
    expect(describeProgress({ epoch: 1, epochs: 2, step: 0, totalSteps: 20, stepsPerSecond: null })).toBe('Epoch 1 of 2 · step 0 of 20');
    // With the engine the worker chose.
    expect(describeProgress({ epoch: 3, epochs: 100, step: 1000, totalSteps: 4000, stepsPerSecond: 50, backend: 'native' })).toBe('Epoch 3 of 100 · step 1,000 of 4,000 · 50 steps/s on the native kernels · 1 min left');
    expect(describeProgress({ epoch: 3, epochs: 100, step: 1000, totalSteps: 4000, stepsPerSecond: 50, backend: 'wasm' })).toBe('Epoch 3 of 100 · step 1,000 of 4,000 · 50 steps/s on WebAssembly SIMD · 1 min left');
  });

  it('formats durations, accuracies and losses', () => {
    expect(formatDuration(0.2)).toBe('1 s');
    expect(formatDuration(150)).toBe('3 min');
    expect(formatDuration(4800)).toBe('1 h 20 min');
    expect(formatAccuracy({ loss: 0.1, accuracy: 0.935 })).toBe('93.5 %');
    expect(formatAccuracy({ loss: 0.1, accuracy: null })).toBe('—');
    expect(formatLoss({ loss: 0.123456, accuracy: null })).toBe('0.1235');
    expect(formatLoss(null)).toBe('—');
  });

  it('names a remedy’s copy after the design and the remedy', () => {
    expect(remedyCopyName('Course net', 'regularize')).toBe('Course net (with regularization)');
    expect(remedyCopyName('Untitled', 'somethingNew')).toBe('Untitled (somethingNew)');
  });
});
