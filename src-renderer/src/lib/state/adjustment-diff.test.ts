import { describe, expect, it } from 'vitest';
import { RunSettings } from '@shared/api';
import { changedOnly, currentValues } from './adjustment-diff';

const settings = RunSettings.parse({
  data: { kind: 'moons' },
  settings: { initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 64, epochs: 10 },
  seeds: { data: 1, model: 1 },
});

describe('what Apply sends while a run trains', () => {
  it('starts from the run settings and folds in every intervention in order', () => {
    const current = currentValues(settings, [
      { step: 10, changes: { learningRate: 0.1 } },
      { step: 20, changes: { learningRate: 0.05, batchSize: 32 } },
    ]);
    expect(current).toMatchObject({ learningRate: 0.05, batchSize: 32, l2: 0, beta1: 0.9, beta2: 0.999, schedule: { kind: 'constant' } });
  });

  it('keeps only what differs: a new learning rate alone, not the unchanged λ and batch size', () => {
    const current = currentValues(settings, []);
    expect(changedOnly({ learningRate: 0.005, l2: 0, batchSize: 64, beta1: 0.9 }, current)).toEqual({ learningRate: 0.005 });
    expect(changedOnly({ schedule: { kind: 'exponential', decayRate: 0.95 }, l2: 0 }, current)).toEqual({ schedule: { kind: 'exponential', decayRate: 0.95 } });
    expect(changedOnly({ learningRate: 0.01, l2: 0 }, current)).toBeNull();
  });

  it('compares the keep probability with the design’s dropout layers, then with the last change to it', () => {
    expect(changedOnly({ keepProb: 0.8 }, currentValues(settings, [], 0.8))).toBeNull();
    expect(changedOnly({ keepProb: 0.5 }, currentValues(settings, [], 0.8))).toEqual({ keepProb: 0.5 });
    expect(changedOnly({ keepProb: 0.5 }, currentValues(settings, [{ step: 3, changes: { keepProb: 0.5 } }], 0.8))).toBeNull();
  });
});
