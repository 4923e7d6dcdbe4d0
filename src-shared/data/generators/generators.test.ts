import { describe, expect, it } from 'vitest';
import { createRng } from '../../engine/rng';
import { assertDatasetShape, classCounts, type Dataset } from '../dataset';
import { generateDataset, GeneratorConfig, generatorKinds } from './registry';

const point = (data: Dataset, row: number): [number, number] => [data.x[2 * row]!, data.x[2 * row + 1]!];
const f32 = Math.fround;

describe('generator registry', () => {
  it.each(generatorKinds)('%s: same seed gives the same bytes, another seed different ones', (kind) => {
    const config = GeneratorConfig.parse({ kind });
    const a = generateDataset(config, createRng(11));
    const b = generateDataset(config, createRng(11));
    const c = generateDataset(config, createRng(12));
    expect(a.x).toEqual(b.x);
    expect(a.y).toEqual(b.y);
    expect(a.x).not.toEqual(c.x);
  });

  it.each(generatorKinds)('%s: has the configured size, two features, every class present, all values finite', (kind) => {
    const config = GeneratorConfig.parse({ kind, samples: 301 });
    const data = generateDataset(config, createRng(3));
    assertDatasetShape(data);
    expect(data.rows).toBe(301);
    expect(data.features).toBe(2);
    expect(data.x.every(Number.isFinite)).toBe(true);
    expect(classCounts(data).every((count) => count > 0)).toBe(true);
    expect(data.classNames).toHaveLength(data.classes);
  });

  it('round-trips every config through JSON and the schema, filling documented defaults', () => {
    for (const kind of generatorKinds) {
      const config = GeneratorConfig.parse({ kind });
      expect(GeneratorConfig.parse(JSON.parse(JSON.stringify(config)))).toEqual(config);
    }
    expect(GeneratorConfig.parse({ kind: 'moons' })).toEqual({ kind: 'moons', samples: 1000, noise: 0.1 });
    expect(GeneratorConfig.safeParse({ kind: 'moons', samples: 2 }).success).toBe(false);
    expect(GeneratorConfig.safeParse({ kind: 'moons', noise: -1 }).success).toBe(false);
    expect(GeneratorConfig.safeParse({ kind: 'waves' }).success).toBe(false);
    expect(GeneratorConfig.safeParse({ kind: 'moons', arms: 3 }).success).toBe(false);
  });
});

describe('generator label counts', () => {
  it('splits two-class sets ⌊n/2⌋ / rest like sklearn, and k-class sets evenly', () => {
    expect(classCounts(generateDataset({ kind: 'moons', samples: 101, noise: 0.1 }, createRng(1)))).toEqual([50, 51]);
    expect(classCounts(generateDataset({ kind: 'circles', samples: 101, noise: 0.1, factor: 0.5 }, createRng(1)))).toEqual([50, 51]);
    // 100 = 34 + 33 + 33: the remainder goes to the first arms
    expect(classCounts(generateDataset({ kind: 'spiral', samples: 100, noise: 0, arms: 3 }, createRng(1)))).toEqual([34, 33, 33]);
    expect(classCounts(generateDataset({ kind: 'blobs', samples: 20, noise: 0.1, classes: 4 }, createRng(1)))).toEqual([5, 5, 5, 5]);
    expect(classCounts(generateDataset({ kind: 'flower', samples: 400, noise: 0.2 }, createRng(1)))).toEqual([200, 200]);
  });
});

