import { describe, expect, it } from 'vitest';
import { interventionLabel } from './intervention-label';

describe('interventionLabel', () => {
  it('names each change with its symbol and a short value', () => {
    expect(interventionLabel({ learningRate: 0.0123456, batchSize: 64 })).toBe('α 0.0123 · batch 64');
    expect(interventionLabel({ l2: 0.001, keepProb: 0.8, batchSize: 'full' })).toBe('λ 0.001 · keep 0.8 · batch full');
    expect(interventionLabel({ schedule: { kind: 'exponential', decayRate: 0.95 } })).toBe('decay exponential');
  });
});
