import { describe, expect, it } from 'vitest';
import { mlpSpec } from '../engine/mlp';
import { defaultMaxParameters, modelSizeProblem, parameterLimitProblem } from './limits';

describe('the parameter limit', () => {
  it('passes a network at the limit and names the numbers of one above it', () => {
    expect(parameterLimitProblem(defaultMaxParameters)).toBeNull();
    // 50,000,001 × 16 bytes = 800,000,016 bytes ≈ 762.9 MB (binary megabytes)
    expect(parameterLimitProblem(defaultMaxParameters + 1)).toBe(
      "has 50,000,001 parameters (about 762.9 MB for weights, gradients and Adam's state), over the limit of 50,000,000",
    );
  });

  it('counts a --layers network before anything is allocated: 2,4096,4096,4096,4096,1', () => {
    // (2·4096 + 4096) + 3·(4096·4096 + 4096) + (4096 + 1) = 12,288 + 50,343,936 + 4,097 = 50,360,321
    const spec = mlpSpec({ layers: [2, 4096, 4096, 4096, 4096, 1], activation: 'relu' });
    expect(modelSizeProblem(spec)).toMatch(/^has 50,360,321 parameters \(about 768\.4 MB/);
    expect(modelSizeProblem(mlpSpec({ layers: [2, 4096, 4096, 1], activation: 'relu' }))).toBeNull();
    expect(modelSizeProblem(mlpSpec({ layers: [2, 10, 1], activation: 'relu' }), 30)).toMatch(/^has 41 parameters .* over the limit of 30$/);
  });
});
