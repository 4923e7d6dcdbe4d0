import { describe, expect, it } from 'vitest';
import { fakeSettings } from './history-fake-host';
import { formatNumber, importSummary, interventionText, runCount, settingLines, statusTone } from './history-text';

describe('history text', () => {
  it('words an intervention with what it replaced', () => {
    expect(interventionText({ step: 120, changes: { learningRate: 0.05 }, previous: { learningRate: 0.1 } })).toBe('step 120: learning rate 0.1 → 0.05');
    expect(interventionText({ step: 7, changes: { batchSize: 64, beta1: 0.8 }, previous: { batchSize: 32 } })).toBe('step 7: batch size 32 → 64; β1 set to 0.8');
    expect(interventionText({ step: 9, changes: { schedule: { kind: 'exponential', decayRate: 0.9 } }, previous: {} })).toBe('step 9: learning-rate decay set to exponential (decay rate 0.9)');
  });

  it('lists every setting a person needs to repeat the run', () => {
    const lines = settingLines(
      { ...fakeSettings, split: { train: 0.7, dev: 0.2, test: 0.1 }, settings: { ...fakeSettings.settings, optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, l2: 0.01 } },
      { name: 'Course net', version: 3 },
    );
    expect(Object.fromEntries(lines.map((l) => [l.name, l.value]))).toEqual({
      Data: 'moons (samples 200, noise 0.1)',
      Split: 'train 70 % · dev 20 % · test 10 %',
      Normalization: 'zscore',
      Initializer: 'he',
      Optimizer: 'adam (β1 0.9, β2 0.999, ε 1e-8)',
      'Learning rate': 'α₀ 0.01, constant',
      'L2 λ': '0.01',
      'Batch size': '32',
      Epochs: '10',
      Seeds: 'data 1 · model 2',
      Backend: 'auto',
      Design: 'Course net (version 3)',
    });
  });

  it('summarizes an import, naming at most three skipped runs', () => {
    expect(importSummary({ imported: ['run-1'], skipped: [] })).toBe('Imported 1 run');
    const skipped = ['a', 'b', 'c', 'd'].map((x) => ({ runId: `run-${x}`, reason: 'already in history' }));
    expect(importSummary({ imported: [], skipped })).toBe(
      'Imported 0 runs (4 skipped: run-a already in history; run-b already in history; run-c already in history; and 1 more)',
    );
  });

  it('formats numbers, counts and status tones', () => {
    expect([formatNumber(0.001), formatNumber(1e-8), formatNumber(12.34567), formatNumber(0)]).toEqual(['0.001', '1e-8', '12.35', '0']);
    expect([runCount(1), runCount(10_000)]).toEqual(['1 run', '10,000 runs']);
    expect([statusTone('running'), statusTone('completed'), statusTone('interrupted'), statusTone('diverged')]).toEqual(['live', 'good', 'neutral', 'bad']);
  });
});
