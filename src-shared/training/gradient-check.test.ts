import { describe, expect, it } from 'vitest';
import { instantiateTemplate } from '../graph/templates';
import { checkPreparedGradients, gradcheckParameterLimit, gradientCheckResult } from './gradient-check';
import { prepareRun } from './prepare-run';
import type { RunRequestInput } from './run-request';

const request = (template: string): RunRequestInput => ({
  data: { kind: 'moons', samples: 200, noise: 0.1 },
  split: { train: 1, dev: 0, test: 0 },
  model: { kind: 'design', design: instantiateTemplate(template)! },
  settings: { initializer: { kind: 'xavier' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 32, epochs: 1 },
  seeds: { data: 1, model: 2 },
  backend: 'ts',
});

describe('the gradient check of a prepared run', () => {
  it("finds backprop right on the course's 2 → 10 → 5 → 1 net and names the layer with the largest difference", () => {
    const prepared = prepareRun(request('three-layer'), null);
    if (!prepared.ok) throw new Error(prepared.message);
    const result = gradientCheckResult(checkPreparedGradients(prepared.run, 8, 200));
    expect(result.verdict).toBe('good');
    expect(result.rows).toBe(8);
    // 91 parameters, no tensor above 200 entries: nothing sampled.
    expect(result.sampled).toEqual([]);
    const differences = result.layers.map((l) => l.relativeDifference!);
    expect(differences.every((d) => d >= 0 && d < 1e-7)).toBe(true);
    expect(result.worstLayer).toBe(result.layers[differences.indexOf(Math.max(...differences))]!.name);
    // The layers are the design's node ids, so the canvas can mark the worst one.
    expect(result.layers.map((l) => l.name)).toContain(result.worstLayer);
  });

  it('samples tensors larger than the per-tensor count and says how many entries it compared', () => {
    const prepared = prepareRun(request('three-layer'), null);
    if (!prepared.ok) throw new Error(prepared.message);
    // dense 2→10 has a 2×10 W (20 entries) and 10 biases; 10→5 has 50 weights: above 12, sampled.
    const result = gradientCheckResult(checkPreparedGradients(prepared.run, 4, 12));
    expect(result.sampled.length).toBeGreaterThan(0);
    expect(result.sampled.some((s) => /: 12 of 50$/.test(s))).toBe(true);
  });

  it('the size limit shrinks as rows × entries grow (the budget of 200,000 parameters at 8 rows × 200 entries)', () => {
    expect(gradcheckParameterLimit(8, 200)).toBe(200_000);
    expect(gradcheckParameterLimit(16, 200)).toBe(100_000);
  });
});
