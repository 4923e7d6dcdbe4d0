import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { gradientCheckLayer } from '../testing/layer-gradcheck';
import { expectClose } from '../testing/tolerance';
import { TRAINING } from '../types';
import { SoftmaxLayer, softmaxRows } from './softmax';

describe('softmax', () => {
  it('computes a hand-worked row', () => {
    // z = [0, ln 2, ln 5]: e^z = [1, 2, 5], Σ = 8, p = [1/8, 2/8, 5/8]
    const p = new Float64Array(3);
    softmaxRows(Float64Array.of(0, Math.log(2), Math.log(5)), p, 1, 3);
    expectClose(p, [0.125, 0.25, 0.625], { rtol: 1e-15 });
  });

  it('stays finite and sums to 1 for huge logits, in float32 and float64', () => {
    const logits = [1000, 999, -1000, 1e30, 1e30, -1e30, -5000, -5001, -5002, 0, 0, 0];
    for (const make of [(v: number[]) => Float64Array.from(v), (v: number[]) => Float32Array.from(v)]) {
      const p = make(logits.map(() => 0));
      softmaxRows(make(logits), p, 4, 3);
      for (let i = 0; i < 4; i++) {
        const row = Array.from(p.subarray(3 * i, 3 * i + 3));
        expect(row.every(Number.isFinite)).toBe(true);
        expectClose(row[0]! + row[1]! + row[2]!, 1, { rtol: 1e-6 });
      }
      // [1000, 999, −1000] is [0, −1, −2000] shifted: p0 = 1/(1 + e^−1) = 0.7310585786300049
      expectClose(p[0]!, 0.7310585786300049, { rtol: 1e-6 });
      // two equal huge logits share the mass
      expectClose([p[3]!, p[4]!, p[5]!], [0.5, 0.5, 0], { rtol: 1e-6 });
      // [−5000, −5001, −5002] ≡ [0, −1, −2]: p0 = 1/(1 + e^−1 + e^−2) = 0.6652409557748219
      expectClose(p[6]!, 0.6652409557748219, { rtol: 1e-6 });
    }
  });

  it('rows of a random batch sum to 1', () => {
    const rng = createRng(1);
    const z = Float64Array.from({ length: 50 * 7 }, () => 30 * rng.normal());
    const p = new Float64Array(z.length);
    softmaxRows(z, p, 50, 7);
    for (let i = 0; i < 50; i++) expectClose(p.subarray(7 * i, 7 * i + 7).reduce((s, v) => s + v, 0), 1, { rtol: 1e-14 });
  });

  it('the layer\'s forward values equal p_j = e^{z_j} / Σ_k e^{z_k} computed directly', () => {
    const rng = createRng(4);
    const z = Float64Array.from({ length: 3 * 4 }, () => 2 * rng.normal());
    const p = new SoftmaxLayer<Float64Array>('softmax', 4, 'float64').forward(z, 3, TRAINING);
    const expected: number[] = [];
    for (let i = 0; i < 3; i++) {
      const row = Array.from(z.subarray(4 * i, 4 * i + 4), Math.exp);
      const sum = row.reduce((s, v) => s + v, 0);
      expected.push(...row.map((v) => v / sum));
    }
    expectClose(p.subarray(0, 12), expected, { rtol: 1e-13 });
  });

  it('passes the float64 gradient check (Jacobian–vector product backward)', () => {
    const rng = createRng(2);
    const layer = new SoftmaxLayer<Float64Array>('softmax', 5, 'float64');
    const report = gradientCheckLayer(layer, Float64Array.from({ length: 4 * 5 }, () => rng.normal()), 4, { mode: TRAINING, rng: createRng(3) });
    expect(report.relativeDifference).toBeLessThanOrEqual(1e-7);
  });
});