describe('noiseless geometry (each point checked against the shape it was drawn from)', () => {
  it('moons: outer points on the unit circle about (0,0), upper half; inner on the unit circle about (1, 0.5), lower half', () => {
    const data = generateDataset({ kind: 'moons', samples: 200, noise: 0 }, createRng(5));
    for (let row = 0; row < data.rows; row++) {
      const [px, py] = point(data, row);
      const [cx, cy] = data.y[row] === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(px - cx, py - cy)).toBeCloseTo(1, 5);
      if (data.y[row] === 0) expect(py).toBeGreaterThanOrEqual(-1e-6);
      else expect(py).toBeLessThanOrEqual(0.5 + 1e-6);
    }
  });

  it('circles: radius 1 for class 0 and `factor` for class 1', () => {
    const data = generateDataset({ kind: 'circles', samples: 100, noise: 0, factor: 0.3 }, createRng(5));
    for (let row = 0; row < data.rows; row++) expect(Math.hypot(...point(data, row))).toBeCloseTo(data.y[row] === 0 ? 1 : 0.3, 5);
  });

  it('blobs: with no spread every point sits on its class centre, 2 from the origin at angle 2πk/K', () => {
    const data = generateDataset({ kind: 'blobs', samples: 40, noise: 0, classes: 4 }, createRng(5));
    for (let row = 0; row < data.rows; row++) {
      const angle = (2 * Math.PI * data.y[row]!) / 4;
      const [px, py] = point(data, row);
      expect(px).toBeCloseTo(2 * Math.cos(angle), 5);
      expect(py).toBeCloseTo(2 * Math.sin(angle), 5);
    }
  });

  it('xor: class 1 exactly where the coordinates have different signs, and no point within 0.1 of an axis', () => {
    const data = generateDataset({ kind: 'xor', samples: 300, noise: 0 }, createRng(5));
    for (let row = 0; row < data.rows; row++) {
      const [px, py] = point(data, row);
      expect(data.y[row]).toBe(px > 0 !== py > 0 ? 1 : 0);
      expect(Math.min(Math.abs(px), Math.abs(py))).toBeGreaterThanOrEqual(f32(0.1) - 1e-7);
    }
  });

  it('spiral: radii within [0, 1]; the first point of every arm is the origin', () => {
    const data = generateDataset({ kind: 'spiral', samples: 90, noise: 0, arms: 3 }, createRng(5));
    let atOrigin = 0;
    for (let row = 0; row < data.rows; row++) {
      const r = Math.hypot(...point(data, row));
      expect(r).toBeLessThanOrEqual(1 + 1e-6);
      if (r === 0) atOrigin++;
    }
    expect(atOrigin).toBe(3);
  });

  it('flower: every point lies at distance |4·sin(4θ)| where θ is its polar angle from the y axis', () => {
    const data = generateDataset({ kind: 'flower', samples: 100, noise: 0 }, createRng(5));
    for (let row = 0; row < data.rows; row++) {
      const [px, py] = point(data, row);
      // x = r·sin θ, y = r·cos θ with r possibly negative: (x, y) = |r|·(sin θ', cos θ') for θ' = θ or θ + π,
      // and |sin(4θ')| = |sin(4θ)| either way.
      const theta = Math.atan2(px, py);
      expect(Math.hypot(px, py)).toBeCloseTo(Math.abs(4 * Math.sin(4 * theta)), 4);
    }
  });

  it('football: without noise the class is the side of y = 0.25·sin(4x) − 0.1·x, inside the field', () => {
    const data = generateDataset({ kind: 'football', samples: 300, noise: 0 }, createRng(5));
    for (let row = 0; row < data.rows; row++) {
      const [px, py] = point(data, row);
      expect(Math.max(Math.abs(px), Math.abs(py))).toBeLessThanOrEqual(0.75);
      const boundary = 0.25 * Math.sin(4 * px) - 0.1 * px;
      if (Math.abs(py - boundary) > 1e-5) expect(data.y[row]).toBe(py > boundary ? 1 : 0);
    }
  });

  it('football: noise mixes labels near the line (some points disagree with their side) but not far from it', () => {
    const data = generateDataset({ kind: 'football', samples: 2000, noise: 0.08 }, createRng(5));
    let disagreeNear = 0;
    let disagreeFar = 0;
    for (let row = 0; row < data.rows; row++) {
      const [px, py] = point(data, row);
      const distance = py - (0.25 * Math.sin(4 * px) - 0.1 * px);
      const disagrees = (distance > 0 ? 1 : 0) !== data.y[row];
      if (Math.abs(distance) < 0.05 && disagrees) disagreeNear++;
      // 0.5 is more than 6 standard deviations of the noise: a flip there would mean a bug.
      if (Math.abs(distance) > 0.5 && disagrees) disagreeFar++;
    }
    expect(disagreeNear).toBeGreaterThan(10);
    expect(disagreeFar).toBe(0);
  });
});
